"""The rule-test idiom itself (tests/lint/rulecheck.py) fails when it should."""

from __future__ import annotations

import pytest

from tests.lint.rulecheck import check

UNDEFINED = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - name: a
          template: nope{comment}
"""
TEXT = UNDEFINED.format(comment="")
FINDING = ("dag-undefined-template", 7, 17)


def test_exact_findings_pass_and_are_returned() -> None:
    [diag] = check(TEXT, FINDING)
    assert "'nope'" in diag.message
    assert check(TEXT, FINDING, rule="dag-undefined-template") == check(TEXT, FINDING, family="dag")


@pytest.mark.parametrize(
    "expected",
    [(), (FINDING, FINDING), (("dag-undefined-template", 7, 16),), (FINDING, ("dag-cycle", 1, 1))],
    ids=["missing", "twice", "wrong-column", "extra"],
)
def test_any_difference_fails_and_shows_what_was_found(expected: tuple) -> None:
    with pytest.raises(AssertionError, match=r"\('dag-undefined-template', 7, 17\),  # task 'a' calls"):
        check(TEXT, *expected)


def test_restriction_hides_other_rules_and_families() -> None:
    check(TEXT, rule="dag-cycle")
    check(TEXT, family="names")
    check(TEXT, dialect="argo", family="onepanel")


def test_suppressed_findings_are_not_reported() -> None:
    check(UNDEFINED.format(comment="  # opctl: ignore[dag-undefined-template]"))


def test_unknown_rule_or_family_names_and_unreachable_expectations_fail() -> None:
    with pytest.raises(AssertionError, match="ids opctl does not have"):
        check(TEXT, rule="dag-undefined-templat")
    with pytest.raises(AssertionError, match="families opctl does not have"):
        check(TEXT, family="dags")
    with pytest.raises(AssertionError, match="can never match"):
        check(TEXT, FINDING, rule="dag-cycle")
