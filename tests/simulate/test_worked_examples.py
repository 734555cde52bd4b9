"""Every worked example of docs/simulate.md (the controller's DAG semantics), with our own copies
of the small templates. Each asserts every task's phase and the workflow's phase."""

from __future__ import annotations

import pytest

from tests.simulate.helpers import node_phases, phases, sim

S, F, E, SK, OM = "Succeeded", "Failed", "Error", "Skipped", "Omitted"

DIAMOND_CONTINUE_ON = """
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - {name: A, template: work}
    - {name: B, template: work, dependencies: [A]}
    - {name: C, template: work, dependencies: [A], continueOn: {failed: true}}
    - {name: D, template: work, dependencies: [B, C]}
"""


def test_continue_on_failed_lets_the_join_run() -> None:
    result = sim(DIAMOND_CONTINUE_ON, {"C": "Failed"})
    assert phases(result) == {"A": S, "B": S, "C": F, "D": S}
    assert result.phase == S


def test_continue_on_failed_does_not_cover_an_error() -> None:
    result = sim(DIAMOND_CONTINUE_ON, {"C": "Errored"})
    assert phases(result) == {"A": S, "B": S, "C": E, "D": OM}
    assert result.nodes["D"].type == "Skipped"
    assert result.nodes["D"].message == "omitted: depends condition not met"
    assert result.phase == E


ENHANCED_DEPENDS = """
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - {name: A, template: work}
    - {name: B, template: work, depends: A}
    - {name: C, template: work, depends: A}
    - {name: should-execute-1, template: work, depends: "A && (C.Succeeded || C.Failed)"}
    - {name: should-execute-2, template: work, depends: "B || C"}
    - {name: should-not-execute, template: work, depends: "B && C"}
    - {name: should-execute-3, template: work, depends: "should-execute-2.Succeeded || should-not-execute"}
"""


def test_enhanced_depends_with_c_failed() -> None:
    result = sim(ENHANCED_DEPENDS, {"C": "Failed"})
    assert phases(result) == {
        "A": S,
        "B": S,
        "C": F,
        "should-execute-1": S,
        "should-execute-2": S,
        "should-not-execute": OM,
        "should-execute-3": S,
    }
    assert result.phase == S  # C failed, but it is not a leaf


@pytest.mark.parametrize(
    ("outcome", "depends", "runs"),
    [
        ("Succeeded", "same.Succeeded", True),
        ("Succeeded", "!same.Succeeded", False),
        ("Failed", "same.Failed", True),
        ("Failed", "!same.Failed", False),
        ("Failed", "same.Errored", False),
        ("Errored", "same.Errored", True),
        ("Failed", "same", False),
        ("Succeeded", "same", True),
    ],
)
def test_every_result_token(outcome: str, depends: str, runs: bool) -> None:
    text = f"""
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - {{name: same, template: work}}
        - {{name: next, template: work, depends: "{depends}"}}
    """
    result = sim(text, {"same": outcome})
    assert result.tasks["next"].phase == (S if runs else OM)


def test_skipped_and_omitted_results() -> None:
    text = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - {name: A, template: work, when: "False == True"}
        - {name: B, template: work, depends: A.Skipped}
        - {name: C, template: work, depends: A.Succeeded}
        - {name: D, template: work, depends: C.Omitted}
        - {name: E, template: work, depends: "!same.Skipped && C.Omitted", dependencies: []}
        - {name: same, template: work}
    """
    result = sim(text)
    assert phases(result) == {"A": SK, "B": S, "C": OM, "D": S, "E": S, "same": S}
    assert result.nodes["A"].message == "when 'False == True' evaluated false"


WHEN_FALSE_MIDDLE = """
entrypoint: main
arguments: {parameters: [{name: should-run, value: "false"}]}
templates:
- name: main
  dag:
    tasks:
    - {name: A, template: work}
    - {name: B, template: work, depends: A, when: "{{workflow.parameters.should-run}} == true"}
    - {name: C, template: work, depends: B}
    - {name: D, template: work, depends: B.Succeeded}
"""


def test_when_false_on_a_middle_node() -> None:
    result = sim(WHEN_FALSE_MIDDLE)
    assert phases(result) == {"A": S, "B": SK, "C": S, "D": OM}
    assert result.nodes["B"].message == "when 'false == true' evaluated false"
    assert result.phase == S  # D inherits Succeeded through the Skipped B


def test_when_true_with_a_parameter_override() -> None:
    result = sim(WHEN_FALSE_MIDDLE, parameters={"should-run": "true"})
    assert phases(result) == {"A": S, "B": S, "C": S, "D": S}


def test_task_status_renders_as_its_phase() -> None:
    text = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - {name: A, template: work, when: "false"}
        - {name: B, template: work, depends: A, when: "{{tasks.A.status}} == Succeeded"}
    """
    result = sim(text)
    assert phases(result) == {"A": SK, "B": SK}
    assert result.nodes["B"].message == "when 'Skipped == Succeeded' evaluated false"


LOOPS_DAG = """
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - {name: A, template: work}
    - {name: B, template: work, depends: A, withItems: [foo, bar, baz]}
    - {name: C, template: work, depends: B}
"""


def test_loops_dag_with_one_failed_item() -> None:
    result = sim(LOOPS_DAG, {"B(1:bar)": "Failed"})
    assert phases(result) == {"A": S, "B": F, "C": OM}
    assert result.nodes["B"].type == "TaskGroup"
    assert node_phases(result)["B(0:foo)"] == S
    assert node_phases(result)["B(1:bar)"] == F
    assert node_phases(result)["B(2:baz)"] == S
    assert result.phase == F


ANY_ALL = """
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - {name: A, template: work, withItems: [1, 2, 3]}
    - {name: B, template: work, depends: A.AnySucceeded}
    - {name: C, template: work, withItems: [x, y]}
    - {name: D, template: work, depends: C.AllFailed}
"""


def test_any_succeeded_and_all_failed() -> None:
    result = sim(ANY_ALL, {"A(0:1)": "Failed", "C": "Failed"})
    assert phases(result) == {"A": F, "B": S, "C": F, "D": S}
    assert result.phase == S


def test_any_succeeded_false_when_every_item_fails() -> None:
    result = sim(ANY_ALL, {"A": "Failed", "C": "Failed"})
    assert phases(result)["B"] == OM
    assert result.phase == F  # B is an Omitted leaf under a Failed TaskGroup


def test_zero_items_is_skipped_and_empty_with_items_runs_once() -> None:
    text = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - {name: A, template: work, withParam: "[]"}
        - {name: B, template: work, depends: A}
        - {name: C, template: work, withItems: []}
        - {name: D, template: work, withSequence: {count: "0"}}
    """
    result = sim(text)
    assert phases(result) == {"A": SK, "B": S, "C": S, "D": SK}
    assert result.nodes["A"].message == "Skipped, empty params"
    assert result.nodes["C"].type == "Pod"


def test_when_per_item_and_all_items_skipped_is_a_succeeded_group() -> None:
    text = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - {name: A, template: work, withItems: [a, b], when: "{{item}} == b"}
        - {name: B, template: work, withItems: [a, b], when: "{{item}} == z"}
        - {name: C, template: work, depends: B.Skipped}
        - {name: D, template: work, depends: B.Succeeded}
    """
    result = sim(text)
    nodes = node_phases(result)
    assert nodes["A(0:a)"] == SK and nodes["A(1:b)"] == S
    assert phases(result) == {"A": S, "B": S, "C": OM, "D": S}


def test_loop_child_names() -> None:
    text = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - name: maps
          template: work
          withItems: [{os: debian, version: 9}, {version: "(1)", os: x}]
        - {name: lists, template: work, withParam: '[[1, 2], "foo\\tbar"]'}
        - {name: seq, template: work, withSequence: {start: "3", end: "1", format: "n%02d"}}
    """
    names = set(sim(text).nodes)
    assert {"maps(0:os:debian,version:9)", "maps(1:os:x,version:1)"} <= names
    assert {"lists(0:[1,2])", "lists(1:foo\tbar)"} <= names
    assert {"seq(0:n03)", "seq(1:n02)", "seq(2:n01)"} <= names


DAG_TARGETS = """
entrypoint: main
templates:
- name: main
  dag:
    target: E
    tasks:
    - {name: A, template: work}
    - {name: B, template: work, depends: A}
    - {name: C, template: work, depends: A}
    - {name: D, template: work, depends: "B && C"}
    - {name: E, template: work, depends: C}
"""


def test_dag_target_visits_only_its_ancestry() -> None:
    result = sim(DAG_TARGETS, {"B": "Failed", "D": "Failed"})
    assert phases(result) == {"A": S, "B": None, "C": S, "D": None, "E": S}
    assert "B" not in result.nodes
    assert result.phase == S


def test_dag_target_from_a_parameter() -> None:
    text = DAG_TARGETS.replace("target: E", "target: '{{workflow.parameters.t}}'")
    text = text.replace("entrypoint: main", "entrypoint: main\narguments: {parameters: [{name: t, value: B E}]}")
    result = sim(text, {"B": "Failed"})
    assert phases(result) == {"A": S, "B": F, "C": S, "D": None, "E": S}
    assert result.phase == F


DIAMOND = """
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - {name: A, template: work}
    - {name: B, template: work, dependencies: [A]}
    - {name: C, template: work, dependencies: [A]}
    - {name: D, template: work, dependencies: [B, C]}
"""


def test_diamond_with_a_failing_branch() -> None:
    result = sim(DIAMOND, {"C": "Failed"})
    assert phases(result) == {"A": S, "B": S, "C": F, "D": OM}
    assert result.phase == F


def test_skipped_leaf_under_a_failed_parent_fails_the_dag() -> None:
    text = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - {name: A, template: work, continueOn: {failed: true}}
        - {name: B, template: work, dependencies: [A], when: "false"}
    """
    result = sim(text, {"A": "Failed"})
    assert phases(result) == {"A": F, "B": SK}
    assert result.phase == F


def test_handled_failure_still_fails_through_the_omitted_branch() -> None:
    text = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - {name: X, template: work}
        - {name: Run, template: work, depends: X.Failed}
        - {name: NotRun, template: work, depends: "!X.Failed"}
    """
    result = sim(text, {"X": "Failed"})
    assert phases(result) == {"X": F, "Run": S, "NotRun": OM}
    assert result.phase == F


@pytest.mark.parametrize(("fail_fast", "expected"), [("", E), ("failFast: false", F)])
def test_several_failed_targets_fail_fast_picks_the_first(fail_fast: str, expected: str) -> None:
    text = f"""
    entrypoint: main
    templates:
    - name: main
      dag:
        {fail_fast}
        tasks:
        - {{name: A, template: work}}
        - {{name: B, template: work}}
    """
    result = sim(text, {"A": "Errored", "B": "Failed"})
    assert phases(result) == {"A": E, "B": F}
    assert result.phase == expected


@pytest.mark.parametrize("fail_fast", ["", "failFast: false"])
def test_fail_fast_has_no_visible_effect_without_parallelism(fail_fast: str) -> None:
    text = f"""
    entrypoint: main
    templates:
    - name: main
      dag:
        {fail_fast}
        tasks:
        - {{name: A, template: work}}
        - {{name: B, template: work, dependencies: [A]}}
        - {{name: C, template: work, dependencies: [A]}}
        - {{name: D, template: work, dependencies: [B]}}
        - {{name: E, template: work, dependencies: [D]}}
    """
    result = sim(text, {"C": "Failed"})
    assert phases(result) == {"A": S, "B": S, "C": F, "D": S, "E": S}
    assert result.phase == F


WORKFLOW_EXIT = """
entrypoint: main
onExit: exit-handler
templates:
- name: main
  dag:
    tasks:
    - {name: A, template: work}
    - {name: B, template: work, depends: A}
- name: exit-handler
  dag:
    tasks:
    - {name: celebrate, template: work, when: "{{workflow.status}} == Succeeded"}
    - {name: cry, template: work, when: "{{workflow.status}} != Succeeded"}
"""


def test_workflow_exit_handler_after_a_failure() -> None:
    result = sim(WORKFLOW_EXIT, {"A": "Failed"})
    assert phases(result) == {"A": F, "B": OM}
    nodes = node_phases(result)
    assert nodes["onExit"] == S
    assert nodes["onExit.cry"] == S and nodes["onExit.celebrate"] == SK
    assert result.phase == F


@pytest.mark.parametrize(("handler", "expected"), [("Failed", F), ("Errored", E), ("Succeeded", S)])
def test_workflow_exit_handler_decides_only_after_success(handler: str, expected: str) -> None:
    result = sim(WORKFLOW_EXIT, {"onExit.celebrate": handler})
    assert result.phase == expected
    failed = sim(WORKFLOW_EXIT, {"A": "Failed", "onExit.cry": handler})
    assert failed.phase == F  # the handler's result is ignored after a failure


TASK_HOOKS = """
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - name: A
      template: work
      hooks:
        exit: {template: work}
        on-failure: {expression: 'tasks.A.status == "Failed"', template: work}
        on-success: {expression: 'tasks["A"].status == "Succeeded"', template: work}
    - {name: B, template: work, dependencies: [A]}
"""


def test_task_exit_handler_and_hooks_on_a_failed_task() -> None:
    result = sim(TASK_HOOKS, {"A": "Failed", "A.onExit": "Failed"})
    nodes = node_phases(result)
    assert nodes["A.onExit"] == F and nodes["A.hooks.on-failure"] == S
    assert "A.hooks.on-success" not in nodes
    assert phases(result) == {"A": F, "B": OM}
    assert result.phase == F


def test_no_exit_handler_for_a_skipped_task() -> None:
    text = TASK_HOOKS.replace("template: work\n      hooks:", "template: work\n      when: 'false'\n      hooks:")
    result = sim(text)
    assert not any(name.startswith("A.") for name in result.nodes)
    assert phases(result) == {"A": SK, "B": S}


RETRY = """
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - {name: step1, template: flaky}
    - {name: after, template: work, depends: step1}
- name: flaky
  retryStrategy: {limit: "LIMIT", retryPolicy: POLICY}
  container: {image: "alpine:3.20"}
"""


@pytest.mark.parametrize(
    ("limit", "policy", "outcome", "phase", "attempts"),
    [
        ("2", "OnFailure", "Failed,Failed,Succeeded", S, 3),
        ("10", "Always", "Failed,Failed,Succeeded", S, 3),
        ("1", "OnFailure", "Failed,Failed,Succeeded", F, 2),
        ("3", "OnError", "Failed", F, 1),
        ("3", "OnFailure", "Errored", E, 1),
        ("3", "Always", "Errored,Failed", F, 4),
    ],
)
def test_retries(limit: str, policy: str, outcome: str, phase: str, attempts: int) -> None:
    result = sim(RETRY.replace("LIMIT", limit).replace("POLICY", policy), {"step1": outcome})
    node = result.nodes["step1"]
    assert node.type == "Retry"
    assert node.children == [f"step1({i})" for i in range(attempts)]
    assert result.tasks["step1"].phase == phase
    assert result.tasks["after"].phase == (S if phase == S else OM)
    if phase != S and policy != "OnError" and outcome != "Errored":
        assert node.message == "No more retries left"


def test_retries_forever_without_a_limit() -> None:
    text = RETRY.replace('limit: "LIMIT", ', "").replace("POLICY", "OnFailure")
    result = sim(text, {"step1": "Failed"})
    assert result.tasks["step1"].phase is None
    assert result.phase is None
    assert "forever" in result.nodes["step1"].reason


DAG_NESTED = """
entrypoint: diamond
templates:
- name: diamond
  dag:
    tasks:
    - {name: A, template: nested-diamond, arguments: {parameters: [{name: message, value: A}]}}
    - {name: B, depends: A, template: nested-diamond, arguments: {parameters: [{name: message, value: B}]}}
    - {name: C, depends: A, template: nested-diamond, arguments: {parameters: [{name: message, value: C}]}}
    - {name: D, depends: B && C, template: nested-diamond, arguments: {parameters: [{name: message, value: D}]}}
- name: nested-diamond
  inputs: {parameters: [{name: message}]}
  dag:
    tasks:
    - {name: A, template: work}
    - {name: B, depends: A, template: work}
    - {name: C, depends: A, template: work}
    - {name: D, depends: B && C, template: work}
"""


def test_nested_dag_with_an_inner_failure() -> None:
    result = sim(DAG_NESTED, {"B.C": "Failed"})
    got = phases(result)
    assert got["B.C"] == F and got["B.D"] == OM and got["B"] == F
    assert got["C"] == S and got["C.D"] == S
    assert got["D"] == OM
    assert got["D.A"] is None and not any(name.startswith("D.") for name in result.nodes)
    assert result.nodes["B"].type == "DAG"
    assert result.phase == F


def test_unresolvable_references_in_when() -> None:
    text = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - {name: A, template: work, when: "false"}
        - {name: B, template: work, depends: A, when: "{{tasks.A.outputs.parameters.x}} == y"}
        - {name: C, template: work, when: "{{workflow.parameters.nope}} == y"}
        - name: D
          template: work
          depends: A
          arguments: {parameters: [{name: p, value: "{{tasks.A.outputs.result}}"}]}
    """
    result = sim(text)
    # a task output that never comes: the controller requeues the task for ever
    assert result.tasks["B"].phase is None and "never resolves" in result.tasks["B"].reason
    # an unknown parameter stays as written: govaluate cannot parse it
    assert result.tasks["C"].phase == E and "Invalid 'when' expression" in result.tasks["C"].reason
    # an argument that reads an output of a Skipped task cannot be resolved
    assert result.tasks["D"].phase == E and result.nodes["D"].message == "failed to resolve {{tasks.A.outputs.result}}"
    # failFast: the first failed target decides even while B waits (no node, so not "running")
    assert result.phase == E


def test_task_group_takes_the_phase_of_the_last_failed_item() -> None:
    text = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - {name: fan, template: work, withItems: [a, b, c]}
        - {name: nap, template: work, withParam: '[[{"foo": "bar"}], 2]'}
    """
    result = sim(text, {"fan(0:a)": "Failed", "fan(1:b)": "Errored"})
    assert phases(result)["fan"] == E
    result = sim(text, {"fan(0:a)": "Errored", "fan(2:c)": "Failed"})
    assert phases(result)["fan"] == F
    assert 'nap(0:[{"foo":"bar"}])' in result.nodes


def test_omitted_join_under_a_failed_and_an_errored_parent_takes_the_first_written() -> None:
    # Argo's choice depends on Go map order; opctl documents its own: depends text order.
    result = sim(DIAMOND, {"B": "Failed", "C": "Errored"})
    assert phases(result) == {"A": S, "B": F, "C": E, "D": OM}
    assert result.phase == F
    assert sim(DIAMOND.replace("[B, C]", "[C, B]"), {"B": "Failed", "C": "Errored"}).phase == E


def test_workflow_failures_in_the_exit_handler() -> None:
    text = """
    entrypoint: main
    onExit: report
    templates:
    - name: main
      dag:
        tasks:
        - {name: A, template: work}
    - name: report
      dag:
        tasks:
        - name: page
          template: work
          when: "'{{workflow.failures}}' =~ 'work'"
    """
    assert node_phases(sim(text, {"A": "Failed"}))["onExit.page"] == S
    assert node_phases(sim(text))["onExit.page"] == SK
