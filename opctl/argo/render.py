"""Presenting a running workflow: a live rich tree (TTY), and task names for log lines."""

from __future__ import annotations

from typing import Any

from opctl.argo.wait import name_of, nodes_of, phase_of, status_of

_PHASE_STYLE = {
    "Succeeded": ("✔", "green"),
    "Failed": ("✖", "red"),
    "Error": ("✖", "red"),
    "Running": ("●", "yellow"),
    "Pending": ("○", "dim"),
    "Skipped": ("⊘", "dim"),
    "Omitted": ("⊘", "dim"),
}


def _label(name: str, phase: str, message: str | None, template: str | None) -> Any:
    from rich.text import Text

    icon, style = _PHASE_STYLE.get(phase, ("?", ""))
    text = Text()
    text.append(f"{icon} ", style=style)
    text.append(name, style="bold")
    if template and template != name:
        text.append(f" ({template})", style="dim")
    text.append(f" {phase}", style=style)
    if message and phase in ("Failed", "Error"):
        text.append(f": {message}", style="red")
    return text


def workflow_tree(workflow: dict[str, Any]) -> Any:
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
