"""The catalogue of every id opctl can print (as mypy's ``errorcodes.py``).

A :class:`Rule` is a stable id with a family, a default severity, whether configuration may turn it
off or re-grade it, a one-line summary and its documentation. Every finding is built through its
rule (:meth:`Rule.finding`, ``Document.finding``, ``LintContext.diag``), so its severity always
comes from here, and configuration (``disable``, ``severity``), ``# opctl: ignore[...]`` comments,
``opctl rules`` and every report format know every id the same way: lint rules, the loader's
input/yaml ids, compile and defaults ids, server findings.

Modules register their ids at import time with :func:`register`; :func:`all_rules` imports every
registering module, so it is the complete list. This module imports nothing above
``opctl.diagnostics`` and any layer may use it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from opctl.diagnostics import Diagnostic, Severity

# Modules that register ids outside the lint rule families (``opctl.lint.FAMILIES``, loaded by
# ``opctl.lint.load_families``); importing them fills the catalogue.
REGISTERING_MODULES = (
    "opctl.source",  # input-* and yaml-*: reading and parsing
    "opctl.lint",  # document-*, internal-error, server-*
    "opctl.compile.rules",  # compile-* and defaults-*
)


@dataclass(frozen=True)
class Rule:
    """One id opctl prints, with what configuration and the documentation need to know."""

    id: str
    family: str
    severity: Severity
    summary: str
    # False for findings that stop the run (input that cannot be read or parsed, usage errors,
    # a compiled manifest that fails Argo lint): configuration can neither disable nor re-grade them.
    disableable: bool = True
    # Documentation (`opctl rules`, docs/rules): what it checks and why it matters on Argo/Onepanel,
    # and a failing and a fixed example (YAML).
    explanation: str | None = None
    bad: str | None = None
    good: str | None = None
    fixable: bool = False

    def finding(
        self,
        message: str,
        hint: str | None = None,
        *,
        file: str = "-",
        line: int = 1,
        column: int = 1,
        end_line: int | None = None,
        end_column: int | None = None,
        path: str = "",
        document: int = 0,
    ) -> Diagnostic:
        """A finding of this rule at its default severity (configuration is applied later)."""
        return Diagnostic(
            rule=self.id,
            severity=self.severity,
            message=message,
            hint=hint,
            file=file,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            path=path,
            document=document,
        )


@dataclass(frozen=True)
class Change:
    """A fixed example written as its failing one with ``old`` replaced by ``new`` (exactly once):
    ``register(..., bad=TEXT, good=Change("dependencies: [prepar]", "dependencies: [prepare]"))``.
    The two examples of a rule share everything but the fault, so it is written once."""

    old: str
    new: str

    def apply(self, bad: str | None) -> str:
        if bad is None or bad.count(self.old) != 1:
            raise ValueError(f"Change({self.old!r}, ...) must match the failing example exactly once")
        return bad.replace(self.old, self.new)


RULES: dict[str, Rule] = {}


def register(
    rule_id: str,
    family: str,
    severity: Severity | str,
    summary: str,
    *,
    disableable: bool = True,
    explanation: str | None = None,
    bad: str | None = None,
    good: str | Change | None = None,
    fixable: bool = False,
) -> Rule:
    """Declare an id; ids are unique across the whole catalogue."""
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id!r} registered twice")
    if isinstance(good, Change):
        good = good.apply(bad)
    rule = Rule(
        rule_id,
        family,
        Severity(severity),
        summary,
        disableable=disableable,
        explanation=explanation,
        bad=bad,
        good=good,
        fixable=fixable,
    )
    RULES[rule_id] = rule
    return rule


def get_rule(rule: Rule | str) -> Rule:
    """The catalogue entry for ``rule`` (an id or the rule itself); KeyError for an unknown id."""
    if isinstance(rule, Rule):
        return rule
    found = RULES.get(rule)
    if found is None:
        load_all()
        found = RULES.get(rule)
        if found is None:
            raise KeyError(f"rule id {rule!r} is not in the catalogue (opctl.catalogue.register it)")
    return found


_loaded = False


def load_all() -> None:
    """Import every module that registers ids (lint families included)."""
    global _loaded
    if _loaded:
        return
    for module in REGISTERING_MODULES:
        importlib.import_module(module)
    from opctl.lint import load_families

    load_families()
    _loaded = True


def all_rules() -> dict[str, Rule]:
    """Every id opctl can print, by id."""
    load_all()
    return dict(RULES)
