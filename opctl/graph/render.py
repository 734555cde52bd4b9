"""Renderers of a :class:`Graph`: Mermaid flowchart, Graphviz dot, a terminal view by layers, JSON.

Given a simulation result, mermaid and dot colour each node by its simulated phase.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from opctl.graph.model import Graph, GraphEdge, GraphNode
from opctl.simulate.model import SimulationResult

# fill, stroke per phase (a node that never got one is grey and dashed)
PHASE_STYLE = {
    "Succeeded": ("#d4edda", "#2e7d32"),
    "Failed": ("#f8d7da", "#c62828"),
    "Error": ("#f5c6cb", "#8e0000"),
    "Skipped": ("#fff3cd", "#b28704"),
    "Omitted": ("#e2e3e5", "#6c757d"),
    "none": ("#ffffff", "#9e9e9e"),
}


def _phase_of(node: GraphNode, result: SimulationResult | None) -> str | None:
    if result is None:
        return None
    task = result.tasks.get(node.path)
    if task is not None:
        return task.phase or "none"
    found = result.nodes.get(node.path)
    return (found.phase or "none") if found is not None else "none"


def _details(node: GraphNode, phase: str | None) -> list[str]:
    lines = [node.name]
    if node.kind in ("exit", "hook") and node.template:
        lines = [f"{node.name}: {node.template}"]
    elif node.template and node.template != node.name:
        lines.append(node.template)
    if node.loop:
        lines.append(node.loop)
    if node.when:
        lines.append(f"when: {node.when}")
    if phase is not None:
        lines.append(phase if phase != "none" else "no node")
    return lines


def _nesting(graph: Graph) -> tuple[dict[str | None, list[GraphNode]], dict[str | None, list[str]], dict[str, str]]:
    """Nodes per subgraph, subgraphs per parent, subgraph labels (None: the top level)."""
    by_subgraph: dict[str | None, list[GraphNode]] = {}
    for node in graph.nodes:
        by_subgraph.setdefault(node.subgraph, []).append(node)
    children: dict[str | None, list[str]] = {}
    for sub in graph.subgraphs:
        children.setdefault(sub.parent, []).append(sub.id)
    return by_subgraph, children, {sub.id: sub.label for sub in graph.subgraphs}


# -- mermaid ---------------------------------------------------------------------------------


def _mermaid_text(text: str) -> str:
    """Text inside a quoted Mermaid label: quotes and angle brackets as entity codes."""
    text = " ".join(text.split())
    for char, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("`", "#96;")):
        text = text.replace(char, code)
    return text


_MERMAID_SHAPES = {
    "task": ('["', '"]'),
    "loop": ('[["', '"]]'),
    "exit": ('(["', '"])'),
    "hook": ('{{"', '"}}'),
}


def mermaid(graph: Graph, result: SimulationResult | None = None) -> str:
    lines = ["flowchart TD"]
    by_subgraph, children, labels = _nesting(graph)
    classes: dict[str, list[str]] = {}

    def emit(subgraph: str | None, indent: str) -> None:
        for node in by_subgraph.get(subgraph, []):
            phase = _phase_of(node, result)
            if phase is not None:
                classes.setdefault(phase, []).append(node.id)
            label = "<br/>".join(_mermaid_text(line) for line in _details(node, phase))
            opening, closing = _MERMAID_SHAPES[node.kind]
            if node.when and node.kind == "task":
                opening, closing = '[/"', '"/]'
            lines.append(f"{indent}{node.id}{opening}{label}{closing}")
        for sub_id in children.get(subgraph, []):
            lines.append(f'{indent}subgraph {sub_id}["{_mermaid_text(labels[sub_id])}"]')
            emit(sub_id, indent + "  ")
            lines.append(f"{indent}end")

    emit(None, "  ")
    arrows = {"depends": "-->", "calls": "-.->", "exit": "-.->", "hook": "-.->"}
    for edge in graph.edges:
        arrow = arrows[edge.kind]
        if edge.label:
            lines.append(f'  {edge.source} {arrow}|"{_mermaid_text(edge.label)}"| {edge.target}')
        else:
            lines.append(f"  {edge.source} {arrow} {edge.target}")
    for phase, ids in classes.items():
        fill, stroke = PHASE_STYLE[phase]
        name = f"phase{phase}"
        dash = ",stroke-dasharray:4 3" if phase == "none" else ""
        lines.append(f"  classDef {name} fill:{fill},stroke:{stroke}{dash}")
        lines.append(f"  class {','.join(ids)} {name}")
    return "\n".join(lines) + "\n"


# -- dot -------------------------------------------------------------------------------------


def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


_DOT_SHAPES = {"task": "box", "loop": "box3d", "exit": "box", "hook": "hexagon"}


def dot(graph: Graph, result: SimulationResult | None = None) -> str:
    lines = [f"digraph {_dot_string(graph.template)} {{", "  rankdir=TB;", '  node [shape=box, fontname="Helvetica"];']
    lines.append('  edge [fontname="Helvetica", fontsize=10];')
    by_subgraph, children, labels = _nesting(graph)

    def emit(subgraph: str | None, indent: str) -> None:
        for node in by_subgraph.get(subgraph, []):
            phase = _phase_of(node, result)
            attributes = [f"label={_dot_string(chr(10).join(_details(node, phase)))}"]
            shape = _DOT_SHAPES[node.kind]
            if node.kind == "task" and node.when:
                shape = "parallelogram"
            attributes.append(f"shape={shape}")
            styles = []
            if node.kind == "exit":
                styles.append("rounded")
            if phase is not None:
                fill, stroke = PHASE_STYLE[phase]
                styles.append("filled")
                if phase == "none":
                    styles.append("dashed")
                attributes.append(f'fillcolor="{fill}"')
                attributes.append(f'color="{stroke}"')
            if styles:
                attributes.append(f'style="{",".join(styles)}"')
            lines.append(f"{indent}{node.id} [{', '.join(attributes)}];")
        for sub_id in children.get(subgraph, []):
            lines.append(f"{indent}subgraph cluster_{sub_id} {{")
            lines.append(f"{indent}  label={_dot_string(labels[sub_id])};")
            lines.append(f"{indent}  style=rounded;")
            emit(sub_id, indent + "  ")
            lines.append(f"{indent}}}")

    emit(None, "  ")
    for edge in graph.edges:
        attributes = []
        if edge.label:
            attributes.append(f"label={_dot_string(edge.label)}")
        if edge.kind != "depends":
            attributes.append("style=dashed")
        suffix = f" [{', '.join(attributes)}]" if attributes else ""
        lines.append(f"  {edge.source} -> {edge.target}{suffix};")
    lines.append("}")
    return "\n".join(lines) + "\n"


# -- ascii -----------------------------------------------------------------------------------


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 3)] + "..."


def ascii_view(graph: Graph, result: SimulationResult | None = None, width: int = 80) -> str:
    """The DAG by layers (a task's layer is one more than its deepest dependency), one task a line."""
    by_id = {node.id: node for node in graph.nodes}
    parents: dict[str, list[GraphEdge]] = {}
    handlers: dict[str, list[GraphNode]] = {}
    for edge in graph.edges:
        if edge.kind == "depends":
            parents.setdefault(edge.target, []).append(edge)
        elif edge.kind in ("exit", "hook"):
            handlers.setdefault(edge.source, []).append(by_id[edge.target])
    labels = {sub.id: sub for sub in graph.subgraphs}
    lines: list[str] = []

    def block(subgraph: str | None, indent: str) -> None:
        members = [n for n in graph.nodes if n.subgraph == subgraph and n.kind in ("task", "loop")]
        layers: dict[int, list[GraphNode]] = {}
        for node in members:
            layers.setdefault(node.layer, []).append(node)
        for layer in sorted(layers):
            for position, node in enumerate(layers[layer]):
                marker = f"{layer + 1:>2}" if position == 0 else "  "
                text = f"{indent}{marker} {node.name}"
                if node.template and node.template != node.name:
                    text += f" [{node.template}]"
                if node.loop:
                    text += f" {node.loop}"
                phase = _phase_of(node, result)
                if phase is not None:
                    text += f" = {phase if phase != 'none' else 'no node'}"
                ins = parents.get(node.id, [])
                if ins:
                    text += " <- " + ", ".join(by_id[e.source].name + (f" ({e.label})" if e.label else "") for e in ins)
                if node.when:
                    text += f" when {node.when}"
                lines.append(_fit(text, width))
                for handler in handlers.get(node.id, []):
                    lines.append(_fit(f"{indent}     ~ {handler.name}: {handler.template or '?'}", width))
                if node.calls:
                    sub = labels[node.calls]
                    lines.append(_fit(f"{indent}     + {sub.label}", width))
                    block(node.calls, indent + "     | ")

    title = f"DAG {graph.template}: {sum(1 for n in graph.nodes if n.kind in ('task', 'loop'))} tasks"
    lines.append(_fit(title + " (layer, task [template], <- dependencies)", width))
    block(None, "")
    for node in graph.nodes:
        if node.path == "onExit" or node.path.startswith("hooks."):
            lines.append(_fit(f"~ {node.name}: {node.template or '?'}", width))
    return "\n".join(lines) + "\n"


def as_json(graph: Graph, result: SimulationResult | None = None) -> str:
    return json.dumps(graph.to_json(), indent=2) + "\n"


RENDERERS: dict[str, Callable[..., str]] = {"mermaid": mermaid, "dot": dot, "ascii": ascii_view, "json": as_json}


def render(fmt: str, graph: Graph, phases: SimulationResult | None = None, *, width: int = 80) -> str:
    """Render ``graph`` in ``fmt`` (mermaid, dot, ascii, json), coloured by ``phases`` if given;
    ``width`` bounds the lines of ascii."""
    if fmt == "ascii":
        return ascii_view(graph, phases, width)
    return RENDERERS[fmt](graph, phases)
