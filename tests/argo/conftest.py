"""Fixtures for the Argo client tests: a fake Argo Server on 127.0.0.1 (plain and TLS), fast backoff."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from opctl.argo import client as client_module
from opctl.argo.client import ArgoClient, RetryPolicy
from opctl.argo.settings import resolve_settings
from tests.argo.fake_argo import FakeArgoServer

ARGO_ENV = (
    "ARGO_SERVER",
    "ARGO_SECURE",
    "ARGO_INSECURE_SKIP_VERIFY",
    "ARGO_BASE_HREF",
    "ARGO_TOKEN",
    "ARGO_NAMESPACE",
    "ARGO_HTTP1",
)
FAST_RETRY = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.02)
FAST_STREAM_RETRY = RetryPolicy(attempts=4, base_delay=0.01, max_delay=0.02)


@pytest.fixture(autouse=True)
def clean_argo_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's own ARGO_* settings must not leak into the tests; backoff is shortened."""
    for name in ARGO_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")  # a CI proxy must not catch the fake server
    monkeypatch.setattr(client_module, "DEFAULT_RETRY", FAST_RETRY)
    monkeypatch.setattr(client_module, "DEFAULT_STREAM_RETRY", FAST_STREAM_RETRY)


@pytest.fixture
def argo() -> Iterator[FakeArgoServer]:
    server = FakeArgoServer().start()
    yield server
    server.stop()
    assert server.schema_errors == [], "opctl sent bodies that argo-server would refuse"


@pytest.fixture(scope="session")
def tls_ca():  # type: ignore[no-untyped-def]
    import trustme

    return trustme.CA()


@pytest.fixture
def tls_argo(tls_ca) -> Iterator[FakeArgoServer]:  # type: ignore[no-untyped-def]
    import ssl

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls_ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    server = FakeArgoServer(ssl_context=context).start()
    yield server
    server.stop()
    assert server.schema_errors == []


@pytest.fixture
def ca_file(tls_ca, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "ca.pem"
    tls_ca.cert_pem.write_to_path(str(path))
    return str(path)


def make_client(server: FakeArgoServer, *, trace=None, event_stream: bool = True, **settings):  # type: ignore[no-untyped-def]
    env = {"ARGO_SERVER": server.address, "ARGO_SECURE": "false"}
    env.update(settings.pop("env", {}))
    return ArgoClient(resolve_settings(env=env, **settings), trace=trace, event_stream=event_stream)


WORKFLOW = {
    "apiVersion": "argoproj.io/v1alpha1",
    "kind": "Workflow",
    "metadata": {"generateName": "diamond-"},
    "spec": {
        "entrypoint": "main",
        "templates": [
            {
                "name": "main",
                "dag": {
                    "tasks": [
                        {"name": "a", "template": "echo"},
                        {"name": "b", "template": "echo", "dependencies": ["a"]},
                    ]
                },
            },
            {"name": "echo", "container": {"image": "alpine:3.20", "command": ["echo", "hi"]}},
        ],
    },
}
