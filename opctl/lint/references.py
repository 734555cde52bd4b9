"""References: every ``{{...}}`` tag names something that exists where it is used.

Argo checks a simple tag only when its trimmed text starts with ``item.``, ``steps.``, ``inputs.``,
``outputs.``, ``pod.``, ``workflow.`` or ``tasks.`` (argo-reference §a.0); expression tags
(``{{=...}}``) and anything else (``{{item}}``, ``{{node.name}}``, ``{{retries}}``) are left alone,
and so are Onepanel's migration placeholders (``{{.NodePoolLabel}}``). This family reproduces
Argo's scopes (§e): workflow variables everywhere, a template's own inputs inside it, the tasks
of the same DAG (``.status`` and argument values that start with ``{{tasks.`` only for
ancestors), and Onepanel's injected ``sys-metrics`` output in the onepanel dialect. It also
checks task arguments against the called template's inputs and reports unused workflow
parameters.

Every string of the document is scanned once with one compiled regex; ancestor questions go to
the cached :class:`opctl.lint.graph.DagGraph` (a direct dependency is answered without it).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from opctl.diagnostics import Diagnostic, Severity
from opctl.document import Document, Shape
from opctl.facts import MEANINGFUL_PARAMETERS, METRICS_TEMPLATE_TYPES, NODEPOOL_TYPE, SYS_METRICS, SYS_NAME_PARAM
from opctl.lint.registry import LintContext, check, register
from opctl.model import LOOP_KEYS, TemplateRef, as_dict, as_list, has_location, iter_templates, join
from opctl.pointer import escape
from opctl.source import Position
from opctl.suggest import did_you_mean

FAMILY = "references"
E, W = Severity.ERROR, Severity.WARNING

WORKFLOW_PARAMETER = register(
    "ref-workflow-parameter", FAMILY, E, "{{workflow.parameters.X}} names no parameter in spec.arguments.parameters"
)
WORKFLOW_VARIABLE = register(
    "ref-workflow-variable", FAMILY, E, "a {{workflow.*}} variable Argo does not know, or not available here"
)
INPUT_PARAMETER = register(
    "ref-input-parameter", FAMILY, E, "{{inputs.parameters.X}} names no input parameter of the template using it"
)
INPUT_ARTIFACT = register(
    "ref-input-artifact", FAMILY, E, "{{inputs.artifacts.X}} names no input artifact of the template using it"
)
TASK_UNDEFINED = register(
    "ref-task-undefined", FAMILY, E, "{{tasks.X...}} / {{steps.X...}} names no task or step of the same template"
)
TASK_OUTPUT = register(
    "ref-task-output", FAMILY, E, "a task reference names an output or variable the task's template does not produce"
)
TASK_NOT_ANCESTOR = register(
    "ref-task-not-ancestor",
    FAMILY,
    E,
    "{{tasks.X.status}}, or an argument value/from starting with {{tasks.X, where X is not an ancestor",
)
TASK_UNORDERED = register(
    "ref-task-unordered",
    FAMILY,
    W,
    "a task uses an output of a task it does not depend on (left unresolved at run time)",
)
VARIABLE_SCOPE = register(
    "ref-variable-scope", FAMILY, E, "an {{item.*}}, {{inputs.*}}, {{pod.*}} or {{steps.*}} tag out of its scope"
)
ARTIFACT_FROM = register(
    "ref-artifact-from", FAMILY, E, "an artifact 'from' that is not a single {{...}} reference to an artifact"
)
MISSING_ARGUMENT = register(
    "ref-missing-argument", FAMILY, E, "a called template's input without a default or value is not passed"
)
EXTRA_ARGUMENT = register(
    "ref-extra-argument", FAMILY, W, "an argument the called template does not declare as an input"
)
UNUSED_PARAMETER = register("ref-unused-parameter", FAMILY, W, "a workflow parameter that nothing in the document uses")
WORKSPACE_VARIABLE = register(
    "ref-workspace-variable", FAMILY, W, "{{workspace.*}} only resolves in a workspace's post-execution workflow"
)

# `{{` ... the first `}}`, as fasttemplate splits tags.
TAG = re.compile(r"\{\{(.*?)\}\}", re.S)

# Uses of a workflow parameter inside an expression tag ({{=workflow.parameters.x}} / ['x-y']).
_EXPR_PARAMETER = re.compile(r"workflow\.parameters(?:\.([-\w]+)|\[\s*['\"]([^'\"]+)['\"]\s*\])?")
_CHECKED_PREFIXES = ("item.", "steps.", "inputs.", "outputs.", "pod.", "workflow.", "tasks.")

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

# Template types whose tasks have `.outputs.result` and `.exitCode` (Template.HasOutput).
_HAS_OUTPUT = frozenset({"container", "script", "data", "http", "plugin"})
_TASK_RUNTIME_FIELDS = frozenset({"id", "startedAt", "finishedAt", "hostNodeName", "ip"})


# A suggestion compares the word with every candidate (~25 µs each). Past this many comparisons
# per document (generated or hostile input with thousands of bad references into thousands of
# names), findings come without one, so linting stays linear.
SUGGESTION_BUDGET = 5000
_SUGGESTION_WINDOW = 3  # only candidates within this length difference are compared




@functools.lru_cache(maxsize=256)
def _listing(declared: frozenset[str], what: str) -> str:
    """'declared <what>s: a, b, …' (cached: the same sets come back for every bad reference)."""
    names = sorted(declared)
    if not names:
        return f"no {what} is declared"
    shown = ", ".join(names[:8]) + (", …" if len(names) > 8 else "")
    return f"declared {what}s: {shown}"


# --------------------------------------------------------------------------------------------
# positions


def tag_position(
    doc: Document, pointer: str, value: str, start: int, raw: str, *, key: bool = False
) -> Position | None:
    """Where the tag ``raw`` found at ``start`` of the string ``value`` is written in the file."""
    return doc.locate(pointer, value, start, len(raw), key=key)


# --------------------------------------------------------------------------------------------
# scopes


@dataclass(slots=True)
class _Calls:
    """The tasks (DAG) or steps of one template, for ``{{tasks.X}}``/``{{steps.X}}``."""

    kind: str  # "tasks" or "steps"
    template: TemplateRef
    by_name: dict[str, dict[str, Any]]
    group: dict[str, int]  # steps: name -> group index


@dataclass(slots=True)
class _Scope:
    template: TemplateRef | None  # None outside spec.templates (only workflow.* is checked)
    inputs_parameters: frozenset[str]
    inputs_artifacts: frozenset[str]
    calls: _Calls | None = None
    call: dict[str, Any] | None = None  # the task/step the string belongs to
    call_name: str | None = None
    call_pointer: str = ""
    step_group: int = -1
    count_only: bool = False
    loop: bool = False  # inside a task/step with withItems, withParam or withSequence: {{item.*}} resolves


def _input_names(template: dict[str, Any], kind: str) -> frozenset[str]:
    return frozenset(
        p["name"]
        for p in as_list(as_dict(template.get("inputs")).get(kind))
        if isinstance(p, dict) and isinstance(p.get("name"), str)
    )


def _template_scope(template: TemplateRef) -> _Scope:
    return _Scope(template, _input_names(template.data, "parameters"), _input_names(template.data, "artifacts"))


def find_tags(text: str) -> Iterator[re.Match[str]]:
    """``TAG.finditer``, but in linear time: a ``{{`` after the last ``}}`` would make the lazy
    pattern scan to the end of the text from every such ``{{`` (minutes for a 40 kB string)."""
    return TAG.finditer(text, 0, text.rfind("}}") + 2)


def _strings(node: Any, pointer: str) -> Iterator[tuple[str, str, bool]]:
    """(pointer, text, is_key) for every string (value or key) under ``node`` that holds ``{{``."""
    stack = [(node, pointer)]
    pop = stack.pop
    push = stack.append
    while stack:
        item, where = pop()
        if isinstance(item, dict):
            for key, value in item.items():
                # Most scalars hold no tag: skip them before building their pointer.
                tagged_key = "{{" in key
                if isinstance(value, str):
                    if not tagged_key and "{{" not in value:
                        continue
                elif not isinstance(value, (dict, list)) and not tagged_key:
                    continue
                child = f"{where}/{escape(key)}"
                if tagged_key:
                    yield child, key, True
                if isinstance(value, str):
                    if "{{" in value:
                        yield child, value, False
                elif isinstance(value, (dict, list)):
                    push((value, child))
        elif isinstance(item, list):
            for index, value in enumerate(item):
                if isinstance(value, str):
                    if "{{" in value:
                        yield f"{where}/{index}", value, False
                elif isinstance(value, (dict, list)):
                    push((value, f"{where}/{index}"))
        elif isinstance(item, str) and "{{" in item:
            yield where, item, False


# --------------------------------------------------------------------------------------------
# the checker


class _Checker:
    def __init__(self, ctx: LintContext) -> None:
        self.ctx = ctx
        self.doc = ctx.doc
        self.spec: dict[str, Any] = ctx.spec or {}
        self.spec_pointer = ctx.spec_pointer
        self.onepanel = ctx.dialect == "onepanel"
        self.found: list[Diagnostic] = []
        self.templates: dict[str, TemplateRef] = {}
        for template in iter_templates(self.spec, self.spec_pointer):
            if template.name is not None and template.name not in self.templates:
                self.templates[template.name] = template
        arguments = as_dict(self.spec.get("arguments"))
        self.parameters: dict[str, str] = {}  # name -> pointer of the parameter
        self.parameter_types: dict[str, Any] = {}
        self.parameter_visibility: dict[str, Any] = {}
        for i, param in enumerate(as_list(arguments.get("parameters"))):
            if isinstance(param, dict) and isinstance(param.get("name"), str):
                self.parameters.setdefault(param["name"], join(self.spec_pointer, "arguments", "parameters", i))
                self.parameter_types.setdefault(param["name"], param.get("type"))
                self.parameter_visibility.setdefault(param["name"], param.get("visibility"))
        self.used_parameters: set[str] = set()
        self.all_parameters_used = False
        # Parameters may come from elsewhere: a WorkflowTemplate accepts any (the submitting Workflow
        # supplies them), and so does a Workflow built on a workflowTemplateRef.
        self.open_parameters = self.doc.shape in (Shape.WORKFLOW_TEMPLATE, Shape.CLUSTER_WORKFLOW_TEMPLATE) or bool(
            self.spec.get("workflowTemplateRef")
        )
        self.global_outputs: set[str] = set()
        self.any_global_output = False
        for template in self.templates.values():
            outputs = as_dict(template.data.get("outputs"))
            for kind in ("parameters", "artifacts"):
                for item in as_list(outputs.get(kind)):
                    name = as_dict(item).get("globalName")
                    if isinstance(name, str):
                        if "{{" in name:
                            self.any_global_output = True
                        self.global_outputs.add(f"{kind}.{name}")
        self.graphs: dict[str, Any] = {}
        self.interfaces: dict[int, _Interface] = {}  # by id() of the template mapping
        self.suggestion_budget = SUGGESTION_BUDGET
        self.output_names: dict[tuple[int, str], frozenset[str]] = {}
        self.types: dict[int, str | None] = {}  # by id() of the template mapping

    # -- reporting ----------------------------------------------------------------------------

    def suggest(self, word: str, candidates: Collection[str]) -> str:
        cost = len(candidates)
        if cost > self.suggestion_budget:
            return ""
        self.suggestion_budget -= cost
        return did_you_mean(word, candidates, window=_SUGGESTION_WINDOW)

    def report(
        self,
        rule: Any,
        pointer: str,
        message: str,
        hint: str | None,
        *,
        key: bool = False,
        position: Position | None = None,
    ) -> None:
        self.found.append(self.ctx.diag(rule, pointer, message, hint, key=key, position=position))

    def report_tag(
        self, rule: Any, where: tuple[str, str, bool], match: re.Match[str], message: str, hint: str | None
    ) -> None:
        pointer, text, key = where
        position = tag_position(self.doc, pointer, text, match.start(), match.group(0), key=key)
        self.report(rule, pointer, message, hint, key=key, position=position)

    # -- walking ------------------------------------------------------------------------------

    def run(self) -> list[Diagnostic]:
        data = self.doc.data
        spec = self.ctx.spec
        # Outside the spec (metadata, a CronWorkflow's schedule...) tags only count as uses.
        count_only = _Scope(None, frozenset(), frozenset(), count_only=True)
        if isinstance(data, dict):
            for key, value in data.items():
                if value is spec:
                    continue
                if isinstance(value, dict) and spec is not None and value.get("workflowSpec") is spec:
                    for inner_key, inner in value.items():
                        if inner is not spec:
                            self.scan(inner, join("", key, inner_key), count_only)
                    continue
                self.scan(value, join("", key), count_only)
        if spec is None:
            return self.found
        outside = _Scope(None, frozenset(), frozenset())
        for key, value in spec.items():
            if key != "templates":
                self.scan(value, join(self.spec_pointer, key), outside)
        for template in iter_templates(spec, self.spec_pointer):
            self.walk_template(template)
        self.check_entry_arguments()
        self.check_unused_parameters()
        return self.found

    def scan(self, node: Any, pointer: str, scope: _Scope) -> None:
        finditer = find_tags
        for where in _strings(node, pointer):
            for match in finditer(where[1]):
                self.tag(match, where, scope)

    def walk_template(self, template: TemplateRef, *, loop: bool = False) -> None:
        scope = _template_scope(template)
        scope.loop = loop  # an inline template is substituted with its looping task's items
        data = template.data
        dag = data.get("dag")
        steps = data.get("steps")
        if isinstance(dag, dict):
            calls = self.dag_calls(template)
            scope.calls = calls
            for key, value in data.items():
                if key != "dag":
                    self.scan(value, join(template.pointer, key), scope)
            for key, value in dag.items():
                if key != "tasks":
                    self.scan(value, join(template.pointer, "dag", key), scope)
            for i, artifact in enumerate(as_list(as_dict(data.get("outputs")).get("artifacts"))):
                source = as_dict(artifact).get("from")
                if source is not None:
                    self.check_from(
                        source, join(template.pointer, "outputs", "artifacts", i, "from"), artifact.get("name")
                    )
            base = join(template.pointer, "dag", "tasks")
            for i, task in enumerate(as_list(dag.get("tasks"))):
                if isinstance(task, dict):
                    self.walk_call(task, f"{base}/{i}", scope, -1)
        elif isinstance(steps, list):
            calls = self.steps_calls(template)
            scope.calls = calls
            for key, value in data.items():
                if key != "steps":
                    self.scan(value, join(template.pointer, key), scope)
            for g, group in enumerate(steps):
                for s, step in enumerate(as_list(group)):
                    if isinstance(step, dict):
                        self.walk_call(step, join(template.pointer, "steps", g, s), scope, g)
        else:
            self.scan(data, template.pointer, scope)

    def walk_call(self, call: dict[str, Any], pointer: str, parent: _Scope, group: int) -> None:
        name = call.get("name")
        scope = _Scope(
            parent.template,
            parent.inputs_parameters,
            parent.inputs_artifacts,
            parent.calls,
            call,
            name if isinstance(name, str) else None,
            pointer,
            group,
            loop=any(call.get(loop) is not None for loop in LOOP_KEYS),
        )
        inline = call.get("inline")
        if isinstance(inline, dict):
            for key, value in call.items():
                if key == "inline":
                    # An inline template has its own inputs (filled from this call's arguments).
                    self.walk_template(TemplateRef(-1, None, value, f"{pointer}/inline"), loop=scope.loop)
                else:
                    self.scan(value, f"{pointer}/{key}", scope)
        else:
            self.scan(call, pointer, scope)
        self.check_call_arguments(call, pointer)
        self.check_artifact_from(call, pointer, scope)

    def dag_calls(self, template: TemplateRef) -> _Calls:
        by_name: dict[str, dict[str, Any]] = {}
        for task in as_list(template.data["dag"].get("tasks")):
            if isinstance(task, dict) and isinstance(task.get("name"), str):
                by_name.setdefault(task["name"], task)
        return _Calls("tasks", template, by_name, {})

    def steps_calls(self, template: TemplateRef) -> _Calls:
        by_name: dict[str, dict[str, Any]] = {}
        groups: dict[str, int] = {}
        for g, group in enumerate(as_list(template.data.get("steps"))):
            for step in as_list(group):
                if isinstance(step, dict) and isinstance(step.get("name"), str):
                    by_name.setdefault(step["name"], step)
                    groups.setdefault(step["name"], g)
        return _Calls("steps", template, by_name, groups)

    # -- one tag ------------------------------------------------------------------------------

    def tag(self, match: re.Match[str], where: tuple[str, str, bool], scope: _Scope) -> None:
        text = match.group(1).strip()
        if not text:
            return
        first = text[0]
        if first == "=":
            self.count_expression(text)
            return
        if text.startswith("workflow."):
            self.workflow_tag(text, match, where, scope)
            return
        if scope.count_only:
            return
        if text.startswith("workspace."):
            self.workspace_tag(text, match, where, scope)
            return
        if scope.template is None or not text.startswith(_CHECKED_PREFIXES):
            return  # {{item}}, {{node.name}}, {{.NodePoolLabel}}, {{retries}}...: Argo does not check them
        if text.startswith("inputs."):
            self.inputs_tag(text, match, where, scope)
        elif text.startswith("tasks."):
            self.call_tag("tasks", text, match, where, scope)
        elif text.startswith("steps."):
            self.call_tag("steps", text, match, where, scope)
        elif text.startswith("item."):
            if not scope.loop:
                self.report_tag(
                    VARIABLE_SCOPE,
                    where,
                    match,
                    f"'{match.group(0)}' is used outside a loop: no withItems, withParam or withSequence is in scope",
                    "use {{item...}} only in a task or step that loops; pass it to the template as an argument",
                )
        elif text.startswith("pod.") and text != "pod.name":
            self.report_tag(
                VARIABLE_SCOPE,
                where,
                match,
                f"'{match.group(0)}' is not a variable Argo knows",
                "the pod variable is {{pod.name}}",
            )
        # outputs.*: always accepted (a template's metrics refer to its own outputs)

    def count_expression(self, text: str) -> None:
        for found in _EXPR_PARAMETER.finditer(text):
            name = found.group(1) or found.group(2)
            if name is None or name == "json":
                self.all_parameters_used = True
            else:
                self.used_parameters.add(name)

    def workflow_tag(self, text: str, match: re.Match[str], where: tuple[str, str, bool], scope: _Scope) -> None:
        if text.startswith("workflow.parameters"):
            if text in ("workflow.parameters", "workflow.parameters.json"):
                self.all_parameters_used = True
                if not self.parameters and not self.open_parameters and not scope.count_only:
                    self.report_tag(
                        WORKFLOW_VARIABLE,
                        where,
                        match,
                        f"'{match.group(0)}' is empty: the workflow declares no parameters",
                        "declare parameters in spec.arguments.parameters, or remove the reference",
                    )
                return
            if text.startswith("workflow.parameters."):
                name = text[len("workflow.parameters.") :]
                self.used_parameters.add(name)
                if name in self.parameters or self.open_parameters or scope.count_only:
                    return
                self.report_tag(
                    WORKFLOW_PARAMETER,
                    where,
                    match,
                    f"'{match.group(0)}' names no workflow parameter '{name}'{self.suggest(name, self.parameters)}",
                    "declare it in spec.arguments.parameters, or fix the name "
                    f"({_listing(frozenset(self.parameters), 'parameter')})",
                )
                return
        if scope.count_only or text in _WORKFLOW_GLOBALS or text.startswith(_WORKFLOW_EXEMPT + _WORKFLOW_MAPS):
            return
        if text == "workflow.failures":
            if self.spec.get("onExit"):
                return
            self.report_tag(
                WORKFLOW_VARIABLE,
                where,
                match,
                f"'{match.group(0)}' is only available when the workflow has an exit handler (spec.onExit)",
                "set spec.onExit to a template, and use {{workflow.failures}} there",
            )
            return
        if text == "workflow.priority":
            if self.spec.get("priority") is not None:
                return
            self.report_tag(
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
                if self.any_global_output or f"{kind}.{name}" in self.global_outputs:
                    return
                declared = {g.split(".", 1)[1] for g in self.global_outputs if g.startswith(kind + ".")}
                self.report_tag(
                    WORKFLOW_VARIABLE,
                    where,
                    match,
                    f"'{match.group(0)}': no template output has globalName '{name}'{self.suggest(name, declared)}",
                    f"set globalName: {name} on the template output that produces it",
                )
                return
        known = sorted(_WORKFLOW_GLOBALS | {"workflow.parameters", "workflow.creationTimestamp", "workflow.duration"})
        self.report_tag(
            WORKFLOW_VARIABLE,
            where,
            match,
            f"'{match.group(0)}' is not a workflow variable Argo knows{self.suggest(text, known)}",
            "workflow variables are workflow.name, .namespace, .uid, .serviceAccountName, .mainEntrypoint, .status, "
            ".duration, .creationTimestamp, .labels.<key>, .annotations.<key>, .parameters.<name>, "
            ".outputs.parameters.<globalName>, and .failures in an exit handler",
        )

    def workspace_tag(self, text: str, match: re.Match[str], where: tuple[str, str, bool], scope: _Scope) -> None:
        if not self.onepanel:
            return  # Argo does not check {{workspace.*}}: it just stays unresolved
        in_parameters = where[0].startswith(join(self.spec_pointer, "arguments", "parameters") + "/")
        # Onepanel substitutes these two inside parameter values itself (onepanel-semantics §3.6).
        if in_parameters and (
            text == "workspace.namespace" or (text == "workspace.uid" and SYS_NAME_PARAM in self.parameters)
        ):
            return
        self.report_tag(
            WORKSPACE_VARIABLE,
            where,
            match,
            f"'{match.group(0)}' only resolves when this template runs as a workspace's post-execution workflow",
            "on its own (and in Argo) the tag stays unresolved; pass the value as a workflow parameter instead",
        )

    def inputs_tag(self, text: str, match: re.Match[str], where: tuple[str, str, bool], scope: _Scope) -> None:
        template = scope.template
        assert template is not None
        label = f"template '{template.name}'" if template.name else "this inline template"
        if text == "inputs.parameters":
            return
        if text.startswith("inputs.parameters."):
            name = text[len("inputs.parameters.") :]
            if name in scope.inputs_parameters:
                return
            self.report_tag(
                INPUT_PARAMETER,
                where,
                match,
                f"'{match.group(0)}': {label} has no input parameter '{name}'"
                f"{self.suggest(name, scope.inputs_parameters)}",
                f"declare it under inputs.parameters of {label}, or fix the name "
                f"({_listing(scope.inputs_parameters, 'input parameter')})",
            )
            return
        if text.startswith("inputs.artifacts."):
            rest = text[len("inputs.artifacts.") :]
            name = rest[: -len(".path")] if rest.endswith(".path") and rest not in scope.inputs_artifacts else rest
            if name in scope.inputs_artifacts:
                return
            self.report_tag(
                INPUT_ARTIFACT,
                where,
                match,
                f"'{match.group(0)}': {label} has no input artifact '{name}'"
                f"{self.suggest(name, scope.inputs_artifacts)}",
                f"declare it under inputs.artifacts of {label}, or fix the name "
                f"({_listing(scope.inputs_artifacts, 'input artifact')})",
            )
            return
        self.report_tag(
            VARIABLE_SCOPE,
            where,
            match,
            f"'{match.group(0)}' is not an input variable",
            "input variables are {{inputs.parameters.<name>}}, {{inputs.parameters}} and {{inputs.artifacts.<name>}}",
        )

    def call_tag(self, kind: str, text: str, match: re.Match[str], where: tuple[str, str, bool], scope: _Scope) -> None:
        if text == f"{kind}.name" or text.startswith(f"{kind}.name."):
            return  # prefix-exempt in Argo
        calls = scope.calls
        tag = match.group(0)
        noun = "task" if kind == "tasks" else "step"
        if calls is None or calls.kind != kind:
            where_ok = "a DAG template" if kind == "tasks" else "a steps template"
            self.report_tag(
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
            self.report_tag(
                TASK_UNDEFINED,
                where,
                match,
                f"'{tag}': {template_label} has no {noun} '{name}'{self.suggest(name, calls.by_name)}",
                f"{kind}.<name> must name a {noun} of the same template",
            )
            return
        if not self.check_attribute(kind, name, attribute, target, match, where, scope):
            return
        self.check_order(kind, name, attribute, match, where, scope)

    def interface(self, template: TemplateRef) -> _Interface:
        found = self.interfaces.get(id(template.data))
        if found is None:
            found = self.interfaces[id(template.data)] = _interface(template.data)
        return found

    def outputs(self, template: TemplateRef, kind: str) -> frozenset[str]:
        """Output names of a template, with Onepanel's injected ``sys-metrics`` where it applies."""
        key = (id(template.data), kind)
        found = self.output_names.get(key)
        if found is None:
            found = _output_names(template.data, kind)
            if kind == "artifacts" and self.onepanel and self.template_type(template) in METRICS_TEMPLATE_TYPES:
                found |= {SYS_METRICS}  # Onepanel injects it into every container/script template
            self.output_names[key] = found
        return found

    def template_type(self, template: TemplateRef) -> str | None:
        key = id(template.data)
        if key not in self.types:
            self.types[key] = template.type
        return self.types[key]

    def called_template(self, call: dict[str, Any]) -> TemplateRef | None:
        """The template a task/step calls when it is known here (not a templateRef or a variable)."""
        inline = call.get("inline")
        if isinstance(inline, dict):
            return TemplateRef(-1, None, inline, "")
        name = call.get("template")
        if isinstance(name, str) and call.get("templateRef") is None:
            return self.templates.get(name)
        return None

    def check_attribute(
        self,
        kind: str,
        name: str,
        attribute: str,
        target: dict[str, Any],
        match: re.Match[str],
        where: tuple[str, str, bool],
        scope: _Scope,
    ) -> bool:
        """Whether ``{{tasks.<name>.<attribute>}}`` exists; reports when it does not."""
        tag = match.group(0)
        noun = "task" if kind == "tasks" else "step"
        if attribute in _TASK_RUNTIME_FIELDS or attribute == "status":
            return True
        if attribute == "outputs.parameters" and any(
            target.get(loop) is not None for loop in ("withItems", "withParam")
        ):
            return True  # the aggregated outputs of a fan-out
        template = self.called_template(target)
        if template is None:
            return True  # a templateRef or an undefined template: nothing more to check here
        ttype = self.template_type(template)
        label = f"template '{template.name}'" if template.name else "its inline template"
        if attribute in ("outputs.result", "exitCode"):
            if ttype in _HAS_OUTPUT or (ttype == "containerSet" and _has_main_container(template.data)):
                return True
            if ttype is None:
                return True
            self.report_tag(
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
                declared = self.outputs(template, output_kind)
                if output in declared:
                    return True
                extra = ""
                if output == SYS_METRICS and output_kind == "artifacts":
                    extra = (
                        "; Onepanel injects 'sys-metrics' only into container and script templates"
                        if self.onepanel
                        else "; 'sys-metrics' is injected by Onepanel, not by Argo (lint with --dialect onepanel)"
                    )
                singular = output_kind[:-1]
                self.report_tag(
                    TASK_OUTPUT,
                    where,
                    match,
                    f"'{tag}': {label} (called by {noun} '{name}') has no output {singular} "
                    f"'{output}'{self.suggest(output, declared)}{extra}",
                    f"declare it under outputs.{output_kind} of {label}, or fix the name "
                    f"({_listing(declared, 'output ' + singular)})",
                )
                return False
        if attribute == "outputs.parameters":
            self.report_tag(
                TASK_OUTPUT,
                where,
                match,
                f"'{tag}': the aggregated output list only exists for a {noun} with withItems or withParam",
                f"name one output: {{{{{kind}.{name}.outputs.parameters.<name>}}}}",
            )
            return False
        self.report_tag(
            TASK_OUTPUT,
            where,
            match,
            f"'{tag}' is not a {noun} variable Argo knows",
            f"{noun} variables are .outputs.parameters.<name>, .outputs.artifacts.<name>, .outputs.result, "
            ".exitCode, .status, .id, .startedAt, .finishedAt, .hostNodeName and .ip",
        )
        return False

    def check_order(
        self, kind: str, name: str, attribute: str, match: re.Match[str], where: tuple[str, str, bool], scope: _Scope
    ) -> None:
        """A task/step may only use what has already run: its ancestors (DAG) or earlier groups (steps)."""
        if scope.call is None:
            return  # outside a task: a DAG's outputs may use any of its tasks
        calls = scope.calls
        assert calls is not None
        current = scope.call_name
        tag = match.group(0)
        if kind == "steps":
            if calls.group.get(name, -1) < scope.step_group:
                return
            self.report_tag(
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
        if self.is_ancestor(calls.template, name, current):
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
            self.report_tag(
                TASK_NOT_ANCESTOR,
                where,
                match,
                f"'{tag}': task '{current}' does not depend on task '{name}', so {what} cannot be resolved "
                f"(Argo: missing dependency '{name}')",
                hint,
            )
            return
        self.report_tag(
            TASK_UNORDERED,
            where,
            match,
            f"'{tag}': task '{current}' does not depend on task '{name}'; Argo resolves task references only "
            "from ancestors, so the tag stays unresolved when the task runs",
            hint,
        )

    def is_ancestor(self, template: TemplateRef, ancestor: str, task: str) -> bool:
        graph = self.graphs.get(template.pointer)
        if graph is None:
            from opctl.lint.graph import dag_graph

            graph = self.graphs[template.pointer] = dag_graph(self.ctx, template)
        if (ancestor, task) in graph.sites:  # a direct dependency, the common case: no ancestor sets needed
            return True
        return bool(graph.is_ancestor(ancestor, task))

    # -- arguments ----------------------------------------------------------------------------

    def check_call_arguments(self, call: dict[str, Any], pointer: str) -> None:
        template = self.called_template(call)
        if template is None:
            return
        arguments = as_dict(call.get("arguments"))
        label = f"template '{template.name}'" if template.name else "its inline template"
        noun = "task" if "/dag/tasks/" in pointer else "step"
        call_name = call.get("name")
        site = (
            f"{pointer}/template"
            if "template" in call
            else f"{pointer}/inline"
            if "inline" in call
            else f"{pointer}/name"
        )
        interface = self.interface(template)
        missing = _missing_inputs(interface, arguments)
        for kind, name in missing:
            self.report(
                MISSING_ARGUMENT,
                site,
                f"{noun} '{call_name}' calls {label} without input {kind[:-1]} '{name}', which has no default",
                f"pass it under arguments.{kind} of the {noun}, or give the input a default",
            )
        for kind in ("parameters", "artifacts"):
            declared = interface.declared[kind]
            for i, item in enumerate(as_list(arguments.get(kind))):
                name = as_dict(item).get("name")
                if not isinstance(name, str) or name in declared:
                    continue
                self.report(
                    EXTRA_ARGUMENT,
                    f"{pointer}/arguments/{kind}/{i}/name",
                    f"argument '{name}' is not an input {kind[:-1]} of {label}: it is ignored"
                    f"{self.suggest(name, declared)}",
                    f"remove it, or declare it under inputs.{kind} of {label} "
                    f"({_listing(declared, 'input ' + kind[:-1])})",
                )

    def check_entry_arguments(self) -> None:
        """The entrypoint and the exit handler get spec.arguments as their arguments (§a.1 #12)."""
        if self.open_parameters:
            return  # a WorkflowTemplate's inputs may be supplied when a Workflow is submitted from it
        arguments = as_dict(self.spec.get("arguments"))
        for field in ("entrypoint", "onExit"):
            name = self.spec.get(field)
            template = self.templates.get(name) if isinstance(name, str) else None
            if template is None:
                continue
            interface = self.interface(template)
            # spec.arguments are the entrypoint's arguments: a parameter it takes as an input is used.
            self.used_parameters.update(interface.declared["parameters"])
            for kind, missing in _missing_inputs(interface, arguments):
                self.report(
                    MISSING_ARGUMENT,
                    join(self.spec_pointer, field),
                    f"{field} template '{name}' needs input {kind[:-1]} '{missing}', which has no default and is "
                    "not in spec.arguments",
                    f"add '{missing}' to spec.arguments.{kind}, or give the input a default",
                )

    def check_artifact_from(self, call: dict[str, Any], pointer: str, scope: _Scope) -> None:
        for i, item in enumerate(as_list(as_dict(call.get("arguments")).get("artifacts"))):
            source = as_dict(item).get("from")
            if source is None:
                continue
            self.check_from(source, f"{pointer}/arguments/artifacts/{i}/from", as_dict(item).get("name"))

    def check_from(self, source: Any, pointer: str, name: Any) -> None:
        label = f"artifact '{name}'" if isinstance(name, str) else "this artifact"
        if not isinstance(source, str):
            return  # a type error: the structure family reports it
        matches = list(find_tags(source))
        if len(matches) != 1 or matches[0].group(0) != source.strip():
            self.report(
                ARTIFACT_FROM,
                pointer,
                f"'from' of {label} must be exactly one {{{{...}}}} reference to an artifact, not '{source}'",
                "write it as from: '{{tasks.<task>.outputs.artifacts.<name>}}' or '{{inputs.artifacts.<name>}}'",
            )
            return
        text = matches[0].group(1).strip()
        if text.startswith("="):
            return
        if ".artifacts." in text and text.startswith(("tasks.", "steps.", "inputs.", "workflow.outputs.")):
            return
        position = tag_position(self.doc, pointer, source, matches[0].start(), matches[0].group(0))
        self.report(
            ARTIFACT_FROM,
            pointer,
            f"'from' of {label} names '{matches[0].group(0)}', which is not an artifact",
            "'from' takes an artifact ({{tasks.<task>.outputs.artifacts.<name>}}); pass parameters under "
            "arguments.parameters with 'value'",
            position=position,
        )

    # -- unused parameters --------------------------------------------------------------------

    def check_unused_parameters(self) -> None:
        if self.all_parameters_used:
            return
        for name, pointer in self.parameters.items():
            if name in self.used_parameters:
                continue
            if self.onepanel and (
                self.parameter_types.get(name) == NODEPOOL_TYPE or name in MEANINGFUL_PARAMETERS
            ):
                continue  # Onepanel gives these a meaning of their own
            hint = f"reference it as {{{{workflow.parameters.{name}}}}}, or remove it"
            if self.onepanel and self.parameter_visibility.get(name) in ("private", "internal"):
                hint += (
                    f"; a {self.parameter_visibility[name]} parameter may be read by an integration (CVAT sets "
                    "some): then keep it and add '# opctl: ignore[ref-unused-parameter]' to its line"
                )
            self.report(UNUSED_PARAMETER, f"{pointer}/name", f"workflow parameter '{name}' is never used", hint)


def _has_main_container(template: dict[str, Any]) -> bool:
    containers = as_list(as_dict(template.get("containerSet")).get("containers"))
    return any(as_dict(c).get("name") == "main" for c in containers)


def _output_names(template: dict[str, Any], kind: str) -> frozenset[str]:
    return frozenset(
        o["name"]
        for o in as_list(as_dict(template.get("outputs")).get(kind))
        if isinstance(o, dict) and isinstance(o.get("name"), str)
    )


@dataclass(frozen=True, slots=True)
class _Interface:
    """A template's inputs: every declared name, and those a caller must pass (no default)."""

    declared: dict[str, frozenset[str]]
    required: tuple[tuple[str, str], ...]  # (kind, name) in document order


def _interface(template: dict[str, Any]) -> _Interface:
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
    declared = {kind: _input_names(template, kind) for kind in ("parameters", "artifacts")}
    return _Interface(declared, tuple(required))


def _missing_inputs(interface: _Interface, arguments: dict[str, Any]) -> list[tuple[str, str]]:
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


@check(FAMILY)
def check_references(ctx: LintContext) -> list[Diagnostic]:
    return _Checker(ctx).run()
