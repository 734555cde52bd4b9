"""The `dag` rule family and the shared DAG graph model (opctl.lint.graph)."""

from __future__ import annotations

import pytest

from opctl.diagnostics import Severity
from opctl.lint import lint_document, load_families
from opctl.lint.graph import dag_graph, dag_graphs, parse_depends
from opctl.lint.registry import RULES, LintContext
from opctl.model import iter_templates
from tests.conftest import yaml_doc
from tests.lint.rulecheck import check, lint_text

LEAF = """\
- name: work
  container:
    image: alpine:3
"""


def dag(tasks: str, extra: str = "") -> str:
    """A template whose entrypoint DAG has ``tasks`` (YAML list items indented by 4) plus ``work``."""
    return "entrypoint: main\ntemplates:\n- name: main\n  dag:\n" + extra + "    tasks:\n" + tasks + LEAF


def test_every_rule_is_registered_in_the_dag_family() -> None:
    load_families()  # families register their rules on first use
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
    [diag] = check(text, ("dag-missing-dependency", 11, 9), rule="dag-missing-dependency")
    assert (
        "task 'train' depends on 'prepair' (in `dependencies`), which is not a task of DAG 'main'; "
        "did you mean 'prepare'?" in diag.message
    )
    check(text.replace("- prepair", "- prepare"), rule="dag-missing-dependency")


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
    [diag] = check(text, ("dag-missing-dependency", 9, 39), rule="dag-missing-dependency")
    assert "did you mean 'validate'?" in diag.message
    check(text.replace("valdate", "validate"), rule="dag-missing-dependency")


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
    check(text, ("dag-missing-dependency", 9, 21), ("dag-missing-dependency", 13, 14), rule="dag-missing-dependency")


def test_and_or_not_words_get_a_hint_about_operators() -> None:
    text = dag("    - name: a\n      template: work\n    - name: b\n      depends: a and a\n      template: work\n")
    [diag] = check(text, ("dag-missing-dependency", 9, 18), rule="dag-missing-dependency")
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
    [diag] = check(text, ("dag-cycle", 7, 22), rule="dag-cycle")
    assert "dependency cycle a → b → c → a: 'a' depends on 'c'" in diag.message
    check(text.replace("dependencies: [c]", "dependencies: []"), rule="dag-cycle")


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
    found = check(text, ("dag-cycle", 7, 16), ("dag-cycle", 10, 21), rule="dag-cycle")
    assert "a → b → a" in found[0].message
    assert "task 'b' depends on itself" in found[1].message


def test_duplicate_task_points_at_the_second_and_names_the_first_line() -> None:
    text = dag(
        """\
    - name: train
      template: work
    - name: train
      template: work
"""
    )
    [diag] = check(text, ("dag-duplicate-task", 8, 13), rule="dag-duplicate-task")
    assert "(line 6)" in diag.message
    check(text.replace("train\n      template: work\n", "test\n      template: work\n", 1), rule="dag-duplicate-task")


def test_duplicate_dependency_is_a_warning_at_the_repeated_item() -> None:
    text = dag("    - name: a\n      template: work\n    - name: b\n      dependencies: [a, a]\n      template: work\n")
    check(text, ("dag-duplicate-dependency", 9, 25), rule="dag-duplicate-dependency")
    assert RULES["dag-duplicate-dependency"].severity is Severity.WARNING
    check(text.replace("[a, a]", "[a]"), rule="dag-duplicate-dependency")


def test_undefined_template_with_did_you_mean() -> None:
    text = dag("    - name: a\n      template: wrok\n")
    [diag] = check(text, ("dag-undefined-template", 7, 17), rule="dag-undefined-template")
    assert "calls template 'wrok', which is not defined in spec.templates; did you mean 'work'?" in diag.message
    check(text.replace("wrok", "work"), rule="dag-undefined-template")


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
    check(
        text,
        ("dag-undefined-template", 8, 15),
        ("dag-undefined-template", 11, 21),
        ("dag-undefined-template", 15, 17),
        rule="dag-undefined-template",
    )


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
    check(text, rule="dag-undefined-template")
    [diag] = check(text, ("dag-no-template", 10, 7), rule="dag-no-template")
    assert "task 'b'" in diag.message
    check(text.replace("      arguments: {}", "      template: work"), rule="dag-no-template")


def test_template_and_template_ref_together() -> None:
    text = dag("    - name: a\n      template: work\n      templateRef: {name: lib, template: work}\n")
    check(text, ("dag-template-conflict", 8, 7), rule="dag-template-conflict")
    check(text.replace("      templateRef: {name: lib, template: work}\n", ""), rule="dag-template-conflict")


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
    [diag] = check(text, ("dag-mixed-dependencies", 12, 7), rule="dag-mixed-dependencies")
    assert "task 'c' uses `dependencies` while task 'b' (line 9) uses `depends`" in diag.message
    check(text.replace("dependencies: [a]", "depends: a"), rule="dag-mixed-dependencies")


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
    check(text, family="dag")


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
    check(text, ("dag-continue-on-with-depends", 8, 7), rule="dag-continue-on-with-depends")
    check(text.replace("depends: a", "dependencies: [a]"), rule="dag-continue-on-with-depends")


def test_digit_leading_task_name_with_dependencies_or_depends() -> None:
    text = dag(
        "    - name: 1st\n      template: work\n    - name: 2nd\n      dependencies: [1st]\n      template: work\n"
    )
    [diag] = check(text, ("dag-task-name-digit", 8, 13), rule="dag-task-name-digit")
    assert "'2nd'" in diag.message
    with_depends = text.replace("dependencies: [1st]", "depends: 1st")
    check(with_depends, ("dag-task-name-digit", 6, 13), ("dag-task-name-digit", 8, 13), rule="dag-task-name-digit")
    check(text.replace("      dependencies: [1st]\n", ""), rule="dag-task-name-digit")


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
    [diag] = check(text, ("dag-depends-syntax", 9, 19), rule="dag-depends-syntax")
    assert "'&' must be written '&&' (at character 3 of 'a & a')" in diag.message
    check(text.replace("a & a", "a && a"), rule="dag-depends-syntax")


def test_depends_unknown_result_with_did_you_mean() -> None:
    text = dag("    - name: a\n      template: work\n    - name: b\n      depends: a.Succeded\n      template: work\n")
    [diag] = check(text, ("dag-depends-result", 9, 18), rule="dag-depends-result")
    assert "'Succeded' is not a task result; did you mean 'Succeeded'?" in diag.message
    check(text.replace("Succeded", "Succeeded"), rule="dag-depends-result")


def test_depends_result_case_matters() -> None:
    text = dag("    - name: a\n      template: work\n    - name: b\n      depends: a.failed\n      template: work\n")
    [diag] = check(text, ("dag-depends-result", 9, 18), rule="dag-depends-result")
    assert "did you mean 'Failed'?" in diag.message


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
    [diag] = check(text, ("dag-items-result", 9, 18), rule="dag-items-result")
    assert "task 'a' has no withItems, withParam or withSequence" in diag.message
    looping = text.replace(
        "    - name: a\n      template: work\n", "    - name: a\n      template: work\n      withItems: [1, 2]\n"
    )
    check(looping, rule="dag-items-result")


def test_empty_dag() -> None:
    text = "entrypoint: main\ntemplates:\n- name: main\n  dag:\n    tasks: []\n"
    check(text, ("dag-empty", 5, 5), rule="dag-empty")
    check(dag("    - name: a\n      template: work\n"), rule="dag-empty")


def test_target_naming_no_task_points_at_the_name() -> None:
    text = dag(
        "    - name: build\n      template: work\n    - name: test\n      template: work\n", "    target: build tset\n"
    )
    [diag] = check(text, ("dag-undefined-target", 5, 19), rule="dag-undefined-target")
    assert "did you mean 'test'?" in diag.message
    check(text.replace("tset", "test"), rule="dag-undefined-target")


def test_more_than_one_loop_points_at_the_second() -> None:
    text = dag("    - name: a\n      template: work\n      withItems: [1]\n      withParam: '[1]'\n")
    check(text, ("dag-multiple-loops", 9, 7), rule="dag-multiple-loops")
    check(text.replace("      withParam: '[1]'\n", ""), rule="dag-multiple-loops")


def test_with_sequence_count_and_end() -> None:
    text = dag("    - name: a\n      template: work\n      withSequence: {count: '3', end: '5'}\n")
    check(text, ("dag-sequence-count-and-end", 8, 34), rule="dag-sequence-count-and-end")
    check(text.replace("count", "start"), rule="dag-sequence-count-and-end")


def test_unused_template_is_a_warning_except_in_workflow_templates() -> None:
    text = dag("    - name: a\n      template: work\n") + "- name: leftover\n  container: {image: alpine}\n"
    [diag] = check(text, ("dag-unused-template", 11, 9), rule="dag-unused-template")
    assert "template 'leftover' never runs" in diag.message
    assert RULES["dag-unused-template"].severity is Severity.WARNING
    check(
        text.replace("template: work", "template: leftover"), ("dag-unused-template", 8, 9), rule="dag-unused-template"
    )
    library = "apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata: {name: lib}\nspec:\n" + "".join(
        "  " + line + "\n" for line in text.splitlines()
    )
    check(library, rule="dag-unused-template")


def test_leaf_only_fields_on_a_dag_or_steps_template() -> None:
    text = dag("    - name: a\n      template: work\n").replace("  dag:\n", "  timeout: 5m\n  dag:\n", 1)
    [diag] = check(text, ("dag-leaf-only-field", 4, 3), rule="dag-leaf-only-field")
    assert "DAG template 'main' sets `timeout`" in diag.message
    steps = "entrypoint: s\ntemplates:\n- name: s\n  activeDeadlineSeconds: 10\n  steps: [[{name: a, template: s}]]\n"
    check(steps, ("dag-leaf-only-field", 4, 3), rule="dag-leaf-only-field")
    leaf = dag("    - name: a\n      template: work\n") + "  timeout: 5m\n"
    check(leaf, rule="dag-leaf-only-field")


def test_cycle_findings_are_capped_for_generated_input() -> None:
    # 300 tasks, each depending on its neighbours: 299 distinct two-task cycles.
    def neighbours(i: int) -> str:
        return ", ".join(f"t{j}" for j in (i - 1, i + 1) if 0 <= j < 300)

    tasks = "".join(
        f"    - name: t{i}\n      template: work\n      dependencies: [{neighbours(i)}]\n" for i in range(300)
    )
    found = [d for d in lint_text(dag(tasks)) if d.rule == "dag-cycle"]
    assert len(found) == 100
    assert "t0 → t1 → t0" in found[0].message


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
    check(text, ("dag-missing-dependency", 9, 16), rule="dag-missing-dependency")


def test_a_depends_that_is_not_a_string_is_left_to_the_structure_family() -> None:
    text = dag("    - name: a\n      template: work\n    - name: b\n      depends: [a]\n      template: work\n")
    check(text, family="dag")


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
    check(text, ("dag-unused-template", 19, 9), family="dag")  # 'steps' is never called; nothing else can be judged


# --------------------------------------------------------------------------------------------
# integration and corpus


def test_dag_findings_come_out_of_lint_document_in_the_argo_dialect_too() -> None:
    text = "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {generateName: x-}\nspec:\n" + "".join(
        "  " + line + "\n"
        for line in dag("    - name: a\n      dependencies: [b]\n      template: work\n").splitlines()
    )
    found = [(d.rule, d.line, d.column) for d in lint_document(yaml_doc(text), "argo") if d.rule.startswith("dag-")]
    assert found == [("dag-missing-dependency", 11, 24)]
