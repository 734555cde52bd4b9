"""The picture of a DAG template: nodes, labelled edges, nested DAGs as subgraphs.

Built from the project's DAG model (opctl.lint.graph: the ``depends`` parser and ``DagGraph``), in
document order so every renderer's output is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from opctl.lint.graph import DagGraph, DependsRef
from opctl.model import TemplateRef, as_dict, scalar_text, templates_by_name

MAX_NESTING = 8  # nested DAGs drawn as subgraphs; deeper (or recursive) calls are drawn as plain tasks


@dataclass
class GraphNode:
    """A box: a task (``kind`` task or loop), an exit handler or a lifecycle hook.

    ``path`` is the name a simulation gives the node (``outer.inner``, ``train.onExit``).
    """

    id: str
    name: str
    path: str
    kind: str  # task, loop, exit, hook
    template: str | None = None
    when: str | None = None
    loop: str | None = None
    subgraph: str | None = None  # id of the enclosing subgraph (None: top level)
    calls: str | None = None  # id of the subgraph drawing the DAG this task calls
    layer: int = 0

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "name": self.name, "path": self.path, "kind": self.kind}
        for key in ("template", "when", "loop", "subgraph", "calls"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


@dataclass
class GraphEdge:
    source: str
    target: str
    kind: str  # depends, calls, exit, hook
    label: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"from": self.source, "to": self.target, "kind": self.kind}
        if self.label is not None:
            data["label"] = self.label
        return data


@dataclass
class Subgraph:
    id: str
    label: str
    parent: str | None
    path: str


@dataclass
class Graph:
    """A DAG template as a picture: ``nodes`` and ``edges`` in document order."""

    template: str
    nodes: list[GraphNode] = field(default_factory=list)
    edges: list[GraphEdge] = field(default_factory=list)
    subgraphs: list[Subgraph] = field(default_factory=list)
    workflow_exit: GraphNode | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "template": self.template,
            "nodes": [node.to_json() for node in self.nodes],
            "edges": [edge.to_json() for edge in self.edges],
            "subgraphs": [{"id": s.id, "label": s.label, "parent": s.parent, "path": s.path} for s in self.subgraphs],
        }


class GraphError(Exception):
    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def depends_label(text: str, refs: list[DependsRef], dependency: str) -> str | None:
    """The condition a ``depends`` puts on one dependency, or None when it is plain success.

    ``A && (C.Succeeded || C.Failed)`` gives ``C.Succeeded || C.Failed`` for C and None for A.
    """
    mine = [ref for ref in refs if ref.task == dependency]
    if not mine:
        return None
    negated = [text[: ref.offset].rstrip().endswith("!") for ref in mine]
    if all(ref.result in (None, "Succeeded") for ref in mine) and not any(negated):
        return None
    start = min(ref.offset for ref in mine)
    if negated[0]:
        start = text.rfind("!", 0, mine[0].offset)
    end = max(ref.end for ref in mine)
    span = text[start:end]
    others = [ref for ref in refs if ref.task != dependency and start <= ref.offset < end]
    if not others and span.count("(") == span.count(")"):
        return " ".join(span.split())
    return ", ".join(("!" if neg else "") + text[ref.offset : ref.end] for ref, neg in zip(mine, negated, strict=True))


class _Builder:
    def __init__(self, spec: dict[str, Any], spec_pointer: str) -> None:
        self.spec = spec
        self.templates = templates_by_name(spec, spec_pointer)
        self.count = 0
        self.sub_count = 0

    def new_id(self) -> str:
        self.count += 1
        return f"n{self.count - 1}"

    def add_dag(
        self, graph: Graph, template: TemplateRef, prefix: str, subgraph: str | None, depth: int, stack: tuple[str, ...]
    ) -> list[str]:
        """Add the tasks of ``template``; returns the ids of its root tasks."""
        dag = DagGraph(template)
        ids: dict[str, str] = {}
        layers: dict[str, int] = {}
        order = dag.topological_order() or list(dag.tasks)
        for name in order:
            layers[name] = 1 + max((layers.get(d, 0) for d in dag.dependencies(name)), default=-1)
        roots: list[str] = []
        for name, entry in dag.tasks.items():
            data = entry.data
            node_id = self.new_id()
            ids[name] = node_id
            path = f"{prefix}.{name}" if prefix else name
            template_name = data.get("template") if isinstance(data.get("template"), str) else None
            if template_name is None and isinstance(data.get("templateRef"), dict):
                ref = as_dict(data.get("templateRef"))
                template_name = f"{ref.get('name')}/{ref.get('template')}"
            loop = _loop_text(data)
            when = scalar_text(data.get("when")) if data.get("when") is not None else None
            node = GraphNode(
                node_id, name, path, "loop" if loop else "task", template_name, when or None, loop, subgraph
            )
            node.layer = layers.get(name, 0)
            graph.nodes.append(node)
            if not dag.dependencies(name):
                roots.append(node_id)
            called = self.templates.get(template_name) if template_name in self.templates else None
            if (
                called is not None
                and isinstance(called.data.get("dag"), dict)
                and depth < MAX_NESTING
                and called.name not in stack
            ):
                self.sub_count += 1
                sub_id = f"s{self.sub_count - 1}"
                node.calls = sub_id
                graph.subgraphs.append(Subgraph(sub_id, f"{name}: DAG {called.name}", subgraph, path))
                inner_roots = self.add_dag(graph, called, path, sub_id, depth + 1, (*stack, str(called.name)))
                for root in inner_roots:
                    graph.edges.append(GraphEdge(node_id, root, "calls"))
            self.add_handlers(graph, data, node_id, path, subgraph)
        for name, entry in dag.tasks.items():
            continue_on = {}
            for dependency in dag.dependencies(name):
                label: str | None = None
                if entry.depends is not None:
                    label = depends_label(entry.depends.text, list(entry.depends.refs), dependency)
                else:
                    continue_on = as_dict(as_dict(dag.tasks[dependency].data).get("continueOn"))
                    allowed = [k for k in ("failed", "error") if continue_on.get(k) is True]
                    if allowed:
                        label = "continueOn " + "/".join(allowed)
                graph.edges.append(GraphEdge(ids[dependency], ids[name], "depends", label))
        return roots

    def add_handlers(self, graph: Graph, data: dict[str, Any], node_id: str, path: str, subgraph: str | None) -> None:
        hooks = as_dict(data.get("hooks"))
        exit_template = data.get("onExit") if isinstance(data.get("onExit"), str) else None
        if exit_template is None and isinstance(hooks.get("exit"), dict):
            exit_template = str(hooks["exit"].get("template") or "?")
        if exit_template:
            handler = GraphNode(self.new_id(), "onExit", f"{path}.onExit", "exit", exit_template, subgraph=subgraph)
            graph.nodes.append(handler)
            graph.edges.append(GraphEdge(node_id, handler.id, "exit", "on exit"))
        for hook_name, hook in hooks.items():
            if hook_name == "exit" or not isinstance(hook, dict):
                continue
            template = hook.get("template") if isinstance(hook.get("template"), str) else None
            node = GraphNode(self.new_id(), f"hook {hook_name}", f"{path}.hooks.{hook_name}", "hook", template)
            node.subgraph = subgraph
            graph.nodes.append(node)
            expression = hook.get("expression")
            graph.edges.append(GraphEdge(node_id, node.id, "hook", str(expression) if expression else None))


def _loop_text(data: dict[str, Any]) -> str | None:
    items = data.get("withItems")
    if isinstance(items, list) and items:
        return f"withItems ×{len(items)}"
    if data.get("withParam") is not None:
        return f"withParam {scalar_text(data.get('withParam')) or '…'}"
    sequence = data.get("withSequence")
    if isinstance(sequence, dict):
        parts = [f"{k}={scalar_text(sequence[k])}" for k in ("start", "end", "count") if sequence.get(k) is not None]
        return "withSequence " + " ".join(parts)
    return None


def build_graph(spec: dict[str, Any], spec_pointer: str = "", template: str | None = None) -> Graph:
    """The graph of ``template`` (default: the entrypoint), which must be a DAG template."""
    builder = _Builder(spec, spec_pointer)
    name = template if template is not None else spec.get("entrypoint")
    if not isinstance(name, str) or not name:
        raise GraphError("the workflow has no entrypoint", hint="name the DAG to draw with --template NAME")
    found = builder.templates.get(name)
    if found is None:
        dags = sorted(str(t) for t, ref in builder.templates.items() if isinstance(ref.data.get("dag"), dict))
        raise GraphError(f"no template named {name!r}", hint="DAG templates: " + (", ".join(dags) if dags else "none"))
    if not isinstance(found.data.get("dag"), dict):
        dags = sorted(str(t) for t, ref in builder.templates.items() if isinstance(ref.data.get("dag"), dict))
        raise GraphError(
            f"template {name!r} is not a DAG template",
            hint="pick a DAG with --template NAME: " + (", ".join(dags) if dags else "this file has none"),
        )
    graph = Graph(name)
    builder.add_dag(graph, found, "", None, 0, (name,))
    if template is None or template == spec.get("entrypoint"):
        hooks = as_dict(spec.get("hooks"))
        exit_template = spec.get("onExit") if isinstance(spec.get("onExit"), str) else None
        if exit_template is None and isinstance(hooks.get("exit"), dict):
            exit_template = str(hooks["exit"].get("template") or "?")
        if exit_template:
            node = GraphNode(builder.new_id(), "workflow onExit", "onExit", "exit", exit_template)
            graph.nodes.append(node)
            graph.workflow_exit = node
        for hook_name, hook in hooks.items():
            if hook_name != "exit" and isinstance(hook, dict):
                template_name = hook.get("template") if isinstance(hook.get("template"), str) else None
                node = GraphNode(
                    builder.new_id(), f"workflow hook {hook_name}", f"hooks.{hook_name}", "hook", template_name
                )
                node.when = scalar_text(hook.get("expression"))
                graph.nodes.append(node)
    return graph
