"""Deprecated helpers for per-rule tests, kept working while tests move to tests/lint/rulecheck.py.

New tests use ``check(text, (rule, line, column), ..., rule=...)`` from tests.lint.rulecheck.
"""

from __future__ import annotations

from opctl.diagnostics import Diagnostic
from opctl.lint import lint_document
from tests.conftest import yaml_doc
from tests.lint.rulecheck import DIALECTS

__all__ = ["DIALECTS", "findings", "only", "where"]


def findings(text: str, rule: str, dialect: str = "onepanel") -> list[Diagnostic]:
    """Every finding of ``rule`` for the dedented YAML ``text``."""
    return [d for d in lint_document(yaml_doc(text), dialect) if d.rule == rule]  # type: ignore[arg-type]


def only(text: str, rule: str, dialect: str = "onepanel") -> Diagnostic:
    """The one finding of ``rule``; fails when there are none or several."""
    found = findings(text, rule, dialect)
    assert len(found) == 1, found
    return found[0]


def where(diag: Diagnostic) -> tuple[int, int]:
    return diag.line, diag.column
