"""A small REST client for the Argo Server (`swagger.json` of Argo Workflows, HTTP/1.1 + JSON).

Only what opctl needs: create (Workflow, WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow), lint,
get, watch, logs and terminate. ``requests`` is imported lazily. Safety rules:

* GETs and streams are retried with backoff on network errors and 5xx; a create (POST) never is,
  because a lost answer does not mean the workflow was not created.
* The token and secret header values never reach a trace line or an error message.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from opctl.argo.errors import ArgoServerError, error_for_exception, error_for_status
from opctl.argo.settings import ConnectionSettings, is_secret_header

if TYPE_CHECKING:
    import requests

Trace = Callable[[str], None]

REDACTED = "<redacted>"
_RETRYABLE_STATUS = frozenset({500, 502, 503, 504, 429})


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff: ``attempts`` tries in all, sleeping base, 2*base, ... capped at ``max_delay``."""

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0
    # streams: a connection that delivered two messages or stayed up this long resets the count
    healthy_after: float = 30.0

    def delay(self, attempt: int) -> float:
        return min(self.max_delay, self.base_delay * (2**attempt))


# Module defaults, so tests (and embedders) can shorten them.
DEFAULT_RETRY = RetryPolicy()
DEFAULT_STREAM_RETRY = RetryPolicy(attempts=6, base_delay=0.5, max_delay=8.0)

# Resource kinds opctl can create, with their REST collection and request body field.
_KINDS: dict[str, tuple[str, str, bool]] = {
    # kind: (collection path, body field, namespaced)
    "Workflow": ("/api/v1/workflows", "workflow", True),
    "WorkflowTemplate": ("/api/v1/workflow-templates", "template", True),
    "ClusterWorkflowTemplate": ("/api/v1/cluster-workflow-templates", "template", False),
    "CronWorkflow": ("/api/v1/cron-workflows", "cronWorkflow", True),
}

_KIND_LABEL = {
    "Workflow": "workflow",
    "WorkflowTemplate": "workflow template",
    "ClusterWorkflowTemplate": "cluster workflow template",
    "CronWorkflow": "cron workflow",
}


class StreamError(Exception):
    """An ``{"error": {...}}`` chunk inside a stream."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self.payload = payload
        self.http_code = payload.get("http_code") if isinstance(payload.get("http_code"), int) else None
        self.grpc_code = payload.get("grpc_code") if isinstance(payload.get("grpc_code"), int) else None
        self.message = str(payload.get("message") or "stream error")
        super().__init__(self.message)

    @property
    def retryable(self) -> bool:
        # The server ends a watch with ResourceExhausted "EOF" when the k8s watch closes: reconnect.
        if self.message.strip().upper() == "EOF" or self.grpc_code in (8, 14, 4):
            return True
        return self.http_code is None or self.http_code >= 500 or self.http_code == 429


def kind_of(manifest: dict[str, Any]) -> str:
    kind = manifest.get("kind")
    return kind if isinstance(kind, str) and kind in _KINDS else "Workflow"


def object_label(manifest: dict[str, Any]) -> str:
    meta = manifest.get("metadata") or {}
    return str(meta.get("name") or meta.get("generateName") or "")


def redact(text: str, secrets: tuple[str, ...]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            text = text.replace(secret, REDACTED)
    return text


def _parse_stream_line(line: bytes) -> dict[str, Any] | None:
    """One line of NDJSON or server-sent events to a message; None for keep-alives and blanks."""
    text = line.decode("utf-8", "replace").strip()
    if not text or text.startswith(":"):
        return None  # blank separator or SSE comment (keep-alive)
    if text.startswith("data:"):
        text = text[5:].strip()
        if not text:
            return None
    elif text.startswith(("event:", "id:", "retry:")):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return {"error": {"message": f"unreadable stream message: {text[:120]}"}}
    return data if isinstance(data, dict) else None


def _stream_result(line: bytes) -> dict[str, Any] | None:
    """The object a stream line carries (grpc-gateway wraps it in ``result``); raises StreamError for
    an ``{"error": ...}`` chunk."""
    message = _parse_stream_line(line)
    if message is None:
        return None
    if isinstance(message.get("error"), dict):
        raise StreamError(message["error"])
    result = message.get("result", message)
    return result if isinstance(result, dict) else None


class ArgoClient:
    """Talks to one Argo Server. Not thread-safe for requests, but streams may run in other threads."""

    def __init__(
        self,
        settings: ConnectionSettings,
        *,
        trace: Trace | None = None,
        retry: RetryPolicy | None = None,
        stream_retry: RetryPolicy | None = None,
        event_stream: bool = True,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self._trace = trace
        self.retry = retry or DEFAULT_RETRY
        self.stream_retry = stream_retry or DEFAULT_STREAM_RETRY
        self.event_stream = event_stream
        self._sleep = sleep
        self._session: requests.Session | None = None
        self._lock = threading.Lock()
        self._open_streams: set[Any] = set()
        self.closed = threading.Event()

    # -- plumbing -------------------------------------------------------------------------------

    def _get_session(self) -> requests.Session:
        with self._lock:
            if self._session is None:
                import requests

                if self.settings.insecure_skip_verify:
                    # The user asked for it (-k); urllib3's per-request warning would flood the output.
                    import warnings

                    from urllib3.exceptions import InsecureRequestWarning

                    warnings.simplefilter("ignore", InsecureRequestWarning)
                session = requests.Session()
                session.verify = self.settings.verify
                session.trust_env = True  # proxies from the environment, as the argo CLI honours them
                session.headers.update(self.settings.request_headers())
                self._session = session
            return self._session

    def trace(self, line: str) -> None:
        if self._trace is not None:
            self._trace(redact(line, self.settings.secrets))

    def _trace_request(self, method: str, url: str, headers: dict[str, str], body: bytes | None) -> None:
        if self._trace is None:
            return
        self.trace(f"> {method} {url}")
        for name in sorted(headers):
            value = REDACTED if is_secret_header(name) else headers[name]
            self.trace(f"> {name}: {value}")
        if body is not None:
            self.trace(f"> ({len(body)} bytes of JSON)")

    def url(self, path: str, params: dict[str, Any] | None = None) -> str:
        url = self.settings.base_url + path
        if params:
            url += "?" + urlencode({k: v for k, v in params.items() if v is not None})
        return url

    def _safe_error(self, err: ArgoServerError) -> ArgoServerError:
        secrets = self.settings.secrets
        err.message = redact(err.message, secrets)
        err.args = (err.message,)
        if err.hint:
            err.hint = redact(err.hint, secrets)
        if err.server_message:
            err.server_message = redact(err.server_message, secrets)
        return err

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
        stream: bool = False,
        accept: str | None = None,
        read_timeout: float | None = None,
    ) -> requests.Response:
        session = self._get_session()
        url = self.url(path, params)
        data = json.dumps(body).encode() if body is not None else None
        headers = dict(session.headers)
        extra: dict[str, str] = {}
        if data is not None:
            extra["Content-Type"] = "application/json"
        if accept:
            extra["Accept"] = accept
        headers.update(extra)
        # user -H headers still win over our per-request defaults
        for name, value in self.settings.headers:
            headers[name] = value
            extra[name] = value
        self._trace_request(method, url, headers, data)
        started = time.monotonic()
        response = session.request(
            method,
            url,
            data=data,
            headers=extra,
            stream=stream,
            # explicit, because requests lets REQUESTS_CA_BUNDLE override a session's verify
            verify=self.settings.verify,
            timeout=(self.settings.connect_timeout, read_timeout or self.settings.read_timeout),
            allow_redirects=False,
        )
        elapsed_ms = (time.monotonic() - started) * 1000
        self.trace(f"< {response.status_code} {response.reason or ''} ({elapsed_ms:.0f} ms)".rstrip())
        return response

    def _request(
        self,
        method: str,
        path: str,
        *,
        action: str,
        params: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
        retry: bool,
        retry_statuses: frozenset[int] = _RETRYABLE_STATUS,
        namespace: str | None = None,
        name: str | None = None,
        kind: str = "workflow",
    ) -> Any:
        """Send one request and return the decoded JSON answer, or raise ``ArgoServerError``."""
        import requests

        attempts = self.retry.attempts if retry else 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                response = self._send(method, path, params=params, body=body)
            except requests.exceptions.RequestException as exc:
                err = error_for_exception(
                    exc, base_url=self.settings.base_url, server=self.settings.server, action=action
                )
                if last or err.permanent:  # TLS and DNS problems do not heal by retrying
                    raise self._safe_error(err) from None
                self.trace(f"! {err.message}; retrying")
                self._sleep(self.retry.delay(attempt))
                continue
            if response.status_code < 300:
                try:
                    return response.json()
                except ValueError:
                    raise self._safe_error(
                        ArgoServerError(
                            f"the Argo Server answered {action} with something that is not JSON",
                            hint="check ARGO_SERVER and ARGO_BASE_HREF point at the Argo Server API",
                            status=response.status_code,
                        )
                    ) from None
            if 300 <= response.status_code < 400:
                raise self._safe_error(
                    ArgoServerError(
                        f"the Argo Server redirected {action} to {response.headers.get('Location', '?')}",
                        hint="check ARGO_BASE_HREF and ARGO_SECURE; an SSO login page means the token "
                        "was not accepted",
                        status=response.status_code,
                    )
                )
            if retry and not last and response.status_code in retry_statuses:
                delay = self._retry_after(response, self.retry.delay(attempt))
                self.trace(f"! {response.status_code} from the server; retrying in {delay:g}s")
                self._sleep(delay)
                continue
            raise self._safe_error(
                error_for_status(
                    response.status_code,
                    response.content,
                    action=action,
                    namespace=namespace,
                    name=name,
                    kind=kind,
                    base_url=self.settings.base_url,
                    has_token=bool(self.settings.token),
                )
            )
        raise AssertionError("unreachable")  # pragma: no cover

    def _retry_after(self, response: requests.Response, delay: float) -> float:
        """Honour a ``Retry-After: <seconds>`` answer (429/503), within the policy's ``max_delay``."""
        try:
            asked = float(response.headers.get("Retry-After", ""))
        except ValueError:
            return delay
        return min(self.retry.max_delay, max(delay, asked))

    def close(self) -> None:
        """Close the session and abort open streams (other threads see their stream end)."""
        self.closed.set()
        with self._lock:
            streams = list(self._open_streams)
        for response in streams:
            with contextlib.suppress(Exception):  # closing is best effort
                response.close()
        with self._lock:
            if self._session is not None:
                self._session.close()

    # -- resources ------------------------------------------------------------------------------

    def namespace_for(self, manifest: dict[str, Any]) -> str:
        """The request namespace: -n/ARGO_NAMESPACE, else metadata.namespace, else ``default``.

        A namespace given by flag or environment that contradicts metadata.namespace is an error,
        because Kubernetes would refuse the create with a less helpful message.
        """
        from opctl.diagnostics import ExitCode, OpctlError

        meta_ns = (manifest.get("metadata") or {}).get("namespace")
        if self.settings.namespace and meta_ns and meta_ns != self.settings.namespace:
            source = "-n/--namespace" if self.settings.namespace_source == "flag" else "ARGO_NAMESPACE"
            raise OpctlError(
                f"{source} is {self.settings.namespace!r} but {object_label(manifest) or 'the manifest'} "
                f"has metadata.namespace {meta_ns!r}",
                exit_code=ExitCode.USAGE,
                hint="drop one of them or make them agree",
            )
        return self.settings.namespace or meta_ns or self.settings.effective_namespace

    def _collection_request(self, manifest: dict[str, Any]) -> tuple[str, dict[str, Any], str | None]:
        """The collection path, request body and namespace (None when cluster-scoped) that create
        and lint post ``manifest`` to, by its kind."""
        collection, field_name, namespaced = _KINDS[kind_of(manifest)]
        body: dict[str, Any] = {field_name: manifest}
        if not namespaced:
            return collection, body, None
        namespace = self.namespace_for(manifest)
        body["namespace"] = namespace
        return f"{collection}/{quote(namespace, safe='')}", body, namespace

    def create(
        self,
        manifest: dict[str, Any],
        *,
        server_dry_run: bool = False,
    ) -> dict[str, Any]:
        """Create the manifest (by its kind) and return the object the server answered with.

        ``server_dry_run`` validates on the server (and, for a Workflow, runs Kubernetes' dry run)
        without creating anything. Never retried.
        """
        path, body, namespace = self._collection_request(manifest)
        kind = kind_of(manifest)
        label = _KIND_LABEL[kind]
        if server_dry_run:
            if kind == "Workflow":
                body["serverDryRun"] = True
            else:
                body["createOptions"] = {"dryRun": ["All"]}
        return self._request(
            "POST",
            path,
            action=f"create {label}",
            body=body,
            retry=False,
            namespace=namespace,
            name=(manifest.get("metadata") or {}).get("name"),
            kind=label,
        )

    def lint(self, manifest: dict[str, Any]) -> str | None:
        """Ask the server to lint; None when it accepts the manifest, else its validation message.

        Workflow lint answers 500 with the message on invalid input, template lint 400 (argo-reference
        §c.2): any non-2xx with an Argo error body is the verdict. Auth and network problems raise.
        """
        path, body, namespace = self._collection_request(manifest)
        label = _KIND_LABEL[kind_of(manifest)]
        try:
            self._request(
                "POST",
                f"{path}/lint",
                action=f"lint {label}",
                body=body,
                retry=True,
                # 500 is workflow lint's verdict on an invalid workflow, not a transient failure
                retry_statuses=_RETRYABLE_STATUS - {500},
                namespace=namespace,
                kind=label,
            )
        except ArgoServerError as err:
            if err.status in (400, 500) and err.server_message and err.server_message != "(no message)":
                return err.server_message
            raise
        return None

    def get_workflow(self, namespace: str, name: str, *, fields: str | None = None) -> dict[str, Any]:
        return self._request(
            "GET",
            f"/api/v1/workflows/{quote(namespace, safe='')}/{quote(name, safe='')}",
            params={"fields": fields} if fields else None,
            action="get workflow",
            retry=True,
            namespace=namespace,
            name=name,
        )

    def terminate_workflow(self, namespace: str, name: str) -> dict[str, Any]:
        # Terminating twice is harmless, so retrying is safe.
        return self._request(
            "PUT",
            f"/api/v1/workflows/{quote(namespace, safe='')}/{quote(name, safe='')}/terminate",
            body={"name": name, "namespace": namespace},
            action="terminate workflow",
            retry=True,
            namespace=namespace,
            name=name,
        )

    # -- streams --------------------------------------------------------------------------------

    def _open_stream(
        self, path: str, params: dict[str, Any], *, action: str, namespace: str, name: str
    ) -> requests.Response:
        accept = "text/event-stream" if self.event_stream else "application/json"
        response = self._send("GET", path, params=params, stream=True, accept=accept)
        if response.status_code >= 300:
            content = response.content
            response.close()
            raise self._safe_error(
                error_for_status(
                    response.status_code,
                    content,
                    action=action,
                    namespace=namespace,
                    name=name,
                    base_url=self.settings.base_url,
                    has_token=bool(self.settings.token),
                )
            )
        return response

    def _read_stream(self, response: requests.Response) -> Iterator[dict[str, Any]]:
        """Messages of one stream response until EOF; ``{"error":...}`` chunks raise StreamError."""
        with self._lock:
            self._open_streams.add(response)
        try:
            buffer = b""
            for chunk in response.iter_content(chunk_size=None):
                if self.closed.is_set():
                    return
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                for line in lines:
                    result = _stream_result(line)
                    if result is not None:
                        yield result
            result = _stream_result(buffer)  # a last message without a newline
            if result is not None:
                yield result
        finally:
            with self._lock:
                self._open_streams.discard(response)
            response.close()

    def _resilient_stream(
        self,
        path: str,
        params_for_attempt: Callable[[], dict[str, Any]],
        *,
        action: str,
        namespace: str,
        name: str,
        should_reconnect: Callable[[], bool] = lambda: True,
    ) -> Iterator[dict[str, Any]]:
        """Yield messages, reconnecting on EOF and transient errors.

        Gives up after ``stream_retry.attempts`` consecutive unhealthy connections. A watch always
        re-sends the current object first, so one message is not progress: a connection is healthy
        when it delivered two messages or lasted ``healthy_after`` seconds.
        """
        import requests

        failures = 0
        while not self.closed.is_set():
            reason: str
            clean_end = False
            delivered = 0
            opened = time.monotonic()
            try:
                response = self._open_stream(
                    path, params_for_attempt(), action=action, namespace=namespace, name=name
                )
                for message in self._read_stream(response):
                    delivered += 1
                    if delivered >= 2:
                        failures = 0
                    yield message
                reason, clean_end = "stream ended", True
            except StreamError as err:
                if not err.retryable:
                    raise self._safe_error(
                        error_for_status(
                            err.http_code or 500,
                            json.dumps({"code": err.grpc_code, "message": err.message}),
                            action=action,
                            namespace=namespace,
                            name=name,
                            base_url=self.settings.base_url,
                            has_token=bool(self.settings.token),
                        )
                    ) from None
                reason = f"stream error: {err.message}"
            except ArgoServerError as err:
                if err.status is None or err.status < 500 and err.status != 429:
                    raise
                reason = err.message
            except requests.exceptions.RequestException as exc:
                if self.closed.is_set():
                    return
                err = error_for_exception(
                    exc, base_url=self.settings.base_url, server=self.settings.server, action=action
                )
                if err.permanent:
                    raise self._safe_error(err) from None
                reason = err.message
            # A clean end may mean "nothing more to come" (logs of a finished workflow); a drop never does.
            if self.closed.is_set() or (clean_end and not should_reconnect()):
                return
            if time.monotonic() - opened >= self.stream_retry.healthy_after:
                failures = 0
            failures += 1
            if failures >= self.stream_retry.attempts:
                raise self._safe_error(
                    ArgoServerError(
                        f"lost the stream to {action} after {failures} attempts ({reason})",
                        hint="the Argo Server or the network in between keeps dropping the connection",
                    )
                )
            delay = self.stream_retry.delay(failures - 1)
            self.trace(f"! {reason}; reconnecting in {delay:g}s")
            self._sleep(delay)

    def watch_workflow(self, namespace: str, name: str) -> Iterator[dict[str, Any]]:
        """Watch events (``{"type": ..., "object": Workflow}``) of one workflow, reconnecting as needed.

        Each (re)connection asks for ``resourceVersion=0``, so the server first sends the current
        object: nothing is lost across a reconnect, and callers diff states rather than count events.
        """
        params = {
            "listOptions.fieldSelector": f"metadata.name={name}",
            "listOptions.resourceVersion": "0",
        }
        return self._resilient_stream(
            f"/api/v1/workflow-events/{quote(namespace, safe='')}",
            lambda: params,
            action=f"watch workflow {name}",
            namespace=namespace,
            name=name,
        )

    def follow_logs(
        self,
        namespace: str,
        name: str,
        *,
        container: str = "main",
        workflow_done: Callable[[], bool] = lambda: False,
    ) -> Iterator[dict[str, Any]]:
        """LogEntry dicts (``podName``, ``content``) of the workflow's pods, following until it ends.

        Lines carry server timestamps so that, after a reconnect, lines already shown are skipped.
        """
        params = {
            "logOptions.container": container,
            "logOptions.follow": "true",
            "logOptions.timestamps": "true",
        }
        last_seen: dict[str, tuple[str, str]] = {}
        stream = self._resilient_stream(
            f"/api/v1/workflows/{quote(namespace, safe='')}/{quote(name, safe='')}/log",
            lambda: params,
            action=f"follow logs of workflow {name}",
            namespace=namespace,
            name=name,
            should_reconnect=lambda: not workflow_done(),
        )
        for entry in stream:
            pod = str(entry.get("podName") or "")
            content = str(entry.get("content") or "")
            stamp, text = split_timestamp(content)
            if stamp is not None:
                if pod in last_seen and stamp <= last_seen[pod]:
                    continue  # replayed after a reconnect
                last_seen[pod] = stamp
            yield {"podName": pod, "content": text}


_TIMESTAMP = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d) ?")


def split_timestamp(content: str) -> tuple[tuple[str, str] | None, str]:
    """Split Kubernetes' RFC3339(Nano) line prefix off; the stamp compares in time order (UTC)."""
    match = _TIMESTAMP.match(content)
    if match is None or match.group(3) != "Z":
        return None, content
    return (match.group(1), (match.group(2) or "").ljust(9, "0")), content[match.end() :]
