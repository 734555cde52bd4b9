"""opctl submit against a misbehaving Argo Server (loopback only): stalls at every stage, drops
before and after the workflow is stored, 5xx sequences, huge and non-JSON bodies, redirects and
servers that echo the credentials. The guarantees (docs/guarantees.md): every ``--timeout N`` run
ends with exit 4 within N+1 s, no credential reaches stdout or stderr, a create is never sent twice,
a lost create answer says the workflow may exist and how to check, and nothing ends in a traceback.

Deadline scenarios run opctl in a subprocess: its watchdog ends the process, which must not be pytest.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from opctl.cli import cli
from tests.argo.fault_server import (
    WORKFLOW_NAME,
    FaultHandler,
    FaultServer,
    created_workflow,
    unaccepting_listener,
)

TEMPLATE = """\
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - name: a
      template: echo
- name: echo
  container:
    image: alpine:3.20
    command: [echo, hi]
"""
SECRET = "Zq7tok3nV4lue9xPk2"  # the credential part of every token form below
TIMEOUT = 1.5


@pytest.fixture
def template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OPCTL_DEFAULTS", raising=False)
    path = tmp_path / "hello.yaml"
    path.write_text(TEMPLATE)
    return str(path)


@pytest.fixture
def serve() -> Iterator[Callable[[Callable[[FaultHandler, str, str, bytes], None]], FaultServer]]:
    servers: list[FaultServer] = []

    def start(scenario: Callable[[FaultHandler, str, str, bytes], None]) -> FaultServer:
        server = FaultServer(scenario).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


# -- scenario pieces ------------------------------------------------------------------------------


def is_create(method: str, path: str) -> bool:
    return method == "POST" and path.startswith("/api/v1/workflows/")


def event_line(workflow: dict) -> bytes:
    return json.dumps({"result": {"type": "MODIFIED", "object": workflow}}).encode() + b"\n"


def running(message: str = "") -> dict:
    workflow = created_workflow()
    workflow["status"] = {
        "phase": "Running",
        "startedAt": "2026-11-26T12:00:01Z",
        "nodes": {
            f"{WORKFLOW_NAME}-1": {
                "id": f"{WORKFLOW_NAME}-1", "displayName": "a", "type": "Pod", "templateName": "echo",
                "phase": "Running", "startedAt": "2026-11-26T12:00:02Z", "message": message,
            }
        },
    }  # fmt: skip
    return workflow


def answer_create_then(rest: Callable[[FaultHandler, str, str, bytes], None]):  # type: ignore[no-untyped-def]
    def scenario(h: FaultHandler, method: str, path: str, body: bytes) -> None:
        if is_create(method, path):
            h.json(200, created_workflow())
        else:
            rest(h, method, path, body)

    return scenario


def on_create(action: Callable[[FaultHandler], None]):  # type: ignore[no-untyped-def]
    def scenario(h: FaultHandler, method: str, path: str, body: bytes) -> None:
        if is_create(method, path):
            action(h)
        else:
            h.stall()

    return scenario


def stall_body(h: FaultHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "application/json")
    h.send_header("Content-Length", "5000")
    h.end_headers()
    h.wfile.write(b'{"metadata": {')
    h.wfile.flush()
    h.stall()


def trickle(h: FaultHandler) -> None:
    """One byte of headers every 0.2 s: never silent long enough for a read timeout."""
    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10_000:
        if h.server.stopping.wait(0.2):
            return
        h.wfile.write(bytes([byte]))
        h.wfile.flush()


def one_event_then_stall(h: FaultHandler, method: str, path: str, body: bytes) -> None:
    if path.startswith("/api/v1/workflow-events/"):
        h.start_stream()
        h.chunk(event_line(running()))
        h.stall()
    else:
        h.stall()  # terminate and logs stall too


# -- deadlines ----------------------------------------------------------------------------------

DEADLINE_SCENARIOS = {
    "create: stalled before the headers": on_create(lambda h: h.stall()),
    "create: stalled in the body": on_create(stall_body),
    "create: headers trickled a byte at a time": on_create(trickle),
    "watch: stalled before the headers": answer_create_then(lambda h, m, p, b: h.stall()),
    "watch: one event, then stalled mid-stream": answer_create_then(one_event_then_stall),
}


# The child imports what submit needs, then prints its CLOCK_MONOTONIC (one clock for every process
# on Linux) before running the command: the deadline is measured from there, not from Python's
# start-up, which on a loaded machine takes a varying second or two.
CHILD = (
    "import sys, time; import click, requests, rich, opctl.cli, opctl.commands.submit, opctl.argo.client; "
    "sys.stderr.write(f'T0 {time.monotonic()}\\n'); sys.stderr.flush(); opctl.cli.main()"
)


def run_opctl(args: list[str], env: dict[str, str], cwd: str) -> tuple[int, float, str, str]:
    """Exit code, seconds from the command's start to its exit, stdout and stderr of opctl."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("ARGO_")}
    full_env.update(env)
    full_env["NO_PROXY"] = "127.0.0.1,localhost"
    process = subprocess.run(
        [sys.executable, "-c", CHILD, *args],
        env=full_env, cwd=cwd, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    ended = time.monotonic()
    first, _, err = process.stderr.partition("\n")
    assert first.startswith("T0 "), process.stderr
    return process.returncode, ended - float(first[3:]), process.stdout, err


DEADLINE_RUNS = [
    *[(name, ["--wait"]) for name in DEADLINE_SCENARIOS],
    ("watch: one event, then stalled mid-stream", ["--wait", "--terminate-on-timeout"]),
    ("watch: one event, then stalled mid-stream", ["--log"]),
    ("watch: stalled before the headers", ["--watch", "--log", "--terminate-on-timeout"]),
]


@pytest.mark.parametrize(("scenario", "flags"), DEADLINE_RUNS, ids=[f"{n} {' '.join(f)}" for n, f in DEADLINE_RUNS])
def test_timeout_is_a_hard_deadline(serve, template, scenario, flags) -> None:  # type: ignore[no-untyped-def]
    server = serve(DEADLINE_SCENARIOS[scenario])
    env = {"ARGO_SERVER": server.address, "ARGO_SECURE": "false", "ARGO_TOKEN": SECRET}
    code, elapsed, out, err = run_opctl(
        ["submit", template, *flags, "--timeout", f"{TIMEOUT}s", "--request-timeout", "60s"],
        env, os.path.dirname(template),
    )  # fmt: skip
    assert code == 4, err
    assert elapsed < TIMEOUT + 1.0, f"exit after {elapsed:.2f}s"
    assert "Traceback" not in err
    assert SECRET not in out + err
    assert len(server.calls("POST")) <= 1  # a create is never sent twice (compile counts in the deadline too)


def test_timeout_while_connecting(template) -> None:  # type: ignore[no-untyped-def]
    listener, fillers, address = unaccepting_listener()
    try:
        env = {"ARGO_SERVER": address, "ARGO_SECURE": "false"}
        code, elapsed, _, err = run_opctl(
            ["submit", template, "--timeout", f"{TIMEOUT}s"], env, os.path.dirname(template)
        )
    finally:
        for sock in [*fillers, listener]:
            sock.close()
    assert code == 4, err
    assert elapsed < TIMEOUT + 1.0, f"exit after {elapsed:.2f}s"
    assert "timed out after 1.5s" in err


def test_timed_out_create_says_the_workflow_may_exist(serve, template) -> None:  # type: ignore[no-untyped-def]
    server = serve(on_create(lambda h: h.stall()))
    result = submit(server, template, "--timeout", "300ms")
    assert result.exit_code == 4
    assert result.stderr.splitlines() == [
        "opctl: error: timed out after 300ms while trying to create workflow; the workflow may have been created "
        "anyway",
        "  hint: check with `opctl list -n default` (names starting 'hello-') before submitting again, so that it "
        "does not run twice",
    ]


# -- drops and server errors ----------------------------------------------------------------------


def submit(server: FaultServer, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    base = {"ARGO_SERVER": server.address, "ARGO_SECURE": "false", "NO_PROXY": "127.0.0.1"}
    base.update(env or {})
    return CliRunner().invoke(cli, ["submit", *args], env=base, catch_exceptions=False)


@pytest.mark.parametrize("stored", [False, True], ids=["dropped before storing", "dropped after storing"])
def test_a_dropped_create_says_the_workflow_may_exist(serve, template, stored) -> None:  # type: ignore[no-untyped-def]
    store: list[bytes] = []

    def scenario(h: FaultHandler, method: str, path: str, body: bytes) -> None:
        if stored:
            store.append(body)
        h.drop()

    server = serve(scenario)
    result = submit(server, template)
    assert result.exit_code == 3
    assert "; the workflow may have been created anyway" in result.stderr.splitlines()[0]
    assert "check with `opctl list -n default`" in result.stderr
    assert len(server.calls("POST")) == 1


def test_5xx_on_create_is_not_retried(serve, template) -> None:  # type: ignore[no-untyped-def]
    server = serve(lambda h, m, p, b: h.json(503, {"code": 14, "message": "unavailable"}))
    result = submit(server, template)
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == "opctl: error: Argo Server failed to create workflow (503: unavailable)"
    assert len(server.calls("POST")) == 1


def test_5xx_then_success_on_the_watch_reconnects(serve, template, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    answers = iter([502, 503, 500])

    def scenario(h: FaultHandler, method: str, path: str, body: bytes) -> None:
        if is_create(method, path):
            h.json(200, created_workflow())
            return
        status = next(answers, 200)
        if status != 200:
            h.json(status, {"code": 14, "message": "try again"})
            return
        done = created_workflow()
        done["status"] = {"phase": "Succeeded", "finishedAt": "2026-11-26T12:01:00Z"}
        h.start_stream()
        h.chunk(event_line(done))
        h.chunk(b"")

    server = serve(scenario)
    result = submit(server, template, "--wait", "-o", "name")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == f"{WORKFLOW_NAME} Succeeded at 2026-11-26T12:01:00Z"
    assert len(server.calls("GET")) == 4


@pytest.mark.parametrize(
    ("status", "body", "content_type", "first_line"),
    [
        (200, b"<html>login</html>", "text/html",
         "opctl: error: the Argo Server answered create workflow with something that is not JSON"),
        (200, b"[" * 100_000, "application/json",
         "opctl: error: the Argo Server answered create workflow with something that is not JSON"),
        (500, b"x" * 3_000_000, "text/plain", "opctl: error: Argo Server failed to create workflow (500: " + "x" * 300
         + "…)"),
    ],
    ids=["html", "deeply nested", "huge error body"],
)  # fmt: skip
def test_odd_bodies_are_clear_errors(serve, template, status, body, content_type, first_line) -> None:  # type: ignore[no-untyped-def]
    server = serve(lambda h, m, p, b: h.raw(status, body, content_type))
    result = submit(server, template)
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == first_line


def test_redirects_are_not_followed(serve, template) -> None:  # type: ignore[no-untyped-def]
    server = serve(lambda h, m, p, b: h.raw(302, b"", headers={"Location": f"https://sso.invalid/?t={SECRET}"}))
    result = submit(server, template, env={"ARGO_TOKEN": SECRET})
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == (
        "opctl: error: the Argo Server redirected create workflow to https://sso.invalid/?t=<redacted>"
    )
    assert len(server.requests) == 1


# -- token echoes -------------------------------------------------------------------------------

TOKEN_FORMS = {
    "lower-case bearer": {"ARGO_TOKEN": f"bearer {SECRET}"},
    "upper-case BEARER": {"ARGO_TOKEN": f"BEARER {SECRET}"},
    "bare token": {"ARGO_TOKEN": SECRET},
    "basic": {"ARGO_TOKEN": "Basic " + base64.b64encode(f"admin:{SECRET}".encode()).decode()},
}


def echoes(where: str) -> Callable[[FaultHandler, str, str, bytes], None]:
    """A server that echoes the Authorization header it received (and its decoded Basic credential)."""

    def echoed(h: FaultHandler) -> str:
        auth = h.authorization
        scheme, _, credential = auth.partition(" ")
        decoded = ""
        if scheme.lower() == "basic":
            decoded = base64.b64decode(credential).decode()
        return f"{auth} | {credential.lower()} | {credential.upper()} | {decoded}"

    def scenario(h: FaultHandler, method: str, path: str, body: bytes) -> None:
        text = echoed(h)
        if where == "json error":
            h.json(400, {"code": 3, "message": f"bad token {text}"})
        elif where == "cut text error":
            h.raw(500, ("y" * 290 + text + "z" * 500).encode())
        elif where == "created object":
            if is_create(method, path):
                h.json(200, created_workflow({"annotations": {"echo": text}}))
            else:
                h.stall()
        elif is_create(method, path):
            h.json(200, created_workflow())
        elif path.startswith("/api/v1/workflow-events/"):
            failed = running(message=text)
            failed["status"]["phase"] = "Failed"
            failed["status"]["message"] = text
            failed["status"]["finishedAt"] = "2026-11-26T12:01:00Z"
            node = next(iter(failed["status"]["nodes"].values()))
            node["phase"] = "Failed"
            h.start_stream()
            h.chunk(event_line(running(message=text)))
            h.chunk(event_line(failed))
            h.chunk(b"")
        elif "/log" in path:
            h.start_stream()
            entry = {"result": {"podName": f"{WORKFLOW_NAME}-echo-1", "content": f"log line {text}"}}
            h.chunk(json.dumps(entry).encode() + b"\n")
            h.chunk(b"")
        else:
            h.json(200, created_workflow())

    return scenario


ECHO_RUNS = {
    "json error": [],
    "cut text error": [],
    "created object": ["-o", "json"],
    "messages, logs and annotations": ["--watch", "--log"],
}


@pytest.mark.parametrize("where", list(ECHO_RUNS), ids=list(ECHO_RUNS))
@pytest.mark.parametrize("form", list(TOKEN_FORMS), ids=list(TOKEN_FORMS))
def test_the_token_is_never_printed(serve, template, form, where) -> None:  # type: ignore[no-untyped-def]
    server = serve(echoes(where))
    env = {**TOKEN_FORMS[form], "GITHUB_ACTIONS": "true"}
    result = submit(server, template, *ECHO_RUNS[where], "-v", env=env)
    printed = (result.stdout + result.stderr).lower()
    assert result.exit_code in (1, 3, 0)
    assert SECRET.lower() not in printed
    assert "<redacted>" in printed  # the echo was there, and was redacted
    if where == "messages, logs and annotations":
        assert "::error title=" in result.stdout
        assert "log line" in result.stdout


def test_secret_header_values_are_never_printed(serve, template) -> None:  # type: ignore[no-untyped-def]
    def scenario(h: FaultHandler, method: str, path: str, body: bytes) -> None:
        h.json(403, {"code": 7, "message": f"key {h.headers.get('X-Api-Key')} refused"})

    server = serve(scenario)
    result = CliRunner().invoke(
        cli, ["submit", template, "-H", f"X-Api-Key: {SECRET}", "-v"],
        env={"ARGO_SERVER": server.address, "ARGO_SECURE": "false"}, catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 3
    assert SECRET not in result.stdout + result.stderr
    assert "key <redacted> refused" in result.stderr


@pytest.mark.parametrize(
    ("env", "args", "message"),
    [
        ({"ARGO_TOKEN": "tökén"}, [], "opctl: error: ARGO_TOKEN contains non-ASCII characters (not shown)"),
        ({}, ["-H", "X-Api-Key: clé-secrète"],
         "opctl: error: header 'X-Api-Key': the value has non-ASCII or control characters (not shown)"),
        ({}, ["--timeout", "inf"], None),
        ({}, ["--timeout", "nan"], None),
        ({}, ["--request-timeout", "nan"], None),
    ],
    ids=["non-ASCII token", "non-ASCII header", "timeout inf", "timeout nan", "request-timeout nan"],
)  # fmt: skip
def test_bad_settings_are_usage_errors_without_a_request(serve, template, env, args, message) -> None:  # type: ignore[no-untyped-def]
    server = serve(lambda h, m, p, b: h.json(200, created_workflow()))
    result = submit(server, template, "--wait", *args, env=env)
    assert result.exit_code == 2, result.output
    if message:
        assert result.stderr.splitlines()[0] == message
    assert "clé" not in result.stderr and "tökén" not in result.stderr
    assert server.requests == []
