"""``opctl submit`` through click against the fake Argo Server: exact output lines and exit codes."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from opctl.cli import cli
from tests.argo.fake_argo import FakeArgoServer, failure_script, stall_script

TOKEN = "tok-9f8e7d6c5b4a"

TEMPLATE = """\
arguments:
  parameters:
  - name: greeting
    value: hello
    displayName: Greeting
    type: input.text
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - name: a
      template: echo
    - name: b
      template: echo
      dependencies: [a]
- name: echo
  container:
    image: alpine:3.20
    command: [echo, '{{workflow.parameters.greeting}}']
"""

BROKEN = """\
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - name: a
      template: nowhere
"""


@pytest.fixture
def template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)  # no opctl.yaml of the checkout is found
    monkeypatch.delenv("OPCTL_DEFAULTS", raising=False)
    path = tmp_path / "hello.yaml"
    path.write_text(TEMPLATE)
    return str(path)


def submit(server: FakeArgoServer | None, *args: str, env: dict[str, str] | None = None) -> Result:
    base = {"ARGO_SERVER": server.address, "ARGO_SECURE": "false"} if server else {}
    base.update(env or {})
    return CliRunner().invoke(cli, ["submit", *args], env=base, catch_exceptions=False)


def test_submit_prints_argo_style_summary(argo, template) -> None:  # type: ignore[no-untyped-def]
    result = submit(argo, template)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Name:                hello-x0001",
        "Namespace:           default",
        "ServiceAccount:      unset",
        "Status:              Pending",
        "Created:             2026-11-26T12:00:00Z",
        f"Link:                http://{argo.address}/workflows/default/hello-x0001",
    ]
    (call,) = argo.calls("POST")
    assert call.path == "/api/v1/workflows/default"
    sent = call.body["workflow"]
    assert (sent["kind"], sent["metadata"]) == ("Workflow", {"generateName": "hello-"})
    assert sent["spec"]["arguments"]["parameters"] == [{"name": "greeting", "value": "hello"}]


def test_output_name_and_parameters(argo, template) -> None:  # type: ignore[no-untyped-def]
    result = submit(argo, template, "-o", "name", "-p", "greeting=hi", "-n", "ci")
    assert (result.exit_code, result.stdout) == (0, "hello-x0001\n")
    (call,) = argo.calls("POST")
    assert call.path == "/api/v1/workflows/ci"
    assert call.body["workflow"]["metadata"]["namespace"] == "ci"
    assert call.body["workflow"]["spec"]["arguments"]["parameters"] == [{"name": "greeting", "value": "hi"}]


def test_argo_namespace_from_environment(argo, template) -> None:  # type: ignore[no-untyped-def]
    result = submit(argo, template, "-o", "json", env={"ARGO_NAMESPACE": "argo"})
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["metadata"]["namespace"] == "argo"
    assert argo.calls("POST")[0].path == "/api/v1/workflows/argo"


def test_dry_run_prints_the_manifest_and_sends_nothing(argo, template) -> None:  # type: ignore[no-untyped-def]
    result = submit(argo, template, "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:4] == [
        "apiVersion: argoproj.io/v1alpha1",
        "kind: Workflow",
        "metadata:",
        "  generateName: hello-",
    ]
    as_json = submit(argo, template, "--dry-run", "-o", "json")
    assert json.loads(as_json.stdout)["spec"]["entrypoint"] == "main"
    assert argo.requests == []


def test_dry_run_needs_no_server(template) -> None:  # type: ignore[no-untyped-def]
    result = submit(None, template, "--dry-run", "-o", "name")
    assert (result.exit_code, result.stdout) == (0, "hello-\n")


def test_server_dry_run(argo, template) -> None:  # type: ignore[no-untyped-def]
    result = submit(argo, template, "--server-dry-run", "-o", "name")
    assert (result.exit_code, result.stdout) == (0, "hello-x0001\n")
    assert argo.calls("POST")[0].body["serverDryRun"] is True
    assert argo.workflows == {}


def test_wait_success(argo, template) -> None:  # type: ignore[no-untyped-def]
    result = submit(argo, template, "--wait", "-o", "name")
    assert result.exit_code == 0
    assert result.stdout == "hello-x0001\n"  # -o name keeps stdout clean (argo #988)
    assert result.stderr == "hello-x0001 Succeeded at 2026-11-26T12:01:00Z\n"


def test_wait_failure_names_the_failing_nodes(argo, template) -> None:  # type: ignore[no-untyped-def]
    argo.script = failure_script
    result = submit(argo, template, "--wait", "-o", "wide")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-6:] == [
        "hello-x0001 Failed at 2026-11-26T12:01:00Z",
        "  message: child 'c' failed",
        "  failing nodes:",
        "    c (template fail): Failed: Error (exit code 1)",
        "  their logs:",
        "    opctl logs hello-x0001 -n default --task c",
    ]
    assert "Parameters:" in result.stdout
    assert "  greeting:          hello" in result.stdout


def test_watch_prints_one_plain_line_per_change_when_not_a_tty(argo, template) -> None:  # type: ignore[no-untyped-def]
    result = submit(argo, template, "--watch", "-o", "name")
    assert result.exit_code == 0
    assert result.stdout == "hello-x0001\n"
    # tasks becoming Pending are not printed (a big DAG printed one line per task at start);
    # running tasks name their pod, finished ones their duration and the progress
    assert result.stderr.splitlines() == [
        "hello-x0001: Pending",
        "hello-x0001: Running",
        "hello-x0001/a: Running [pod hello-x0001-echo-11]",
        "hello-x0001/a: Succeeded [5s, 1/3]",
        "hello-x0001/b: Running [pod hello-x0001-echo-22]",
        "hello-x0001/c: Running [pod hello-x0001-fail-33]",
        "hello-x0001/b: Succeeded [5s, 4/4]",
        "hello-x0001/c: Succeeded [5s, 4/4]",
        "hello-x0001/d: Succeeded [5s, 4/4]",
        "hello-x0001: Succeeded",
        "hello-x0001 Succeeded at 2026-11-26T12:01:00Z",
    ]
    assert "\x1b" not in result.stderr  # no screen redraws or colours in CI logs


def test_watch_failure_exits_1(argo, template) -> None:  # type: ignore[no-untyped-def]
    argo.script = failure_script
    result = submit(argo, template, "--watch", "--wait")
    assert result.exit_code == 1
    assert "hello-x0001/c: Failed (Error (exit code 1)) [5s, 4/4]" in result.stdout.splitlines()


def test_log_prefixes_each_line_with_its_task(argo, template) -> None:  # type: ignore[no-untyped-def]
    argo.logs["hello-x0001"] = [("a", "hello from a"), ("b", "hello from b"), ("d", "all done")]
    result = submit(argo, template, "--log", "-o", "name")
    assert result.exit_code == 0
    logs = [line for line in result.stderr.splitlines() if ": " in line and " at " not in line]
    assert logs == ["a: hello from a", "b: hello from b", "d: all done"]
    assert result.stderr.splitlines()[-1] == "hello-x0001 Succeeded at 2026-11-26T12:01:00Z"


def test_timeout_exits_4(argo, template) -> None:  # type: ignore[no-untyped-def]
    argo.script = stall_script
    result = submit(argo, template, "--wait", "--timeout", "200ms")
    assert result.exit_code == 4
    assert result.stdout.splitlines()[-2:] == [
        "hello-x0001 timed out after 200ms (Running)",
        "  hello-x0001 is still running; add --terminate-on-timeout to stop it",
    ]
    assert argo.calls("PUT") == []


def test_timeout_can_terminate(argo, template) -> None:  # type: ignore[no-untyped-def]
    argo.script = stall_script
    result = submit(argo, template, "--wait", "--timeout", "0.2", "--terminate-on-timeout", "-o", "name")
    assert result.exit_code == 4
    assert result.stderr == "hello-x0001 timed out after 200ms (Running); terminated\n"
    assert [c.path for c in argo.calls("PUT")] == ["/api/v1/workflows/default/hello-x0001/terminate"]


def test_unauthorized_is_one_line_and_exit_3_without_the_token(argo, template) -> None:  # type: ignore[no-untyped-def]
    argo.token = "the-right-one"
    result = submit(argo, template, "--verbose", env={"ARGO_TOKEN": TOKEN})
    assert result.exit_code == 3
    errors = [line for line in result.stderr.splitlines() if not line.startswith(("> ", "< "))]
    assert errors == [
        f"opctl: error: Argo Server at http://{argo.address} rejected the token "
        "(401: token not valid. see https://argo-workflows.readthedocs.io/en/latest/faq/)",
        '  hint: set ARGO_TOKEN to a valid token, e.g. ARGO_TOKEN="Bearer $(kubectl create token '
        '<service-account> -n <namespace>)"; a bare token gets "Bearer " added; check it has not expired',
    ]
    assert "> Authorization: <redacted>" in result.stderr
    assert TOKEN not in result.stdout + result.stderr
    assert argo.calls("POST")[0].headers["Authorization"] == f"Bearer {TOKEN}"


def test_name_conflict_is_409_line(argo, template) -> None:  # type: ignore[no-untyped-def]
    assert submit(argo, template, "--name", "fixed", "-o", "name").exit_code == 0
    result = submit(argo, template, "--name", "fixed")
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == (
        "opctl: error: workflow 'fixed' already exists in namespace 'default' "
        '(409: workflows.argoproj.io "fixed" already exists)'
    )
    assert len(argo.calls("POST")) == 2


def test_partial_multi_document_failure_names_what_was_created(argo, template, tmp_path) -> None:  # type: ignore[no-untyped-def]
    second = tmp_path / "second.yaml"
    second.write_text(TEMPLATE)
    result = submit(argo, template, str(second), "--name", "same")
    assert result.exit_code == 3
    assert result.stdout == "same\n"
    assert result.stderr.splitlines()[0].endswith("(1 of 2 created before this error, named above)")


def test_tls_needs_the_ca(tls_argo, ca_file, template) -> None:  # type: ignore[no-untyped-def]
    env = {"ARGO_SERVER": tls_argo.address}
    failed = submit(None, template, "-o", "name", env=env)
    assert failed.exit_code == 3
    assert failed.stderr.splitlines()[1] == (
        "  hint: pass --ca-cert FILE with the CA that signed the server's certificate, or "
        "-k/--insecure-skip-verify (ARGO_INSECURE_SKIP_VERIFY=true) to skip verification"
    )
    assert submit(None, template, "-o", "name", "--ca-cert", ca_file, env=env).stdout == "hello-x0001\n"
    assert submit(None, template, "-o", "name", "-k", env=env).stdout == "hello-x0002\n"


def test_connection_refused_exit_3(template) -> None:  # type: ignore[no-untyped-def]
    from tests.argo.fake_argo import closed_port

    port = closed_port()
    result = submit(None, template, env={"ARGO_SERVER": f"127.0.0.1:{port}", "ARGO_SECURE": "false"})
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == (
        f"opctl: error: cannot connect to the Argo Server at 127.0.0.1:{port}: connection refused"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--dry-run", "--wait"],
            "opctl: error: --dry-run and --server-dry-run cannot be combined with --wait, --watch or --log",
        ),
        (["--dry-run", "--server-dry-run"], "opctl: error: --dry-run cannot be combined with --server-dry-run"),
        (
            ["--timeout", "5m", "--terminate-on-timeout"],
            "opctl: error: --terminate-on-timeout needs --wait, --watch or --log",
        ),
        (["--wait", "--terminate-on-timeout"], "opctl: error: --terminate-on-timeout needs --timeout"),
        (
            ["--wait", "--kind", "workflowtemplate"],
            "opctl: error: --wait/--watch/--log follow Workflows, but hello is a WorkflowTemplate",
        ),
    ],
)
def test_option_conflicts_are_usage_errors(argo, template, args, message) -> None:  # type: ignore[no-untyped-def]
    result = submit(argo, template, *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == message
    assert argo.requests == []


def test_bad_duration(argo, template) -> None:  # type: ignore[no-untyped-def]
    result = submit(argo, template, "--wait", "--timeout", "5 minutes")
    assert result.exit_code == 2
    assert "'5 minutes' is not a duration like 30s, 5m, 1h30m" in result.stderr


def test_no_server_configured(template) -> None:  # type: ignore[no-untyped-def]
    result = submit(None, template)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "opctl: error: no Argo Server configured",
        "  hint: set ARGO_SERVER=host:port (no scheme) or pass -s/--argo-server host:port",
    ]


def test_template_with_errors_is_not_submitted(argo, template, tmp_path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN)
    result = submit(argo, str(broken))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "opctl: error: nothing was submitted: fix the errors above"
    assert argo.requests == []


def test_unreadable_input(argo, template, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = submit(argo, str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2
    assert argo.requests == []


def test_workflow_template_kind(argo, template) -> None:  # type: ignore[no-untyped-def]
    result = submit(argo, template, "--kind", "workflowtemplate", "--name", "hello")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Name:                hello",
        "Namespace:           default",
        "Kind:                WorkflowTemplate",
        "Created:             2026-11-26T12:00:00Z",
    ]
    assert argo.calls("POST")[0].path == "/api/v1/workflow-templates/default"


def test_log_stream_is_stopped_at_the_timeout(argo, template) -> None:  # type: ignore[no-untyped-def]
    argo.script = stall_script
    argo.logs["hello-x0001"] = [("a", "working"), ("b", "never printed: b never starts")]
    result = submit(argo, template, "--log", "--timeout", "600ms", "-o", "name")
    assert result.exit_code == 4
    assert result.stderr.splitlines() == [
        "a: working",
        "hello-x0001 timed out after 600ms (Running)",
        "  hello-x0001 is still running; add --terminate-on-timeout to stop it",
    ]


def test_verbose_traces_requests_on_stderr_only(argo, template) -> None:  # type: ignore[no-untyped-def]
    result = submit(argo, template, "-v", "-o", "name", "--wait", env={"ARGO_TOKEN": TOKEN})
    assert result.exit_code == 0
    assert result.stdout == "hello-x0001\n"
    trace = result.stderr.splitlines()
    assert trace[0] == f"> POST http://{argo.address}/api/v1/workflows/default"
    assert "> Authorization: <redacted>" in trace
    assert (
        f"> GET http://{argo.address}/api/v1/workflow-events/default?listOptions.fieldSelector=metadata.name%3D"
        "hello-x0001&listOptions.resourceVersion=0" in trace
    )
    assert TOKEN not in result.stderr


def test_github_actions_gets_an_error_annotation_per_failing_node(argo, template) -> None:  # type: ignore[no-untyped-def]
    argo.script = failure_script
    result = submit(argo, template, "--wait", "-o", "name", env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "::error title=hello-x0001 Failed::c (template fail): Failed: Error (exit code 1)"
    )


def test_token_over_plain_http_to_another_host_is_warned_about(template) -> None:  # type: ignore[no-untyped-def]
    env = {"ARGO_SERVER": "opctl-test.invalid:2746", "ARGO_SECURE": "false", "ARGO_TOKEN": TOKEN}
    result = submit(None, template, env=env)
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == (
        "opctl: warning: sending ARGO_TOKEN to opctl-test.invalid:2746 without TLS (ARGO_SECURE=false/--insecure)"
    )
    assert result.stderr.splitlines()[1] == "opctl: error: cannot resolve the Argo Server host 'opctl-test.invalid'"


def test_slow_create_is_not_resubmitted(argo, template) -> None:  # type: ignore[no-untyped-def]
    argo.slow("POST", "/workflows/", 1.0)
    result = submit(argo, template, "--request-timeout", "200ms")
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        f"opctl: error: the Argo Server at {argo.address} did not answer in time to create workflow; "
        "the workflow may have been created anyway",
        "  hint: check with `opctl list -n default` (names starting 'hello-') before submitting again, "
        "so that it does not run twice",
    ]
    assert len(argo.calls("POST")) == 1


def test_cron_workflow_and_base_href(template) -> None:  # type: ignore[no-untyped-def]
    server = FakeArgoServer(base_href="/argo").start()
    try:
        env = {"ARGO_SERVER": server.address, "ARGO_SECURE": "false", "ARGO_BASE_HREF": "/argo/"}
        result = submit(None, template, "--kind", "cronworkflow", "--schedule", "0 3 * * *", env=env)
        assert result.exit_code == 0, result.stderr
        assert result.stdout.splitlines() == [
            "Name:                hello",
            "Namespace:           default",
            "Kind:                CronWorkflow",
            "Schedule:            0 3 * * *",
            "Created:             2026-11-26T12:00:00Z",
        ]
        (call,) = server.calls("POST")
        assert call.path == "/argo/api/v1/cron-workflows/default"
        assert server.schema_errors == []
    finally:
        server.stop()


def test_watch_on_a_terminal_draws_a_live_tree(argo, template, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A real pseudo-terminal, so rich sees a TTY: the tree, not plain lines."""
    argo.script = failure_script
    leader, follower = pty.openpty()
    env = {**os.environ, "ARGO_SERVER": argo.address, "ARGO_SECURE": "false", "TERM": "xterm", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-c", "from opctl.cli import main; main()", "submit", template, "--watch", "-o", "name"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        cwd=tmp_path,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    assert process.wait(timeout=30) == 1
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode()).replace("\r", "")
    assert "└── ✔ a (echo) Succeeded  5s  hello-x0001-echo-11" in screen
    assert "    └── ✖ c (fail) Failed: Error (exit code 1)  5s  hello-x0001-fail-33" in screen
    assert "Progress:            4/4" in screen  # the header: phase, started, duration, progress
    assert "hello-x0001/a: Running" not in screen  # no plain lines on a terminal
    assert screen.rstrip().splitlines()[-1] == "    opctl logs hello-x0001 -n default --task c"


@pytest.mark.parametrize("server", ["host:notaport", "host:99999", "[::1", "::::", "host:0"])
def test_malformed_argo_server_is_a_usage_error_before_any_request(template, server) -> None:  # type: ignore[no-untyped-def]
    result = submit(None, template, env={"ARGO_SERVER": server})
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"opctl: error: ARGO_SERVER {server!r} is not host:port"
    assert "port from 1 to 65535" in result.stderr


def test_credentials_in_argo_server_are_refused_and_not_echoed(template) -> None:  # type: ignore[no-untyped-def]
    result = submit(None, template, env={"ARGO_SERVER": "admin:hunter2@argo.example.com:443"})
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "opctl: error: ARGO_SERVER contains credentials (user@host)"
    assert "hunter2" not in result.output


def test_findings_in_the_defaults_file_get_a_code_frame(argo, template, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "opctl.yaml").write_text("namespace: ok\npodGC: Sometimes\n")
    result = submit(argo, template)
    assert result.exit_code == 2
    assert result.stderr.startswith("opctl.yaml:2:8: error[defaults-invalid]: podGC: 'Sometimes' is not one of")
    assert "2 | podGC: Sometimes" in result.stderr
    assert argo.requests == []


def test_ca_cert_that_is_a_directory_says_so(template, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = submit(None, template, "--ca-cert", str(tmp_path), env={"ARGO_SERVER": "127.0.0.1:1"})
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"opctl: error: --ca-cert {tmp_path}: a directory, not a file",
        "  hint: pass the PEM file of the CA that signed the Argo Server's certificate",
    ]


def test_control_characters_in_a_server_answer_are_shown_as_text(argo, template) -> None:  # type: ignore[no-untyped-def]
    argo.answer("POST", "/workflows/", 403, {"code": 7, "message": "denied \x1b]0;pwned\x07 here"})
    result = submit(argo, template)
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == (
        "opctl: error: permission denied to create workflow in namespace 'default' "
        "(403: denied \\x1b]0;pwned\\x07 here)"
    )


def test_malformed_credential_header_is_not_echoed(argo, template) -> None:  # type: ignore[no-untyped-def]
    result = submit(argo, template, "-H", f"Authorization Bearer {TOKEN}")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "opctl: error: invalid header (not shown: it looks like a credential): expected 'Name: value'"
    )
    assert TOKEN not in result.output
    assert argo.requests == []
