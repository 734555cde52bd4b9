"""References to tasks and steps: ``{{tasks.X.*}}``/``{{steps.X.*}}`` name a task or step of the same
template, an output its template produces, and one that has run before (ancestors, earlier groups).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from opctl.facts import METRICS_TEMPLATE_TYPES, SYS_METRICS
from opctl.lint.references.rules import TASK_NOT_ANCESTOR, TASK_OUTPUT, TASK_UNDEFINED, TASK_UNORDERED, VARIABLE_SCOPE
from opctl.lint.references.scope import Scope, listing
from opctl.model import TemplateRef, as_dict, as_list

if TYPE_CHECKING:
    from opctl.lint.references.walker import Walker

# Template types whose tasks have `.outputs.result` and `.exitCode` (Template.HasOutput).
_HAS_OUTPUT = frozenset({"container", "script", "data", "http", "plugin"})
_TASK_RUNTIME_FIELDS = frozenset({"id", "startedAt", "finishedAt", "hostNodeName", "ip"})


def call_tag(
    walker: Walker, kind: str, text: str, match: re.Match[str], where: tuple[str, str, bool], scope: Scope
) -> None:
    if text == f"{kind}.name" or text.startswith(f"{kind}.name."):
        return  # prefix-exempt in Argo
    calls = scope.calls
    tag = match.group(0)
    noun = "task" if kind == "tasks" else "step"
    if calls is None or calls.kind != kind:
        where_ok = "a DAG template" if kind == "tasks" else "a steps template"
        walker.report_tag(
            VARIABLE_SCOPE if kind == "steps" else TASK_UNDEFINED,
            where,
            match,
            f"'{tag}' is used outside {where_ok}: {kind}.* variables only resolve inside {where_ok}",
            f"pass the value to this template as an input parameter or artifact from the {noun} that calls it",
        )
        return
    rest = text[len(kind) + 1 :]
    name, _, attribute = rest.partition(".")
    target = calls.by_name.get(name)
    template_label = f"{'DAG' if kind == 'tasks' else 'steps'} template '{calls.template.name}'"
    if target is None:
        walker.report_tag(
            TASK_UNDEFINED,
            where,
            match,
            f"'{tag}': {template_label} has no {noun} '{name}'{walker.suggest(name, calls.by_name)}",
            f"{kind}.<name> must name a {noun} of the same template",
        )
        return
    if not check_attribute(walker, kind, name, attribute, target, match, where, scope):
        return
    check_order(walker, kind, name, attribute, match, where, scope)


def check_attribute(
    walker: Walker,
    kind: str,
    name: str,
    attribute: str,
    target: dict[str, Any],
    match: re.Match[str],
    where: tuple[str, str, bool],
    scope: Scope,
) -> bool:
    """Whether ``{{tasks.<name>.<attribute>}}`` exists; reports when it does not."""
    tag = match.group(0)
    noun = "task" if kind == "tasks" else "step"
    if attribute in _TASK_RUNTIME_FIELDS or attribute == "status":
        return True
    if attribute == "outputs.parameters" and any(target.get(loop) is not None for loop in ("withItems", "withParam")):
        return True  # the aggregated outputs of a fan-out
    template = walker.called_template(target)
    if template is None:
        return True  # a templateRef or an undefined template: nothing more to check here
    ttype = walker.template_type(template)
    label = f"template '{template.name}'" if template.name else "its inline template"
    if attribute in ("outputs.result", "exitCode"):
        if ttype in _HAS_OUTPUT or (ttype == "containerSet" and has_main_container(template.data)):
            return True
        if ttype is None:
            return True
        walker.report_tag(
            TASK_OUTPUT,
            where,
            match,
            f"'{tag}': {noun} '{name}' calls {label}, a {ttype} template, which has no "
            f"{'result' if attribute == 'outputs.result' else 'exit code'}",
            ".outputs.result and .exitCode exist for container, script, containerSet (with 'main'), data, "
            "http and plugin templates; declare an output parameter instead",
        )
        return False
    for output_kind in ("parameters", "artifacts"):
        prefix = f"outputs.{output_kind}."
        if attribute.startswith(prefix):
            output = attribute[len(prefix) :]
            declared = outputs(walker, template, output_kind)
            if output in declared:
                return True
            extra = ""
            if output == SYS_METRICS and output_kind == "artifacts":
                extra = (
                    "; Onepanel injects 'sys-metrics' only into container and script templates"
                    if walker.onepanel
                    else "; 'sys-metrics' is injected by Onepanel, not by Argo (lint with --dialect onepanel)"
                )
            singular = output_kind[:-1]
            walker.report_tag(
                TASK_OUTPUT,
                where,
                match,
                f"'{tag}': {label} (called by {noun} '{name}') has no output {singular} "
                f"'{output}'{walker.suggest(output, declared)}{extra}",
                f"declare it under outputs.{output_kind} of {label}, or fix the name "
                f"({listing(declared, 'output ' + singular)})",
            )
            return False
    if attribute == "outputs.parameters":
        walker.report_tag(
            TASK_OUTPUT,
            where,
            match,
            f"'{tag}': the aggregated output list only exists for a {noun} with withItems or withParam",
            f"name one output: {{{{{kind}.{name}.outputs.parameters.<name>}}}}",
        )
        return False
    walker.report_tag(
        TASK_OUTPUT,
        where,
        match,
        f"'{tag}' is not a {noun} variable Argo knows",
        f"{noun} variables are .outputs.parameters.<name>, .outputs.artifacts.<name>, .outputs.result, "
        ".exitCode, .status, .id, .startedAt, .finishedAt, .hostNodeName and .ip",
    )
    return False


def check_order(
    walker: Walker,
    kind: str,
    name: str,
    attribute: str,
    match: re.Match[str],
    where: tuple[str, str, bool],
    scope: Scope,
) -> None:
    """A task/step may only use what has already run: its ancestors (DAG) or earlier groups (steps)."""
    if scope.call is None:
        return  # outside a task: a DAG's outputs may use any of its tasks
    calls = scope.calls
    assert calls is not None
    current = scope.call_name
    tag = match.group(0)
    if name == current and where[0].startswith(f"{scope.call_pointer}/hooks/"):
        return  # a lifecycle hook (the exit hook too) runs after its own step/task: its outputs are in scope
    if kind == "steps":
        if calls.group.get(name, -1) < scope.step_group:
            return
        walker.report_tag(
            TASK_NOT_ANCESTOR,
            where,
            match,
            f"'{tag}': step '{name}' does not run before step '{current}' (same or later group)",
            "move the step to an earlier group of the steps list",
        )
        return
    if current is None:
        return
    # Hooks put the task's own status in scope (validate.go:1525-1531).
    if attribute == "status" and name == current and scope.call is not None and scope.call.get("hooks"):
        return
    if is_ancestor(walker, calls.template, name, current):
        return
    pointer = where[0]
    starts_argument = False
    if not where[2] and where[1].startswith("{{tasks.") and match.start() == 0:
        args_base = f"{scope.call_pointer}/arguments/"
        starts_argument = (pointer.startswith(args_base + "parameters/") and pointer.endswith("/value")) or (
            pointer.startswith(args_base + "artifacts/") and pointer.endswith("/from")
        )
    hint = f"add '{name}' to the dependencies (or depends) of task '{current}'"
    if attribute == "status" or starts_argument:
        what = "its status" if attribute == "status" else "this argument"
        walker.report_tag(
            TASK_NOT_ANCESTOR,
            where,
            match,
            f"'{tag}': task '{current}' does not depend on task '{name}', so {what} cannot be resolved "
            f"(Argo: missing dependency '{name}')",
            hint,
        )
        return
    walker.report_tag(
        TASK_UNORDERED,
        where,
        match,
        f"'{tag}': task '{current}' does not depend on task '{name}'; Argo resolves task references only "
        "from ancestors, so the tag stays unresolved when the task runs",
        hint,
    )


def is_ancestor(walker: Walker, template: TemplateRef, ancestor: str, task: str) -> bool:
    graph = walker.graphs.get(template.pointer)
    if graph is None:
        from opctl.lint.graph import dag_graph

        graph = walker.graphs[template.pointer] = dag_graph(walker.ctx, template)
    if (ancestor, task) in graph.sites:  # a direct dependency, the common case: no ancestor sets needed
        return True
    return bool(graph.is_ancestor(ancestor, task))


def outputs(walker: Walker, template: TemplateRef, kind: str) -> frozenset[str]:
    """Output names of a template, with Onepanel's injected ``sys-metrics`` where it applies."""
    key = (id(template.data), kind)
    found = walker.output_names.get(key)
    if found is None:
        found = output_names(template.data, kind)
        if kind == "artifacts" and walker.onepanel and walker.template_type(template) in METRICS_TEMPLATE_TYPES:
            found |= {SYS_METRICS}  # Onepanel injects it into every container/script template
        walker.output_names[key] = found
    return found


def has_main_container(template: dict[str, Any]) -> bool:
    containers = as_list(as_dict(template.get("containerSet")).get("containers"))
    return any(as_dict(c).get("name") == "main" for c in containers)


def output_names(template: dict[str, Any], kind: str) -> frozenset[str]:
    return frozenset(
        o["name"]
        for o in as_list(as_dict(template.get("outputs")).get(kind))
        if isinstance(o, dict) and isinstance(o.get("name"), str)
    )
