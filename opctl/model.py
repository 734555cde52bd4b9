"""Small helpers to walk a WorkflowSpec: templates, their types, DAG tasks, parameters.

Every helper tolerates malformed data (wrong types are the structure rules' business): it skips
what it cannot walk instead of raising.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# Argo's template types, in the order Argo's own messages list them.
TEMPLATE_TYPES = (
    "container",
    "containerSet",
    "steps",
    "script",
    "resource",
    "dag",
    "suspend",
    "data",
    "http",
    "plugin",
)
LEAF_TYPES = frozenset({"container", "containerSet", "script", "resource", "suspend", "data", "http", "plugin"})
POD_TYPES = frozenset({"container", "containerSet", "script"})


@dataclass(frozen=True)
class TemplateRef:
    index: int
    name: str | None
    data: dict[str, Any]
    pointer: str

    @property
    def types(self) -> list[str]:
        return [t for t in TEMPLATE_TYPES if self.data.get(t) is not None]

    @property
    def type(self) -> str | None:
        types = self.types
        return types[0] if len(types) == 1 else None


@dataclass(frozen=True)
class TaskRef:
    index: int
    name: str | None
    data: dict[str, Any]
    pointer: str
    template: TemplateRef


def join(pointer: str, *tokens: str | int) -> str:
    for token in tokens:
        text = str(token)
        if "~" in text or "/" in text:
            text = text.replace("~", "~0").replace("/", "~1")
        pointer = f"{pointer}/{text}"
    return pointer


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def scalar_text(value: Any) -> str | None:
    """A scalar as Argo's and Onepanel's Go decoders see it (bools as true/false); None for non-scalars."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


def iter_templates(spec: dict[str, Any] | None, spec_pointer: str) -> Iterator[TemplateRef]:
    if not isinstance(spec, dict):
        return
    for i, tmpl in enumerate(as_list(spec.get("templates"))):
        if isinstance(tmpl, dict):
            name = tmpl.get("name")
            yield TemplateRef(i, name if isinstance(name, str) else None, tmpl, join(spec_pointer, "templates", i))


def templates_by_name(spec: dict[str, Any] | None, spec_pointer: str) -> dict[str, TemplateRef]:
    """First template of each name (duplicates are a names-rule finding)."""
    found: dict[str, TemplateRef] = {}
    for tmpl in iter_templates(spec, spec_pointer):
        if tmpl.name is not None and tmpl.name not in found:
            found[tmpl.name] = tmpl
    return found


def iter_tasks(template: TemplateRef) -> Iterator[TaskRef]:
    dag = template.data.get("dag")
    if not isinstance(dag, dict):
        return
    for i, task in enumerate(as_list(dag.get("tasks"))):
        if isinstance(task, dict):
            name = task.get("name")
            yield TaskRef(
                i, name if isinstance(name, str) else None, task, join(template.pointer, "dag", "tasks", i), template
            )


def iter_steps(template: TemplateRef) -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer, step) for every step of a steps template (a list of parallel groups)."""
    for g, group in enumerate(as_list(template.data.get("steps"))):
        for s, step in enumerate(as_list(group)):
            if isinstance(step, dict):
                yield join(template.pointer, "steps", g, s), step


def workflow_parameters(spec: dict[str, Any] | None, spec_pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer, parameter) for spec.arguments.parameters."""
    if not isinstance(spec, dict):
        return
    for i, param in enumerate(as_list(as_dict(spec.get("arguments")).get("parameters"))):
        if isinstance(param, dict):
            yield join(spec_pointer, "arguments", "parameters", i), param


def main_containers(template: TemplateRef) -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer, container) for the main container of container and script templates."""
    for kind in ("container", "script"):
        body = template.data.get(kind)
        if isinstance(body, dict):
            yield join(template.pointer, kind), body
