"""Argo Server connection settings, read the way the argo CLI reads them.

Environment (`cmd/argo/commands/client/conn.go`): ``ARGO_SERVER`` (host:port, no scheme),
``ARGO_SECURE`` (TLS unless it is "false"), ``ARGO_INSECURE_SKIP_VERIFY`` ("true" skips certificate
checks), ``ARGO_BASE_HREF`` (path prefix), ``ARGO_TOKEN`` (the Authorization header value),
``ARGO_NAMESPACE``. Flags override the environment. Unlike argo, a bare token gets ``Bearer `` and a
``http://``/``https://`` prefix on the server is understood instead of producing a broken URL.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from opctl import __version__
from opctl.argo.redact import Redactor
from opctl.diagnostics import ExitCode, OpctlError

DEFAULT_NAMESPACE = "default"
_AUTH_SCHEMES = ("Bearer ", "Basic ")
_HEADER_NAME = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")
# Header names whose values are credentials; their values never appear in traces or errors.
_SECRET_HEADER = re.compile(r"auth|cookie|token|secret|passw|api-?key|session|credential", re.IGNORECASE)


def is_secret_header(name: str) -> bool:
    return bool(_SECRET_HEADER.search(name))


def _env_is_false(value: str | None) -> bool:
    # argo: `os.Getenv("ARGO_SECURE") != "false"`; we also accept other capitalisations.
    return value is not None and value.strip().lower() == "false"


def _env_is_true(value: str | None) -> bool:
    # argo: `os.Getenv("ARGO_INSECURE_SKIP_VERIFY") == "true"`.
    return value is not None and value.strip().lower() == "true"


def authorization_value(token: str) -> str:
    """ARGO_TOKEN as the Authorization header: verbatim when it names a scheme (in any case, as HTTP
    schemes are case-insensitive), else ``Bearer <token>``."""
    token = token.strip()
    if re.match(r"(?i)(bearer|basic)\s", token):
        return token
    return "Bearer " + token


# -H values of other headers that are this long may be API keys: they are redacted too.
_CREDENTIAL_LENGTH = 16


@dataclass(frozen=True)
class ConnectionSettings:
    """Where the Argo Server is and how to talk to it. ``token`` is secret: ``repr`` hides it."""

    server: str
    secure: bool = True
    insecure_skip_verify: bool = False
    base_href: str = ""
    token: str | None = field(default=None, repr=False)
    namespace: str | None = None
    namespace_source: str = "default"
    headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    ca_cert: str | None = None
    connect_timeout: float = 10.0
    read_timeout: float = 60.0

    @property
    def base_url(self) -> str:
        scheme = "https" if self.secure else "http"
        return f"{scheme}://{self.server}{self.base_href}"

    @property
    def effective_namespace(self) -> str:
        return self.namespace or DEFAULT_NAMESPACE

    @property
    def verify(self) -> bool | str:
        """The ``verify`` argument for requests."""
        if self.insecure_skip_verify:
            return False
        return self.ca_cert or True

    def request_headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json", "User-Agent": f"opctl/{__version__}"}
        if self.token:
            headers["Authorization"] = authorization_value(self.token)
        # -H headers come last, so a user can override anything, as with argo's -H.
        for name, value in self.headers:
            headers[name] = value
        return headers

    @property
    def secrets(self) -> tuple[str, ...]:
        """Strings that must never be printed: the token, the values of secret-looking -H headers and
        any -H value long enough to be a key. ``Redactor`` derives every printed form of them."""
        values: list[str] = []
        if self.token:
            values.append(authorization_value(self.token))
        values.extend(
            v for n, v in self.headers if v.strip() and (is_secret_header(n) or len(v.strip()) >= _CREDENTIAL_LENGTH)
        )
        return tuple(v.strip() for v in values if v.strip())

    @property
    def redactor(self) -> Redactor:
        return Redactor(self.secrets)


def parse_header(text: str) -> tuple[str, str]:
    """``"Name: value"`` (the argo CLI's -H format) into a pair, or a usage error."""
    name, sep, value = text.partition(":")
    name = name.strip()
    if not sep or not _HEADER_NAME.match(name):
        shown = name or text
        # "Authorization Bearer <token>" (a colon forgotten) must not be echoed
        secret = is_secret_header(shown) or any(scheme.strip().lower() in shown.lower() for scheme in _AUTH_SCHEMES)
        raise OpctlError(
            "invalid header (not shown: it looks like a credential): expected 'Name: value'"
            if secret
            else f"invalid header {shown!r}: expected 'Name: value'",
            exit_code=ExitCode.USAGE,
            hint="for example -H 'X-Tenant: research'",
        )
    value = value.strip()
    if not value.isascii() or re.search(r"[\x00-\x1f\x7f]", value):
        # HTTP header values are ASCII text; the value is not shown, it may be a credential
        raise OpctlError(
            f"header {name!r}: the value has non-ASCII or control characters (not shown)",
            exit_code=ExitCode.USAGE,
            hint="HTTP header values must be plain ASCII; percent-encode or base64 other text",
        )
    return name, value


def _split_server(raw: str) -> tuple[str, bool | None]:
    """Strip an optional scheme; return host:port and the TLS choice the scheme implies."""
    server = raw.strip()
    scheme_secure: bool | None = None
    lowered = server.lower()
    if lowered.startswith("https://"):
        server, scheme_secure = server[8:], True
    elif lowered.startswith("http://"):
        server, scheme_secure = server[7:], False
    elif "://" in server:
        raise OpctlError(
            f"ARGO_SERVER {raw!r} has an unsupported scheme",
            exit_code=ExitCode.USAGE,
            hint="give host:port, e.g. ARGO_SERVER=localhost:2746; --secure/--insecure choose TLS",
        )
    server = server.rstrip("/")
    if "@" in server:
        # user:password@host: the value is a credential, so it is not echoed
        raise OpctlError(
            "ARGO_SERVER contains credentials (user@host)",
            exit_code=ExitCode.USAGE,
            hint="give host:port only and put the token in ARGO_TOKEN",
        )
    if not server or "/" in server or any(c.isspace() for c in server) or not _valid_host_port(server):
        raise OpctlError(
            f"ARGO_SERVER {raw!r} is not host:port",
            exit_code=ExitCode.USAGE,
            hint="give host:port with a port from 1 to 65535, e.g. ARGO_SERVER=argo.example.com:443 or "
            "[::1]:2746; a path prefix goes in ARGO_BASE_HREF (--argo-base-href)",
        )
    return server, scheme_secure


def _valid_host_port(server: str) -> bool:
    """A host and an optional port in 1..65535 (an IPv6 address in brackets), as a URL would take it."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit("//" + server)
        port = parts.port
    except ValueError:  # a port that is not a number or out of range, an unclosed [
        return False
    return bool(parts.hostname) and port != 0 and not server.endswith(":")


def _normalise_base_href(value: str) -> str:
    value = value.strip().strip("/")
    return "/" + value if value else ""


def resolve_settings(
    *,
    env: Mapping[str, str] | None = None,
    server: str | None = None,
    secure: bool | None = None,
    insecure_skip_verify: bool | None = None,
    base_href: str | None = None,
    namespace: str | None = None,
    headers: Sequence[str] = (),
    ca_cert: str | None = None,
    token: str | None = None,
) -> ConnectionSettings:
    """Combine flags (keyword arguments; ``None`` = not given) with the environment.

    Raises ``OpctlError`` (exit 2) when no server is configured or a value is malformed.
    """
    env = os.environ if env is None else env
    raw_server = server if server is not None else env.get("ARGO_SERVER", "")
    if not raw_server.strip():
        raise OpctlError(
            "no Argo Server configured",
            exit_code=ExitCode.USAGE,
            hint="set ARGO_SERVER=host:port (no scheme) or pass -s/--argo-server host:port",
        )
    host_port, scheme_secure = _split_server(raw_server)

    if secure is not None:
        if scheme_secure is not None and scheme_secure != secure:
            flag = "--secure" if secure else "--insecure"
            raise OpctlError(
                f"{flag} contradicts the scheme in {raw_server!r}",
                exit_code=ExitCode.USAGE,
                hint="give the server as host:port and choose TLS with --secure/--insecure",
            )
        use_tls = secure
    elif scheme_secure is not None:
        use_tls = scheme_secure
    else:
        use_tls = not _env_is_false(env.get("ARGO_SECURE"))

    skip_verify = (
        insecure_skip_verify if insecure_skip_verify is not None else _env_is_true(env.get("ARGO_INSECURE_SKIP_VERIFY"))
    )
    href = _normalise_base_href(base_href if base_href is not None else env.get("ARGO_BASE_HREF", ""))

    if namespace is not None and namespace.strip():
        ns, ns_source = namespace.strip(), "flag"
    elif env.get("ARGO_NAMESPACE", "").strip():
        ns, ns_source = env["ARGO_NAMESPACE"].strip(), "env"
    else:
        ns, ns_source = None, "default"

    raw_token = token if token is not None else env.get("ARGO_TOKEN")
    raw_token = raw_token.strip() if raw_token and raw_token.strip() else None
    if raw_token is not None and re.search(r"[\x00-\x1f\x7f]", raw_token):
        # the value itself is never shown: it is a secret
        raise OpctlError(
            "ARGO_TOKEN contains a line break or another control character",
            exit_code=ExitCode.USAGE,
            hint="set it to one line: \"Bearer <token>\" or just the token",
        )
    if raw_token is not None and not raw_token.isascii():
        raise OpctlError(
            "ARGO_TOKEN contains non-ASCII characters (not shown)",
            exit_code=ExitCode.USAGE,
            hint="a token is plain ASCII: check it was copied whole, without typographic quotes or spaces",
        )
    if raw_token is not None and raw_token.lower() in ("bearer", "basic"):
        raise OpctlError(
            "ARGO_TOKEN names an auth scheme but holds no token",
            exit_code=ExitCode.USAGE,
            hint='set ARGO_TOKEN="Bearer <token>" or just the token',
        )

    if ca_cert is not None:
        path = Path(ca_cert)
        if not path.is_file():
            raise OpctlError(
                f"--ca-cert {ca_cert}: {'a directory, not a file' if path.is_dir() else 'no such file'}",
                exit_code=ExitCode.USAGE,
                hint="pass the PEM file of the CA that signed the Argo Server's certificate",
            )
        ca_cert = str(path)

    parsed_headers = tuple(parse_header(h) for h in headers)
    return ConnectionSettings(
        server=host_port,
        secure=use_tls,
        insecure_skip_verify=skip_verify,
        base_href=href,
        token=raw_token,
        namespace=ns,
        namespace_source=ns_source,
        headers=parsed_headers,
        ca_cert=ca_cert,
    )
