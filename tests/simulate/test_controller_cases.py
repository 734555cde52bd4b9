"""Scenarios shaped after Argo's controller tests and examples (our own small copies): daemons,
continueOn on leaves and loops, withParam from an output, retried nested DAGs, hooks."""

from __future__ import annotations

from tests.simulate.helpers import node_phases, phases, sim

S, F, E, SK, OM = "Succeeded", "Failed", "Error", "Skipped", "Omitted"


def test_daemoned_dependency_satisfies_a_bare_name_even_if_it_fails_later() -> None:
    text = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - {name: db, template: daemon}
        - {name: client, template: work, depends: db}
        - {name: probe, template: work, depends: db.Daemoned}
    - name: daemon
      daemon: true
      container: {image: "influxdb:1.2"}
    """
    result = sim(text, {"db": "Failed"})
    assert phases(result) == {"db": F, "client": S, "probe": S}
    assert result.phase == S


def test_leaf_continue_on() -> None:
    text = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - {name: A, template: work}
        - {name: B, template: work, dependencies: [A], continueOn: {failed: true}}
    """
    result = sim(text, {"B": "Failed"})
    assert phases(result) == {"A": S, "B": F}
    assert result.phase == S


def test_continue_on_an_expanded_leaf() -> None:
    text = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - {name: fan, template: work, withItems: [1, 2, 3], continueOn: {failed: true}}
        - {name: other, template: work}
    """
    result = sim(text, {"fan(1:2)": "Failed"})
    assert phases(result) == {"fan": F, "other": S}
    assert result.phase == S


def test_with_param_from_an_assumed_output() -> None:
    text = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - {name: generate, template: work}
        - {name: process, template: work, depends: generate, withParam: "{{tasks.generate.outputs.result}}"}
        - {name: finish, template: work, depends: process}
    """
    result = sim(text, {"process(3:3)": "Failed"}, assume={"generate.outputs.result": "[0, 1, 2, 3, 4]"})
    assert phases(result) == {"generate": S, "process": F, "finish": OM}
    assert node_phases(result)["process(3:3)"] == F and node_phases(result)["process(4:4)"] == S
    assert result.phase == F
    undecided = sim(text)
    assert undecided.phase is None and undecided.undecidable
    assert "--assume generate.outputs.result=" in undecided.undecidable[0]


def test_coinflip_when_on_an_assumed_result() -> None:
    text = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - {name: flip-coin, template: work}
        - {name: heads, template: work, depends: flip-coin, when: "{{tasks.flip-coin.outputs.result}} == heads"}
        - {name: tails, template: work, depends: flip-coin, when: "{{tasks.flip-coin.outputs.result}} == tails"}
    """
    result = sim(text, assume={"flip-coin.outputs.result": "tails"})
    assert phases(result) == {"flip-coin": S, "heads": SK, "tails": S}
    assert result.phase == S


def test_retried_nested_dag_exhausts_its_retries() -> None:
    text = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - {name: success1, template: work}
        - {name: sub-dag1, template: sub, depends: success1}
        - {name: success2, template: work, depends: sub-dag1}
    - name: sub
      retryStrategy: {limit: 1}
      dag:
        tasks:
        - {name: fail, template: work}
    """
    result = sim(text, {"sub-dag1.fail": "Failed"})
    nodes = node_phases(result)
    assert nodes["sub-dag1(0)"] == F and nodes["sub-dag1(1)"] == F
    assert nodes["sub-dag1(0).fail"] == F and nodes["sub-dag1(1).fail"] == F
    assert phases(result) == {"success1": S, "sub-dag1": F, "sub-dag1.fail": F, "success2": OM}
    assert result.phase == F
    second_try = sim(text, {"sub-dag1(0).fail": "Failed"})
    assert phases(second_try)["sub-dag1"] == S and second_try.phase == S


def test_exit_handlers_of_every_task_and_the_dependents_wait_for_them() -> None:
    text = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - {name: A, template: work, onExit: work}
        - {name: B, template: work, dependencies: [A], onExit: work}
        - {name: C, template: work, dependencies: [A], onExit: work, when: "false"}
        - {name: fan, template: work, dependencies: [A], onExit: work, withItems: [x]}
    """
    result = sim(text, {"B": "Failed", "A.onExit": "Failed"})
    nodes = node_phases(result)
    assert nodes["A.onExit"] == F and nodes["B.onExit"] == S and nodes["fan(0:x).onExit"] == S
    assert "C.onExit" not in nodes
    assert phases(result) == {"A": S, "B": F, "C": SK, "fan": S}
    assert result.phase == F  # B's failure; the handlers' results change nothing


def test_workflow_hooks_fire_on_running_and_on_the_final_status() -> None:
    text = """
    entrypoint: main
    hooks:
      exit: {template: work}
      running: {expression: workflow.status == "Running", template: work}
      failed: {expression: workflow.status == "Failed", template: work}
      ok: {expression: workflow.status == "Succeeded", template: work}
    templates:
    - name: main
      dag:
        tasks:
        - {name: A, template: work}
    """
    result = sim(text, {"A": "Failed"})
    nodes = node_phases(result)
    assert nodes["hooks.running"] == S and nodes["hooks.failed"] == S and "hooks.ok" not in nodes
    assert nodes["onExit"] == S
    assert result.phase == F


def test_when_with_expression_tags_and_input_defaults() -> None:
    text = """
    entrypoint: main
    arguments: {parameters: [{name: n, value: "3"}]}
    templates:
    - name: main
      inputs: {parameters: [{name: mode, value: fast}]}
      dag:
        tasks:
        - {name: big, template: work, when: "{{= asInt(workflow.parameters.n) > 2 }}"}
        - {name: fast, template: work, when: "{{inputs.parameters.mode}} == fast"}
        - {name: slow, template: work, when: "{{inputs.parameters.mode}} == slow"}
    """
    result = sim(text)
    assert phases(result) == {"big": S, "fast": S, "slow": SK}


def test_an_outcome_for_a_dag_task_is_reported_unused() -> None:
    text = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - {name: outer, template: inner}
    - name: inner
      dag:
        tasks:
        - {name: x, template: work}
    """
    result = sim(text, {"outer": "Failed"})
    assert result.phase == S
    assert any("outcome given for outer is not used" in note and "outer.TASK" in note for note in result.notes)


def test_template_level_fail_fast_starts_nothing_after_a_failure() -> None:
    text = """
    entrypoint: main
    templates:
    - name: main
      failFast: true
      dag:
        tasks:
        - {name: a, template: work}
        - {name: b, template: work}
        - {name: c, template: work, depends: a}
        - {name: d, template: work, depends: c}
    """
    result = sim(text, {"b": "Failed"})
    # a and b start together; b fails, a completes; c never starts
    assert phases(result) == {"a": S, "b": F, "c": None, "d": None}
    assert "failFast" in result.tasks["c"].reason
    assert result.phase == F
    assert result.entry_reason == "template has failed or errored children and failFast enabled"
    without = sim(text.replace("      failFast: true\n", ""), {"b": "Failed"})
    assert phases(without) == {"a": S, "b": F, "c": S, "d": S}
