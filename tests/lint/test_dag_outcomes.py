"""The dag rules that come out of the execution model: depends that can never be true, results a
task can never have, `when` that decides nothing or cannot be evaluated. Rule id, line, column."""

from __future__ import annotations

from tests.lint.rulecheck import check

HEAD = """\
entrypoint: main
arguments:
  parameters:
  - {name: mode, value: quick, enum: [quick, full]}
  - {name: model, value: maskrcnn-resnet}
  - {name: free, value: x}
templates:
- name: daemon
  daemon: true
  container: {image: "alpine:3"}
- name: work
  container: {image: "alpine:3"}
- name: main
  dag:
    tasks:
    - {name: A, template: work}
    - {name: L, template: work, withItems: [1, 2]}
    - {name: S, template: work, when: "{{workflow.parameters.free}} == y"}
"""


def test_depends_that_can_never_be_true() -> None:
    text = HEAD + "    - {name: B, template: work, depends: A.Succeeded && A.Failed}\n"
    [diag] = check(text, ("dag-depends-never-true", 19, 42), rule="dag-depends-never-true")
    assert "task 'B' can never run" in diag.message and "whatever A ends as" in diag.message
    assert diag.severity.value == "warning"


def test_depends_that_can_be_true_is_fine() -> None:
    for depends in (
        "A.Succeeded || A.Failed",
        "!A.Succeeded && !A.Failed",  # A Errored
        "L.AnySucceeded && L.Failed",  # one item failed, another succeeded
        "S.Skipped && A",
        "(A.Failed || A.Errored) && L.AllFailed",
    ):
        text = HEAD + f"    - {{name: B, template: work, depends: '{depends}'}}\n"
        check(text, rule="dag-depends-never-true")


def test_loop_all_failed_and_any_succeeded_together_never_hold() -> None:
    text = HEAD + "    - {name: B, template: work, depends: L.AllFailed && L.AnySucceeded}\n"
    check(text, ("dag-depends-never-true", 19, 42), rule="dag-depends-never-true")


def test_results_a_task_can_never_have() -> None:
    text = HEAD + (
        "    - {name: B, template: work, depends: A.Daemoned || A.Skipped || A.Omitted}\n"
        "    - {name: D, template: daemon}\n"
        "    - {name: E, template: work, depends: D.Daemoned || S.Skipped || B.Omitted}\n"
    )
    found = check(
        text,
        ("dag-depends-impossible-result", 19, 44),
        ("dag-depends-impossible-result", 19, 58),
        ("dag-depends-impossible-result", 19, 71),
        rule="dag-depends-impossible-result",
    )
    assert "task 'A' is never Daemoned (its template is not a daemon)" in found[0].message
    assert "no `when` and no loop" in found[1].message
    assert "it has no dependencies" in found[2].message


def test_when_constant_over_every_listed_value() -> None:
    text = HEAD + (
        "    - {name: B, template: work, when: '{{workflow.parameters.mode}} == fast'}\n"
        "    - {name: C, template: work, when: '{{workflow.parameters.mode}} == full'}\n"
        "    - {name: D, template: work, when: '1 == 1'}\n"
        "    - {name: E, template: work, when: '{{workflow.parameters.free}} == x'}\n"  # may be overridden
    )
    found = check(text, ("dag-when-constant", 19, 39), ("dag-when-constant", 21, 39), rule="dag-when-constant")
    assert "is false for every value of mode" in found[0].message
    assert "is true always" in found[1].message


def test_when_that_cannot_be_evaluated() -> None:
    text = HEAD + (
        "    - {name: B, template: work, when: '{{workflow.parameters.model}} == maskrcnn-resnet'}\n"
        "    - {name: C, template: work, when: \"'{{workflow.parameters.model}}' == 'maskrcnn-resnet'\"}\n"
        "    - {name: D, template: work, when: '{{tasks.A.outputs.result}} == x'}\n"
    )
    [diag] = check(text, ("dag-when-error", 19, 39), rule="dag-when-error")
    assert "with model='maskrcnn-resnet'" in diag.message and "Failed to evaluate" in diag.message
