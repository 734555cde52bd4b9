"""Watching a workflow to its end: both stream framings, keep-alives, drops, timeouts, logs."""

from __future__ import annotations

import copy
import threading

import pytest

from opctl.argo.errors import ArgoServerError
from opctl.argo.render import task_for_pod, workflow_tree
from opctl.argo.wait import (
    ProgressEvent,
    WaitResult,
    failing_nodes,
    follow_workflow,
    format_duration,
    parse_duration,
    progress_events,
    wait_for_workflow,
)
from opctl.diagnostics import ExitCode
from tests.argo.conftest import WORKFLOW, make_client
from tests.argo.fake_argo import failure_script, pod_name, stall_script, success_script

SUCCESS_LINES = [
    "diamond-x0001: Pending",
    "diamond-x0001: Running",
    "diamond-x0001/a: Running",
    "diamond-x0001/a: Succeeded",
    "diamond-x0001/b: Running",
    "diamond-x0001/c: Running",
    "diamond-x0001/b: Succeeded",
    "diamond-x0001/c: Succeeded",
    "diamond-x0001/d: Succeeded",
    "diamond-x0001: Succeeded",
]


def run(client, name: str = "diamond-x0001", **kwargs) -> tuple[list[str], WaitResult]:  # type: ignore[no-untyped-def]
    lines: list[str] = []
    result = None
    for item in follow_workflow(client, "default", name, **kwargs):
        if isinstance(item, ProgressEvent):
            lines.append(item.line())
        else:
            result = item
    assert result is not None
    return lines, result


def create(argo, script=success_script, **client_kwargs):  # type: ignore[no-untyped-def]
    argo.script = script
    client = make_client(argo, **client_kwargs)
    client.create(copy.deepcopy(WORKFLOW))
    return client


@pytest.mark.parametrize("event_stream", [True, False], ids=["text/event-stream", "ndjson"])
def test_success_in_both_framings(argo, event_stream: bool) -> None:  # type: ignore[no-untyped-def]
    client = create(argo, event_stream=event_stream)
    lines, result = run(client)
    assert lines == SUCCESS_LINES
    assert (result.phase, result.exit_code, result.failing_nodes) == ("Succeeded", ExitCode.OK, [])
    assert result.summary() == "diamond-x0001 Succeeded at 2026-11-26T12:01:00Z"
    (watch,) = argo.calls("GET", "/workflow-events/")
    assert watch.query == {
        "listOptions.fieldSelector": "metadata.name=diamond-x0001",
        "listOptions.resourceVersion": "0",
    }
    assert watch.headers["Accept"] == ("text/event-stream" if event_stream else "application/json")


def test_failure_reports_the_failing_node(argo) -> None:  # type: ignore[no-untyped-def]
    lines, result = run(create(argo, failure_script))
    assert lines[-3:] == [
        "diamond-x0001/c: Failed (Error (exit code 1))",
        "diamond-x0001/d: Omitted",
        "diamond-x0001: Failed (child 'c' failed)",
    ]
    assert result.exit_code == ExitCode.FINDINGS
    assert result.summary() == "diamond-x0001 Failed at 2026-11-26T12:01:00Z"
    assert [n.line() for n in result.failing_nodes] == ["c (template fail): Failed: Error (exit code 1)"]


@pytest.mark.parametrize("drop", ["eof-chunk", "abrupt"])
@pytest.mark.parametrize("event_stream", [True, False], ids=["sse", "ndjson"])
def test_stream_dropped_midway_is_resumed_without_losing_or_repeating(argo, drop, event_stream) -> None:  # type: ignore[no-untyped-def]
    argo.stream.drops = [drop, drop]
    argo.stream.drop_after = 2
    lines, result = run(create(argo, event_stream=event_stream))
    assert lines == SUCCESS_LINES
    assert result.exit_code == ExitCode.OK
    assert len(argo.calls("GET", "/workflow-events/")) == 3


def test_reconnects_are_bounded(argo) -> None:  # type: ignore[no-untyped-def]
    argo.stream.drops = ["abrupt"] * 20
    argo.stream.drop_after = 1
    with pytest.raises(ArgoServerError) as info:
        run(create(argo))
    assert info.value.message.startswith("lost the stream to watch workflow diamond-x0001 after 4 attempts")
    assert info.value.exit_code == ExitCode.SERVER
    assert len(argo.calls("GET", "/workflow-events/")) == 4


def test_error_chunk_that_is_not_transient_fails_clearly(argo) -> None:  # type: ignore[no-untyped-def]
    client = create(argo)
    argo.stream.error_chunk = {
        "grpc_code": 7,
        "http_code": 403,
        "message": "forbidden: cannot watch workflows",
        "http_status": "Forbidden",
        "details": [],
    }
    with pytest.raises(ArgoServerError) as info:
        run(client)
    assert info.value.message == (
        "permission denied to watch workflow diamond-x0001 in namespace 'default' "
        "(403: forbidden: cannot watch workflows)"
    )


def test_watch_of_missing_workflow_is_a_404_line(argo) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ArgoServerError) as info:
        run(make_client(argo), "ghost")
    assert info.value.message == (
        "workflow 'ghost' not found in namespace 'default' (404: workflows.argoproj.io \"ghost\" not found)"
    )


@pytest.mark.parametrize("event_stream", [True, False], ids=["sse-keepalives", "ndjson-silent"])
def test_timeout_while_the_server_only_sends_keepalives(argo, event_stream) -> None:  # type: ignore[no-untyped-def]
    lines, result = run(create(argo, stall_script, event_stream=event_stream), timeout=0.3)
    assert lines == ["diamond-x0001: Pending", "diamond-x0001: Running", "diamond-x0001/a: Running"]
    assert (result.timed_out, result.exit_code, result.phase) == (True, ExitCode.TIMEOUT, "Running")
    assert result.summary() == "diamond-x0001 timed out after 300ms (Running)"
    assert argo.calls("PUT") == []


def test_terminate_on_timeout(argo) -> None:  # type: ignore[no-untyped-def]
    _, result = run(create(argo, stall_script), timeout=0.2, terminate_on_timeout=True)
    assert result.terminated and result.exit_code == ExitCode.TIMEOUT
    assert result.summary() == "diamond-x0001 timed out after 200ms (Running); terminated"
    (call,) = argo.calls("PUT")
    assert call.path == "/api/v1/workflows/default/diamond-x0001/terminate"


def test_deleted_workflow_ends_the_wait_as_failed(argo) -> None:  # type: ignore[no-untyped-def]
    client = create(argo, stall_script)
    timer = threading.Timer(0.2, lambda: setattr(argo.workflows[("default", "diamond-x0001")], "deleted", True))
    timer.start()
    result = wait_for_workflow(client, "default", "diamond-x0001", timeout=5)
    timer.join()
    assert (result.phase, result.exit_code) == ("Deleted", ExitCode.FINDINGS)
    assert result.summary() == "diamond-x0001 was deleted before it finished"


def test_resent_state_yields_no_events() -> None:
    states = success_script("w")
    workflow = {"metadata": {"name": "w"}, "status": states[2]}
    assert progress_events(workflow, copy.deepcopy(workflow)) == []
    assert [e.line() for e in progress_events({"metadata": {"name": "w"}, "status": states[1]}, workflow)] == [
        "w/a: Succeeded",
        "w/b: Running",
        "w/c: Running",
    ]


def test_logs_follow_prefix_and_survive_a_drop(argo) -> None:  # type: ignore[no-untyped-def]
    client = create(argo)
    scripted = argo.workflows[("default", "diamond-x0001")]
    scripted.index = len(scripted.statuses) - 1  # finished: the server ends the log stream after the lines
    argo.logs["diamond-x0001"] = [("a", "hello"), ("b", "from b"), ("c", "from c"), ("d", "done")]
    argo.stream.drops = ["abrupt"]
    argo.stream.drop_after = 2
    entries = list(client.follow_logs("default", "diamond-x0001", workflow_done=lambda: scripted.finished))
    assert [(e["podName"], e["content"]) for e in entries] == [
        (pod_name("diamond-x0001", t), line) for t, line in argo.logs["diamond-x0001"]
    ]
    first, second = argo.calls("GET", "/log$")
    assert first.query["logOptions.timestamps"] == "true"
    workflow = scripted.current()
    assert [task_for_pod(workflow, e["podName"]) for e in entries] == ["a", "b", "c", "d"]
    assert task_for_pod(workflow, "diamond-x0001-11") == "a"  # POD_NAMES=v1: the pod is the node id
    assert task_for_pod(workflow, "other-pod") is None


def test_live_tree_render() -> None:
    from rich.console import Console

    workflow = {"metadata": {"name": "w"}, "status": failure_script("w")[-1]}
    console = Console(record=True, width=80, color_system=None)
    console.print(workflow_tree(workflow))
    assert console.export_text().splitlines() == [
        "✖ w Failed: child 'c' failed",
        "└── ✔ a (echo) Succeeded  5s  w-echo-11",
        "    ├── ✔ b (echo) Succeeded  5s  w-echo-22",
        "    │   └── ⊘ d (echo) Omitted",
        "    └── ✖ c (fail) Failed: Error (exit code 1)  5s  w-fail-33",
    ]


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30), ("5m", 300), ("1h30m", 5400), ("250ms", 0.25), ("90", 90), ("1.5h", 5400)]
)
def test_parse_duration(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "5x", "m5", "-1s", "0s", "5 m", "inf", "nan", "-inf", "1e400", "9000h"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


def test_format_duration() -> None:
    assert [format_duration(s) for s in (0.25, 30, 300, 5400, 3600)] == ["250ms", "30s", "5m", "1h30m", "1h"]


def test_failing_nodes_without_pods_blame_the_innermost_failed_node() -> None:
    workflow = {
        "metadata": {"name": "w"},
        "status": {
            "phase": "Error",
            "nodes": {
                "w": {"id": "w", "displayName": "w", "type": "DAG", "phase": "Error", "children": ["w-1"]},
                "w-1": {
                    "id": "w-1",
                    "displayName": "inner",
                    "type": "DAG",
                    "templateName": "sub",
                    "phase": "Error",
                    "message": "invalid spec: templates.sub.tasks.x template 'y' not found",
                    "children": [],
                },
            },
        },
    }
    assert [n.line() for n in failing_nodes(workflow)] == [
        "inner (template sub): Error: invalid spec: templates.sub.tasks.x template 'y' not found"
    ]
