"""Rule family ``dag``: the rules Argo enforces on DAG templates (argo-reference.md §a.3).

Argo reports only the first of these ("sorting failed: invalid dependency X") without a
position; here each finding points at the node at fault, down to the task name inside a
``depends`` expression. The graph work is shared with other families through
``opctl.lint.graph.dag_graph``. These are Argo's rules, so they apply in both dialects.
Template references are checked for steps too (the same mistake, the same message).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from opctl.diagnostics import Diagnostic, Fix, Severity
from opctl.document import Shape
from opctl.edits import rename, rename_word
from opctl.lint.graph import (
    DEPENDS_RESULTS,
    ITEMS_RESULTS,
    DagGraph,
    TaskEntry,
    dag_graph,
    scalar_offset_position,
)
from opctl.lint.registry import Change, LintContext, check, register
from opctl.model import TemplateRef, as_dict, as_list, iter_steps, iter_templates, join, loop_keys
from opctl.source import Position
from opctl.suggest import Suggester, unique_match

FAMILY = "dag"
E = Severity.ERROR
W = Severity.WARNING

MISSING_DEPENDENCY = register(
    "dag-missing-dependency",
    FAMILY,
    E,
    "a dependency names no task of the DAG",
    fixable=True,
    explanation=(
        "A dependency must name a task of the same DAG. Argo refuses the workflow ('sorting failed: "
        "invalid dependency') without saying where; opctl points at the name, in `dependencies` or "
        "inside a `depends` expression. Fixable when one task name is clearly meant."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: prepare, template: echo}\n"
        "    - {name: train, template: echo, dependencies: [prepar]}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "    - {name: train, template: echo, dependencies: [prepar]}\n",
        "    - {name: train, template: echo, dependencies: [prepare]}\n",
    ),
)
CYCLE = register(
    "dag-cycle",
    FAMILY,
    E,
    "tasks depend on each other in a cycle",
    explanation=(
        "Tasks that wait for each other never start: Argo refuses the DAG ('dependency cycle'). opctl "
        "points at the dependency that closes the cycle and prints it (a → b → a)."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo, dependencies: [b]}\n"
        "    - {name: b, template: echo, dependencies: [a]}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "    - {name: a, template: echo, dependencies: [b]}\n",
        "    - {name: a, template: echo}\n",
    ),
)
DUPLICATE_TASK = register(
    "dag-duplicate-task",
    FAMILY,
    E,
    "two tasks of one DAG share a name",
    explanation=(
        "Task names identify the nodes of a DAG; Argo refuses two tasks with one name ('duplicated nodeName')."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo}\n"
        "    - {name: a, template: echo}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        (
            "    - {name: a, template: echo}\n"
            "    - {name: a, template: echo}\n"
            "- name: echo\n"
        ),
        (
            "    - {name: a, template: echo}\n"
            "    - {name: b, template: echo}\n"
            "- name: echo\n"
        ),
    ),
)
DUPLICATE_DEPENDENCY = register(
    "dag-duplicate-dependency",
    FAMILY,
    W,
    "a task lists the same dependency twice",
    explanation="Naming a dependency twice changes nothing for Argo, but usually means another task was meant.",
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo}\n"
        "    - {name: b, template: echo, dependencies: [a, a]}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "    - {name: b, template: echo, dependencies: [a, a]}\n",
        "    - {name: b, template: echo, dependencies: [a]}\n",
    ),
)
UNDEFINED_TEMPLATE = register(
    "dag-undefined-template",
    FAMILY,
    E,
    "a task or step calls a template that does not exist",
    fixable=True,
    explanation=(
        "A task or step calls a template by name; Argo refuses the workflow when spec.templates has no "
        "template of that name. Use `templateRef` for a template of a WorkflowTemplate. Fixable when one "
        "template name is clearly meant."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: ehco}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "    - {name: a, template: ehco}\n",
        "    - {name: a, template: echo}\n",
    ),
)
NO_TEMPLATE = register(
    "dag-no-template",
    FAMILY,
    E,
    "a task or step sets none of template, templateRef, inline",
    explanation=(
        "A task or step must say what it runs: `template`, `templateRef` or `inline`; Argo refuses one without."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "    - {name: a}\n",
        "    - {name: a, template: echo}\n",
    ),
)
TEMPLATE_CONFLICT = register(
    "dag-template-conflict",
    FAMILY,
    E,
    "a task or step sets more than one of template, templateRef, inline",
    explanation=(
        "A task or step runs one thing: `template` (this workflow), `templateRef` (a WorkflowTemplate) "
        "or `inline`. Argo refuses more than one."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo, templateRef: {name: lib, template: echo}}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "    - {name: a, template: echo, templateRef: {name: lib, template: echo}}\n",
        "    - {name: a, template: echo}\n",
    ),
)
MIXED_DEPENDENCIES = register(
    "dag-mixed-dependencies",
    FAMILY,
    E,
    "one DAG uses both `depends` and `dependencies` (mutually exclusive)",
    explanation=(
        "A DAG orders its tasks with either `dependencies` lists or `depends` expressions; Argo refuses "
        "a DAG that uses both."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo}\n"
        "    - {name: b, template: echo, dependencies: [a]}\n"
        "    - {name: c, template: echo, depends: b}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "    - {name: b, template: echo, dependencies: [a]}\n",
        "    - {name: b, template: echo, depends: a}\n",
    ),
)
CONTINUE_ON_DEPENDS = register(
    "dag-continue-on-with-depends",
    FAMILY,
    E,
    "`continueOn` in a DAG that uses `depends` (use .Failed/.Errored)",
    explanation=(
        "`continueOn` lets a DAG go on after a task fails, but Argo refuses it in a DAG that uses "
        "`depends`: there the tasks after a failure say which results they accept. Without the fix the "
        "workflow is rejected at submission."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo, continueOn: {failed: true}}\n"
        "    - {name: b, template: echo, depends: a}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        (
            "    - {name: a, template: echo, continueOn: {failed: true}}\n"
            "    - {name: b, template: echo, depends: a}\n"
        ),
        (
            "    - {name: a, template: echo}\n"
            "    - {name: b, template: echo, depends: a.Succeeded || a.Failed}\n"
        ),
    ),
)
DIGIT_NAME = register(
    "dag-task-name-digit",
    FAMILY,
    E,
    "task name starts with a digit where `depends`/`dependencies` is used",
    explanation=(
        "Argo parses `depends` and `dependencies` as expressions in which a name starting with a digit "
        "reads as a number, so it refuses such task names in a DAG that orders its tasks."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo}\n"
        "    - {name: 2nd, template: echo, dependencies: [a]}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "    - {name: 2nd, template: echo, dependencies: [a]}\n",
        "    - {name: second, template: echo, dependencies: [a]}\n",
    ),
)
DEPENDS_SYNTAX = register(
    "dag-depends-syntax",
    FAMILY,
    E,
    "a `depends` expression does not parse",
    explanation=(
        "`depends` is a boolean expression over task results joined by &&, || and !, with parentheses. "
        "Argo refuses an expression it cannot parse when the workflow is submitted; opctl shows where it "
        "stops parsing."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo}\n"
        "    - {name: b, template: echo}\n"
        "    - {name: c, template: echo, depends: a && (b}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "    - {name: c, template: echo, depends: a && (b}\n",
        "    - {name: c, template: echo, depends: a && b}\n",
    ),
)
DEPENDS_RESULT = register(
    "dag-depends-result",
    FAMILY,
    E,
    "a `depends` operand tests an unknown result (A.Succeded)",
    fixable=True,
    explanation=(
        "A `depends` operand is TASK or TASK.RESULT, where RESULT is one of Succeeded, Failed, Errored, "
        "Skipped, Omitted, Daemoned, AnySucceeded, AllFailed (case matters). Argo refuses any other "
        "word, so a typo such as `Succeded` stops the whole workflow at submission. Fixable when one "
        "result is clearly meant."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo}\n"
        "    - {name: b, template: echo, depends: a.Succeded}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "    - {name: b, template: echo, depends: a.Succeded}\n",
        "    - {name: b, template: echo, depends: a.Succeeded}\n",
    ),
)
ITEMS_RESULT = register(
    "dag-items-result",
    FAMILY,
    E,
    ".AnySucceeded/.AllFailed on a task without withItems/withParam/withSequence",
    explanation=(
        "`.AnySucceeded` and `.AllFailed` describe the iterations of a looped task (withItems, "
        "withParam, withSequence); Argo refuses them on a task without a loop."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo}\n"
        "    - {name: b, template: echo, depends: a.AnySucceeded}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "    - {name: a, template: echo}\n",
        "    - {name: a, template: echo, withItems: [1, 2]}\n",
    ),
)
EMPTY_DAG = register(
    "dag-empty",
    FAMILY,
    E,
    "a DAG template has no tasks",
    explanation="A DAG without tasks does nothing; Argo refuses it at submission.",
    bad=("entrypoint: main\ntemplates:\n- name: main\n  dag: {tasks: []}\n"),
    good=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
)
UNDEFINED_TARGET = register(
    "dag-undefined-target",
    FAMILY,
    E,
    "`dag.target` names a task that does not exist",
    explanation=(
        "`dag.target` names the tasks to run (with what they depend on); Argo refuses a name that is no "
        "task of the DAG."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    target: trian\n"
        "    tasks:\n"
        "    - {name: train, template: echo}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "    target: trian\n",
        "    target: train\n",
    ),
)
MULTIPLE_LOOPS = register(
    "dag-multiple-loops",
    FAMILY,
    E,
    "a task or step sets more than one of withItems, withParam, withSequence",
    explanation=("A task or step loops over one of withItems, withParam or withSequence; Argo refuses more than one."),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo, withItems: [1, 2], withSequence: {count: '2'}}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "    - {name: a, template: echo, withItems: [1, 2], withSequence: {count: '2'}}\n",
        "    - {name: a, template: echo, withItems: [1, 2]}\n",
    ),
)
UNUSED_TEMPLATE = register(
    "dag-unused-template",
    FAMILY,
    W,
    "a template nothing runs (not reached from the entrypoint, onExit or hooks)",
    explanation=(
        "A template that neither the entrypoint, onExit nor a hook reaches never runs: often a task that "
        "was meant to call it was removed or misspelt."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
        "- name: old\n"
        "  container: {image: alpine}\n"
    ),
    good=Change(
        (
            "- name: old\n"
            "  container: {image: alpine}\n"
        ),
        "",
    ),
)
SEQUENCE_COUNT_END = register(
    "dag-sequence-count-and-end",
    FAMILY,
    E,
    "withSequence sets both `count` and `end`",
    explanation="withSequence counts either `count` items or from `start` to `end`; Argo refuses both at once.",
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo, withSequence: {count: '3', end: '5'}}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "    - {name: a, template: echo, withSequence: {count: '3', end: '5'}}\n",
        "    - {name: a, template: echo, withSequence: {start: '1', end: '5'}}\n",
    ),
)
LEAF_ONLY_FIELD = register(
    "dag-leaf-only-field",
    FAMILY,
    E,
    "a DAG or steps template sets timeout, pendingTimeout, activeDeadlineSeconds or resourceClaims",
    explanation=(
        "timeout, pendingTimeout, activeDeadlineSeconds and resourceClaims apply to templates that run a "
        "pod; Argo refuses them on a DAG or steps template. Put them on the templates the DAG calls."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  activeDeadlineSeconds: 600\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo}\n"
        "- name: echo\n"
        "  activeDeadlineSeconds: 600\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
)
# Fields Argo accepts only on templates that run a pod or another leaf (argo-reference §a.2 #25-#28).
LEAF_ONLY_FIELDS = ("timeout", "pendingTimeout", "activeDeadlineSeconds", "resourceClaims")

# Candidate names difflib may compare per DAG (or per document for templates): about 50 lookups in
# a 5,000-task DAG; past it, hostile or generated input only gets case-insensitive suggestions.
SUGGESTION_BUDGET = 250_000
TEMPLATE_KEYS = ("template", "templateRef", "inline")


@check(FAMILY)
def check_dag(ctx: LintContext) -> Iterator[Diagnostic]:
    spec = ctx.spec
    if spec is None:
        return
    templates = list(iter_templates(spec, ctx.spec_pointer))
    template_names = {t.name for t in templates if t.name is not None}
    suggest_template = Suggester(template_names, SUGGESTION_BUDGET)
    for template in templates:
        yield from _leaf_only_fields(ctx, template)
        if isinstance(template.data.get("dag"), dict):
            graph = dag_graph(ctx, template)
            yield from _empty(ctx, graph)
            yield from _duplicates(ctx, graph)
            yield from _missing(ctx, graph)
            yield from _cycles(ctx, graph)
            yield from _dependency_styles(ctx, graph)
            yield from _depends_expressions(ctx, graph)
            yield from _target(ctx, graph)
            for entry in graph.entries:
                data = entry.data
                # Fast path for the common task: a known template, no hooks, at most one loop.
                calls = data.get("template")
                if not (
                    isinstance(calls, str)
                    and calls in template_names
                    and "templateRef" not in data
                    and "inline" not in data
                    and "onExit" not in data
                    and "hooks" not in data
                ):
                    yield from _template_reference(
                        ctx, entry.pointer, data, "task", entry.name, template_names, suggest_template
                    )
                if ("withItems" in data) + ("withParam" in data) + ("withSequence" in data):
                    yield from _loops(ctx, entry.pointer, data, "task", entry.name)
        for pointer, step in iter_steps(template):
            name = step.get("name")
            label = name if isinstance(name, str) else None
            yield from _template_reference(ctx, pointer, step, "step", label, template_names, suggest_template)
            yield from _loops(ctx, pointer, step, "step", label)
    yield from _unused(ctx, templates)


# --------------------------------------------------------------------------------------------
# helpers


_suggest_result = Suggester(DEPENDS_RESULTS, budget=10**9)


def _line(ctx: LintContext, pointer: str) -> int:
    return ctx.doc.span(pointer)[0]


def _in_depends(ctx: LintContext, entry: TaskEntry, offset: int, length: int) -> Position | None:
    return scalar_offset_position(ctx.doc, entry.pointer + "/depends", offset, length)


def _dag_label(graph: DagGraph) -> str:
    return f"DAG '{graph.template.name}'" if graph.template.name else "this DAG"


def _task_label(name: str | None) -> str:
    return f"task '{name}'" if name is not None else "this task"


# --------------------------------------------------------------------------------------------
# rules


def _empty(ctx: LintContext, graph: DagGraph) -> Iterator[Diagnostic]:
    dag = graph.template.data["dag"]
    if "tasks" not in dag:
        return  # a missing required field: the structure family reports it
    tasks = dag["tasks"]
    if tasks is None or tasks == []:
        yield ctx.diag(
            EMPTY_DAG,
            join(graph.template.pointer, "dag", "tasks"),
            f"{_dag_label(graph)} has no tasks; Argo requires at least one ('must have at least one task')",
            "add a task (`- name: ...` with `template: ...`), or remove the template if nothing calls it",
            key=True,
        )


def _duplicates(ctx: LintContext, graph: DagGraph) -> Iterator[Diagnostic]:
    for later, first in graph.duplicates:
        line = _line(ctx, first.pointer + "/name")
        yield ctx.diag(
            DUPLICATE_TASK,
            later.pointer + "/name",
            f"{_dag_label(graph)} already has a task named '{later.name}' (line {line}); "
            f"Argo rejects the DAG ('duplicated nodeName {later.name}')",
            "rename one of the tasks (and the dependencies and {{tasks.…}} references that mean it)",
        )


def _missing(ctx: LintContext, graph: DagGraph) -> Iterator[Diagnostic]:
    if not graph.missing:
        return
    suggest = Suggester(graph.tasks, SUGGESTION_BUDGET)
    names = list(graph.tasks)
    known = ", ".join(names[:8]) + (", …" if len(names) > 8 else "") if names else "none"
    for missing in graph.missing:
        where = "`depends`" if missing.ref is not None else "`dependencies`"
        suggestion = suggest(missing.name)
        if missing.name in ("and", "or", "not") and missing.ref is not None:
            hint = "`depends` uses && for and, || for or, ! for not"
        elif suggestion:
            hint = f"fix the name, or add a task named '{missing.name}' to {_dag_label(graph)}"
        else:
            hint = f"the tasks of {_dag_label(graph)} are: {known}"
        position = missing.site.position(ctx.doc) or ctx.doc.span(missing.site.pointer)
        diag = ctx.diag(
            MISSING_DEPENDENCY,
            missing.site.pointer,
            f"{_task_label(missing.task.name)} depends on '{missing.name}' (in {where}), which is not a task of "
            f"{_dag_label(graph)}{suggestion}",
            hint,
            position=position,
        )
        # --fix: the one task meant, unless that is the task itself or one it already depends on
        meant = unique_match(missing.name, graph.tasks)
        if suggestion and meant is not None and meant != missing.task.name and meant not in _depends_on(missing.task):
            diag = diag.with_changes(fix=rename_word(ctx.doc, position, missing.name, meant))
        yield diag


def _depends_on(task: TaskEntry) -> set[str]:
    names = {name for name, _ in task.dependencies}
    if task.depends is not None:
        names.update(ref.task for ref in task.depends.refs)
    return names


def _cycles(ctx: LintContext, graph: DagGraph) -> Iterator[Diagnostic]:
    for cycle in graph.cycles():
        task, dependency = cycle.closing_task.name, cycle.closing_dependency
        field = "depends" if cycle.site.offset >= 0 else "dependencies"
        if len(cycle.tasks) == 1:
            message = f"task '{task}' depends on itself ({task} → {task}); Argo rejects the DAG ('graph with cycle')"
            hint = f"remove '{task}' from its own {field}"
        else:
            message = (
                f"dependency cycle {cycle.describe()}: '{task}' depends on '{dependency}', which already waits "
                f"for '{task}'; Argo rejects the DAG ('graph with cycle')"
            )
            hint = f"remove '{dependency}' from the {field} of '{task}', or break the cycle elsewhere"
        yield ctx.diag(CYCLE, cycle.site.pointer, message, hint, position=cycle.site.position(ctx.doc))


def _dependency_styles(ctx: LintContext, graph: DagGraph) -> Iterator[Diagnostic]:
    """depends vs dependencies, continueOn with depends, digit-leading names, repeated dependencies."""
    first_depends: TaskEntry | None = None
    first_dependencies: TaskEntry | None = None
    for entry in graph.entries:
        data = entry.data
        if first_depends is None and entry.uses_depends:
            first_depends = entry
        if first_dependencies is None and entry.uses_dependencies:
            first_dependencies = entry
        seen: set[str] = set()
        for name, pointer in entry.dependencies:
            if name in seen:
                yield ctx.diag(
                    DUPLICATE_DEPENDENCY,
                    pointer,
                    f"{_task_label(entry.name)} lists '{name}' in its dependencies twice",
                    "remove the repeated entry",
                )
            seen.add(name)
    uses_depends = first_depends is not None
    if first_depends is not None and first_dependencies is not None:
        # The one written later is the odd one out.
        depends_pos = ctx.doc.span(first_depends.pointer + "/depends", key=True)
        dependencies_pos = ctx.doc.span(first_dependencies.pointer + "/dependencies", key=True)
        if depends_pos[:2] > dependencies_pos[:2]:
            at, field, other, other_field = first_depends, "depends", first_dependencies, "dependencies"
        else:
            at, field, other, other_field = first_dependencies, "dependencies", first_depends, "depends"
        line = _line(ctx, other.pointer + "/" + other_field)
        same = at is other
        before = "also" if same else f"while task '{other.name}' (line {line}) uses"
        yield ctx.diag(
            MIXED_DEPENDENCIES,
            at.pointer + "/" + field,
            f"{_task_label(at.name)} uses `{field}` {before} `{other_field}` in {_dag_label(graph)}; "
            "Argo allows only one of them per DAG template",
            'use `depends` everywhere in this DAG (`dependencies: [A, B]` is `depends: "A && B"`), '
            "or `dependencies` everywhere",
            key=True,
        )
    for entry in graph.entries:
        data = entry.data
        if uses_depends and data.get("continueOn") is not None:
            yield ctx.diag(
                CONTINUE_ON_DEPENDS,
                entry.pointer + "/continueOn",
                f"{_task_label(entry.name)} sets `continueOn` in {_dag_label(graph)}, which uses `depends`; "
                "Argo rejects `continueOn` there",
                f"drop `continueOn` and let the tasks after '{entry.name}' accept its failure in their "
                f"`depends`, e.g. `{entry.name}.Succeeded || {entry.name}.Failed`",
                key=True,
            )
        task = entry.name
        if task and task[0].isdigit() and (uses_depends or entry.uses_dependencies):
            why = "the DAG uses `depends`" if uses_depends else "it has `dependencies`"
            yield ctx.diag(
                DIGIT_NAME,
                entry.pointer + "/name",
                f"task name '{task}' starts with a digit, which Argo rejects because {why}",
                f"rename it so it starts with a letter, e.g. 't{task}' (and the references to it)",
            )


def _depends_expressions(ctx: LintContext, graph: DagGraph) -> Iterator[Diagnostic]:
    for entry in graph.entries:
        expr = entry.depends
        if expr is None:
            continue
        pointer = entry.pointer + "/depends"
        if expr.error is not None:
            error = expr.error
            yield ctx.diag(
                DEPENDS_SYNTAX,
                pointer,
                f"`depends` of {_task_label(entry.name)} does not parse: {error.message} "
                f"(at character {error.offset + 1} of {expr.text!r})",
                "write task names, optionally with a result (`A.Succeeded`), joined by &&, || and !, "
                "grouped with parentheses",
                position=_in_depends(ctx, entry, error.offset, error.length),
            )
        for ref in expr.refs:
            result = ref.result
            if result is None or result == "":
                continue
            if result not in DEPENDS_RESULTS:
                position = _in_depends(ctx, entry, ref.result_offset, len(result))
                yield ctx.diag(
                    DEPENDS_RESULT,
                    pointer,
                    f"'{ref.task}.{result}' in the `depends` of {_task_label(entry.name)}: '{result}' is not a "
                    f"task result{_suggest_result(result)}",
                    f"results are {', '.join(DEPENDS_RESULTS)} (case matters)",
                    position=position,
                ).with_changes(fix=rename_word(ctx.doc, position, result, unique_match(result, DEPENDS_RESULTS)))
            elif result in ITEMS_RESULTS:
                target = graph.tasks.get(ref.task)
                if target is not None and not target.has_loop:
                    yield ctx.diag(
                        ITEMS_RESULT,
                        pointer,
                        f"'{ref.task}.{result}' in the `depends` of {_task_label(entry.name)}: task '{ref.task}' "
                        "has no withItems, withParam or withSequence, so it has no items to test",
                        f"use '{ref.task}.Succeeded' or '{ref.task}.Failed', or make '{ref.task}' loop",
                        position=_in_depends(ctx, entry, ref.result_offset, len(result)),
                    )


def _target(ctx: LintContext, graph: DagGraph) -> Iterator[Diagnostic]:
    target = graph.template.data["dag"].get("target")
    if not isinstance(target, str):
        return
    pointer = join(graph.template.pointer, "dag", "target")
    offset = 0
    suggest = Suggester(graph.tasks, SUGGESTION_BUDGET)
    for word in target.split(" "):
        if word and "{{" not in word and word not in graph.tasks:
            yield ctx.diag(
                UNDEFINED_TARGET,
                pointer,
                f"`target` names '{word}', which is not a task of {_dag_label(graph)}{suggest(word)}",
                "list task names separated by spaces",
                position=scalar_offset_position(ctx.doc, pointer, offset, len(word)),
            )
        offset += len(word) + 1


def _template_reference(
    ctx: LintContext,
    pointer: str,
    data: dict[str, Any],
    what: str,
    name: str | None,
    templates: set[str],
    suggest: Suggester,
) -> Iterator[Diagnostic]:
    label = f"{what} '{name}'" if name is not None else f"this {what}"
    present = [key for key in TEMPLATE_KEYS if data.get(key) is not None]
    if not present:
        yield ctx.diag(
            NO_TEMPLATE,
            pointer,
            f"{label} says nothing to run: it sets none of template, templateRef, inline",
            "add `template: <name of a template in spec.templates>`",
        )
    elif len(present) > 1:
        yield ctx.diag(
            TEMPLATE_CONFLICT,
            join(pointer, present[1]),
            f"{label} sets both `{present[0]}` and `{present[1]}`; Argo allows only one",
            "keep the one you mean: `template` for a template of this workflow, `templateRef` for one "
            "of a WorkflowTemplate, `inline` for a template written in place",
            key=True,
        )
    calls = data.get("template")
    if isinstance(calls, str) and calls not in templates and "{{" not in calls:
        yield ctx.diag(
            UNDEFINED_TEMPLATE,
            join(pointer, "template"),
            f"{label} calls template '{calls}', which is not defined in spec.templates{suggest(calls)}",
            "define the template, fix the name, or use `templateRef` for a template of a WorkflowTemplate",
        ).with_changes(fix=_rename_template(ctx, join(pointer, "template"), calls, templates, suggest))
    on_exit = data.get("onExit")
    if isinstance(on_exit, str) and on_exit not in templates and "{{" not in on_exit:
        yield ctx.diag(
            UNDEFINED_TEMPLATE,
            join(pointer, "onExit"),
            f"{label} has onExit template '{on_exit}', which is not defined in spec.templates{suggest(on_exit)}",
            "define the template or fix the name",
        ).with_changes(fix=_rename_template(ctx, join(pointer, "onExit"), on_exit, templates, suggest))
    for hook_name, hook in as_dict(data.get("hooks")).items():
        hook_template = as_dict(hook).get("template")
        if isinstance(hook_template, str) and hook_template not in templates and "{{" not in hook_template:
            yield ctx.diag(
                UNDEFINED_TEMPLATE,
                join(pointer, "hooks", hook_name, "template"),
                f"hook '{hook_name}' of {label} calls template '{hook_template}', which is not defined in "
                f"spec.templates{suggest(hook_template)}",
                "define the template or fix the name",
            )


def _rename_template(ctx: LintContext, pointer: str, name: str, templates: set[str], suggest: Suggester) -> Fix | None:
    """--fix for a misspelt template name: the one close name, when the hint suggests it too."""
    meant = unique_match(name, templates)
    if meant is None or suggest(name) != f"; did you mean '{meant}'?":
        return None
    return rename(ctx.doc, pointer, name, meant)


def _loops(ctx: LintContext, pointer: str, data: dict[str, Any], what: str, name: str | None) -> Iterator[Diagnostic]:
    loops = loop_keys(data)  # in file order
    label = f"{what} '{name}'" if name is not None else f"this {what}"
    if len(loops) > 1:
        yield ctx.diag(
            MULTIPLE_LOOPS,
            join(pointer, loops[1]),
            f"{label} sets both `{loops[0]}` and `{loops[1]}`; Argo allows only one of withItems, withParam, "
            "withSequence",
            "keep one loop; to loop over two lists, nest a DAG that loops over the second",
            key=True,
        )
    sequence = data.get("withSequence")
    if isinstance(sequence, dict) and sequence.get("count") is not None and sequence.get("end") is not None:
        yield ctx.diag(
            SEQUENCE_COUNT_END,
            join(pointer, "withSequence", "end"),
            f"`withSequence` of {label} sets both `count` and `end`; Argo allows only one",
            "use `count` for a number of items, or `start`/`end` for a range",
            key=True,
        )


def _called(template: dict[str, Any]) -> list[str]:
    """Template names a template's tasks and steps call (template, onExit, hooks), inline ones included."""
    bodies: list[Any] = list(as_list(as_dict(template.get("dag")).get("tasks")))
    for group in as_list(template.get("steps")):
        bodies.extend(as_list(group))
    called: list[Any] = []
    for body in bodies:
        if not isinstance(body, dict):
            continue
        called.append(body.get("template"))
        if "onExit" in body:
            called.append(body["onExit"])
        if "hooks" in body:
            called.extend(as_dict(hook).get("template") for hook in as_dict(body["hooks"]).values())
        if isinstance(body.get("inline"), dict):
            called.extend(_called(body["inline"]))
    return [name for name in called if isinstance(name, str)]


def _unused(ctx: LintContext, templates: list[TemplateRef]) -> Iterator[Diagnostic]:
    """Templates not reachable from the entrypoint, onExit or workflow hooks.

    Not for WorkflowTemplates and ClusterWorkflowTemplates: they are libraries that other
    workflows call through templateRef. Skipped when a call site is a ``{{...}}`` variable.
    """
    if ctx.doc.shape in (Shape.WORKFLOW_TEMPLATE, Shape.CLUSTER_WORKFLOW_TEMPLATE):
        return
    spec = ctx.spec or {}
    by_name = {t.name: t for t in templates if t.name is not None}
    roots = [spec.get("entrypoint"), spec.get("onExit")]
    roots += [as_dict(hook).get("template") for hook in as_dict(spec.get("hooks")).values()]
    if not isinstance(spec.get("entrypoint"), str) or spec["entrypoint"] not in by_name:
        return  # no entrypoint to reach from: the onepanel/structure families report that
    reached: set[str] = set()
    pending = [name for name in roots if isinstance(name, str)]
    while pending:
        name = pending.pop()
        if "{{" in name:
            return
        if name in reached or name not in by_name:
            continue
        reached.add(name)
        pending.extend(_called(by_name[name].data))
    for name, template in by_name.items():
        if name not in reached:
            yield ctx.diag(
                UNUSED_TEMPLATE,
                join(template.pointer, "name"),
                f"template '{name}' never runs: no task or step reached from the entrypoint "
                f"'{spec['entrypoint']}' calls it",
                "call it from a task, or remove it",
            )


def _leaf_only_fields(ctx: LintContext, template: TemplateRef) -> Iterator[Diagnostic]:
    data = template.data
    kind = "DAG" if data.get("dag") is not None else "steps" if data.get("steps") is not None else None
    if kind is None:
        return
    label = f"{kind} template '{template.name}'" if template.name else f"this {kind} template"
    for field in LEAF_ONLY_FIELDS:
        if data.get(field) is None:
            continue
        if field == "resourceClaims":
            hint = "move `resourceClaims` to the container or script templates that need the claim"
        else:
            hint = (
                f"set `{field}` on the templates the {kind} calls, or limit the whole workflow with "
                "`spec.activeDeadlineSeconds`"
            )
        yield ctx.diag(
            LEAF_ONLY_FIELD,
            join(template.pointer, field),
            f"{label} sets `{field}`, which Argo allows only on leaf templates (container, script, resource, …)",
            hint,
            key=True,
        )
