"""Turn Argo Server answers and network failures into one clear line each (exit code 3)."""

from __future__ import annotations

import json
from typing import Any

from opctl.diagnostics import ExitCode, OpctlError

_TOKEN_HINT = (
    'set ARGO_TOKEN to a valid token, e.g. ARGO_TOKEN="Bearer $(kubectl create token <service-account> '
    '-n <namespace>)"; a bare token gets "Bearer " added'
)


class ArgoServerError(OpctlError):
    """The Argo Server (or the network on the way) refused or failed a request."""

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        status: int | None = None,
        server_message: str | None = None,
        permanent: bool = False,
        maybe_sent: bool = False,
    ) -> None:
        super().__init__(message, exit_code=ExitCode.SERVER, hint=hint)
        self.status = status
        self.server_message = server_message
        self.permanent = permanent  # retrying cannot help (TLS verification, unknown host)
        # the request may have reached the server before the failure (a create may have happened)
        self.maybe_sent = maybe_sent


MESSAGE_LIMIT = 300  # characters of a non-JSON error body shown


def server_message(body: bytes | str) -> str | None:
    """Argo's error text: ``message`` of ``{"code": N, "message": ...}`` (grpc-gateway's Status).

    The caller redacts ``body`` as a whole first: a non-JSON body is cut here, and a cut secret
    would no longer match."""
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    try:
        data: Any = json.loads(body)
    except (ValueError, RecursionError):
        text = " ".join(body.split())
        return (text[:MESSAGE_LIMIT] + "…" if len(text) > MESSAGE_LIMIT else text) or None
    if isinstance(data, dict):
        if isinstance(data.get("error"), dict):  # a stream error chunk
            data = data["error"]
        for key in ("message", "error"):
            if isinstance(data.get(key), str) and data[key].strip():
                return " ".join(data[key].split())
    return None


def _is_argo_body(body: bytes | str) -> bool:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return False
    return isinstance(data, dict) and "code" in data and "message" in data


def error_for_status(
    status: int,
    body: bytes | str,
    *,
    action: str,
    namespace: str | None = None,
    name: str | None = None,
    kind: str = "workflow",
    base_url: str = "",
    has_token: bool = True,
) -> ArgoServerError:
    """Map an HTTP error answer to an ``ArgoServerError``; ``action`` says what we tried ("create workflow")."""
    text = server_message(body) or "(no message)"
    where = f" in namespace {namespace!r}" if namespace else ""
    subject = f"{kind} {name!r}" if name else kind

    def answer(message: str, hint: str | None = None) -> ArgoServerError:
        return ArgoServerError(message, hint=hint, status=status, server_message=text)

    if status == 400:
        return answer(
            f"Argo Server rejected {subject}: {text}",
            hint="fix the manifest; `opctl lint` finds most of these offline",
        )
    if status == 401:
        if not has_token:
            return answer(
                f"Argo Server at {base_url} needs a token (401: {text})",
                hint=_TOKEN_HINT,
            )
        return answer(
            f"Argo Server at {base_url} rejected the token (401: {text})",
            hint=_TOKEN_HINT + "; check it has not expired",
        )
    if status == 403:
        return answer(
            f"permission denied to {action}{where} (403: {text})",
            hint="the service account behind ARGO_TOKEN needs RBAC permission for this in the namespace",
        )
    if status == 404:
        if not _is_argo_body(body):
            return answer(
                f"no Argo API at {base_url} (404: {text})",
                hint="check ARGO_SERVER and ARGO_BASE_HREF (--argo-base-href)",
            )
        if name:
            return answer(
                f"{kind} {name!r} not found{where} (404: {text})",
                hint="check the name and -n/--namespace (ARGO_NAMESPACE)",
            )
        return answer(
            f"namespace {namespace!r} not found on the Argo Server (404: {text})",
            hint="check -n/--namespace (ARGO_NAMESPACE) and metadata.namespace",
        )
    if status == 409:
        return answer(
            f"{subject} already exists{where} (409: {text})",
            hint="use metadata.generateName for a fresh name per run, or delete the existing one",
        )
    if status == 429:
        return answer(
            f"Argo Server is rate limiting requests to {action} (429: {text})",
            hint="retry later",
        )
    if status >= 500:
        return answer(
            f"Argo Server failed to {action} ({status}: {text})",
            hint="a server-side problem; check the argo-server logs or retry later",
        )
    return answer(f"Argo Server refused to {action}{where} ({status}: {text})")


def _walk_causes(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    stack: list[BaseException | None] = [exc]
    while stack:
        current = stack.pop()
        if current is None or any(current is s for s in seen):
            continue
        seen.append(current)
        stack.extend([current.__cause__, current.__context__])
        stack.extend(a for a in getattr(current, "args", ()) if isinstance(a, BaseException))
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            stack.append(reason)
    return seen


def error_for_exception(exc: Exception, *, base_url: str, server: str, action: str) -> ArgoServerError:
    """Map a requests/urllib3/socket exception to an ``ArgoServerError`` with a hint."""
    import ssl

    import requests

    causes = _walk_causes(exc)
    texts = " ".join(str(c) for c in causes)
    host = server.rsplit(":", 1)[0] if ":" in server else server

    if isinstance(exc, requests.exceptions.SSLError) or any(isinstance(c, ssl.SSLError) for c in causes):
        if "CERTIFICATE_VERIFY_FAILED" in texts or "certificate verify failed" in texts:
            reason = "certificate verify failed"
            for c in causes:
                if isinstance(c, ssl.SSLCertVerificationError) and c.verify_message:
                    reason = f"certificate verify failed: {c.verify_message}"
                    break
            return ArgoServerError(
                f"TLS verification of the Argo Server at {base_url} failed ({reason})",
                hint="pass --ca-cert FILE with the CA that signed the server's certificate, or "
                "-k/--insecure-skip-verify (ARGO_INSECURE_SKIP_VERIFY=true) to skip verification",
                permanent=True,
            )
        if "WRONG_VERSION_NUMBER" in texts or "wrong version number" in texts or "record layer" in texts:
            return ArgoServerError(
                f"the Argo Server at {server} does not speak TLS",
                hint="set ARGO_SECURE=false or pass --insecure to use plain HTTP",
                permanent=True,
            )
        return ArgoServerError(
            f"TLS handshake with the Argo Server at {base_url} failed",
            hint="check ARGO_SECURE, --ca-cert and -k/--insecure-skip-verify",
            permanent=True,
        )
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return ArgoServerError(
            f"timed out connecting to the Argo Server at {server}",
            hint="check ARGO_SERVER and that the server is reachable from here",
        )
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return ArgoServerError(
            f"the Argo Server at {server} did not answer in time to {action}",
            hint="the server or its Kubernetes API is slow; retry later",
            maybe_sent=True,
        )
    if isinstance(exc, requests.exceptions.ConnectionError):
        lowered = texts.lower()
        if (
            "name or service not known" in lowered
            or "nodename nor servname" in lowered
            or "getaddrinfo failed" in lowered
            or "temporary failure in name resolution" in lowered
            or "no address associated" in lowered
            or "failed to resolve" in lowered
        ):
            return ArgoServerError(
                f"cannot resolve the Argo Server host {host!r}",
                hint="check ARGO_SERVER (host:port, no scheme) and your DNS",
                permanent=True,
            )
        if "connection refused" in lowered or "errno 111" in lowered:
            return ArgoServerError(
                f"cannot connect to the Argo Server at {server}: connection refused",
                hint="check ARGO_SERVER and that argo-server is running, e.g. "
                "`kubectl -n argo port-forward svc/argo-server 2746:2746`",
            )
        if "connection reset" in lowered or "remote end closed" in lowered or "connection aborted" in lowered:
            return ArgoServerError(
                f"the Argo Server at {server} closed the connection while trying to {action}",
                hint="if the server uses TLS, check ARGO_SECURE (--secure/--insecure)",
                maybe_sent=True,
            )
        return ArgoServerError(
            f"cannot reach the Argo Server at {server}: {type(exc).__name__}",
            hint="check ARGO_SERVER and the network",
            maybe_sent=True,
        )
    if isinstance(exc, requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError):
        return ArgoServerError(
            f"the connection to the Argo Server at {server} broke while reading its answer to {action}",
            hint="the server or a proxy in between dropped the connection; retry later",
            maybe_sent=True,
        )
    return ArgoServerError(
        f"request to the Argo Server at {server} failed: {type(exc).__name__}", maybe_sent=True
    )
