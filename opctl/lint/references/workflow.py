"""Workflow-wide references: ``{{workflow.*}}`` (parameters, globals, global outputs), expression tags
(their parameter uses), ``{{workspace.*}}``, and workflow parameters nothing uses.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from opctl.facts import MEANINGFUL_PARAMETERS, NODEPOOL_TYPE, SYS_NAME_PARAM
from opctl.lint.references.rules import UNUSED_PARAMETER, WORKFLOW_PARAMETER, WORKFLOW_VARIABLE, WORKSPACE_VARIABLE
from opctl.lint.references.scope import Scope, listing
from opctl.model import join

if TYPE_CHECKING:
    from opctl.lint.references.walker import Walker

# Uses of a workflow parameter inside an expression tag ({{=workflow.parameters.x}} / ['x-y']).
_EXPR_PARAMETER = re.compile(r"workflow\.parameters(?:\.([-\w]+)|\[\s*['\"]([^'\"]+)['\"]\s*\])?")
# Globals Argo always defines (validate.go:69-82, 210-257); `workflow.status` is allowed everywhere.
_WORKFLOW_GLOBALS = frozenset(
    {
        "workflow.name",
        "workflow.namespace",
        "workflow.uid",
        "workflow.serviceAccountName",
        "workflow.mainEntrypoint",
        "workflow.status",
        "workflow.labels",
        "workflow.labels.json",
        "workflow.annotations",
        "workflow.annotations.json",
    }
)
# Prefix-exempt in the validator (validate.go:811-832).
_WORKFLOW_EXEMPT = ("workflow.creationTimestamp", "workflow.scheduledTime", "workflow.duration")
_WORKFLOW_MAPS = ("workflow.labels.", "workflow.annotations.")


def count_expression(walker: Walker, text: str) -> None:
    for found in _EXPR_PARAMETER.finditer(text):
        name = found.group(1) or found.group(2)
        if name is None or name == "json":
            walker.all_parameters_used = True
        else:
            walker.used_parameters.add(name)


def workflow_tag(walker: Walker, text: str, match: re.Match[str], where: tuple[str, str, bool], scope: Scope) -> None:
    if text.startswith("workflow.parameters"):
        if text in ("workflow.parameters", "workflow.parameters.json"):
            walker.all_parameters_used = True
            if not walker.parameters and not walker.open_parameters and not scope.count_only:
                walker.report_tag(
                    WORKFLOW_VARIABLE,
                    where,
                    match,
                    f"'{match.group(0)}' is empty: the workflow declares no parameters",
                    "declare parameters in spec.arguments.parameters, or remove the reference",
                )
            return
        if text.startswith("workflow.parameters."):
            name = text[len("workflow.parameters.") :]
            walker.used_parameters.add(name)
            if name in walker.parameters or walker.open_parameters or scope.count_only:
                return
            suggestion = walker.suggest(name, walker.parameters)
            walker.report_tag(
                WORKFLOW_PARAMETER,
                where,
                match,
                f"'{match.group(0)}' names no workflow parameter '{name}'{suggestion}",
                "declare it in spec.arguments.parameters, or fix the name "
                f"({listing(frozenset(walker.parameters), 'parameter')})",
                rename=(name, walker.parameters) if suggestion else None,
            )
            return
    if scope.count_only or text in _WORKFLOW_GLOBALS or text.startswith(_WORKFLOW_EXEMPT + _WORKFLOW_MAPS):
        return
    if text == "workflow.failures":
        if walker.spec.get("onExit"):
            return
        walker.report_tag(
            WORKFLOW_VARIABLE,
            where,
            match,
            f"'{match.group(0)}' is only available when the workflow has an exit handler (spec.onExit)",
            "set spec.onExit to a template, and use {{workflow.failures}} there",
        )
        return
    if text == "workflow.priority":
        if walker.spec.get("priority") is not None:
            return
        walker.report_tag(
            WORKFLOW_VARIABLE,
            where,
            match,
            f"'{match.group(0)}' is only defined when spec.priority is set",
            "set spec.priority, or remove the reference",
        )
        return
    for kind in ("parameters", "artifacts"):
        prefix = f"workflow.outputs.{kind}."
        if text.startswith(prefix):
            name = text[len(prefix) :]
            if walker.any_global_output or f"{kind}.{name}" in walker.global_outputs:
                return
            declared = {g.split(".", 1)[1] for g in walker.global_outputs if g.startswith(kind + ".")}
            walker.report_tag(
                WORKFLOW_VARIABLE,
                where,
                match,
                f"'{match.group(0)}': no template output has globalName '{name}'{walker.suggest(name, declared)}",
                f"set globalName: {name} on the template output that produces it",
            )
            return
    known = sorted(_WORKFLOW_GLOBALS | {"workflow.parameters", "workflow.creationTimestamp", "workflow.duration"})
    walker.report_tag(
        WORKFLOW_VARIABLE,
        where,
        match,
        f"'{match.group(0)}' is not a workflow variable Argo knows{walker.suggest(text, known)}",
        "workflow variables are workflow.name, .namespace, .uid, .serviceAccountName, .mainEntrypoint, .status, "
        ".duration, .creationTimestamp, .labels.<key>, .annotations.<key>, .parameters.<name>, "
        ".outputs.parameters.<globalName>, and .failures in an exit handler",
    )


def workspace_tag(walker: Walker, text: str, match: re.Match[str], where: tuple[str, str, bool], scope: Scope) -> None:
    if not walker.onepanel:
        return  # Argo does not check {{workspace.*}}: it just stays unresolved
    in_parameters = where[0].startswith(join(walker.spec_pointer, "arguments", "parameters") + "/")
    # Onepanel substitutes these two inside parameter values itself (onepanel-semantics §3.6).
    if in_parameters and (
        text == "workspace.namespace" or (text == "workspace.uid" and SYS_NAME_PARAM in walker.parameters)
    ):
        return
    walker.report_tag(
        WORKSPACE_VARIABLE,
        where,
        match,
        f"'{match.group(0)}' only resolves when this template runs as a workspace's post-execution workflow",
        "on its own (and in Argo) the tag stays unresolved; pass the value as a workflow parameter instead",
    )


def check_unused_parameters(walker: Walker) -> None:
    if walker.all_parameters_used or "workflowTemplateRef" in walker.spec:
        return  # with workflowTemplateRef the parameters are the referenced template's, not visible here
    for name, pointer in walker.parameters.items():
        if name in walker.used_parameters:
            continue
        if walker.onepanel and (walker.parameter_types.get(name) == NODEPOOL_TYPE or name in MEANINGFUL_PARAMETERS):
            continue  # Onepanel gives these a meaning of their own
        hint = f"reference it as {{{{workflow.parameters.{name}}}}}, or remove it"
        if walker.onepanel and walker.parameter_visibility.get(name) in ("private", "internal"):
            hint += (
                f"; a {walker.parameter_visibility[name]} parameter may be read by an integration (CVAT sets "
                "some): then keep it and add '# opctl: ignore[ref-unused-parameter]' to its line"
            )
        walker.report(UNUSED_PARAMETER, f"{pointer}/name", f"workflow parameter '{name}' is never used", hint)
