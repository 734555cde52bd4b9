"""The `dag` rule family and the shared DAG graph model (opctl.lint.graph)."""

from __future__ import annotations

import pytest

from opctl.diagnostics import Severity
from opctl.lint import lint_document
from opctl.lint.dag import check_dag
from opctl.lint.graph import dag_graph, dag_graphs, parse_depends
from opctl.lint.registry import RULES, LintContext
from opctl.model import iter_templates
from tests.conftest import yaml_doc

LEAF = """\
- name: work
  container:
    image: alpine:3
"""


def dag(tasks: str, extra: str = "") -> str:
    """A template whose entrypoint DAG has ``tasks`` (YAML list items indented by 4) plus ``work``."""
    return "entrypoint: main\ntemplates:\n- name: main\n  dag:\n" + extra + "    tasks:\n" + tasks + LEAF


def findings(text: str, rule: str) -> list[tuple[int, int, str]]:
    doc = yaml_doc(text)
    return [(d.line, d.column, d.message) for d in check_dag(LintContext(doc)) if d.rule == rule]


def where(text: str, rule: str) -> list[tuple[int, int]]:
    return [(line, column) for line, column, _ in findings(text, rule)]


def test_every_rule_is_registered_in_the_dag_family() -> None:
    ids = {rule.id for rule in RULES.values() if rule.family == "dag"}
    assert ids == {
        "dag-missing-dependency",
        "dag-cycle",
        "dag-duplicate-task",
        "dag-duplicate-dependency",
        "dag-undefined-template",
        "dag-no-template",
        "dag-template-conflict",
        "dag-mixed-dependencies",
        "dag-continue-on-with-depends",
        "dag-task-name-digit",
        "dag-depends-syntax",
        "dag-depends-result",
        "dag-items-result",
        "dag-empty",
        "dag-undefined-target",
        "dag-multiple-loops",
        "dag-sequence-count-and-end",
        "dag-unused-template",
        "dag-leaf-only-field",
        # from the execution model (opctl/lint/dag_outcomes.py)
        "dag-depends-never-true",
        "dag-depends-impossible-result",
        "dag-when-constant",
        "dag-when-error",
    }
    assert all(rule.id.startswith("dag-") and rule.summary for rule in RULES.values() if rule.family == "dag")


# --------------------------------------------------------------------------------------------
# depends parser


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("A", [("A", 0, None)]),
        ("A && B", [("A", 0, None), ("B", 5, None)]),
        ("(A || B.Failed) && !C.AnySucceeded", [("A", 1, None), ("B", 6, "Failed"), ("C", 20, "AnySucceeded")]),
        ("!!(task-1.Errored)", [("task-1", 3, "Errored")]),
        ("  a-b   ||c.Skipped ", [("a-b", 2, None), ("c", 10, "Skipped")]),
    ],
)
def test_depends_parser_returns_every_operand_with_its_offset(text: str, refs: list) -> None:
    expr = parse_depends(text)
    assert expr.error is None
    assert [(r.task, r.offset, r.result) for r in expr.refs] == refs


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        ("", 0, "empty expression"),
        ("A &", 2, "'&' must be written '&&'"),
        ("A | B", 2, "'|' must be written '||'"),
        ("A B", 2, "missing '&&' or '||' before 'B'"),
        ("(A && B", 0, "'(' is never closed"),
        ("A)", 1, "')' without a matching '('"),
        ("A &&", 2, "expression ends after '&&'"),
        ("A && (B ||)", 10, "expected a task name but found ')'"),
        ("A.", 1, "'A.' needs a result after the dot"),
        ("A && $B", 5, "unexpected character '$'"),
        ("(" * 200 + "A" + ")" * 200, 100, "nested deeper than 100"),
    ],
)
def test_depends_parser_reports_the_offset_of_a_syntax_error(text: str, offset: int, message: str) -> None:
    error = parse_depends(text).error
    assert error is not None
    assert error.offset == offset
    assert message in error.message


def test_depends_parser_keeps_operands_of_an_expression_with_a_syntax_error() -> None:
    assert [r.task for r in parse_depends("A B && (C").refs] == ["A", "B", "C"]


# --------------------------------------------------------------------------------------------
# graph model


GRAPH = dag(
    """\
    - name: a
      template: work
    - name: b
      dependencies: [a]
      template: work
    - name: c
      dependencies: [a]
      template: work
    - name: d
      dependencies: [b, c]
      template: work
    - name: e
      template: work
"""
)


def test_graph_orders_tasks_and_answers_ancestor_queries() -> None:
    doc = yaml_doc(GRAPH)
    graph = dag_graphs(LintContext(doc))[0]
    assert graph.topological_order() == ["a", "e", "b", "c", "d"]
    assert graph.ancestors("d") == {"a", "b", "c"}
    assert graph.is_ancestor("a", "d") and not graph.is_ancestor("d", "a") and not graph.is_ancestor("e", "d")
    assert graph.dependencies("d") == ["b", "c"] and graph.dependents("a") == ["b", "c"]
    assert set(graph.graph.edges) == {("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")}
    assert graph.cycles() == []


def test_graph_is_built_once_per_document_and_template() -> None:
    doc = yaml_doc(GRAPH)
    ctx = LintContext(doc)
    template = next(iter_templates(ctx.spec, ctx.spec_pointer))
    assert dag_graph(ctx, template) is dag_graph(ctx, template)
    assert dag_graph(LintContext(doc), template) is not dag_graph(ctx, template)


def test_graph_with_a_cycle_has_no_order_and_tasks_on_it_are_their_own_ancestors() -> None:
    doc = yaml_doc(
        dag(
            """\
    - name: a
      depends: c
      template: work
    - name: b
      depends: a
      template: work
    - name: c
      depends: b
      template: work
    - name: d
      depends: c
      template: work
"""
        )
    )
    graph = dag_graphs(LintContext(doc))[0]
    assert graph.topological_order() is None
    assert graph.ancestors("a") == {"a", "b", "c"}
    assert graph.ancestors("d") == {"a", "b", "c"}
    [cycle] = graph.cycles()
    assert cycle.tasks == ("a", "b", "c") and cycle.closing_dependency == "c"


# --------------------------------------------------------------------------------------------
# rules: a failing and a passing fixture each


def test_missing_dependency_in_dependencies_points_at_the_list_item() -> None:
    text = dag(
        """\
    - name: prepare
      template: work
    - name: train
      dependencies:
      - prepare
      - prepair
      template: work
"""
    )
    [(line, column, message)] = findings(text, "dag-missing-dependency")
    assert (line, column) == (11, 9)
    assert (
        "task 'train' depends on 'prepair' (in `dependencies`), which is not a task of DAG 'main'; "
        "did you mean 'prepare'?" in message
    )
    assert where(text.replace("- prepair", "- prepare"), "dag-missing-dependency") == []


def test_missing_dependency_in_depends_points_at_the_name_inside_the_expression() -> None:
    text = dag(
        """\
    - name: prepare
      template: work
    - name: train
      depends: "prepare.Succeeded && (valdate || prepare.Failed)"
      template: work
    - name: validate
      template: work
"""
    )
    [(line, column, message)] = findings(text, "dag-missing-dependency")
    assert (line, column) == (9, 39)
    assert "did you mean 'validate'?" in message
    assert where(text.replace("valdate", "validate"), "dag-missing-dependency") == []


def test_missing_dependency_in_a_plain_and_a_block_depends_scalar() -> None:
    text = dag(
        """\
    - name: a
      template: work
    - name: b
      depends: a && x
      template: work
    - name: c
      depends: >-
        a || y
      template: work
"""
    )
    assert where(text, "dag-missing-dependency") == [(9, 21), (13, 14)]


def test_and_or_not_words_get_a_hint_about_operators() -> None:
    doc = yaml_doc(
        dag("    - name: a\n      template: work\n    - name: b\n      depends: a and a\n      template: work\n")
    )
    [diag] = [d for d in check_dag(LintContext(doc)) if d.rule == "dag-missing-dependency"]
    assert (diag.line, diag.column) == (9, 18)
    assert "&&" in (diag.hint or "")


def test_cycle_is_one_finding_at_the_dependency_that_closes_it() -> None:
    text = dag(
        """\
    - name: a
      dependencies: [c]
      template: work
    - name: b
      dependencies: [a]
      template: work
    - name: c
      dependencies: [b]
      template: work
"""
    )
    [(line, column, message)] = findings(text, "dag-cycle")
    assert (line, column) == (7, 22)
    assert "dependency cycle a → b → c → a: 'a' depends on 'c'" in message
    assert where(text.replace("dependencies: [c]", "dependencies: []"), "dag-cycle") == []


def test_cycles_in_depends_and_self_dependencies_are_each_reported_once() -> None:
    text = dag(
        """\
    - name: a
      depends: b.Succeeded
      template: work
    - name: b
      depends: a || b
      template: work
"""
    )
    found = findings(text, "dag-cycle")
    assert [(line, column) for line, column, _ in found] == [(7, 16), (10, 21)]
    assert "a → b → a" in found[0][2]
    assert "task 'b' depends on itself" in found[1][2]


def test_duplicate_task_points_at_the_second_and_names_the_first_line() -> None:
    text = dag(
        """\
    - name: train
      template: work
    - name: train
      template: work
"""
    )
    [(line, column, message)] = findings(text, "dag-duplicate-task")
    assert (line, column) == (8, 13)
    assert "(line 6)" in message
    assert (
        where(text.replace("train\n      template: work\n", "test\n      template: work\n", 1), "dag-duplicate-task")
        == []
    )


def test_duplicate_dependency_is_a_warning_at_the_repeated_item() -> None:
    text = dag("    - name: a\n      template: work\n    - name: b\n      dependencies: [a, a]\n      template: work\n")
    assert where(text, "dag-duplicate-dependency") == [(9, 25)]
    assert RULES["dag-duplicate-dependency"].severity is Severity.WARNING
    assert where(text.replace("[a, a]", "[a]"), "dag-duplicate-dependency") == []


def test_undefined_template_with_did_you_mean() -> None:
    text = dag("    - name: a\n      template: wrok\n")
    [(line, column, message)] = findings(text, "dag-undefined-template")
    assert (line, column) == (7, 17)
    assert "calls template 'wrok', which is not defined in spec.templates; did you mean 'work'?" in message
    assert where(text.replace("wrok", "work"), "dag-undefined-template") == []


def test_undefined_template_in_steps_task_hooks_and_onexit() -> None:
    text = """\
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - name: a
      template: steps
      onExit: cleanup
      hooks:
        running:
          template: notify
- name: steps
  steps:
  - - name: one
      template: nope
"""
    assert where(text, "dag-undefined-template") == [(8, 15), (11, 21), (15, 17)]


def test_template_ref_is_accepted_offline_and_a_task_without_a_template_is_not() -> None:
    text = dag(
        """\
    - name: a
      templateRef:
        name: library
        template: work
    - name: b
      arguments: {}
"""
    )
    assert where(text, "dag-undefined-template") == []
    [(line, column, message)] = findings(text, "dag-no-template")
    assert (line, column) == (10, 7)
    assert "task 'b'" in message
    assert where(text.replace("      arguments: {}", "      template: work"), "dag-no-template") == []


def test_template_and_template_ref_together() -> None:
    text = dag("    - name: a\n      template: work\n      templateRef: {name: lib, template: work}\n")
    assert where(text, "dag-template-conflict") == [(8, 7)]
    assert where(text.replace("      templateRef: {name: lib, template: work}\n", ""), "dag-template-conflict") == []


def test_depends_with_dependencies_in_one_dag_points_at_the_later_one() -> None:
    text = dag(
        """\
    - name: a
      template: work
    - name: b
      depends: a
      template: work
    - name: c
      dependencies: [a]
      template: work
"""
    )
    [(line, column, message)] = findings(text, "dag-mixed-dependencies")
    assert (line, column) == (12, 7)
    assert "task 'c' uses `dependencies` while task 'b' (line 9) uses `depends`" in message
    assert where(text.replace("dependencies: [a]", "depends: a"), "dag-mixed-dependencies") == []


def test_empty_depends_and_dependencies_count_as_none_as_in_argo() -> None:
    text = dag(
        """\
    - name: 1a
      template: work
      dependencies: []
    - name: b
      depends: ""
      template: work
      continueOn: {failed: true}
"""
    )
    rules = [d.rule for d in check_dag(LintContext(yaml_doc(text)))]
    assert rules == []


def test_continue_on_with_depends() -> None:
    text = dag(
        """\
    - name: a
      template: work
      continueOn: {failed: true}
    - name: b
      depends: a
      template: work
"""
    )
    assert where(text, "dag-continue-on-with-depends") == [(8, 7)]
    assert where(text.replace("depends: a", "dependencies: [a]"), "dag-continue-on-with-depends") == []


def test_digit_leading_task_name_with_dependencies_or_depends() -> None:
    text = dag(
        "    - name: 1st\n      template: work\n    - name: 2nd\n      dependencies: [1st]\n      template: work\n"
    )
    [(line, column, message)] = findings(text, "dag-task-name-digit")
    assert (line, column) == (8, 13)
    assert "'2nd'" in message
    with_depends = text.replace("dependencies: [1st]", "depends: 1st")
    assert where(with_depends, "dag-task-name-digit") == [(6, 13), (8, 13)]
    assert where(text.replace("      dependencies: [1st]\n", ""), "dag-task-name-digit") == []


def test_depends_syntax_error_points_inside_the_expression() -> None:
    text = dag(
        """\
    - name: a
      template: work
    - name: b
      depends: 'a & a'
      template: work
"""
    )
    [(line, column, message)] = findings(text, "dag-depends-syntax")
    assert (line, column) == (9, 19)
    assert "'&' must be written '&&' (at character 3 of 'a & a')" in message
    assert where(text.replace("a & a", "a && a"), "dag-depends-syntax") == []


def test_depends_unknown_result_with_did_you_mean() -> None:
    text = dag("    - name: a\n      template: work\n    - name: b\n      depends: a.Succeded\n      template: work\n")
    [(line, column, message)] = findings(text, "dag-depends-result")
    assert (line, column) == (9, 18)
    assert "'Succeded' is not a task result; did you mean 'Succeeded'?" in message
    assert where(text.replace("Succeded", "Succeeded"), "dag-depends-result") == []


def test_depends_result_case_matters() -> None:
    text = dag("    - name: a\n      template: work\n    - name: b\n      depends: a.failed\n      template: work\n")
    [(_line, _column, message)] = findings(text, "dag-depends-result")
    assert "did you mean 'Failed'?" in message


def test_items_result_on_a_task_without_a_loop() -> None:
    text = dag(
        """\
    - name: a
      template: work
    - name: b
      depends: a.AnySucceeded
      template: work
"""
    )
    [(line, column, message)] = findings(text, "dag-items-result")
    assert (line, column) == (9, 18)
    assert "task 'a' has no withItems, withParam or withSequence" in message
    looping = text.replace(
        "    - name: a\n      template: work\n", "    - name: a\n      template: work\n      withItems: [1, 2]\n"
    )
    assert where(looping, "dag-items-result") == []


def test_empty_dag() -> None:
    text = "entrypoint: main\ntemplates:\n- name: main\n  dag:\n    tasks: []\n"
    assert where(text, "dag-empty") == [(5, 5)]
    assert where(dag("    - name: a\n      template: work\n"), "dag-empty") == []


def test_target_naming_no_task_points_at_the_name() -> None:
    text = dag(
        "    - name: build\n      template: work\n    - name: test\n      template: work\n", "    target: build tset\n"
    )
    [(line, column, message)] = findings(text, "dag-undefined-target")
    assert (line, column) == (5, 19)
    assert "did you mean 'test'?" in message
    assert where(text.replace("tset", "test"), "dag-undefined-target") == []


def test_more_than_one_loop_points_at_the_second() -> None:
    text = dag("    - name: a\n      template: work\n      withItems: [1]\n      withParam: '[1]'\n")
    assert where(text, "dag-multiple-loops") == [(9, 7)]
    assert where(text.replace("      withParam: '[1]'\n", ""), "dag-multiple-loops") == []


def test_with_sequence_count_and_end() -> None:
    text = dag("    - name: a\n      template: work\n      withSequence: {count: '3', end: '5'}\n")
    assert where(text, "dag-sequence-count-and-end") == [(8, 34)]
    assert where(text.replace("count", "start"), "dag-sequence-count-and-end") == []


def test_unused_template_is_a_warning_except_in_workflow_templates() -> None:
    text = dag("    - name: a\n      template: work\n") + "- name: leftover\n  container: {image: alpine}\n"
    [(line, column, message)] = findings(text, "dag-unused-template")
    assert (line, column) == (11, 9)
    assert "template 'leftover' never runs" in message
    assert RULES["dag-unused-template"].severity is Severity.WARNING
    assert where(text.replace("template: work", "template: leftover"), "dag-unused-template") == [(8, 9)]
    library = "apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata: {name: lib}\nspec:\n" + "".join(
        "  " + line + "\n" for line in text.splitlines()
    )
    assert where(library, "dag-unused-template") == []


def test_leaf_only_fields_on_a_dag_or_steps_template() -> None:
    text = dag("    - name: a\n      template: work\n").replace("  dag:\n", "  timeout: 5m\n  dag:\n", 1)
    [(line, column, message)] = findings(text, "dag-leaf-only-field")
    assert (line, column) == (4, 3)
    assert "DAG template 'main' sets `timeout`" in message
    steps = "entrypoint: s\ntemplates:\n- name: s\n  activeDeadlineSeconds: 10\n  steps: [[{name: a, template: s}]]\n"
    assert where(steps, "dag-leaf-only-field") == [(4, 3)]
    leaf = dag("    - name: a\n      template: work\n") + "  timeout: 5m\n"
    assert where(leaf, "dag-leaf-only-field") == []


def test_cycle_findings_are_capped_for_generated_input() -> None:
    # 300 tasks, each depending on its neighbours: 299 distinct two-task cycles.
    def neighbours(i: int) -> str:
        return ", ".join(f"t{j}" for j in (i - 1, i + 1) if 0 <= j < 300)

    tasks = "".join(
        f"    - name: t{i}\n      template: work\n      dependencies: [{neighbours(i)}]\n" for i in range(300)
    )
    found = findings(dag(tasks), "dag-cycle")
    assert len(found) == 100
    assert "t0 → t1 → t0" in found[0][2]


def test_a_depends_scalar_with_escapes_points_at_the_whole_value() -> None:
    text = dag(
        """\
    - name: a
      template: work
    - name: b
      depends: "a &&\\tzz"
      template: work
"""
    )
    assert where(text, "dag-missing-dependency") == [(9, 16)]


def test_a_depends_that_is_not_a_string_is_left_to_the_structure_family() -> None:
    text = dag("    - name: a\n      template: work\n    - name: b\n      depends: [a]\n      template: work\n")
    assert [d.rule for d in check_dag(LintContext(yaml_doc(text)))] == []


def test_values_of_the_wrong_type_are_left_to_the_structure_family() -> None:
    text = """\
entrypoint: main
templates:
- name: main
  dag:
    target: [a]
    tasks:
    - 1
    - just a string
    - name: [x]
      template: {a: 1}
      dependencies: a
      depends: 5
      hooks: [1]
      withSequence: [1]
    - name: b
      template: [work]
      dependencies: [1, {a: b}]
      onExit: {x: 1}
- name: steps
  steps: [1, [2, {name: s, template: 3}]]
"""
    rules = [d.rule for d in check_dag(LintContext(yaml_doc(text)))]
    assert rules == ["dag-unused-template"]  # 'steps' is never called; nothing else can be judged


# --------------------------------------------------------------------------------------------
# integration and corpus


def test_dag_findings_come_out_of_lint_document_in_the_argo_dialect_too() -> None:
    text = "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {generateName: x-}\nspec:\n" + "".join(
        "  " + line + "\n"
        for line in dag("    - name: a\n      dependencies: [b]\n      template: work\n").splitlines()
    )
    found = [(d.rule, d.line, d.column) for d in lint_document(yaml_doc(text), "argo") if d.rule.startswith("dag-")]
    assert found == [("dag-missing-dependency", 11, 24)]
