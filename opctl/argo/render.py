"""Presenting a running workflow as ``argo get``/``argo watch`` do: a header (phase, started, duration,
progress done/total), the node tree (phase, duration, pod name, message, template when it differs),
one-line forms for CI logs, and task names for log lines."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from opctl.argo.wait import (
    FAILED_PHASES,
    TERMINAL_PHASES,
    ProgressEvent,
    format_duration,
    name_of,
    nodes_of,
    phase_of,
    status_of,
)

DONE_PHASES = TERMINAL_PHASES | {"Skipped", "Omitted"}


def parse_time(value: Any) -> datetime | None:
    """An RFC 3339 time of the Kubernetes API (``2026-11-26T12:00:01Z``), or None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def duration_of(item: dict[str, Any], now: datetime | None = None) -> str | None:
    """How long a workflow status or node ran: startedAt to finishedAt, or to ``now`` while running."""
    started = parse_time(item.get("startedAt"))
    if started is None:
        return None
    finished = parse_time(item.get("finishedAt")) or now or datetime.now(UTC)
    return format_duration(max(0.0, (finished - started).total_seconds()))


def progress_of(workflow: dict[str, Any]) -> str:
    """``done/total`` over the pods, as Argo's ``status.progress`` (computed when the server has none)."""
    given = status_of(workflow).get("progress")
    if isinstance(given, str) and given:
        return given
    pods = [n for n in nodes_of(workflow).values() if n.get("type") == "Pod"]
    done = sum(1 for n in pods if n.get("phase") in DONE_PHASES)
    return f"{done}/{len(pods)}"


def pod_name_of(workflow_name: str, node_id: str, node: dict[str, Any]) -> str | None:
    """The pod of a Pod node: Argo's v2 name ``<workflow>-<template>-<hash>`` when the node id ends in the
    hash (the default since 3.2), else the node id (POD_NAMES=v1)."""
    if node.get("type") != "Pod":
        return None
    template = node.get("templateName")
    prefix = f"{workflow_name}-"
    if template and node_id.startswith(prefix) and node_id[len(prefix) :].isdigit():
        return f"{workflow_name}-{template}-{node_id[len(prefix):]}"
    return node_id


def header_rows(workflow: dict[str, Any], now: datetime | None = None) -> list[tuple[str, str]]:
    """``argo get``'s header: name, namespace, phase (and message), started, duration, progress."""
    status = status_of(workflow)
    meta = workflow.get("metadata") or {}
    rows = [("Name:", name_of(workflow)), ("Namespace:", str(meta.get("namespace") or ""))]
    rows.append(("Status:", phase_of(workflow)))
    if status.get("message"):
        rows.append(("Message:", str(status["message"])))
    if status.get("startedAt"):
        rows.append(("Started:", str(status["startedAt"])))
    if status.get("finishedAt"):
        rows.append(("Finished:", str(status["finishedAt"])))
    duration = duration_of(status, now)
    if duration:
        rows.append(("Duration:", duration))
    rows.append(("Progress:", progress_of(workflow)))
    return [(label, value) for label, value in rows if value]


def node_details(workflow_name: str, node_id: str, node: dict[str, Any], now: datetime | None = None) -> list[str]:
    """The facts after a node's phase and message: duration and pod name, for pods that ran."""
    details: list[str] = []
    if node.get("phase") not in ("Running", *TERMINAL_PHASES):
        return details
    duration = duration_of(node, now)
    if duration and node.get("type") == "Pod":
        details.append(duration)
    pod = pod_name_of(workflow_name, node_id, node)
    if pod:
        details.append(pod)
    return details

_PHASE_STYLE = {
    "Succeeded": ("✔", "green"),
    "Failed": ("✖", "red"),
    "Error": ("✖", "red"),
    "Running": ("●", "yellow"),
    "Pending": ("○", "dim"),
    "Skipped": ("⊘", "dim"),
    "Omitted": ("⊘", "dim"),
}


def _label(name: str, phase: str, message: str | None, template: str | None, details: Sequence[str] = ()) -> Any:
    from rich.text import Text

    icon, style = _PHASE_STYLE.get(phase, ("?", ""))
    text = Text()
    text.append(f"{icon} ", style=style)
    text.append(name, style="bold")
    if template and template != name:
        text.append(f" ({template})", style="dim")
    text.append(f" {phase}", style=style)
    if message and phase in FAILED_PHASES:
        text.append(f": {message}", style="red")
    if details:
        text.append(f"  {'  '.join(details)}", style="dim")
    return text


def workflow_view(workflow: dict[str, Any], now: datetime | None = None) -> Any:
    """The live view: the header, then the node tree."""
    from rich.console import Group
    from rich.text import Text

    header = Text("\n".join(f"{label:<20} {value}" for label, value in header_rows(workflow, now)))
    return Group(header, Text(""), workflow_tree(workflow, now))


def workflow_tree(workflow: dict[str, Any], now: datetime | None = None) -> Any:
    """A rich Tree of the workflow's nodes, following ``children`` from the root node."""
    from rich.tree import Tree

    name = name_of(workflow)
    nodes = nodes_of(workflow)
    tree = Tree(_label(name, phase_of(workflow), status_of(workflow).get("message"), None))
    seen: set[str] = {name}

    def add(parent: Any, node_id: str) -> None:
        node = nodes.get(node_id)
        if node is None or node_id in seen:
            return
        seen.add(node_id)
        branch = parent.add(
            _label(
                str(node.get("displayName") or node_id),
                str(node.get("phase") or "Pending"),
                node.get("message"),
                node.get("templateName"),
                node_details(name, node_id, node, now),
            )
        )
        for child in node.get("children") or []:
            add(branch, child)

    root = nodes.get(name)
    for child in (root or {}).get("children") or []:
        add(tree, child)
    # Nodes not reachable from the root (e.g. onExit handlers) still show up.
    for node_id in sorted(nodes, key=lambda k: str(nodes[k].get("startedAt") or "~")):
        if node_id not in seen:
            add(tree, node_id)
    return tree


def task_for_pod(workflow: dict[str, Any] | None, pod_name: str) -> str | None:
    """The DAG task (node display name) a pod belongs to.

    Argo names pods either by node id (POD_NAMES=v1) or ``<workflow>-<template>-<hash>`` with the same
    hash that ends the node id (v2, the default since 3.2).
    """
    if not workflow or not pod_name:
        return None
    nodes = nodes_of(workflow)
    node = nodes.get(pod_name)
    if node is not None:
        return str(node.get("displayName") or pod_name)
    name = name_of(workflow)
    suffix = pod_name.rsplit("-", 1)[-1]
    for node_id, node in nodes.items():
        if (
            node.get("type") == "Pod"
            and node_id.rsplit("-", 1)[-1] == suffix
            and pod_name.startswith(f"{name}-")
        ):
            return str(node.get("displayName") or node_id)
    return None


def plain_line(event: ProgressEvent, workflow: dict[str, Any] | None) -> str | None:
    """One line for CI logs, or None when the change is not news: a task becoming Pending (a big DAG
    printed one such line per task at start). Running tasks name their pod; finished ones their
    duration and the workflow's progress."""
    if event.node is not None and event.phase == "Pending":
        return None
    line = event.line()
    node = nodes_of(workflow).get(event.node_id or "") if workflow and event.node_id else None
    if node is None:
        return line
    extra = []
    if event.phase == "Running":
        pod = pod_name_of(event.workflow, event.node_id or "", node)
        if pod:
            extra.append(f"pod {pod}")
    elif event.phase in DONE_PHASES:
        duration = duration_of(node)
        if duration and node.get("type") == "Pod":
            extra.append(duration)
        extra.append(progress_of(workflow or {}))
    return f"{line} [{', '.join(extra)}]" if extra else line


def workflow_text(workflow: dict[str, Any], now: datetime | None = None) -> str:
    """``opctl get``'s plain text: the header, the node tree, and for a failure its failing nodes."""
    from io import StringIO

    from rich.console import Console

    out = StringIO()
    console = Console(file=out, width=200, color_system=None, soft_wrap=True)
    console.print(workflow_view(workflow, now))
    return out.getvalue().rstrip("\n")


def task_pods(workflow: dict[str, Any], task: str) -> set[str]:
    """The pods of a DAG task (its retries and loop items: ``task(0:x)``); a usage error naming the
    tasks that exist when there is none."""
    from opctl.diagnostics import ExitCode, OpctlError

    name = name_of(workflow)
    pods: set[str] = set()
    tasks: set[str] = set()
    for node_id, node in nodes_of(workflow).items():
        pod = pod_name_of(name, node_id, node)
        if pod is None:
            continue
        label = str(node.get("displayName") or node_id)
        tasks.add(label.split("(", 1)[0])
        if label == task or label.startswith(f"{task}(") or pod == task:
            pods.add(pod)
    if not pods:
        known = ", ".join(sorted(tasks)) or "none has started a pod yet"
        raise OpctlError(
            f"workflow {name} has no task {task!r} with a pod",
            exit_code=ExitCode.USAGE,
            hint=f"tasks with pods: {known}",
        )
    return pods


def workflow_table(workflows: list[dict[str, Any]], *, wide: bool = False, now: datetime | None = None) -> str:
    """``opctl list``: NAME, STATUS, AGE, DURATION, PROGRESS (and MESSAGE when wide), as ``argo list``."""
    now = now or datetime.now(UTC)
    header = ["NAME", "STATUS", "AGE", "DURATION", "PROGRESS"] + (["MESSAGE"] if wide else [])
    rows = [header]
    for workflow in workflows:
        status = status_of(workflow)
        created = parse_time((workflow.get("metadata") or {}).get("creationTimestamp"))
        age = format_duration(max(0.0, (now - created).total_seconds())) if created else ""
        row = [name_of(workflow), phase_of(workflow), age, duration_of(status, now) or "", progress_of(workflow)]
        if wide:
            row.append(" ".join(str(status.get("message") or "").split()))
        rows.append(row)
    if len(rows) == 1:
        return ""
    widths = [max(len(r[i]) for r in rows) for i in range(len(header) - (1 if wide else 0))]
    lines = []
    for row in rows:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[: len(widths)])] + row[len(widths) :]
        lines.append("   ".join(cells).rstrip())
    return "\n".join(lines)
