"""opctl get / watch / logs / terminate / list against the fake Argo Server."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result

from opctl.cli import cli
from tests.argo.conftest import WORKFLOW, make_client
from tests.argo.fake_argo import FakeArgoServer, failure_script


def run(server: FakeArgoServer, *args: str, env: dict[str, str] | None = None) -> Result:
    base = {"ARGO_SERVER": server.address, "ARGO_SECURE": "false", **(env or {})}
    return CliRunner().invoke(cli, list(args), env=base, catch_exceptions=False)


def created(argo: FakeArgoServer, *, finished: bool = False, labels: dict[str, str] | None = None) -> str:
    manifest = json.loads(json.dumps(WORKFLOW))
    if labels:
        manifest["metadata"]["labels"] = labels
    name = make_client(argo).create(manifest)["metadata"]["name"]
    if finished:
        scripted = argo.workflows[("default", name)]
        scripted.index = len(scripted.statuses) - 1
    return name


def test_get_shows_header_tree_and_failing_nodes(argo) -> None:  # type: ignore[no-untyped-def]
    argo.script = failure_script
    name = created(argo, finished=True)
    result = run(argo, "get", name)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:8] == [
        f"Name:                {name}",
        "Namespace:           default",
        "Status:              Failed",
        "Message:             child 'c' failed",
        "Started:             2026-11-26T12:00:01Z",
        "Finished:            2026-11-26T12:01:00Z",
        "Duration:            59s",
        "Progress:            4/4",
    ]
    assert f"    └── ✖ c (fail) Failed: Error (exit code 1)  5s  {name}-fail-33" in lines


@pytest.mark.parametrize("fmt", ["json", "yaml", "name"])
def test_get_machine_formats(argo, fmt) -> None:  # type: ignore[no-untyped-def]
    name = created(argo)
    result = run(argo, "get", name, "-o", fmt)
    assert result.exit_code == 0
    if fmt == "json":
        assert json.loads(result.stdout)["metadata"]["name"] == name
    elif fmt == "name":
        assert result.stdout == f"{name}\n"
    else:
        assert f"  name: {name}" in result.stdout


def test_get_of_a_missing_workflow_exits_3(argo) -> None:  # type: ignore[no-untyped-def]
    result = run(argo, "get", "nope")
    assert result.exit_code == 3
    assert result.stderr.startswith("opctl: error: workflow 'nope' not found in namespace 'default'")


def test_watch_exit_code_follows_the_final_phase(argo) -> None:  # type: ignore[no-untyped-def]
    argo.script = failure_script
    name = created(argo)
    result = run(argo, "watch", name)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert f"{name}/a: Running [pod {name}-echo-11]" in lines
    assert f"{name}/c: Failed (Error (exit code 1)) [5s, 4/4]" in lines
    assert lines[-1] == f"    opctl logs {name} -n default --task c"


def test_watch_success_exits_0(argo) -> None:  # type: ignore[no-untyped-def]
    name = created(argo)
    result = run(argo, "watch", name)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == f"{name} Succeeded at 2026-11-26T12:01:00Z"


def test_watch_timeout_exits_4(argo) -> None:  # type: ignore[no-untyped-def]
    from tests.argo.fake_argo import stall_script

    argo.script = stall_script
    name = created(argo)
    result = run(argo, "watch", name, "--timeout", "300ms", "--terminate-on-timeout")
    assert result.exit_code == 4
    assert result.stdout.splitlines()[-1] == f"{name} timed out after 300ms (Running); terminated"
    assert len(argo.calls("PUT", "/terminate$")) == 1


def test_logs_prefix_each_line_with_its_task_and_filter_by_task(argo) -> None:  # type: ignore[no-untyped-def]
    name = created(argo, finished=True)
    argo.logs[name] = [("a", "hello from a"), ("b", "hello from b")]
    result = run(argo, "logs", name)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["a: hello from a", "b: hello from b"]
    result = run(argo, "logs", name, "--task", "b")
    assert result.stdout.splitlines() == ["hello from b"]
    (call,) = [c for c in argo.calls("GET", "/log$") if "podName" in c.query]
    assert call.query["podName"] == f"{name}-echo-22"


def test_logs_follow_until_the_workflow_ends(argo) -> None:  # type: ignore[no-untyped-def]
    name = created(argo)
    argo.logs[name] = [("a", "one"), ("d", "two")]
    watcher = make_client(argo)
    for _ in watcher.watch_workflow("default", name):  # let the scripted workflow run to its end
        if argo.workflows[("default", name)].finished:
            break
    watcher.close()
    result = run(argo, "logs", name, "--follow")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["a: one", "d: two"]


def test_logs_of_an_unknown_task_is_a_usage_error(argo) -> None:  # type: ignore[no-untyped-def]
    name = created(argo, finished=True)
    result = run(argo, "logs", name, "--task", "zz")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"opctl: error: workflow {name} has no task 'zz' with a pod",
        "  hint: tasks with pods: a, b, c, d",
    ]


def test_terminate(argo) -> None:  # type: ignore[no-untyped-def]
    name = created(argo)
    result = run(argo, "terminate", name)
    assert result.exit_code == 0
    assert result.stdout == f"workflow {name} terminated\n"
    assert len(argo.calls("PUT", "/terminate$")) == 1


def test_list_newest_first_with_phase_and_duration(argo) -> None:  # type: ignore[no-untyped-def]
    first = created(argo, finished=True, labels={"team": "ml"})
    second = created(argo)
    result = run(argo, "list")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["NAME", "STATUS", "AGE", "DURATION", "PROGRESS"]
    assert {line.split()[0] for line in lines[1:]} == {first, second}
    row = next(line.split() for line in lines[1:] if line.startswith(first))
    assert row[1] == "Succeeded" and row[3] == "59s" and row[4] == "4/4"
    result = run(argo, "list", "-l", "team=ml", "-o", "name")
    assert result.stdout == f"{first}\n"


def test_list_reads_argo_namespace_and_says_when_empty(argo) -> None:  # type: ignore[no-untyped-def]
    result = run(argo, "list", env={"ARGO_NAMESPACE": "ci"})
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "no workflows in namespace ci\n"


def test_every_workflow_command_redacts_server_echoes(argo) -> None:  # type: ignore[no-untyped-def]
    token = "Zq7tok3nV4lue9xPk2"
    argo.answer("GET", "/workflows/default/w$", 404, {"code": 5, "message": f"no w for bearer {token}"})
    result = run(argo, "get", "w", env={"ARGO_TOKEN": f"bearer {token}"})
    assert result.exit_code == 3
    assert token not in result.stdout + result.stderr
