"""Small helpers to walk a WorkflowSpec: templates, their types, DAG tasks, parameters.

Every helper tolerates malformed data (wrong types are the structure rules' business): it skips
what it cannot walk instead of raising.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from opctl.facts import LOCATION_PLACEHOLDERS
from opctl.pointer import join

# Argo's loop fields of a DAG task or a step.
LOOP_KEYS = ("withItems", "withParam", "withSequence")
# Where an artifact can come from (Argo's ArtifactLocation); one of them, or `optional`, means an
# input artifact needs no argument.
ARTIFACT_LOCATIONS = ("s3", "git", "http", "artifactory", "hdfs", "raw", "oss", "gcs", "azure", "plugin", "key", "url")

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
# The words Argo's messages use for each type (TemplateType, workflow_types.go).
TYPE_WORDS = {
    "container": "Container",
    "containerSet": "ContainerSet",
    "steps": "Steps",
    "script": "Script",
    "resource": "Resource",
    "dag": "DAG",
    "suspend": "Suspend",
    "data": "Data",
    "http": "HTTP",
    "plugin": "Plugin",
}
LEAF_TYPES = frozenset({"container", "containerSet", "script", "resource", "suspend", "data", "http", "plugin"})
POD_TYPES = frozenset({"container", "containerSet", "script"})
MAIN_CONTAINER_TYPES = ("container", "script")  # templates with one main container (Onepanel changes these)


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


def has_location(artifact: dict[str, Any]) -> bool:
    """Whether an artifact says where it comes from: an Argo location, or the Onepanel placeholder
    key ``{{.ArtifactRepositoryType}}`` that becomes ``s3`` (``opctl.facts.LOCATION_PLACEHOLDERS``)."""
    return any(artifact.get(where) is not None for where in ARTIFACT_LOCATIONS) or any(
        artifact.get(key) is not None for key in LOCATION_PLACEHOLDERS
    )


def loop_keys(data: dict[str, Any]) -> list[str]:
    """The loop fields a task or step sets (withItems, withParam, withSequence), in file order."""
    return [key for key in data if key in LOOP_KEYS and data[key] is not None]


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
    for kind in MAIN_CONTAINER_TYPES:
        body = template.data.get(kind)
        if isinstance(body, dict):
            yield join(template.pointer, kind), body


@dataclass(frozen=True)
class MainContainer:
    """The main container of a container or script template."""

    template: TemplateRef
    kind: str  # container or script
    pointer: str
    body: dict[str, Any]


def iter_main_containers(spec: dict[str, Any] | None, spec_pointer: str) -> Iterator[MainContainer]:
    """The main container of every container and script template (the first, should one set both)."""
    for template in iter_templates(spec, spec_pointer):
        for pointer, body in main_containers(template):
            yield MainContainer(template, pointer.rsplit("/", 1)[1], pointer, body)
            break


def iter_artifacts(owner: dict[str, Any], pointer: str, *path: str) -> Iterator[tuple[str, Any]]:
    """(pointer, item) for every item of ``owner[path...].artifacts`` (items of any type)."""
    node: Any = owner
    for key in path:
        node = as_dict(node).get(key)
    for i, artifact in enumerate(as_list(as_dict(node).get("artifacts"))):
        yield join(pointer, *path, "artifacts", i), artifact


def iter_calls(template: TemplateRef) -> Iterator[tuple[str, dict[str, Any], str]]:
    """(pointer, call, "task" or "step") for every DAG task and step of a template."""
    dag = template.data.get("dag")
    if isinstance(dag, dict):
        base = f"{template.pointer}/dag/tasks"
        for i, task in enumerate(as_list(dag.get("tasks"))):
            if isinstance(task, dict):
                yield f"{base}/{i}", task, "task"
    for g, group in enumerate(as_list(template.data.get("steps"))):
        for s, step in enumerate(as_list(group)):
            if isinstance(step, dict):
                yield f"{template.pointer}/steps/{g}/{s}", step, "step"


def iter_all_templates(spec: dict[str, Any] | None, spec_pointer: str) -> Iterator[TemplateRef]:
    """Every template Argo validates: those of spec.templates, then the inline templates of their
    DAG tasks and steps (at any depth), each once."""
    pending = list(iter_templates(spec, spec_pointer))
    pending.reverse()
    while pending:
        template = pending.pop()
        yield template
        inline = [
            TemplateRef(-1, None, call["inline"], f"{pointer}/inline")
            for pointer, call, _ in iter_calls(template)
            if "inline" in call and isinstance(call["inline"], dict)
        ]
        pending.extend(reversed(inline))
