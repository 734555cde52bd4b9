"""The REST client against a real HTTP(S) server playing the Argo Server."""

from __future__ import annotations

import copy

import pytest

from opctl import __version__
from opctl.argo.client import ArgoClient
from opctl.argo.errors import ArgoServerError
from opctl.argo.settings import resolve_settings
from opctl.diagnostics import ExitCode, OpctlError, Severity
from opctl.lint.server import RULE_ID, lint_on_server
from tests.argo.conftest import WORKFLOW, make_client
from tests.argo.fake_argo import closed_port

TOKEN = "s3cr3t-token-value"


def workflow(**meta) -> dict:  # type: ignore[no-untyped-def]
    manifest = copy.deepcopy(WORKFLOW)
    manifest["metadata"].update(meta)
    return manifest


def test_create_workflow_posts_a_swagger_conformant_body(argo) -> None:  # type: ignore[no-untyped-def]
    client = make_client(argo, env={"ARGO_TOKEN": TOKEN})
    created = client.create(workflow())
    assert created["metadata"]["name"] == "diamond-x0001"
    assert created["metadata"]["namespace"] == "default"
    (call,) = argo.calls("POST")
    assert call.path == "/api/v1/workflows/default"
    assert call.body == {"workflow": workflow(), "namespace": "default"}
    assert call.headers["Authorization"] == f"Bearer {TOKEN}"
    assert call.headers["Content-Type"] == "application/json"
    assert call.headers["User-Agent"] == f"opctl/{__version__}"


@pytest.mark.parametrize(
    ("kind", "path", "field"),
    [
        ("WorkflowTemplate", "/api/v1/workflow-templates/default", "template"),
        ("CronWorkflow", "/api/v1/cron-workflows/default", "cronWorkflow"),
        ("ClusterWorkflowTemplate", "/api/v1/cluster-workflow-templates", "template"),
    ],
)
def test_create_other_kinds(argo, kind: str, path: str, field: str) -> None:  # type: ignore[no-untyped-def]
    manifest = {"apiVersion": "argoproj.io/v1alpha1", "kind": kind, "metadata": {"name": "nightly"}}
    if kind == "CronWorkflow":
        manifest["spec"] = {"schedules": ["0 3 * * *"], "workflowSpec": WORKFLOW["spec"]}
    else:
        manifest["spec"] = WORKFLOW["spec"]
    created = make_client(argo).create(manifest)
    assert created["metadata"]["name"] == "nightly"
    (call,) = argo.calls("POST")
    assert call.path == path
    assert call.body[field] == manifest


def test_server_dry_run_creates_nothing(argo) -> None:  # type: ignore[no-untyped-def]
    client = make_client(argo)
    client.create(workflow(), server_dry_run=True)
    template = {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "WorkflowTemplate",
        "metadata": {"name": "t"},
        "spec": WORKFLOW["spec"],
    }
    client.create(template, server_dry_run=True)
    first, second = argo.calls("POST")
    assert first.body["serverDryRun"] is True
    assert second.body["createOptions"] == {"dryRun": ["All"]}
    assert argo.workflows == {} and argo.objects == {}


def test_namespace_precedence(argo) -> None:  # type: ignore[no-untyped-def]
    make_client(argo).create(workflow(namespace="ci"))
    make_client(argo, env={"ARGO_NAMESPACE": "argo"}).create(workflow())
    assert [c.path for c in argo.calls("POST")] == ["/api/v1/workflows/ci", "/api/v1/workflows/argo"]
    with pytest.raises(OpctlError) as info:
        make_client(argo, namespace="argo").create(workflow(namespace="ci"))
    assert info.value.message == "-n/--namespace is 'argo' but diamond- has metadata.namespace 'ci'"
    assert info.value.exit_code == ExitCode.USAGE


def test_base_href_and_extra_headers_reach_the_server(argo) -> None:  # type: ignore[no-untyped-def]
    client = make_client(argo, env={"ARGO_BASE_HREF": "/argo"}, headers=["X-Tenant: ml"])
    with pytest.raises(ArgoServerError) as info:
        client.create(workflow())
    # the fake serves no /argo prefix, like a server without --base-href: a plain-text 404
    assert info.value.message.startswith(f"no Argo API at http://{argo.address}/argo (404: 404 page not found)")
    assert info.value.hint == "check ARGO_SERVER and ARGO_BASE_HREF (--argo-base-href)"
    (call,) = argo.calls("POST")
    assert call.path == "/argo/api/v1/workflows/default"
    assert call.headers["X-Tenant"] == "ml"


ARGO_ERRORS = [
    (
        400,
        {"code": 3, "message": "templates.main.tasks.b dependency 'x' not defined"},
        "Argo Server rejected workflow: templates.main.tasks.b dependency 'x' not defined",
    ),
    (
        403,
        {"code": 7, "message": 'workflows.argoproj.io is forbidden: User "system:serviceaccount:ci:bot" cannot create'},
        "permission denied to create workflow in namespace 'default' (403: workflows.argoproj.io is forbidden: "
        'User "system:serviceaccount:ci:bot" cannot create)',
    ),
    (
        404,
        {"code": 5, "message": 'namespaces "default" not found'},
        "namespace 'default' not found on the Argo Server (404: namespaces \"default\" not found)",
    ),
    (
        409,
        {"code": 6, "message": 'workflows.argoproj.io "fixed" already exists'},
        "workflow 'fixed' already exists in namespace 'default' (409: workflows.argoproj.io \"fixed\" already exists)",
    ),
    (
        500,
        {"code": 13, "message": "etcdserver: request timed out"},
        "Argo Server failed to create workflow (500: etcdserver: request timed out)",
    ),
]


@pytest.mark.parametrize(("status", "body", "message"), ARGO_ERRORS)
def test_argo_errors_become_one_clear_line_with_exit_3(argo, status, body, message) -> None:  # type: ignore[no-untyped-def]
    argo.answer("POST", "/workflows/", status, body)
    with pytest.raises(ArgoServerError) as info:
        make_client(argo).create(workflow(name="fixed") if status == 409 else workflow())
    assert info.value.message == message
    assert info.value.exit_code == ExitCode.SERVER
    assert info.value.hint
    assert "\n" not in info.value.message


def test_unauthorized_explains_argo_token(argo) -> None:  # type: ignore[no-untyped-def]
    argo.token = "good"
    with pytest.raises(ArgoServerError) as info:
        make_client(argo, env={"ARGO_TOKEN": TOKEN}).create(workflow())
    assert info.value.message == (
        f"Argo Server at http://{argo.address} rejected the token "
        "(401: token not valid. see https://argo-workflows.readthedocs.io/en/latest/faq/)"
    )
    assert "ARGO_TOKEN" in info.value.hint
    assert TOKEN not in info.value.message + info.value.hint
    with pytest.raises(ArgoServerError) as info:
        make_client(argo).create(workflow())
    assert info.value.message.startswith(f"Argo Server at http://{argo.address} needs a token (401:")


def test_create_is_never_retried(argo) -> None:  # type: ignore[no-untyped-def]
    argo.answer("POST", "/workflows/", 503, {"code": 14, "message": "upstream connect error"})
    with pytest.raises(ArgoServerError) as info:
        make_client(argo).create(workflow())
    assert info.value.status == 503
    assert len(argo.calls("POST")) == 1


def test_slow_create_times_out_without_a_second_post(argo) -> None:  # type: ignore[no-untyped-def]
    argo.slow("POST", "/workflows/", 1.0)
    client = ArgoClient(resolve_settings(env={"ARGO_SERVER": argo.address, "ARGO_SECURE": "false"}))
    object.__setattr__(client.settings, "read_timeout", 0.2)
    with pytest.raises(ArgoServerError) as info:
        client.create(workflow())
    assert info.value.message == (
        f"the Argo Server at {argo.address} did not answer in time to create workflow; "
        "the workflow may have been created anyway"
    )
    assert info.value.hint == (
        "check with `opctl list -n default` (names starting 'diamond-') before submitting again, "
        "so that it does not run twice"
    )
    assert len(argo.calls("POST")) == 1


def test_get_is_retried_on_5xx_and_slow_answers(argo) -> None:  # type: ignore[no-untyped-def]
    client = make_client(argo)
    name = client.create(workflow())["metadata"]["name"]
    argo.answer("GET", f"/workflows/default/{name}$", 503, {"code": 14, "message": "unavailable"})
    argo.slow("GET", f"/workflows/default/{name}$", 0.5)
    object.__setattr__(client.settings, "read_timeout", 0.2)
    got = client.get_workflow("default", name)
    assert got["metadata"]["name"] == name
    assert len(argo.calls("GET")) == 3


def test_get_gives_up_after_bounded_retries(argo) -> None:  # type: ignore[no-untyped-def]
    argo.answer("GET", "/workflows/default/x$", 502, "bad gateway", count=10)
    with pytest.raises(ArgoServerError) as info:
        make_client(argo).get_workflow("default", "x")
    assert info.value.message == "Argo Server failed to get workflow (502: bad gateway)"
    assert len(argo.calls("GET")) == 3


def test_get_missing_workflow(argo) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ArgoServerError) as info:
        make_client(argo).get_workflow("default", "nope")
    assert info.value.message == (
        "workflow 'nope' not found in namespace 'default' (404: workflows.argoproj.io \"nope\" not found)"
    )


def test_connection_refused() -> None:
    port = closed_port()
    client = ArgoClient(resolve_settings(env={"ARGO_SERVER": f"127.0.0.1:{port}", "ARGO_SECURE": "false"}))
    with pytest.raises(ArgoServerError) as info:
        client.get_workflow("default", "x")
    assert info.value.message == f"cannot connect to the Argo Server at 127.0.0.1:{port}: connection refused"
    assert "port-forward" in info.value.hint


def test_unknown_host() -> None:
    client = ArgoClient(resolve_settings(env={"ARGO_SERVER": "opctl-test.invalid:2746"}))
    with pytest.raises(ArgoServerError) as info:
        client.create(workflow())
    assert info.value.message == "cannot resolve the Argo Server host 'opctl-test.invalid'"


def test_tls_verification_fails_without_the_ca(tls_argo) -> None:  # type: ignore[no-untyped-def]
    client = ArgoClient(resolve_settings(env={"ARGO_SERVER": tls_argo.address}))
    with pytest.raises(ArgoServerError) as info:
        client.create(workflow())
    assert info.value.message.startswith(f"TLS verification of the Argo Server at https://{tls_argo.address} failed")
    assert "--ca-cert" in info.value.hint and "--insecure-skip-verify" in info.value.hint
    assert tls_argo.calls("POST") == []


def test_tls_with_ca_cert_or_skip_verify(tls_argo, ca_file) -> None:  # type: ignore[no-untyped-def]
    with_ca = ArgoClient(resolve_settings(env={"ARGO_SERVER": tls_argo.address}, ca_cert=ca_file))
    assert with_ca.create(workflow())["metadata"]["name"] == "diamond-x0001"
    skipping = ArgoClient(resolve_settings(env={"ARGO_SERVER": tls_argo.address, "ARGO_INSECURE_SKIP_VERIFY": "true"}))
    assert skipping.create(workflow())["metadata"]["name"] == "diamond-x0002"


def test_plain_http_client_against_tls_server_and_vice_versa(tls_argo, argo) -> None:  # type: ignore[no-untyped-def]
    plain = ArgoClient(resolve_settings(env={"ARGO_SERVER": tls_argo.address, "ARGO_SECURE": "false"}))
    with pytest.raises(ArgoServerError) as info:
        plain.create(workflow())
    assert info.value.message.startswith(f"the Argo Server at {tls_argo.address} closed the connection")
    tls = ArgoClient(resolve_settings(env={"ARGO_SERVER": argo.address}))
    with pytest.raises(ArgoServerError) as info:
        tls.create(workflow())
    assert info.value.message == f"the Argo Server at {argo.address} does not speak TLS"
    assert info.value.hint == "set ARGO_SECURE=false or pass --insecure to use plain HTTP"


def test_verbose_trace_redacts_the_token(argo) -> None:  # type: ignore[no-untyped-def]
    lines: list[str] = []
    client = make_client(argo, env={"ARGO_TOKEN": TOKEN}, headers=["X-Api-Key: k3y-value"], trace=lines.append)
    client.create(workflow())
    argo.token = "other"
    with pytest.raises(ArgoServerError):
        client.get_workflow("default", "diamond-x0001")
    text = "\n".join(lines)
    assert lines[0] == f"> POST http://{argo.address}/api/v1/workflows/default"
    assert "> Authorization: <redacted>" in lines
    assert "> X-Api-Key: <redacted>" in lines
    assert any(line.startswith("< 200 OK (") for line in lines)
    assert any(line.startswith("< 401 Unauthorized (") for line in lines)
    assert TOKEN not in text and "k3y-value" not in text


def test_server_echoing_the_token_is_redacted(argo) -> None:  # type: ignore[no-untyped-def]
    argo.answer("POST", "/workflows/", 400, {"code": 3, "message": f"bad header Bearer {TOKEN}"})
    with pytest.raises(ArgoServerError) as info:
        make_client(argo, env={"ARGO_TOKEN": TOKEN}).create(workflow())
    assert TOKEN not in info.value.message
    assert info.value.message == "Argo Server rejected workflow: bad header <redacted>"


def test_terminate(argo) -> None:  # type: ignore[no-untyped-def]
    client = make_client(argo)
    name = client.create(workflow())["metadata"]["name"]
    result = client.terminate_workflow("default", name)
    assert result["status"]["phase"] == "Failed"
    (call,) = argo.calls("PUT")
    assert call.path == f"/api/v1/workflows/default/{name}/terminate"
    assert call.body == {"name": name, "namespace": "default"}


def test_lint_on_server(argo) -> None:  # type: ignore[no-untyped-def]
    settings = resolve_settings(env={"ARGO_SERVER": argo.address, "ARGO_SECURE": "false"})
    assert lint_on_server(workflow(), settings) == []
    argo.lint_errors["diamond-"] = "templates.main.tasks.b template 'nope' not found"
    (diag,) = lint_on_server(workflow(), settings, file="wf.yaml", line=3, column=1)
    assert diag.rule == RULE_ID and diag.severity is Severity.ERROR
    assert diag.message == "Argo Server rejects this Workflow: templates.main.tasks.b template 'nope' not found"
    assert (diag.file, diag.line, diag.column) == ("wf.yaml", 3, 1)
    # workflow lint answers 500, template lint 400: both are verdicts
    assert [c.path for c in argo.calls("POST")] == ["/api/v1/workflows/default/lint"] * 2


def test_lint_template_verdict_and_auth_errors_raise(argo) -> None:  # type: ignore[no-untyped-def]
    settings = resolve_settings(env={"ARGO_SERVER": argo.address, "ARGO_SECURE": "false"})
    template = {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "WorkflowTemplate",
        "metadata": {"name": "t"},
        "spec": WORKFLOW["spec"],
    }
    argo.lint_errors["t"] = "spec.entrypoint template 'x' not found"
    (diag,) = lint_on_server(template, settings)
    assert diag.message == "Argo Server rejects this WorkflowTemplate: spec.entrypoint template 'x' not found"
    argo.answer("POST", "/lint$", 403, {"code": 7, "message": "forbidden"})
    with pytest.raises(ArgoServerError) as info:
        lint_on_server(template, settings)
    assert info.value.status == 403


def test_retry_after_is_honoured_within_the_policy(argo) -> None:  # type: ignore[no-untyped-def]
    sleeps: list[float] = []
    client = ArgoClient(
        resolve_settings(env={"ARGO_SERVER": argo.address, "ARGO_SECURE": "false"}),
        sleep=sleeps.append,
        rng=lambda: 1.0,  # the top of the jitter range
    )
    argo.answer("GET", "/workflows/default/x$", 429, {"code": 8, "message": "slow down"}, headers={"Retry-After": "5"})
    argo.answer("GET", "/workflows/default/x$", 503, {"code": 14, "message": "unavailable"})
    with pytest.raises(ArgoServerError) as info:
        client.get_workflow("default", "x")
    assert info.value.status == 404  # the third attempt reached the (empty) server
    assert sleeps == [0.02, 0.02]  # Retry-After 5 s capped at max_delay; then 2 x base 0.01


def test_redirects_are_not_followed(argo) -> None:  # type: ignore[no-untyped-def]
    # e.g. an SSO proxy sending the request to its login page: the token must not travel there
    argo.answer("POST", "/workflows/", 302, "", headers={"Location": "https://sso.example.com/login"})
    with pytest.raises(ArgoServerError) as info:
        make_client(argo, env={"ARGO_TOKEN": TOKEN}).create(workflow())
    assert info.value.message == "the Argo Server redirected create workflow to https://sso.example.com/login"
    assert len(argo.requests) == 1
