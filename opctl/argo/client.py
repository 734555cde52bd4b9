"""A small REST client for the Argo Server (`swagger.json` of Argo Workflows, HTTP/1.1 + JSON).

Only what opctl needs: create (Workflow, WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow), lint,
get, watch, logs and terminate. ``requests`` is imported lazily. Safety rules:

* GETs and streams are retried with jittered backoff on network errors and 5xx (honouring
  ``Retry-After`` in seconds or as an HTTP date); a create (POST) never is, because a lost answer does
  not mean the workflow was not created, and a create whose answer was lost says so.
* The token and secret header values never reach a trace line, an error message or a returned
  object: every answer is redacted as a whole (``opctl.argo.redact``) before anything is cut or shown.
* With a ``Deadline`` every request can be abandoned when it passes, socket timeouts are bounded by
  the time left, and ``close`` cuts streams at the socket without waiting for a blocked reader.
"""

from __future__ import annotations

import contextlib
import json
import random
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote, urlencode

from opctl.argo.deadline import Deadline, DeadlineExceeded, call_within
from opctl.argo.errors import ArgoServerError, error_for_exception, error_for_status
from opctl.argo.redact import REDACTED, Redactor
from opctl.argo.settings import ConnectionSettings, is_secret_header
from opctl.diagnostics import OpctlError

if TYPE_CHECKING:
    import requests

Trace = Callable[[str], None]
E = TypeVar("E", bound=OpctlError)

_RETRYABLE_STATUS = frozenset({500, 502, 503, 504, 429})
# The most of an answer opctl reads: a workflow with a 20 MB status is fine, an endless body is not.
MAX_BODY = 256 * 1024 * 1024
MAX_ERROR_BODY = 64 * 1024
MAX_STREAM_LINE = 256 * 1024 * 1024
DEADLINE_SLACK = 0.05  # seconds: a request failing this close to the deadline failed because of it


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff: ``attempts`` tries in all, sleeping base, 2*base, ... capped at ``max_delay``."""

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0
    # streams: a connection that delivered two messages or stayed up this long resets the count
    healthy_after: float = 30.0
    # "equal jitter": half the delay is fixed, half random, so clients that failed together do not
    # all come back at the same instant
    jitter: float = 0.5

    def delay(self, attempt: int, rng: Callable[[], float] = random.random) -> float:
        full = min(self.max_delay, self.base_delay * (2**attempt))
        return full * (1 - self.jitter) + full * self.jitter * rng()


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


def retry_after_seconds(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """``Retry-After`` as seconds: a number of seconds or an HTTP date (RFC 9110 §10.2.3); None if
    absent or unreadable."""
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when is None:
            return None
        seconds = when.timestamp() - now()
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        return None
    return max(0.0, seconds)


def socket_of(response: Any) -> socket.socket | None:
    """The socket under a streamed requests/urllib3 response, if it can be found."""
    raw = getattr(response, "raw", None)
    sock = getattr(getattr(raw, "_connection", None), "sock", None)
    if sock is None:
        fp = getattr(getattr(raw, "_fp", None), "fp", None)
        sock = getattr(getattr(fp, "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


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


def _lines(chunks: Iterator[bytes], closed: threading.Event) -> Iterator[bytes]:
    """Split a byte stream into lines in linear time: a chunk is searched for a newline only once, and
    the pieces of a long line are joined once it ends (re-splitting a growing buffer made a 20 MB
    event quadratic)."""
    pending: list[bytes] = []
    pending_size = 0
    for chunk in chunks:
        if closed.is_set():
            return
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            if end < 0:
                break
            piece = chunk[start:end]
            if pending:
                pending.append(piece)
                piece = b"".join(pending)
                pending, pending_size = [], 0
            yield piece
            start = end + 1
        if start < len(chunk):
            pending.append(chunk[start:])
            pending_size += len(chunk) - start
            if pending_size > MAX_STREAM_LINE:
                raise StreamError({"message": f"a stream message longer than {MAX_STREAM_LINE} bytes"})
    if pending:
        yield b"".join(pending)  # a last message without a newline


_GET_COMMAND = {
    "workflow": "opctl get",
    "workflow template": "argo template get",
    "cluster workflow template": "argo cluster-template get",
    "cron workflow": "argo cron get",
}


def maybe_created(
    err: OpctlError, label: str, name: str | None, generate_name: str | None, namespace: str | None
) -> ArgoServerError | DeadlineExceeded:
    """The error of a create whose answer was lost: the server may have stored the object anyway."""
    where = f" -n {namespace}" if namespace else ""
    if name:
        check = f"`{_GET_COMMAND[label]} {name}{where}`"
    elif generate_name:
        check = f"`opctl list{where}` (names starting {generate_name!r})"
    else:
        check = f"`opctl list{where}`"
    message = f"{err.message}; the {label} may have been created anyway"
    hint = f"check with {check} before submitting again, so that it does not run twice"
    if isinstance(err, DeadlineExceeded):
        return DeadlineExceeded(message, hint=hint, during=err.during)
    assert isinstance(err, ArgoServerError)
    return ArgoServerError(message, hint=hint, status=err.status, permanent=err.permanent)


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
        deadline: Deadline | None = None,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.settings = settings
        self._rng = rng
        self._trace = trace
        self.retry = retry or DEFAULT_RETRY
        self.stream_retry = stream_retry or DEFAULT_STREAM_RETRY
        self.event_stream = event_stream
        self._sleep = sleep
        self.deadline = deadline
        self.redactor: Redactor = settings.redactor
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

    def sibling(self, *, deadline: Deadline | None = None) -> ArgoClient:
        """A client with the same settings and policies (a requests session is not shared between
        threads), optionally with another deadline (a short grace to terminate after a timeout)."""
        return ArgoClient(
            self.settings,
            trace=self._trace,
            retry=self.retry,
            stream_retry=self.stream_retry,
            event_stream=self.event_stream,
            sleep=self._sleep,
            deadline=deadline if deadline is not None else self.deadline,
            rng=self._rng,
        )

    def trace(self, line: str) -> None:
        if self._trace is not None:
            self._trace(self.redactor.text(line))

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

    def _safe_error(self, err: E) -> E:
        err.message = self.redactor.text(err.message)
        err.args = (err.message,)
        if err.hint:
            err.hint = self.redactor.text(err.hint)
        if isinstance(err, ArgoServerError) and err.server_message:
            err.server_message = self.redactor.text(err.server_message)
        return err

    def _check_deadline(self, action: str) -> None:
        """A socket timeout cut to the deadline is the deadline passing (exit 4), not a slow server (3)."""
        if self.deadline is not None and self.deadline.remaining() < DEADLINE_SLACK:
            raise self.deadline.exceeded(action)

    def _sleep_within(self, seconds: float) -> None:
        """Back off, but never past the deadline (the next request then raises ``DeadlineExceeded``)."""
        if self.deadline is not None:
            seconds = min(seconds, self.deadline.remaining())
        if seconds > 0:
            self._sleep(seconds)

    def _read_body(self, response: requests.Response, limit: int) -> tuple[bytes, bool]:
        """At most ``limit`` bytes of the answer, and whether that is all of it."""
        parts: list[bytes] = []
        size = 0
        for chunk in response.iter_content(chunk_size=65536):
            parts.append(chunk)
            size += len(chunk)
            if size > limit:
                response.close()
                return b"".join(parts)[:limit], False
        return b"".join(parts), True

    def _error_text(self, response: requests.Response) -> str:
        """The error body, redacted as a whole before anything is cut."""
        try:
            content, complete = self._read_body(response, MAX_ERROR_BODY)
        except Exception:  # noqa: BLE001 - a body lost on the way still leaves the status to report
            content, complete = b"", False
        return self.redactor.prefix(content.decode("utf-8", "replace"), complete)

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
        action: str = "",
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
        connect_timeout = self.settings.connect_timeout
        read = read_timeout or self.settings.read_timeout
        if self.deadline is not None:
            during = action or f"{method} {path}"
            connect_timeout = self.deadline.bound(connect_timeout, during)
            read = self.deadline.bound(read, during)
        started = time.monotonic()
        response = session.request(
            method,
            url,
            data=data,
            headers=extra,
            stream=True,  # bodies are read with a size limit (_read_body)
            verify=self._verify(),
            timeout=(connect_timeout, read),
            allow_redirects=False,
        )
        elapsed_ms = (time.monotonic() - started) * 1000
        self.trace(f"< {response.status_code} {response.reason or ''} ({elapsed_ms:.0f} ms)".rstrip())
        return response

    def _verify(self) -> bool | str:
        """``verify`` for requests, explicit: given ``True``, requests would let REQUESTS_CA_BUNDLE or
        CURL_CA_BUNDLE replace the trusted CAs and silently trust a server these settings refuse.
        Only --ca-cert and -k change what is trusted, as with the argo CLI."""
        verify = self.settings.verify
        if verify is True:
            from requests.utils import DEFAULT_CA_BUNDLE_PATH

            return str(DEFAULT_CA_BUNDLE_PATH)
        return verify

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
        """Send one request and return the decoded (and redacted) JSON answer, or raise
        ``ArgoServerError``; ``DeadlineExceeded`` as soon as the deadline passes, whatever the server does."""
        return call_within(
            self.deadline,
            action,
            lambda: self._attempts(
                method,
                path,
                action=action,
                params=params,
                body=body,
                retry=retry,
                retry_statuses=retry_statuses,
                namespace=namespace,
                name=name,
                kind=kind,
            ),
        )

    def _attempts(
        self,
        method: str,
        path: str,
        *,
        action: str,
        params: dict[str, Any] | None,
        body: dict[str, Any] | None,
        retry: bool,
        retry_statuses: frozenset[int],
        namespace: str | None,
        name: str | None,
        kind: str,
    ) -> Any:
        import requests

        attempts = self.retry.attempts if retry else 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                response = self._send(method, path, params=params, body=body, action=action)
            except requests.exceptions.RequestException as exc:
                self._check_deadline(action)
                err = error_for_exception(
                    exc, base_url=self.settings.base_url, server=self.settings.server, action=action
                )
                if last or err.permanent:  # TLS and DNS problems do not heal by retrying
                    raise self._safe_error(err) from None
                self.trace(f"! {err.message}; retrying")
                self._sleep_within(self.retry.delay(attempt, self._rng))
                continue
            if response.status_code < 300:
                return self._json_answer(response, action)
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
                delay = self._retry_after(response, self.retry.delay(attempt, self._rng))
                response.close()
                self.trace(f"! {response.status_code} from the server; retrying in {delay:.2g}s")
                self._sleep_within(delay)
                continue
            raise self._safe_error(
                error_for_status(
                    response.status_code,
                    self._error_text(response),
                    action=action,
                    namespace=namespace,
                    name=name,
                    kind=kind,
                    base_url=self.settings.base_url,
                    has_token=bool(self.settings.token),
                )
            )
        raise AssertionError("unreachable")  # pragma: no cover

    def _json_answer(self, response: requests.Response, action: str) -> Any:
        import requests

        try:
            content, complete = self._read_body(response, MAX_BODY)
        except requests.exceptions.RequestException as exc:
            self._check_deadline(action)
            raise self._safe_error(
                error_for_exception(exc, base_url=self.settings.base_url, server=self.settings.server, action=action)
            ) from None
        if not complete:
            raise ArgoServerError(
                f"the Argo Server's answer to {action} is larger than {MAX_BODY // (1024 * 1024)} MiB",
                hint="check ARGO_SERVER and ARGO_BASE_HREF point at the Argo Server API",
                status=response.status_code,
            )
        try:
            data = json.loads(content)
        except (ValueError, RecursionError):
            raise ArgoServerError(
                f"the Argo Server answered {action} with something that is not JSON",
                hint="check ARGO_SERVER and ARGO_BASE_HREF point at the Argo Server API",
                status=response.status_code,
            ) from None
        return self.redactor.scrub(data)

    def _retry_after(self, response: requests.Response, delay: float) -> float:
        """Honour ``Retry-After`` (seconds or an HTTP date; 429/503), within the policy's ``max_delay``."""
        asked = retry_after_seconds(response.headers.get("Retry-After"))
        if asked is None:
            return delay
        return min(self.retry.max_delay, max(delay, asked))

    def close(self) -> None:
        """Close the session and cut open streams. Never blocks: a stream another thread is reading is
        cut by shutting its socket down (``response.close()`` would wait for the blocked read)."""
        self.closed.set()
        with self._lock:
            streams = list(self._open_streams)
        for response in streams:
            sock = socket_of(response)
            if sock is not None:
                with contextlib.suppress(OSError):  # already closed
                    sock.shutdown(socket.SHUT_RDWR)
        with self._lock:
            session, self._session = self._session, None
        if session is not None and not streams:
            with contextlib.suppress(Exception):  # closing is best effort
                session.close()

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
        meta = manifest.get("metadata") or {}
        name = meta.get("name")
        try:
            return self._request(
                "POST",
                path,
                action=f"create {label}",
                body=body,
                retry=False,
                namespace=namespace,
                name=name,
                kind=label,
            )
        except (ArgoServerError, DeadlineExceeded) as err:
            if server_dry_run or not (isinstance(err, DeadlineExceeded) or err.maybe_sent):
                raise
            raise self._safe_error(maybe_created(err, label, name, meta.get("generateName"), namespace)) from None

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
        response = self._send("GET", path, params=params, stream=True, accept=accept, action=action)
        if response.status_code >= 300:
            content = self._error_text(response)
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
            for line in _lines(response.iter_content(chunk_size=None), self.closed):
                result = _stream_result(line)
                if result is not None:
                    yield self.redactor.scrub(result)
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
                self._check_deadline(action)
                failure = error_for_exception(
                    exc, base_url=self.settings.base_url, server=self.settings.server, action=action
                )
                if failure.permanent:
                    raise self._safe_error(failure) from None
                reason = failure.message
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
            delay = self.stream_retry.delay(failures - 1, self._rng)
            self.trace(f"! {reason}; reconnecting in {delay:g}s")
            self._sleep_within(delay)

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

    def list_workflows(
        self, namespace: str, *, limit: int | None = None, label_selector: str | None = None
    ) -> list[dict[str, Any]]:
        """Workflows of a namespace (summary fields only: metadata and status without nodes)."""
        params: dict[str, Any] = {
            "fields": "items.metadata.name,items.metadata.namespace,items.metadata.creationTimestamp,"
            "items.metadata.labels,items.status.phase,items.status.startedAt,items.status.finishedAt,"
            "items.status.progress,items.status.message,metadata.continue",
        }
        if limit:
            params["listOptions.limit"] = str(limit)
        if label_selector:
            params["listOptions.labelSelector"] = label_selector
        answer = self._request(
            "GET",
            f"/api/v1/workflows/{quote(namespace, safe='')}",
            params=params,
            action="list workflows",
            retry=True,
            namespace=namespace,
        )
        items = answer.get("items") if isinstance(answer, dict) else None
        return [i for i in items or [] if isinstance(i, dict)]

    def follow_logs(
        self,
        namespace: str,
        name: str,
        *,
        container: str = "main",
        workflow_done: Callable[[], bool] = lambda: False,
        pod_name: str | None = None,
        follow: bool = True,
    ) -> Iterator[dict[str, Any]]:
        """LogEntry dicts (``podName``, ``content``) of the workflow's pods (or one pod), following until
        the workflow ends (``follow``), else what was logged so far.

        Lines carry server timestamps so that, after a reconnect, lines already shown are skipped.
        """
        params = {
            "logOptions.container": container,
            "logOptions.follow": "true" if follow else "false",
            "logOptions.timestamps": "true",
        }
        if pod_name:
            params["podName"] = pod_name
        if not follow:
            workflow_done = lambda: True  # noqa: E731 - a clean end is the end
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
