"""Follow a workflow to its end: phase-change events, the final outcome and its exit code.

The watch stream runs in a daemon thread feeding a queue, so the deadline (``--timeout``) holds
even when the server is silent. States, not events, are compared: after a reconnect the server
re-sends the current object and only real changes come out as events.
"""

from __future__ import annotations

import math
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from opctl.diagnostics import ExitCode

TERMINAL_PHASES = frozenset({"Succeeded", "Failed", "Error"})
FAILED_PHASES = frozenset({"Failed", "Error"})


class WorkflowSource(Protocol):
    """What the wait loop needs of a client (``ArgoClient`` has it)."""

    def watch_workflow(self, namespace: str, name: str) -> Iterator[dict[str, Any]]: ...

    def terminate_workflow(self, namespace: str, name: str) -> dict[str, Any]: ...


@dataclass(frozen=True)
class ProgressEvent:
    """A change seen on the workflow: its own phase (``node`` is None) or a node's phase."""

    workflow: str
    phase: str
    message: str | None = None
    node: str | None = None  # display name (the DAG task name)
    node_id: str | None = None
    node_type: str | None = None
    template: str | None = None

    def line(self) -> str:
        """One plain line for CI logs."""
        subject = self.workflow if self.node is None else f"{self.workflow}/{self.node}"
        text = f"{subject}: {self.phase}"
        if self.message:
            text += f" ({self.message})"
        return text


@dataclass(frozen=True)
class FailedNode:
    name: str
    phase: str
    message: str | None
    template: str | None
    node_type: str | None
    node_id: str

    def line(self) -> str:
        where = f"{self.name} (template {self.template})" if self.template else self.name
        return f"{where}: {self.phase}" + (f": {self.message}" if self.message else "")


@dataclass
class WaitResult:
    name: str
    namespace: str
    phase: str  # Succeeded|Failed|Error, "Deleted", or the last phase seen on timeout
    exit_code: ExitCode
    finished_at: str | None = None
    message: str | None = None
    timed_out: bool = False
    timeout: float | None = None
    terminated: bool = False
    terminate_error: str | None = None
    failing_nodes: list[FailedNode] = field(default_factory=list)
    workflow: dict[str, Any] | None = None

    def summary(self) -> str:
        """argo's ``<name> <Phase> at <finishedAt>`` line, or what happened instead."""
        if self.timed_out:
            text = f"{self.name} timed out after {format_timeout(self.timeout or 0)} ({self.phase})"
            if self.terminated:
                text += "; terminated"
            return text
        if self.phase == "Deleted":
            return f"{self.name} was deleted before it finished"
        text = f"{self.name} {self.phase}"
        if self.finished_at:
            text += f" at {self.finished_at}"
        return text


def status_of(workflow: dict[str, Any]) -> dict[str, Any]:
    status = workflow.get("status")
    return status if isinstance(status, dict) else {}


def phase_of(workflow: dict[str, Any]) -> str:
    return str(status_of(workflow).get("phase") or "Pending")


def is_finished(workflow: dict[str, Any]) -> bool:
    # The argo CLI's test: finishedAt is set. A terminal phase alone also ends the wait.
    status = status_of(workflow)
    return bool(status.get("finishedAt")) or status.get("phase") in TERMINAL_PHASES


def nodes_of(workflow: dict[str, Any]) -> dict[str, dict[str, Any]]:
    nodes = status_of(workflow).get("nodes")
    if not isinstance(nodes, dict):
        return {}
    return {k: v for k, v in nodes.items() if isinstance(v, dict)}


def name_of(workflow: dict[str, Any]) -> str:
    return str((workflow.get("metadata") or {}).get("name") or "")


def _node_label(node_id: str, node: dict[str, Any]) -> str:
    return str(node.get("displayName") or node.get("name") or node_id)


def _node_order(item: tuple[str, dict[str, Any]]) -> tuple[str, str, str]:
    node_id, node = item
    return (str(node.get("startedAt") or "~"), str(node.get("displayName") or ""), node_id)


def progress_events(previous: dict[str, Any] | None, current: dict[str, Any]) -> list[ProgressEvent]:
    """The changes from ``previous`` to ``current``: workflow phase first, then nodes by start time.

    The root node (its id is the workflow name) is skipped: the workflow line covers it.
    """
    name = name_of(current)
    events: list[ProgressEvent] = []
    old_phase = phase_of(previous) if previous is not None else None
    new_phase = phase_of(current)
    old_nodes = nodes_of(previous) if previous is not None else {}
    for node_id, node in sorted(nodes_of(current).items(), key=_node_order):
        if node_id == name:
            continue
        phase = str(node.get("phase") or "Pending")
        before = old_nodes.get(node_id)
        if before is not None and str(before.get("phase") or "Pending") == phase:
            continue
        events.append(
            ProgressEvent(
                workflow=name,
                phase=phase,
                message=(node.get("message") or None) if phase in FAILED_PHASES else None,
                node=_node_label(node_id, node),
                node_id=node_id,
                node_type=node.get("type"),
                template=node.get("templateName"),
            )
        )
    workflow_events: list[ProgressEvent] = []
    if new_phase != old_phase:
        message = status_of(current).get("message") if new_phase in FAILED_PHASES else None
        workflow_events.append(ProgressEvent(workflow=name, phase=new_phase, message=message or None))
    # A finished workflow's own line comes after its nodes' last changes.
    if new_phase in TERMINAL_PHASES:
        return events + workflow_events
    return workflow_events + events


def failing_nodes(workflow: dict[str, Any]) -> list[FailedNode]:
    """The root causes: failed pods, else failed nodes without a failed child; never the root node.

    A DAG node's ``children`` are only its first tasks, so "no failed child" alone would blame the DAG.
    """
    nodes = nodes_of(workflow)
    root = name_of(workflow)
    failed = {k: v for k, v in nodes.items() if v.get("phase") in FAILED_PHASES and k != root}
    pods = {k: v for k, v in failed.items() if v.get("type") == "Pod"}
    if pods:
        failed = pods
    result = []
    for node_id, node in sorted(failed.items(), key=_node_order):
        children = node.get("children") or []
        if not pods and any(child in failed for child in children):
            continue
        result.append(
            FailedNode(
                name=_node_label(node_id, node),
                phase=str(node.get("phase")),
                message=node.get("message") or None,
                template=node.get("templateName"),
                node_type=node.get("type"),
                node_id=node_id,
            )
        )
    return result


def exit_code_for(phase: str) -> ExitCode:
    if phase == "Succeeded":
        return ExitCode.OK
    return ExitCode.FINDINGS


def _pump(source: WorkflowSource, namespace: str, name: str, out: queue.Queue, stop: threading.Event) -> None:
    try:
        for event in source.watch_workflow(namespace, name):
            if stop.is_set():
                return
            out.put(("event", event))
        out.put(("end", None))
    except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
        out.put(("error", exc))


def follow_workflow(
    source: WorkflowSource,
    namespace: str,
    name: str,
    *,
    timeout: float | None = None,
    terminate_on_timeout: bool = False,
    clock: Callable[[], float] = time.monotonic,
    on_update: Callable[[dict[str, Any]], None] | None = None,
) -> Iterator[ProgressEvent | WaitResult]:
    """Yield ``ProgressEvent``s as the workflow changes, then one final ``WaitResult``.

    Raises ``ArgoServerError`` (exit 3) when the watch fails for good. ``on_update`` sees every new
    workflow object (the live tree and the log prefixer use it).
    """
    deadline = None if timeout is None else clock() + timeout
    events: queue.Queue = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(
        target=_pump, args=(source, namespace, name, events, stop), name=f"watch-{name}", daemon=True
    )
    thread.start()
    last: dict[str, Any] | None = None
    try:
        while True:
            remaining = None if deadline is None else max(0.0, deadline - clock())
            try:
                kind, payload = events.get(timeout=remaining)
            except queue.Empty:
                yield _timed_out(source, namespace, name, last, timeout, terminate=terminate_on_timeout)
                return
            if kind == "error":
                raise payload
            if kind == "end":
                from opctl.argo.errors import ArgoServerError

                raise ArgoServerError(f"the watch of workflow {name} ended before the workflow finished")
            event_type = payload.get("type")
            workflow = payload.get("object")
            if event_type == "DELETED":
                yield WaitResult(
                    name=name,
                    namespace=namespace,
                    phase="Deleted",
                    exit_code=ExitCode.FINDINGS,
                    workflow=last,
                )
                return
            if not isinstance(workflow, dict) or name_of(workflow) not in ("", name):
                continue
            if on_update is not None:
                on_update(workflow)
            yield from progress_events(last, workflow)
            last = workflow
            if is_finished(workflow):
                yield _finished(workflow, namespace, name)
                return
    finally:
        stop.set()


def _timed_out(
    source: WorkflowSource,
    namespace: str,
    name: str,
    last: dict[str, Any] | None,
    timeout: float | None,
    *,
    terminate: bool,
) -> WaitResult:
    result = WaitResult(
        name=name,
        namespace=namespace,
        phase=phase_of(last) if last else "Pending",
        exit_code=ExitCode.TIMEOUT,
        timed_out=True,
        timeout=timeout,
        workflow=last,
    )
    if terminate:
        from opctl.argo.errors import ArgoServerError

        try:
            source.terminate_workflow(namespace, name)
            result.terminated = True
        except ArgoServerError as err:
            result.terminate_error = err.message
    return result


def _finished(workflow: dict[str, Any], namespace: str, name: str) -> WaitResult:
    phase = phase_of(workflow)
    return WaitResult(
        name=name,
        namespace=namespace,
        phase=phase,
        exit_code=exit_code_for(phase),
        finished_at=status_of(workflow).get("finishedAt"),
        message=status_of(workflow).get("message") or None,
        failing_nodes=failing_nodes(workflow) if phase != "Succeeded" else [],
        workflow=workflow,
    )


def wait_for_workflow(
    source: WorkflowSource,
    namespace: str,
    name: str,
    *,
    timeout: float | None = None,
    terminate_on_timeout: bool = False,
    on_event: Callable[[ProgressEvent], None] | None = None,
) -> WaitResult:
    """Block until the workflow finishes (or the timeout); the convenience form of ``follow_workflow``."""
    for item in follow_workflow(
        source, namespace, name, timeout=timeout, terminate_on_timeout=terminate_on_timeout
    ):
        if isinstance(item, WaitResult):
            return item
        if on_event is not None:
            on_event(item)
    raise AssertionError("follow_workflow ended without a result")  # pragma: no cover


def format_timeout(seconds: float) -> str:
    """A limit as the user gave it: ``1.5s`` stays 1.5s (``format_duration`` rounds to whole seconds)."""
    if 1 <= seconds < 60 and seconds != int(seconds):
        return f"{seconds:g}s"
    return format_duration(seconds)


def format_duration(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f}ms"
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours}h")
    if minutes:
        parts.append(f"{minutes}m")
    if secs or not parts:
        parts.append(f"{secs}s")
    return "".join(parts)


_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}
MAX_DURATION = 366 * 24 * 3600.0  # a year: longer waits overflow timers and are mistakes anyway


def parse_duration(text: str) -> float:
    """Go-style durations (``30s``, ``5m``, ``1h30m``, ``250ms``); a bare number is seconds."""
    import re

    value = text.strip()
    if not value:
        raise ValueError("empty duration")
    try:
        seconds = float(value)
    except ValueError:
        parts = re.findall(r"(\d+(?:\.\d+)?)(ms|s|m|h)", value)
        if not parts or "".join(n + u for n, u in parts) != value:
            raise ValueError(f"{text!r} is not a duration like 30s, 5m, 1h30m") from None
        seconds = sum(float(n) * _UNITS[u] for n, u in parts)
    if math.isnan(seconds) or seconds <= 0:
        raise ValueError(f"{text!r}: the duration must be a positive number of seconds")
    if seconds > MAX_DURATION:
        raise ValueError(f"{text!r}: the duration must be at most a year (8784h)")
    return seconds
