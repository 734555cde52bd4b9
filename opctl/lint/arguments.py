"""Rule family ``arguments``: the values passed to the workflow and to every task and step.

Argo's ``validateArgumentsValues`` (``workflow/validate/validate.go``): a parameter needs ``value``
or ``valueFrom``; an argument's ``valueFrom`` may only use configMapKeyRef, event, supplied and
default; ``enum`` is not empty and holds the value; an artifact needs ``from``, a location or a key,
and not both ``from`` and ``fromExpression``.

Where Argo's create and Argo's lint disagree: a ``spec.arguments`` parameter without a value is
accepted by ``argo lint`` (and for WorkflowTemplates, filled at submission) but refused when the
Workflow is created, so it is a warning here and ``opctl compile``/``submit`` refuse it unless
``-p`` supplies the value. In the onepanel dialect ``onepanel-parameter-no-value`` says the same,
and Onepanel drops ``enum`` and ``valueFrom`` from workflow parameters
(``onepanel-parameter-field-dropped``), so those spec-level checks are argo-dialect only.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any

from opctl.diagnostics import Diagnostic, Severity
from opctl.document import Shape
from opctl.lint.registry import Change, LintContext, check, register
from opctl.lint.templates import all_templates
from opctl.model import (
    as_list,
    has_location,
    iter_calls,
    join,
    scalar_text,
)

FAMILY = "arguments"
E, W = Severity.ERROR, Severity.WARNING

NO_VALUE = register(
    "argument-no-value",
    FAMILY,
    E,
    "a task or step argument parameter with neither value nor valueFrom",
    explanation=(
        "Every parameter a task or step passes needs a value (or valueFrom); Argo refuses an argument that "
        "says nothing."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: u, template: use, arguments: {parameters: [{name: epochs}]}}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
        "- name: use\n"
        "  inputs: {parameters: [{name: epochs}]}\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.epochs}}']}\n"
    ),
    good=Change(
        "    - {name: u, template: use, arguments: {parameters: [{name: epochs}]}}\n",
        "    - {name: u, template: use, arguments: {parameters: [{name: epochs, value: '10'}]}}\n",
    ),
)
SPEC_NO_VALUE = register(
    "spec-argument-no-value",
    FAMILY,
    W,
    "a workflow parameter without value or valueFrom: argo lint accepts it, creating the Workflow fails",
    explanation=(
        "`argo lint` accepts a workflow parameter without a value, but creating the Workflow fails: Argo "
        "needs every value at submission. opctl compile and submit refuse it unless -p gives the value."
    ),
    bad=(
        "# $ opctl lint --dialect argo\n"
        "apiVersion: argoproj.io/v1alpha1\n"
        "kind: Workflow\n"
        "metadata: {generateName: train-}\n"
        "spec:\n"
        "  arguments:\n"
        "    parameters: [{name: epochs}]\n"
        "  entrypoint: main\n"
        "  templates:\n"
        "  - name: main\n"
        "    container: {image: alpine, args: ['{{workflow.parameters.epochs}}']}\n"
    ),
    good=Change(
        "    parameters: [{name: epochs}]\n",
        "    parameters: [{name: epochs, value: '10'}]\n",
    ),
)
VALUE_FROM = register(
    "argument-value-from",
    FAMILY,
    E,
    "an argument valueFrom other than configMapKeyRef, event, supplied and default (path, parameter, ...)",
    explanation=(
        "An argument's valueFrom can only read a ConfigMap, an event, a supplied value or a default; path, "
        "jsonPath, parameter and expression read what a template produced, and belong to its outputs."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: t, template: train}\n"
        "    - {name: u, template: use, dependencies: [t], arguments: {parameters: [{name: epochs,"
        " valueFrom: {path: /tmp/model}}]}}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
        "- name: train\n"
        "  container: {image: alpine}\n"
        "  outputs: {parameters: [{name: model, valueFrom: {path: /tmp/model}}]}\n"
        "- name: use\n"
        "  inputs: {parameters: [{name: epochs}]}\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.epochs}}']}\n"
    ),
    good=Change(
        (
            "    - {name: u, template: use, dependencies: [t], arguments: {parameters: [{name: epochs, valueF"
            "rom: {path: /tmp/model}}]}}\n"
        ),
        (
            "    - {name: u, template: use, dependencies: [t], arguments: {parameters: [{name: epochs, value:"
            " '{{tasks.t.outputs.parameters.model}}'}]}}\n"
        ),
    ),
)
ARTIFACT_SOURCE = register(
    "argument-artifact-source",
    FAMILY,
    E,
    "an argument artifact without from, location or key, or with both from and fromExpression",
    explanation=(
        "An argument artifact must say where it comes from: `from` (or `fromExpression`), a location such "
        "as s3 or git, or a key in the default repository; not both `from` and `fromExpression`."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: f, template: fetch}\n"
        "    - {name: u, template: use, dependencies: [f], arguments: {artifacts: [{name: data}]}}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
        "- name: fetch\n"
        "  container: {image: alpine}\n"
        "  outputs: {artifacts: [{name: data, path: /data}]}\n"
        "- name: use\n"
        "  inputs: {artifacts: [{name: data, path: /data}]}\n"
        "  container: {image: alpine}\n"
    ),
    good=Change(
        "    - {name: u, template: use, dependencies: [f], arguments: {artifacts: [{name: data}]}}\n",
        (
            "    - {name: u, template: use, dependencies: [f], arguments: {artifacts: [{name: data, from: '{{"
            "tasks.f.outputs.artifacts.data}}'}]}}\n"
        ),
    ),
)
ENUM = register(
    "parameter-enum",
    FAMILY,
    E,
    "an empty enum, or a parameter value that is not in its enum",
    explanation="`enum` lists the values a parameter may take: Argo refuses an empty list and a value outside it.",
    bad=(
        "# $ opctl lint --dialect argo\n"
        "apiVersion: argoproj.io/v1alpha1\n"
        "kind: Workflow\n"
        "metadata: {generateName: train-}\n"
        "spec:\n"
        "  arguments:\n"
        "    parameters: [{name: mode, value: fast, enum: [quick, full]}]\n"
        "  entrypoint: main\n"
        "  templates:\n"
        "  - name: main\n"
        "    container: {image: alpine, args: ['{{workflow.parameters.mode}}']}\n"
    ),
    good=Change(
        "    parameters: [{name: mode, value: fast, enum: [quick, full]}]\n",
        "    parameters: [{name: mode, value: quick, enum: [quick, full]}]\n",
    ),
)

# ValueFrom fields an argument may use (validate.go: the DeepEqual against these four).
ALLOWED_VALUE_FROM = frozenset({"configMapKeyRef", "event", "supplied", "default"})
# Workflow kinds whose create needs every spec.arguments value (a WorkflowTemplate is filled at submission).
_OPEN_SHAPES = (Shape.WORKFLOW_TEMPLATE, Shape.CLUSTER_WORKFLOW_TEMPLATE)


@check(FAMILY)
def check_arguments(ctx: LintContext) -> Iterator[Diagnostic]:
    spec = ctx.spec
    if spec is None:
        return
    # Onepanel drops enum and valueFrom from its own templates' parameters; an Argo manifest keeps them.
    argo = ctx.dialect == "argo" or ctx.doc.shape.is_argo
    arguments = spec.get("arguments")
    if isinstance(arguments, dict):
        yield from _arguments(
            ctx, join(ctx.spec_pointer, "arguments"), arguments, "workflow", spec_level=True, argo=argo
        )
    for template in all_templates(ctx):
        for pointer, call, noun in iter_calls(template):
            args = call.get("arguments")
            if isinstance(args, dict) and not _plain(args):
                name = call.get("name")
                owner = f"{noun} '{name}'" if isinstance(name, str) else f"this {noun}"
                yield from _arguments(ctx, join(pointer, "arguments"), args, owner, spec_level=False, argo=argo)


def _arguments(
    ctx: LintContext, pointer: str, arguments: dict[str, Any], owner: str, *, spec_level: bool, argo: bool
) -> Iterator[Diagnostic]:
    # Empty values are allowed in lint mode for spec.arguments (validate.go:205); never for tasks/steps.
    allow_empty = spec_level
    for i, param in enumerate(as_list(arguments.get("parameters"))):
        if not isinstance(param, dict):
            continue
        at = join(pointer, "parameters", i)
        name = param.get("name")
        label = f"parameter '{name}' of {owner}" if isinstance(name, str) else f"a parameter of {owner}"
        value, value_from = param.get("value"), param.get("valueFrom")
        if value is None and value_from is None:
            if not spec_level:
                yield ctx.diag(
                    NO_VALUE,
                    join(at, "name") if "name" in param else at,
                    f"argument {label} has neither `value` nor `valueFrom`",
                    "give it a `value:` (it may use {{...}} variables), or remove the argument",
                )
            elif argo and ctx.doc.shape not in _OPEN_SHAPES:
                yield ctx.diag(
                    SPEC_NO_VALUE,
                    join(at, "name") if "name" in param else at,
                    f"workflow {label.removesuffix(' of workflow')} has no value: `argo lint` accepts it, but "
                    "creating the Workflow fails ('value or valueFrom is required')",
                    f"give it a `value:`, or pass it when submitting (opctl submit -p {name}=VALUE)",
                )
        if isinstance(value_from, dict) and (argo or not spec_level):
            extra = [key for key, item in value_from.items() if key not in ALLOWED_VALUE_FROM and _set(item)]
            if extra:
                yield ctx.diag(
                    VALUE_FROM,
                    join(at, "valueFrom", extra[0]),
                    f"`valueFrom.{extra[0]}` in argument {label}: an argument's valueFrom only allows default, "
                    "configMapKeyRef, supplied and event",
                    f"pass the value with `value: '{{{{...}}}}'` instead; `{extra[0]}` belongs to output parameters",
                    key=True,
                )
        if "enum" in param and param["enum"] is not None and (argo or not spec_level):
            stop = yield from _enum(ctx, at, param, label, allow_empty)
            if stop:
                return  # validate.go returns early here: the rest of the list is not checked
    for i, artifact in enumerate(as_list(arguments.get("artifacts"))):
        if not isinstance(artifact, dict):
            continue
        at = join(pointer, "artifacts", i)
        name = artifact.get("name")
        label = f"artifact '{name}' of {owner}" if isinstance(name, str) else f"an artifact of {owner}"
        source, expression = _set(artifact.get("from")), _set(artifact.get("fromExpression"))
        if not source and not expression and not has_location(artifact):
            yield ctx.diag(
                ARTIFACT_SOURCE,
                join(at, "name") if "name" in artifact else at,
                f"argument {label} says nowhere to get it: it needs `from`, an artifact location (s3, git, "
                "http, raw, ...) or a key",
                "pass it with from: '{{tasks.<task>.outputs.artifacts.<name>}}', or give a location",
            )
        elif source and expression:
            yield ctx.diag(
                ARTIFACT_SOURCE,
                join(at, "fromExpression"),
                f"argument {label} has both `from` and `fromExpression`; choose one",
                "keep `from` for one artifact reference, `fromExpression` to choose one with an expression",
                key=True,
            )


def _plain(arguments: dict[str, Any]) -> bool:
    """The common case, nothing to check: every parameter a value, every artifact a `from`."""
    for param in as_list(arguments.get("parameters")):
        if not isinstance(param, dict) or param.get("value") is None or "valueFrom" in param or "enum" in param:
            return False
    for artifact in as_list(arguments.get("artifacts")):
        if not isinstance(artifact, dict) or not artifact.get("from") or "fromExpression" in artifact:
            return False
    return True


def _set(value: Any) -> bool:
    """Whether a Go field would be set: a non-empty string, or any non-null object."""
    if value is None:
        return False
    text = scalar_text(value)
    return bool(text) if text is not None else True


def _enum(
    ctx: LintContext, pointer: str, param: dict[str, Any], label: str, allow_empty: bool
) -> Generator[Diagnostic, None, bool]:
    """Yields the findings of one enum; returns True where Argo stops checking the list."""
    enum = param["enum"]
    if not isinstance(enum, list):
        return False
    if not enum:
        yield ctx.diag(
            ENUM,
            join(pointer, "enum"),
            f"`enum` of {label} should contain at least one value",
            "list the allowed values, or remove `enum`",
            key=True,
        )
        return False
    value = param.get("value")
    if value is None:
        if allow_empty:
            return True
        yield ctx.diag(
            ENUM,
            join(pointer, "name") if "name" in param else pointer,
            f"{label} has an `enum` but no `value`",
            f"set `value:` to one of {', '.join(str(scalar_text(e)) for e in enum[:5])}",
        )
        return False
    text = scalar_text(value)
    allowed = [scalar_text(item) for item in enum]
    if text is not None and text not in allowed:
        shown = ", ".join(str(a) for a in allowed[:8]) + (", …" if len(allowed) > 8 else "")
        yield ctx.diag(
            ENUM,
            join(pointer, "value"),
            f"value '{text}' of {label} is not in its enum ({shown})",
            "choose one of the enum values, or add this one to `enum`",
        )
    return False
