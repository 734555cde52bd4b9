"""A template's own variables: ``{{inputs.*}}``, ``{{item.*}}`` inside a loop, ``{{pod.name}}``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from opctl.lint.references.rules import INPUT_ARTIFACT, INPUT_PARAMETER, VARIABLE_SCOPE
from opctl.lint.references.scope import Scope, listing

if TYPE_CHECKING:
    from opctl.lint.references.walker import Walker


def inputs_tag(walker: Walker, text: str, match: re.Match[str], where: tuple[str, str, bool], scope: Scope) -> None:
    template = scope.template
    assert template is not None
    label = f"template '{template.name}'" if template.name else "this inline template"
    if text == "inputs.parameters":
        return
    if text.startswith("inputs.parameters."):
        name = text[len("inputs.parameters.") :]
        if name in scope.inputs_parameters:
            return
        suggestion = walker.suggest(name, scope.inputs_parameters)
        walker.report_tag(
            INPUT_PARAMETER,
            where,
            match,
            f"'{match.group(0)}': {label} has no input parameter '{name}'{suggestion}",
            f"declare it under inputs.parameters of {label}, or fix the name "
            f"({listing(scope.inputs_parameters, 'input parameter')})",
            rename=(name, scope.inputs_parameters) if suggestion else None,
        )
        return
    if text.startswith("inputs.artifacts."):
        rest = text[len("inputs.artifacts.") :]
        name = rest[: -len(".path")] if rest.endswith(".path") and rest not in scope.inputs_artifacts else rest
        if name in scope.inputs_artifacts:
            return
        walker.report_tag(
            INPUT_ARTIFACT,
            where,
            match,
            f"'{match.group(0)}': {label} has no input artifact '{name}'{walker.suggest(name, scope.inputs_artifacts)}",
            f"declare it under inputs.artifacts of {label}, or fix the name "
            f"({listing(scope.inputs_artifacts, 'input artifact')})",
        )
        return
    walker.report_tag(
        VARIABLE_SCOPE,
        where,
        match,
        f"'{match.group(0)}' is not an input variable",
        "input variables are {{inputs.parameters.<name>}}, {{inputs.parameters}} and {{inputs.artifacts.<name>}}",
    )


def item_tag(walker: Walker, match: re.Match[str], where: tuple[str, str, bool], scope: Scope) -> None:
    if not scope.loop:
        walker.report_tag(
            VARIABLE_SCOPE,
            where,
            match,
            f"'{match.group(0)}' is used outside a loop: no withItems, withParam or withSequence is in scope",
            "use {{item...}} only in a task or step that loops; pass it to the template as an argument",
        )


def pod_tag(walker: Walker, text: str, match: re.Match[str], where: tuple[str, str, bool], kind: str | None) -> None:
    if text == "pod.name" and kind in ("dag", "steps"):
        # validate.go puts pod.name in scope only for pod templates (Template.IsPodType)
        walker.report_tag(
            VARIABLE_SCOPE,
            where,
            match,
            f"'{match.group(0)}' in a {kind} template: a {kind} template runs no pod of its own",
            "use {{pod.name}} inside the container or script template, or pass what you need as an argument",
        )
    elif text != "pod.name":
        walker.report_tag(
            VARIABLE_SCOPE,
            where,
            match,
            f"'{match.group(0)}' is not a variable Argo knows",
            "the pod variable is {{pod.name}}",
        )
