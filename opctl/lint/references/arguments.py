"""Arguments of a call: every input of the called template without a default is passed (by a task, a
step, or spec.arguments for the entrypoint and exit handler), and nothing it does not declare.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from opctl.lint.references.rules import EXTRA_ARGUMENT, MISSING_ARGUMENT
from opctl.lint.references.scope import input_names, listing
from opctl.model import TemplateRef, as_dict, as_list, has_location, join

if TYPE_CHECKING:
    from opctl.lint.references.walker import Walker


def check_call_arguments(walker: Walker, call: dict[str, Any], pointer: str) -> None:
    template = walker.called_template(call)
    if template is None:
        return
    arguments = as_dict(call.get("arguments"))
    label = f"template '{template.name}'" if template.name else "its inline template"
    noun = "task" if "/dag/tasks/" in pointer else "step"
    call_name = call.get("name")
    site = (
        f"{pointer}/template" if "template" in call else f"{pointer}/inline" if "inline" in call else f"{pointer}/name"
    )
    interface = interface_of(walker, template)
    missing = missing_inputs(interface, arguments)
    for kind, name in missing:
        walker.report(
            MISSING_ARGUMENT,
            site,
            f"{noun} '{call_name}' calls {label} without input {kind[:-1]} '{name}', which has no default",
            f"pass it under arguments.{kind} of the {noun}, or give the input a default",
        )
    for kind in ("parameters", "artifacts"):
        declared = interface.declared[kind]
        for i, item in enumerate(as_list(arguments.get(kind))):
            argument = as_dict(item).get("name")
            if not isinstance(argument, str) or argument in declared:
                continue
            walker.report(
                EXTRA_ARGUMENT,
                join(pointer, "arguments", kind, i, "name"),
                f"argument '{argument}' is not an input {kind[:-1]} of {label}: it is ignored"
                f"{walker.suggest(argument, declared)}",
                f"remove it, or declare it under inputs.{kind} of {label} ({listing(declared, 'input ' + kind[:-1])})",
            )


def check_entry_arguments(walker: Walker) -> None:
    """The entrypoint and the exit handler get spec.arguments as their arguments (§a.1 #12)."""
    arguments = as_dict(walker.spec.get("arguments"))
    for field in ("entrypoint", "onExit"):
        name = walker.spec.get(field)
        template = walker.templates.get(name) if isinstance(name, str) else None
        if template is None:
            continue
        interface = interface_of(walker, template)
        # spec.arguments are the entrypoint's arguments: a parameter it takes as an input is used
        # (in a WorkflowTemplate too, where the inputs may also come at submission).
        walker.used_parameters.update(interface.declared["parameters"])
        if walker.open_parameters:
            continue  # a WorkflowTemplate's inputs may be supplied when a Workflow is submitted from it
        for kind, missing in missing_inputs(interface, arguments):
            walker.report(
                MISSING_ARGUMENT,
                join(walker.spec_pointer, field),
                f"{field} template '{name}' needs input {kind[:-1]} '{missing}', which has no default and is "
                "not in spec.arguments",
                f"add '{missing}' to spec.arguments.{kind}, or give the input a default",
            )


def interface_of(walker: Walker, template: TemplateRef) -> Interface:
    found = walker.interfaces.get(id(template.data))
    if found is None:
        found = walker.interfaces[id(template.data)] = template_interface(template.data)
    return found


@dataclass(frozen=True, slots=True)
class Interface:
    """A template's inputs: every declared name, and those a caller must pass (no default)."""

    declared: dict[str, frozenset[str]]
    required: tuple[tuple[str, str], ...]  # (kind, name) in document order


def template_interface(template: dict[str, Any]) -> Interface:
    inputs = as_dict(template.get("inputs"))
    required: list[tuple[str, str]] = []
    for param in as_list(inputs.get("parameters")):
        if not isinstance(param, dict) or not isinstance(param.get("name"), str):
            continue
        if param.get("value") is not None or param.get("default") is not None or param.get("valueFrom") is not None:
            continue
        required.append(("parameters", param["name"]))
    for artifact in as_list(inputs.get("artifacts")):
        if not isinstance(artifact, dict) or not isinstance(artifact.get("name"), str):
            continue
        if artifact.get("optional") is True or has_location(artifact):
            continue
        required.append(("artifacts", artifact["name"]))
    declared = {kind: input_names(template, kind) for kind in ("parameters", "artifacts")}
    return Interface(declared, tuple(required))


def missing_inputs(interface: Interface, arguments: dict[str, Any]) -> list[tuple[str, str]]:
    """(kind, name) of every input the template needs and the arguments do not pass."""
    if not interface.required:
        return []
    passed = {
        (kind, name)
        for kind in ("parameters", "artifacts")
        for item in as_list(arguments.get(kind))
        if isinstance(name := as_dict(item).get("name"), str)
    }
    return [needed for needed in interface.required if needed not in passed]
