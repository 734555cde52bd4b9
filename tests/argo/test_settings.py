"""Connection settings are read like the argo CLI reads them; flags override the environment."""

from __future__ import annotations

import pytest

from opctl.argo.settings import authorization_value, parse_header, resolve_settings
from opctl.diagnostics import ExitCode, OpctlError


def test_argo_server_defaults_to_tls_like_the_argo_cli() -> None:
    s = resolve_settings(env={"ARGO_SERVER": "argo.example.com:2746"})
    assert s.base_url == "https://argo.example.com:2746"
    assert s.verify is True
    assert s.effective_namespace == "default"


@pytest.mark.parametrize(
    ("value", "scheme"), [("false", "http"), ("FALSE", "http"), ("true", "https"), ("0", "https"), ("", "https")]
)
def test_argo_secure_is_tls_unless_false(value: str, scheme: str) -> None:
    s = resolve_settings(env={"ARGO_SERVER": "h:1", "ARGO_SECURE": value})
    assert s.base_url == f"{scheme}://h:1"


def test_insecure_skip_verify_only_when_true() -> None:
    assert resolve_settings(env={"ARGO_SERVER": "h:1", "ARGO_INSECURE_SKIP_VERIFY": "true"}).verify is False
    assert resolve_settings(env={"ARGO_SERVER": "h:1", "ARGO_INSECURE_SKIP_VERIFY": "yes"}).verify is True


def test_base_href_is_appended_without_double_slashes() -> None:
    s = resolve_settings(env={"ARGO_SERVER": "h:1", "ARGO_BASE_HREF": "/argo/"})
    assert s.base_url == "https://h:1/argo"
    assert resolve_settings(env={"ARGO_SERVER": "h:1", "ARGO_BASE_HREF": "argo"}).base_url == "https://h:1/argo"


def test_flags_override_environment() -> None:
    env = {"ARGO_SERVER": "env:1", "ARGO_SECURE": "true", "ARGO_NAMESPACE": "envns", "ARGO_BASE_HREF": "/e"}
    s = resolve_settings(
        env=env, server="flag:2", secure=False, namespace="flagns", base_href="/f", insecure_skip_verify=True
    )
    assert s.base_url == "http://flag:2/f"
    assert (s.namespace, s.namespace_source) == ("flagns", "flag")
    assert s.verify is False


def test_namespace_from_environment() -> None:
    s = resolve_settings(env={"ARGO_SERVER": "h:1", "ARGO_NAMESPACE": "ci"})
    assert (s.namespace, s.namespace_source) == ("ci", "env")


@pytest.mark.parametrize(
    ("token", "header"),
    [
        ("Bearer abc.def", "Bearer abc.def"),
        ("Basic dXNlcjpwdw==", "Basic dXNlcjpwdw=="),
        ("abc.def", "Bearer abc.def"),
        ("  abc.def\n", "Bearer abc.def"),
    ],
)
def test_token_is_sent_verbatim_and_a_bare_token_gets_bearer(token: str, header: str) -> None:
    assert authorization_value(token) == header
    s = resolve_settings(env={"ARGO_SERVER": "h:1", "ARGO_TOKEN": token})
    assert s.request_headers()["Authorization"] == header


def test_token_is_hidden_from_repr() -> None:
    s = resolve_settings(env={"ARGO_SERVER": "h:1", "ARGO_TOKEN": "Bearer s3cr3t"})
    assert "s3cr3t" not in repr(s)
    assert "s3cr3t" in "".join(s.secrets)


def test_extra_headers_are_sent_and_override() -> None:
    s = resolve_settings(
        env={"ARGO_SERVER": "h:1", "ARGO_TOKEN": "t"}, headers=["X-Tenant: ml", "Authorization: Basic x"]
    )
    headers = s.request_headers()
    assert headers["X-Tenant"] == "ml"
    assert headers["Authorization"] == "Basic x"
    assert "Basic x" in s.secrets


def test_scheme_in_argo_server_is_understood() -> None:
    assert resolve_settings(env={"ARGO_SERVER": "http://h:1"}).base_url == "http://h:1"
    assert resolve_settings(env={"ARGO_SERVER": "https://h:1/", "ARGO_SECURE": "false"}).base_url == "https://h:1"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"env": {}}, "no Argo Server configured"),
        ({"env": {"ARGO_SERVER": "h:1/argo"}}, "ARGO_SERVER 'h:1/argo' is not host:port"),
        ({"env": {"ARGO_SERVER": "ftp://h:1"}}, "ARGO_SERVER 'ftp://h:1' has an unsupported scheme"),
        ({"env": {"ARGO_SERVER": "http://h:1"}, "secure": True}, "--secure contradicts the scheme in 'http://h:1'"),
        ({"env": {"ARGO_SERVER": "h:1", "ARGO_TOKEN": "Bearer"}}, "ARGO_TOKEN names an auth scheme but holds no token"),
        (
            {"env": {"ARGO_SERVER": "h:1", "ARGO_TOKEN": "Bearer ab\ncd"}},
            "ARGO_TOKEN contains a line break or another control character",
        ),
        ({"env": {"ARGO_SERVER": "h:1"}, "headers": ["no colon"]}, "invalid header 'no colon': expected 'Name: value'"),
        ({"env": {"ARGO_SERVER": "h:1"}, "ca_cert": "/nope/ca.pem"}, "--ca-cert /nope/ca.pem: no such file"),
    ],
)
def test_bad_settings_are_usage_errors(kwargs: dict, message: str) -> None:
    with pytest.raises(OpctlError) as info:
        resolve_settings(**kwargs)
    assert info.value.message == message
    assert info.value.exit_code == ExitCode.USAGE
    assert info.value.hint


def test_parse_header() -> None:
    assert parse_header("X-A:  b c ") == ("X-A", "b c")


def test_secrets_cover_the_bare_credential_and_auth_like_headers() -> None:
    s = resolve_settings(
        env={"ARGO_SERVER": "h:1", "ARGO_TOKEN": "Bearer s3cr3t"},
        headers=["X-Auth: k3y", "Proxy-Authorization: Basic dXNlcg==", "X-Tenant: ml"],
    )
    forms = set(s.redactor.forms)
    assert {"Bearer s3cr3t", "s3cr3t", "k3y", "Basic dXNlcg==", "dXNlcg==", "dXNlcg%3D%3D"} <= forms
    assert "ml" not in forms
