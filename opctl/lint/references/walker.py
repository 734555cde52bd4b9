"""The single pass of the references family over one document.

Every string of the document holding ``{{`` is found once (one compiled regex) with the scope it
sits in (workflow, template, task or step); each tag goes to the module of its kind of reference:
``workflow`` (``{{workflow.*}}``, expressions, ``{{workspace.*}}``, unused parameters), ``local``
(``{{inputs.*}}``, ``{{item.*}}``, ``{{pod.*}}``), ``calls`` (``{{tasks.*}}``, ``{{steps.*}}``).
Calls are checked against the called template (``arguments``), artifact sources (``artifacts``).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from opctl.diagnostics import Diagnostic, Fix
from opctl.document import Shape
from opctl.edits import fix as edit_fix
from opctl.edits import replace_at
from opctl.lint.references import arguments, artifacts, calls, local, workflow
from opctl.lint.references.arguments import Interface
from opctl.lint.references.scope import (
    CHECKED_PREFIXES,
    Calls,
    Scope,
    find_tags,
    tag_position,
    tagged_strings,
    template_scope,
)
from opctl.lint.registry import LintContext
from opctl.model import LOOP_KEYS, TemplateRef, as_dict, as_list, iter_templates, join
from opctl.source import Position
from opctl.suggest import did_you_mean, unique_match

# A suggestion compares the word with every candidate (~25 µs each). Past this many comparisons
# per document (generated or hostile input with thousands of bad references into thousands of
# names), findings come without one, so linting stays linear.
SUGGESTION_BUDGET = 5000
SUGGESTION_WINDOW = 3  # only candidates within this length difference are compared


class Walker:
    """One pass over a document: every string with a tag is found once and each tag is handed to the
    module for its kind of reference; calls, arguments and artifact sources are checked on the way."""

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
        self.interfaces: dict[int, Interface] = {}  # by id() of the template mapping
        self.suggestion_budget = SUGGESTION_BUDGET
        self.output_names: dict[tuple[int, str], frozenset[str]] = {}
        self.types: dict[int, str | None] = {}  # by id() of the template mapping

    def suggest(self, word: str, candidates: Collection[str]) -> str:
        cost = len(candidates)
        if cost > self.suggestion_budget:
            return ""
        self.suggestion_budget -= cost
        return did_you_mean(word, candidates, window=SUGGESTION_WINDOW)

    def report(
        self,
        rule: Any,
        pointer: str,
        message: str,
        hint: str | None,
        *,
        key: bool = False,
        position: Position | None = None,
        fix: Fix | None = None,
    ) -> None:
        diag = self.ctx.diag(rule, pointer, message, hint, key=key, position=position)
        self.found.append(diag if fix is None else diag.with_changes(fix=fix))

    def report_tag(
        self,
        rule: Any,
        where: tuple[str, str, bool],
        match: re.Match[str],
        message: str,
        hint: str | None,
        *,
        rename: tuple[str, Collection[str]] | None = None,
    ) -> None:
        """A finding at the ``{{...}}`` tag; ``rename=(name, names)``: --fix replaces the misspelt name
        at the end of the tag by the one of ``names`` it unambiguously means (callers pass it only
        when a suggestion was made, so the suggestion budget bounds the work)."""
        pointer, text, key = where
        tag = match.group(0)
        position = tag_position(self.doc, pointer, text, match.start(), tag, key=key)
        fix = None
        if rename is not None and position is not None:
            name, names = rename
            meant = unique_match(name, names)
            at = tag.rfind(name)
            if meant is not None and at > 0 and tag[at + len(name) :].strip() == "}}":
                new_tag = tag[:at] + meant + tag[at + len(name) :]
                fix = edit_fix(f"replace '{name}' with '{meant}'", replace_at(self.doc, position, tag, new_tag))
        self.report(rule, pointer, message, hint, key=key, position=position, fix=fix)

    def run(self) -> list[Diagnostic]:
        data = self.doc.data
        spec = self.ctx.spec
        # Outside the spec (metadata, a CronWorkflow's schedule...) tags only count as uses.
        count_only = Scope(None, frozenset(), frozenset(), count_only=True)
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
        outside = Scope(None, frozenset(), frozenset())
        for key, value in spec.items():
            if key != "templates":
                self.scan(value, join(self.spec_pointer, key), outside)
        for template in iter_templates(spec, self.spec_pointer):
            self.walk_template(template)
        arguments.check_entry_arguments(self)
        workflow.check_unused_parameters(self)
        return self.found

    def scan(self, node: Any, pointer: str, scope: Scope) -> None:
        finditer = find_tags
        for where in tagged_strings(node, pointer):
            for match in finditer(where[1]):
                self.tag(match, where, scope)

    def walk_template(self, template: TemplateRef, *, loop: bool = False) -> None:
        scope = template_scope(template)
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
                    artifacts.check_from(
                        self, source, join(template.pointer, "outputs", "artifacts", i, "from"), artifact.get("name")
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

    def walk_call(self, call: dict[str, Any], pointer: str, parent: Scope, group: int) -> None:
        name = call.get("name")
        scope = Scope(
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
        arguments.check_call_arguments(self, call, pointer)
        artifacts.check_artifact_from(self, call, pointer, scope)

    def dag_calls(self, template: TemplateRef) -> Calls:
        by_name: dict[str, dict[str, Any]] = {}
        for task in as_list(template.data["dag"].get("tasks")):
            if isinstance(task, dict) and isinstance(task.get("name"), str):
                by_name.setdefault(task["name"], task)
        return Calls("tasks", template, by_name, {})

    def steps_calls(self, template: TemplateRef) -> Calls:
        by_name: dict[str, dict[str, Any]] = {}
        groups: dict[str, int] = {}
        for g, group in enumerate(as_list(template.data.get("steps"))):
            for step in as_list(group):
                if isinstance(step, dict) and isinstance(step.get("name"), str):
                    by_name.setdefault(step["name"], step)
                    groups.setdefault(step["name"], g)
        return Calls("steps", template, by_name, groups)

    def tag(self, match: re.Match[str], where: tuple[str, str, bool], scope: Scope) -> None:
        text = match.group(1).strip()
        if not text:
            return
        first = text[0]
        if first == "=":
            workflow.count_expression(self, text)
            return
        if text.startswith("workflow."):
            workflow.workflow_tag(self, text, match, where, scope)
            return
        if scope.count_only:
            return
        if text.startswith("workspace."):
            workflow.workspace_tag(self, text, match, where, scope)
            return
        if scope.template is None or not text.startswith(CHECKED_PREFIXES):
            return  # {{item}}, {{node.name}}, {{.NodePoolLabel}}, {{retries}}...: Argo does not check them
        if text.startswith("inputs."):
            local.inputs_tag(self, text, match, where, scope)
        elif text.startswith("tasks."):
            calls.call_tag(self, "tasks", text, match, where, scope)
        elif text.startswith("steps."):
            calls.call_tag(self, "steps", text, match, where, scope)
        elif text.startswith("item."):
            local.item_tag(self, match, where, scope)
        elif text.startswith("pod."):
            local.pod_tag(self, text, match, where, self.template_type(scope.template))
        # outputs.*: always accepted (a template's metrics refer to its own outputs)

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
