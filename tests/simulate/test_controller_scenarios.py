"""A held-out batch of DAG scenarios shaped after Argo's controller tests (workflow/controller/
dag_test.go, operator_test.go, steps_test.go, retry tests) and its examples/ and test/e2e
(functional, expected-failures). Our own small copies: each gives a DAG, the assumed leaf outcomes
and the phase the controller gives every task and the workflow. Issue 11 asks >= 95% agreement."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.simulate.helpers import node_phases, phases, sim

S, F, E, SK, OM = "Succeeded", "Failed", "Error", "Skipped", "Omitted"


@dataclass(frozen=True)
class Case:
    name: str
    tasks: str  # the entry DAG's tasks (YAML flow lines); `work` is a container template
    expect: dict[str, str | None]
    phase: str
    outcomes: dict[str, str] = field(default_factory=dict)
    parameters: dict[str, str] = field(default_factory=dict)
    nodes: dict[str, str | None] = field(default_factory=dict)  # None: no such node
    extra: str = ""  # more templates / spec fields (after `templates:` items)
    dag: str = ""  # fields of the entry dag besides tasks
    head: str = ""  # spec fields before `templates:`


def text_of(case: Case) -> str:
    lines = [case.head.strip("\n"), "entrypoint: main"] if case.head else ["entrypoint: main"]
    lines += ["arguments:", "  parameters:", "  - {name: x, value: heads}", "  - {name: num, value: '3'}"]
    lines += ["templates:", "- name: main", "  dag:"]
    lines += [f"    {line}" for line in case.dag.strip().splitlines()]
    lines += ["    tasks:"] + [f"    - {line.strip()}" for line in case.tasks.strip().splitlines()]
    lines += [case.extra.strip("\n")] if case.extra else []
    return "\n".join(lines) + "\n"


DIAMOND = """
{name: A, template: work}
{name: B, template: work, depends: A}
{name: C, template: work, depends: A}
{name: D, template: work, depends: B && C}
"""
INNER = """
- name: inner
  dag:
    tasks:
    - {name: x, template: work}
    - {name: z, template: work, depends: x}
"""
FAN = "{name: fan, template: work, withItems: [a, b, c]}"
RETRY = "retryStrategy: {limit: 2%s}"


def retried(policy: str = "", expression: str = "") -> str:
    extra = (f", retryPolicy: {policy}" if policy else "") + (f", expression: '{expression}'" if expression else "")
    return f"""
- name: flaky
  {RETRY % extra}
  container: {{image: "alpine:3.20"}}
"""


EXIT_DAG = """
- name: exit-handler
  dag:
    tasks:
    - {name: celebrate, template: work, when: "{{workflow.status}} == Succeeded"}
    - {name: cry, template: work, when: "{{workflow.status}} != Succeeded"}
"""

CASES = [
    # -- dependencies / depends (dag_test.go TestDependsLogic, examples/dag-diamond*) -----------
    Case("diamond", DIAMOND, {"A": S, "B": S, "C": S, "D": S}, S),
    Case("diamond-b-fails", DIAMOND, {"A": S, "B": F, "C": S, "D": OM}, F, {"B": "Failed"}),
    Case("diamond-a-errors", DIAMOND, {"A": E, "B": OM, "C": OM, "D": OM}, E, {"A": "Errored"}),
    Case(
        "failed-handler-not-needed",
        "{name: A, template: work}\n{name: B, template: work, depends: A.Failed}",
        {"A": S, "B": OM},
        S,
    ),
    Case(
        "failed-handler-runs",
        "{name: A, template: work}\n{name: B, template: work, depends: A.Failed}",
        {"A": F, "B": S},
        S,
        {"A": "Failed"},
    ),
    Case(
        "errored-handler-runs",
        "{name: A, template: work}\n{name: B, template: work, depends: A.Errored}",
        {"A": E, "B": S},
        S,
        {"A": "Errored"},
    ),
    Case(
        "failed-handler-on-error",
        "{name: A, template: work}\n{name: B, template: work, depends: A.Failed}",
        {"A": E, "B": OM},
        E,
        {"A": "Errored"},
    ),
    Case(
        "succeeded-or-failed",
        "{name: A, template: work}\n{name: B, template: work, depends: A.Succeeded || A.Failed}",
        {"A": F, "B": S},
        S,
        {"A": "Failed"},
    ),
    Case(
        "skipped-result",
        "{name: A, template: work, when: 'false'}\n{name: B, template: work, depends: A.Skipped}",
        {"A": SK, "B": S},
        S,
    ),
    Case(
        "bare-name-accepts-skipped",
        "{name: A, template: work, when: 'false'}\n{name: B, template: work, depends: A}",
        {"A": SK, "B": S},
        S,
    ),
    Case(
        "succeeded-on-skipped-omits",
        "{name: A, template: work, when: 'false'}\n{name: B, template: work, depends: A.Succeeded}",
        {"A": SK, "B": OM},
        S,
    ),
    Case(
        "omitted-propagates",
        "{name: A, template: work}\n{name: B, template: work, depends: A.Succeeded}\n"
        "{name: C, template: work, depends: B}",
        {"A": F, "B": OM, "C": OM},
        F,
        {"A": "Failed"},
    ),
    Case(
        "omitted-result",
        "{name: A, template: work}\n{name: B, template: work, depends: A.Succeeded}\n"
        "{name: C, template: work, depends: B.Omitted}",
        {"A": F, "B": OM, "C": S},
        S,
        {"A": "Failed"},
    ),
    Case(
        "not-operator",
        "{name: A, template: work}\n{name: B, template: work}\n"
        "{name: C, template: work, depends: '(A.Succeeded || A.Skipped) && !B.Failed'}",
        {"A": S, "B": F, "C": OM},
        F,
        {"B": "Failed"},
    ),
    # -- dependencies + continueOn (examples/dag-continue-on-fail.yaml, dag_test.go) ----------
    Case(
        "continue-on-failed",
        "{name: A, template: work, continueOn: {failed: true}}\n{name: B, template: work, dependencies: [A]}",
        {"A": F, "B": S},
        S,
        {"A": "Failed"},
    ),
    Case(
        "continue-on-error",
        "{name: A, template: work, continueOn: {error: true}}\n{name: B, template: work, dependencies: [A]}",
        {"A": E, "B": S},
        S,
        {"A": "Errored"},
    ),
    Case(
        "continue-on-failed-but-error",
        "{name: A, template: work, continueOn: {failed: true}}\n{name: B, template: work, dependencies: [A]}",
        {"A": E, "B": OM},
        E,
        {"A": "Errored"},
    ),
    Case(
        "continue-on-error-but-failed",
        "{name: A, template: work, continueOn: {error: true}}\n{name: B, template: work, dependencies: [A]}",
        {"A": F, "B": OM},
        F,
        {"A": "Failed"},
    ),
    Case(
        "dag-continue-on-fail-example",
        "{name: A, template: work}\n"
        "{name: B, template: work, dependencies: [A]}\n"
        "{name: C, template: work, dependencies: [A], continueOn: {failed: true}}\n"
        "{name: D, template: work, dependencies: [B, C]}\n{name: E, template: work, dependencies: [A]}\n"
        "{name: F, template: work, dependencies: [E]}",
        {"A": S, "B": S, "C": F, "D": S, "E": S, "F": S},
        S,
        {"C": "Failed"},
    ),
    # -- when (examples/coinflip*, conditionals.yaml, steps_test.go TestShouldExecute) ---------
    Case("when-string-true", "{name: A, template: work, when: '{{workflow.parameters.x}} == heads'}", {"A": S}, S),
    Case(
        "when-string-false",
        "{name: A, template: work, when: '{{workflow.parameters.x}} == heads'}",
        {"A": SK},
        S,
        parameters={"x": "tails"},
    ),
    Case(
        "when-number-gt",
        "{name: A, template: work, when: '{{workflow.parameters.num}} > 5'}",
        {"A": S},
        S,
        parameters={"num": "7"},
    ),
    Case("when-number-false", "{name: A, template: work, when: '{{workflow.parameters.num}} > 5'}", {"A": SK}, S),
    Case("when-float-equals", "{name: A, template: work, when: '{{workflow.parameters.num}} == 3.0'}", {"A": S}, S),
    Case("when-bare-word-errors", "{name: A, template: work, when: '{{workflow.parameters.x}}'}", {"A": E}, E),
    Case("when-capital-true-is-a-string", "{name: A, template: work, when: 'true == True'}", {"A": SK}, S),
    Case(
        "when-empty-side-errors",
        "{name: A, template: work, when: '{{workflow.parameters.x}} == heads'}",
        {"A": E},
        E,
        parameters={"x": ""},
    ),
    Case(
        "when-logic",
        "{name: A, template: work, when: '{{workflow.parameters.num}} < 5 && {{workflow.parameters.x}} != tails'}",
        {"A": S},
        S,
    ),
    Case(
        "when-task-status",
        "{name: A, template: work}\n"
        "{name: B, template: work, depends: A, when: '{{tasks.A.status}} == Succeeded'}\n"
        "{name: C, template: work, depends: A, when: '{{tasks.A.status}} == Failed'}",
        {"A": S, "B": S, "C": SK},
        S,
    ),
    # -- loops (examples/loops*.yaml, dag_test.go TestDAGWithParam*, expectedfailures) ----------
    Case(
        "loop-child-fails",
        f"{FAN}\n{{name: D, template: work, depends: fan}}",
        {"fan": F, "D": OM},
        F,
        {"fan(1:b)": "Failed"},
        nodes={"fan(0:a)": S, "fan(1:b)": F, "fan(2:c)": S},
    ),
    Case(
        "any-succeeded",
        f"{FAN}\n{{name: D, template: work, depends: fan.AnySucceeded}}",
        {"fan": F, "D": S},
        S,
        {"fan(1:b)": "Failed"},
    ),
    Case(
        "any-succeeded-none",
        f"{FAN}\n{{name: D, template: work, depends: fan.AnySucceeded}}",
        {"fan": F, "D": OM},
        F,
        {"fan": "Failed"},
    ),
    Case(
        "all-failed",
        f"{FAN}\n{{name: D, template: work, depends: fan.AllFailed}}",
        {"fan": F, "D": S},
        S,
        {"fan": "Failed"},
    ),
    Case(
        "all-failed-not-all",
        f"{FAN}\n{{name: D, template: work, depends: fan.AllFailed}}",
        {"fan": F, "D": OM},
        F,
        {"fan(0:a)": "Failed"},
    ),
    Case(
        "with-sequence",
        "{name: seq, template: work, withSequence: {count: '3'}}",
        {"seq": S},
        S,
        nodes={"seq(0:0)": S, "seq(1:1)": S, "seq(2:2)": S, "seq(3:3)": None},
    ),
    Case(
        "with-sequence-start-end",
        "{name: seq, template: work, withSequence: {start: '5', end: '3'}}",
        {"seq": S},
        S,
        nodes={"seq(0:5)": S, "seq(1:4)": S, "seq(2:3)": S},
    ),
    Case(
        "with-param-static",
        '{name: p, template: work, withParam: \'["x", "y"]\'}',
        {"p": F},
        F,
        {"p(1:y)": "Failed"},
        nodes={"p(0:x)": S, "p(1:y)": F},
    ),
    Case(
        "empty-with-param-skipped",
        "{name: p, template: work, withParam: '[]'}\n{name: D, template: work, depends: p}",
        {"p": SK, "D": S},
        S,
    ),
    Case("empty-with-items-runs-once", "{name: p, template: work, withItems: []}", {"p": S}, S),
    Case(
        "when-per-item",
        "{name: fan, template: work, withItems: [1, 2, 3], when: '{{item}} > 1'}",
        {"fan": S},
        S,
        nodes={"fan(0:1)": SK, "fan(1:2)": S, "fan(2:3)": S},
    ),
    Case(
        "loop-continue-on",
        "{name: fan, template: work, withItems: [a, b], continueOn: {failed: true}}\n"
        "{name: D, template: work, depends: fan}",
        {"fan": F, "D": S},
        S,
        {"fan(0:a)": "Failed"},
    ),
    # -- retries (operator_test.go TestProcessNodeRetries*, examples/retry-*.yaml) --------------
    Case(
        "retry-exhausted",
        "{name: r, template: flaky}",
        {"r": F},
        F,
        {"r": "Failed"},
        extra=retried(),
        nodes={"r(0)": F, "r(1)": F, "r(2)": F, "r(3)": None},
    ),
    Case(
        "retry-recovers",
        "{name: r, template: flaky}",
        {"r": S},
        S,
        {"r": "Failed,Succeeded"},
        extra=retried(),
        nodes={"r(0)": F, "r(1)": S, "r(2)": None},
    ),
    Case(
        "retry-on-error-not-on-failure",
        "{name: r, template: flaky}",
        {"r": F},
        F,
        {"r": "Failed,Succeeded"},
        extra=retried("OnError"),
        nodes={"r(0)": F, "r(1)": None},
    ),
    Case(
        "retry-on-failure-not-on-error",
        "{name: r, template: flaky}",
        {"r": E},
        E,
        {"r": "Errored,Succeeded"},
        extra=retried("OnFailure"),
        nodes={"r(0)": E, "r(1)": None},
    ),
    Case(
        "retry-on-error",
        "{name: r, template: flaky}",
        {"r": S},
        S,
        {"r": "Errored,Succeeded"},
        extra=retried("OnError"),
        nodes={"r(1)": S},
    ),
    Case(
        "retry-always",
        "{name: r, template: flaky}",
        {"r": S},
        S,
        {"r": "Errored,Failed,Succeeded"},
        extra=retried("Always"),
        nodes={"r(2)": S},
    ),
    Case(
        "retry-expression-false",
        "{name: r, template: flaky}",
        {"r": F},
        F,
        {"r": "Failed,Succeeded"},
        extra=retried("Always", 'lastRetry.status == "Error"'),
        nodes={"r(0)": F, "r(1)": None},
    ),
    Case(
        "retry-expression-true",
        "{name: r, template: flaky}",
        {"r": S},
        S,
        {"r": "Errored,Succeeded"},
        extra=retried("Always", 'lastRetry.status == "Error"'),
        nodes={"r(1)": S},
    ),
    Case(
        "retry-then-dependent",
        "{name: r, template: flaky}\n{name: D, template: work, depends: r}",
        {"r": S, "D": S},
        S,
        {"r": "Failed,Failed,Succeeded"},
        extra=retried(),
    ),
    # -- dag.target (examples/dag-targets.yaml) -----------------------------------------------
    Case("target", DIAMOND, {"A": S, "B": S, "C": None, "D": None}, S, dag="target: B"),
    Case("targets-two", DIAMOND, {"A": S, "B": F, "C": S, "D": None}, F, {"B": "Failed"}, dag="target: B C"),
    # -- nested DAGs (examples/dag-nested.yaml, dag_test.go TestNestedDAG*) ------------------
    Case(
        "nested-ok",
        "{name: outer, template: inner}\n{name: after, template: work, depends: outer}",
        {"outer": S, "outer.x": S, "outer.z": S, "after": S},
        S,
        extra=INNER,
    ),
    Case(
        "nested-fails",
        "{name: outer, template: inner}\n{name: after, template: work, depends: outer}",
        {"outer": F, "outer.x": F, "outer.z": OM, "after": OM},
        F,
        {"outer.x": "Failed"},
        extra=INNER,
    ),
    Case(
        "nested-failed-handler",
        "{name: outer, template: inner}\n{name: after, template: work, depends: outer.Failed}",
        {"outer": F, "outer.x": S, "outer.z": F, "after": S},
        S,
        {"outer.z": "Failed"},
        extra=INNER,
    ),
    # -- failFast (dag.go assessDAGPhase) ------------------------------------------------------
    Case(
        "fail-fast-first-target",
        "{name: A, template: work}\n{name: B, template: work}",
        {"A": F, "B": E},
        F,
        {"A": "Failed", "B": "Errored"},
    ),
    Case(
        "fail-fast-false-last-target",
        "{name: A, template: work}\n{name: B, template: work}",
        {"A": F, "B": E},
        E,
        {"A": "Failed", "B": "Errored"},
        dag="failFast: false",
    ),
    # -- exit handlers and hooks (examples/exit-handlers.yaml, exit-handler-dag-level.yaml,
    #    life-cycle-hooks-*.yaml, operator_test.go TestOnExit*) -------------------------------
    Case(
        "workflow-exit-on-failure",
        "{name: A, template: work}",
        {"A": F},
        F,
        {"A": "Failed"},
        head="onExit: exit-handler",
        extra=EXIT_DAG,
        nodes={"onExit": S, "onExit.celebrate": SK, "onExit.cry": S},
    ),
    Case(
        "workflow-exit-fails-after-success",
        "{name: A, template: work}",
        {"A": S},
        F,
        {"onExit": "Failed"},
        head="onExit: work",
        nodes={"onExit": F},
    ),
    Case(
        "workflow-exit-errors-after-success",
        "{name: A, template: work}",
        {"A": S},
        E,
        {"onExit": "Errored"},
        head="onExit: work",
        nodes={"onExit": E},
    ),
    Case(
        "workflow-exit-fails-after-failure",
        "{name: A, template: work}",
        {"A": E},
        E,
        {"A": "Errored", "onExit": "Failed"},
        head="onExit: work",
    ),
    Case(
        "task-on-exit",
        "{name: A, template: work, onExit: work}\n{name: B, template: work, depends: A}",
        {"A": F, "B": OM},
        F,
        {"A": "Failed"},
        nodes={"A.onExit": S},
    ),
    Case(
        "task-on-exit-fails",
        "{name: A, template: work, onExit: work}\n{name: B, template: work, depends: A}",
        {"A": S, "B": S},
        S,
        {"A.onExit": "Failed"},
        nodes={"A.onExit": F},
    ),
    Case(
        "task-hooks",
        "{name: A, template: work, hooks: {ok: {expression: 'tasks.A.status == \"Succeeded\"', template: work},"
        " bad: {expression: 'tasks.A.status == \"Failed\"', template: work}}}",
        {"A": F},
        F,
        {"A": "Failed"},
        nodes={"A.hooks.bad": S, "A.hooks.ok": None},
    ),
    # -- more probes: branches, expressions, names, policies ----------------------------------
    Case(
        "omitted-below-a-handled-failure",
        "{name: A, template: work}\n{name: B, template: work, depends: A.Failed}\n"
        "{name: C, template: work, depends: A.Succeeded}",
        {"A": F, "B": S, "C": OM},
        F,
        {"A": "Failed"},
    ),
    Case(
        "dependencies-on-skipped",
        "{name: A, template: work, when: 'false'}\n{name: B, template: work, dependencies: [A]}",
        {"A": SK, "B": S},
        S,
    ),
    Case(
        "all-items-skipped",
        "{name: fan, template: work, withItems: [1, 2], when: '{{item}} > 5'}\n"
        "{name: D, template: work, depends: fan.Succeeded}\n{name: G, template: work, depends: fan.AnySucceeded}",
        {"fan": S, "D": S, "G": OM},
        S,
        nodes={"fan(0:1)": SK, "fan(1:2)": SK},
    ),
    Case(
        "when-quoted-string-vs-number",
        "{name: A, template: work, when: \"'{{workflow.parameters.num}}' == 3\"}",
        {"A": SK},
        S,
    ),
    Case(
        "when-quoted-strings", "{name: A, template: work, when: \"'{{workflow.parameters.num}}' == '3'\"}", {"A": S}, S
    ),
    Case("when-regex", "{name: A, template: work, when: \"{{workflow.parameters.x}} =~ '^h'\"}", {"A": S}, S),
    Case("when-in", "{name: A, template: work, when: '{{workflow.parameters.x}} in (heads, tails)'}", {"A": S}, S),
    Case("when-hyphen-is-minus", "{name: A, template: work, when: 'my-value == my-value'}", {"A": E}, E),
    Case("when-two-words-errors", "{name: A, template: work, when: 'foo bar == x'}", {"A": E}, E),
    Case(
        "hook-bracket-expression",
        '{name: A, template: work, hooks: {bad: {expression: \'tasks["A"].status == "Failed"\', template: work}}}',
        {"A": F},
        F,
        {"A": "Failed"},
        nodes={"A.hooks.bad": S},
    ),
    Case(
        "exit-hook-expression-false",
        "{name: A, template: work, hooks: {exit: {expression: 'tasks.A.status == \"Failed\"', template: work}}}",
        {"A": S},
        S,
        nodes={"A.onExit": None},
    ),
    Case(
        "map-item-names",
        "{name: fan, template: work, withItems: [{image: debian, tag: '9.1'}, {image: alpine, tag: '3.20'}]}",
        {"fan": S},
        S,
        nodes={"fan(0:image:debian,tag:9.1)": S, "fan(1:image:alpine,tag:3.20)": S},
    ),
    Case(
        "with-param-object-names",
        '{name: p, template: work, withParam: \'[{"a": 1}, {"a": 2}]\'}',
        {"p": S},
        S,
        nodes={"p(0:a:1)": S, "p(1:a:2)": S},
    ),
    Case(
        "with-sequence-format",
        "{name: s, template: work, withSequence: {count: '2', start: '1', format: 'n%02d'}}",
        {"s": S},
        S,
        nodes={"s(0:n01)": S, "s(1:n02)": S},
    ),
    Case(
        "with-sequence-empty-skipped",
        "{name: s, template: work, withSequence: {count: '0'}}\n{name: D, template: work, depends: s}",
        {"s": SK, "D": S},
        S,
    ),
    Case(
        "retry-limit-zero",
        "{name: r, template: flaky}",
        {"r": F},
        F,
        {"r": "Failed,Succeeded"},
        extra="- name: flaky\n  retryStrategy: {limit: 0}\n  container: {image: a}",
        nodes={"r(0)": F, "r(1)": None},
    ),
    Case(
        "retry-limit-parameter",
        "{name: r, template: flaky}",
        {"r": F},
        F,
        {"r": "Failed"},
        extra="- name: flaky\n  retryStrategy: {limit: '{{workflow.parameters.num}}'}\n  container: {image: a}",
        nodes={"r(3)": F, "r(4)": None},
    ),
    Case(
        "retry-workflow-level",
        "{name: r, template: work}",
        {"r": S},
        S,
        {"r": "Failed,Succeeded"},
        head="retryStrategy: {limit: 1}",
        nodes={"r(0)": F, "r(1)": S},
    ),
    Case(
        "retry-on-transient-error",
        "{name: r, template: flaky}",
        {"r": E},
        E,
        {"r": "Errored,Succeeded"},
        extra=retried("OnTransientError"),
        nodes={"r(1)": None},
    ),
    Case(
        "retry-in-a-loop",
        "{name: fan, template: flaky, withItems: [a, b]}",
        {"fan": S},
        S,
        {"fan(1:b)": "Failed,Succeeded"},
        extra=retried(),
        nodes={"fan(1:b)(0)": F, "fan(1:b)(1)": S},
    ),
    Case(
        "continue-on-target-forgiven",
        "{name: A, template: work, continueOn: {failed: true}}\n{name: B, template: work}",
        {"A": F, "B": E},
        E,
        {"A": "Failed", "B": "Errored"},
    ),
    Case(
        "no-fail-fast-scheduling",
        "{name: A, template: work}\n{name: B, template: work}\n{name: C, template: work, depends: B}",
        {"A": F, "B": S, "C": S},
        F,
        {"A": "Failed"},
    ),
    Case(
        "daemoned-on-a-non-daemon",
        "{name: A, template: work}\n{name: B, template: work, depends: A.Daemoned}",
        {"A": S, "B": OM},
        S,
    ),
    Case(
        "target-from-a-parameter",
        "{name: A, template: work}\n{name: B, template: work}",
        {"A": None, "B": S},
        S,
        parameters={"x": "B"},
        dag="target: '{{workflow.parameters.x}}'",
    ),
    Case(
        "nested-target",
        "{name: outer, template: inner2}",
        {"outer": S, "outer.x": S, "outer.z": None},
        S,
        extra=INNER.replace("name: inner", "name: inner2").replace("  dag:\n", "  dag:\n    target: x\n"),
    ),
    Case(
        "loop-of-nested-dags",
        "{name: outer, template: inner, withItems: [a, b]}",
        {"outer": F},
        F,
        {"outer(1:b).z": "Failed"},
        extra=INNER,
        nodes={"outer(0:a).z": S, "outer(1:b).x": S, "outer(1:b).z": F, "outer(1:b)": F},
    ),
    Case(
        "argument-from-a-skipped-task",
        "{name: A, template: work, when: 'false'}\n{name: B, template: echo, depends: A, "
        "arguments: {parameters: [{name: m, value: '{{tasks.A.outputs.result}}'}]}}",
        {"A": SK, "B": E},
        E,
        extra="- name: echo\n  inputs: {parameters: [{name: m}]}\n  container: {image: a}",
    ),
    Case(
        "loop-errored-item-first",
        "{name: fan, template: work, withItems: [a, b]}\n{name: D, template: work, depends: fan.AllFailed}",
        {"fan": F, "D": OM},
        E,
        {"fan(0:a)": "Errored", "fan(1:b)": "Failed"},
    ),
    Case(
        "workflow-exit-sees-error",
        "{name: A, template: work}",
        {"A": E},
        E,
        {"A": "Errored"},
        head="onExit: exit-handler",
        extra=EXIT_DAG,
        nodes={"onExit.celebrate": SK, "onExit.cry": S},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_controller_scenario(case: Case) -> None:
    result = sim(text_of(case), case.outcomes, parameters=case.parameters)
    got = phases(result)
    assert {name: got.get(name) for name in case.expect} == case.expect
    assert result.phase == case.phase
    nodes = node_phases(result)
    assert {name: nodes.get(name) for name in case.nodes} == case.nodes
