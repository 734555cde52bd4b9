"""Rule family ``dag``, the part that comes out of the execution model (opctl.simulate).

What a task's dependencies can end as is known from the template alone: any task can succeed,
fail or error; only a task with a ``when`` (or a loop with no items) can be Skipped; only a task
with dependencies can be Omitted; only a daemon can be Daemoned. From that:

* a ``depends`` false for every combination of its dependencies' outcomes marks a task that can
  never run (the controller records it Omitted, every time);
* a ``depends`` operand testing a result its task can never have is always false;
* a ``when`` that gives the same answer for every value its parameters may take (or that cannot
  be evaluated at all) is a condition that decides nothing, or an Error node.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

from opctl.diagnostics import Diagnostic, Severity
from opctl.lint.graph import DEPENDS_RESULTS, DagGraph, TaskEntry, dag_graphs, scalar_offset_position
from opctl.lint.registry import Change, LintContext, check, register
from opctl.model import as_dict, as_list, scalar_text, templates_by_name
from opctl.simulate.depends import compile_depends, operand
from opctl.simulate.model import ERROR, FAILED, OMITTED, SKIPPED, SUCCEEDED
from opctl.simulate.when import WhenError, evaluate_when

FAMILY = "dag"
W = Severity.WARNING

NEVER_RUNS = register(
    "dag-depends-never-true",
    FAMILY,
    W,
    "a `depends` is false whatever its dependencies do: the task can never run",
    explanation="The controller evaluates `depends` once every task it names is done; if no outcome of "
    "those tasks makes it true, the task is Omitted on every run, and so is everything that needs it.",
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: train, template: echo}\n"
        "    - {name: b, template: echo, depends: train.Succeeded && train.Failed}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "    - {name: b, template: echo, depends: train.Succeeded && train.Failed}\n",
        "    - {name: b, template: echo, depends: train.Succeeded || train.Failed}\n",
    ),
)
IMPOSSIBLE_RESULT = register(
    "dag-depends-impossible-result",
    FAMILY,
    W,
    "a `depends` tests a result its task can never have (.Daemoned on a non-daemon, .Skipped without `when`)",
    explanation="A task without `when` or a loop is never Skipped, one without dependencies is never "
    "Omitted, and only a `daemon: true` template is Daemoned: the operand is always false.",
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: prepare, template: echo}\n"
        "    - {name: b, template: echo, depends: prepare.Skipped}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "    - {name: b, template: echo, depends: prepare.Skipped}\n",
        "    - {name: b, template: echo, depends: prepare.Failed}\n",
    ),
)
CONSTANT_WHEN = register(
    "dag-when-constant",
    FAMILY,
    W,
    "a `when` gives the same answer for every value its parameters may take",
    explanation="A `when` with no parameters, or whose parameters only take listed values (enum, "
    "options), that is always true guards nothing; always false, the task is Skipped on every run.",
    bad=(
        "entrypoint: main\n"
        "arguments:\n"
        "  parameters:\n"
        "  - {name: mode, value: quick, type: select.select, options: [{name: Quick, value: quick},"
        " {name: Full, value: full}]}\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: b, template: echo, when: '{{workflow.parameters.mode}} == fast'}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "    - {name: b, template: echo, when: '{{workflow.parameters.mode}} == fast'}\n",
        "    - {name: b, template: echo, when: '{{workflow.parameters.mode}} == quick'}\n",
    ),
)
WHEN_ERROR = register(
    "dag-when-error",
    FAMILY,
    W,
    "a `when` that the controller cannot evaluate (with the default parameter values): an Error node",
    explanation="Argo evaluates `when` with govaluate: an unquoted value with a dash is a subtraction, "
    "one with a space two words in a row, an empty one a missing operand. The task then ends in Error "
    "and fails the workflow.",
    bad=(
        "entrypoint: main\n"
        "arguments:\n"
        "  parameters:\n"
        "  - {name: model, value: maskrcnn-resnet}\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: b, template: echo, when: '{{workflow.parameters.model}} == maskrcnn-resnet'}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "    - {name: b, template: echo, when: '{{workflow.parameters.model}} == maskrcnn-resnet'}\n",
        '    - {name: b, template: echo, when: "\'{{workflow.parameters.model}}\' == \'maskrcnn-resnet\'"}\n',
    ),
)

MAX_COMBINATIONS = 4096
_TAG = re.compile(r"{{\s*([^{}]*?)\s*}}")
# (phase, daemoned, item phases or None): what a dependency can end as
State = tuple[str, bool, tuple[str, ...] | None]


@check(FAMILY)
def check_dag_outcomes(ctx: LintContext) -> Iterator[Diagnostic]:
    spec = ctx.spec
    if spec is None:
        return
    templates = templates_by_name(spec, ctx.spec_pointer)
    parameters = _parameter_values(spec)
    for graph in dag_graphs(ctx):
        if graph.missing:
            continue  # dag-missing-dependency says it; the model needs every name
        for entry in graph.entries:
            if entry.depends is not None and entry.depends.error is None:
                yield from _depends(ctx, graph, entry, templates)
            when = entry.data.get("when")
            if isinstance(when, str) and when.strip():
                yield from _when(ctx, entry, when, parameters)


def _states(entry: TaskEntry, templates: dict[str, Any]) -> list[State]:
    data = entry.data
    loop = entry.has_loop
    has_when = data.get("when") not in (None, "")
    has_dependencies = entry.uses_depends or entry.uses_dependencies
    name = data.get("template")
    called = templates.get(name) if isinstance(name, str) else None
    daemon = called is not None and called.data.get("daemon") is True
    states: list[State] = []
    if loop:
        for children in ((SUCCEEDED,), (SKIPPED,), (FAILED,), (SUCCEEDED, FAILED), (ERROR,)):
            phase = ERROR if ERROR in children else FAILED if FAILED in children else SUCCEEDED
            states.append((phase, False, children))
        states.append((SKIPPED, False, None))  # no items
    else:
        states += [(SUCCEEDED, daemon, None), (FAILED, daemon, None), (ERROR, daemon, None)]
    if has_when:
        states.append((SKIPPED, False, None))
    if has_dependencies:
        states.append((OMITTED, False, None))
    return states


def _depends(ctx: LintContext, graph: DagGraph, entry: TaskEntry, templates: dict[str, Any]) -> Iterator[Diagnostic]:
    expression = entry.depends
    assert expression is not None
    pointer = entry.pointer + "/depends"
    names = list(dict.fromkeys(ref.task for ref in expression.refs))
    if any(name not in graph.tasks for name in names):
        return
    states = {name: _states(graph.tasks[name], templates) for name in names}
    for ref in expression.refs:
        if ref.result not in ("Daemoned", "Skipped", "Omitted"):
            continue
        possible = states[ref.task]
        if not any(operand(ref.result, phase, daemoned=d, children=c) for phase, d, c in possible):
            why = {
                "Daemoned": "its template is not a daemon",
                "Skipped": "it has no `when` and no loop",
                "Omitted": "it has no dependencies",
            }[ref.result]
            yield ctx.diag(
                IMPOSSIBLE_RESULT,
                pointer,
                f"'{ref.task}.{ref.result}' in the `depends` of task '{entry.name}' is always false: "
                f"task '{ref.task}' is never {ref.result} ({why})",
                "test a result the task can have: Succeeded, Failed or Errored",
                position=scalar_offset_position(ctx.doc, pointer, ref.result_offset, len(ref.result or "")),
            )
    if any(ref.result is not None and ref.result not in DEPENDS_RESULTS for ref in expression.refs):
        return  # dag-depends-result reports it
    total = 1
    for name in names:
        total *= len(states[name])
    if total > MAX_COMBINATIONS:
        return
    function = compile_depends(expression)
    continue_on = {name: as_dict(graph.tasks[name].data.get("continueOn")) for name in names}
    for combination in itertools.product(*(states[name] for name in names)):
        chosen = dict(zip(names, combination, strict=True))
        values = [
            operand(
                ref.result,
                chosen[ref.task][0],
                daemoned=chosen[ref.task][1],
                children=chosen[ref.task][2],
                continue_on=continue_on[ref.task],
            )
            for ref in expression.refs
        ]
        if function(values):
            return
    yield ctx.diag(
        NEVER_RUNS,
        pointer,
        f"task '{entry.name}' can never run: its `depends` '{expression.text}' is false whatever "
        f"{_names(names)} end{'s' if len(names) == 1 else ''} as; the controller marks it Omitted",
        "a task cannot end two ways at once: join alternatives with || (A.Succeeded || A.Failed)",
    )


def _names(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


def _parameter_values(spec: dict[str, Any]) -> dict[str, list[str] | str]:
    """Per workflow parameter: every value it may take (enum / Onepanel options), else its default."""
    found: dict[str, list[str] | str] = {}
    for param in as_list(as_dict(spec.get("arguments")).get("parameters")):
        if not isinstance(param, dict) or not isinstance(param.get("name"), str):
            continue
        choices = [scalar_text(v) for v in as_list(param.get("enum"))]
        choices += [scalar_text(as_dict(o).get("value")) for o in as_list(param.get("options"))]
        listed = [c for c in choices if c is not None]
        if listed:
            found[param["name"]] = listed
            continue
        value = scalar_text(param.get("value"))
        if value is not None:
            found[param["name"]] = value
    return found


def _substitute(when: str, values: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        return values[match.group(1).removeprefix("workflow.parameters.")]

    return _TAG.sub(value, when)


def _when(
    ctx: LintContext, entry: TaskEntry, when: str, parameters: dict[str, list[str] | str]
) -> Iterator[Diagnostic]:
    tags = _TAG.findall(when)
    names: list[str] = []
    for tag in tags:
        if not tag.startswith("workflow.parameters."):
            return  # task outputs, inputs, items: known only at run time
        name = tag.removeprefix("workflow.parameters.")
        if name not in parameters:
            return
        names.append(name)
    names = list(dict.fromkeys(names))
    listed = all(isinstance(parameters[n], list) for n in names)
    choices: list[list[str]] = []
    for name in names:
        known = parameters[name]
        choices.append(known if isinstance(known, list) else [known])
    total = 1
    for values in choices:
        total *= len(values)
    if total > MAX_COMBINATIONS:
        return
    pointer = entry.pointer + "/when"
    outcomes: set[bool] = set()
    for combination in itertools.product(*choices):
        chosen = dict(zip(names, combination, strict=True))
        text = _substitute(when, chosen)
        try:
            outcomes.add(evaluate_when(text))
        except WhenError as exc:
            shown = ", ".join(f"{n}={v!r}" for n, v in chosen.items())
            yield ctx.diag(
                WHEN_ERROR,
                pointer,
                f"the `when` of task '{entry.name}' cannot be evaluated"
                + (f" with {shown}" if shown else "")
                + f": {exc}; the task would end in Error",
                "quote values that hold dashes or spaces, on both sides: \"'{{workflow.parameters.x}}' == 'a-b'\"",
            )
            return
    if len(outcomes) == 1 and (listed or not names):
        value = outcomes.pop()
        over = f"for every value of {_names(names)}" if names else "always"
        yield ctx.diag(
            CONSTANT_WHEN,
            pointer,
            f"the `when` of task '{entry.name}' is {str(value).lower()} {over}: "
            + ("the condition guards nothing" if value else "the task is Skipped on every run"),
            "compare with a value the parameter can take, or drop the `when`"
            if names
            else "make the condition depend on a parameter or a task result, or drop it",
        )
