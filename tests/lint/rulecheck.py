"""The one way rule tests assert findings (after yamllint's ``RuleTestCase.check``).

    check(text, ("dag-cycle", 12, 7), rule="dag-cycle")
    check(text, ("unknown-field", 5, 5), ("wrong-type", 9, 12), family="structure", dialect="argo")
    check(text)                                   # no finding at all, from any rule

``text`` is a small YAML document, written inline and dedented: a bare Onepanel template or a full
Argo manifest. It is linted as ``opctl lint`` lints it (every family, inline ``# opctl: ignore[...]``
honoured: a suppressed finding is not reported) and the findings, as (rule id, line, column), must be
exactly ``expected`` (in any order; a finding reported twice must be expected twice). ``rule`` and
``family`` (an id or family name, or several) restrict what is compared; without them every
finding counts. The findings compared are returned in file order, to assert messages and hints.
"""

from __future__ import annotations

from collections.abc import Collection

from opctl.diagnostics import Diagnostic
from opctl.lint import all_rules, lint_documents
from opctl.lint.registry import Dialect, LintConfig
from tests.conftest import yaml_doc

Finding = tuple[str, int, int]
DIALECTS: list[Dialect] = ["onepanel", "argo"]


def lint_text(text: str, dialect: Dialect = "onepanel", config: LintConfig | None = None) -> list[Diagnostic]:
    """Every finding for the dedented YAML ``text``, in file order (suppressed ones kept, marked)."""
    return lint_documents([yaml_doc(text)], dialect, config)


def _names(value: str | Collection[str] | None) -> set[str] | None:
    return None if value is None else {value} if isinstance(value, str) else set(value)


def check(
    text: str,
    *expected: Finding,
    dialect: Dialect = "onepanel",
    rule: str | Collection[str] | None = None,
    family: str | Collection[str] | None = None,
    config: LintConfig | None = None,
) -> list[Diagnostic]:
    """Assert the findings of ``text`` (restricted to ``rule``/``family``) are exactly ``expected``."""
    rules, families = _names(rule), _names(family)
    catalogue = all_rules()
    if rules is not None:
        unknown = rules - set(catalogue)
        assert not unknown, f"check(rule=...) names ids opctl does not have: {sorted(unknown)}"
    if families is not None:
        unknown = families - {r.family for r in catalogue.values()}
        assert not unknown, f"check(family=...) names families opctl does not have: {sorted(unknown)}"
    for finding in expected:
        assert rules is None or finding[0] in rules, f"{finding} is outside rule={sorted(rules)}: it can never match"
    found = [
        d
        for d in lint_text(text, dialect, config)
        if not d.suppressed
        and (rules is None or d.rule in rules)
        and (families is None or catalogue[d.rule].family in families)
    ]
    actual = sorted((d.rule, d.line, d.column) for d in found)
    if actual != sorted(expected):
        shown = "\n".join(f"    ({d.rule!r}, {d.line}, {d.column}),  # {d.message}" for d in found) or "    (none)"
        raise AssertionError(
            f"findings ({dialect} dialect) differ from the expected {sorted(expected)}; found:\n{shown}"
        )
    return found
