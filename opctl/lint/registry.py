"""Rules, checks and the context a check works in.

A *rule* is a stable id in the catalogue (``opctl.catalogue``: id, family, default severity,
summary, documentation); ``register`` here is the catalogue's. A *check* is a function over one
document that yields diagnostics for one or more rules. Families register their rules and checks at
import time; ``opctl.lint.FAMILIES`` lists the modules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from opctl.catalogue import RULES, Change, Rule, register
from opctl.diagnostics import Diagnostic, Severity
from opctl.document import Document
from opctl.source import Position

Dialect = Literal["onepanel", "argo"]

__all__ = ["RULES", "Change", "Check", "Dialect", "LintConfig", "LintContext", "Rule", "check", "register"]


Check = Callable[["LintContext"], Iterable[Diagnostic]]
CHECKS: list[tuple[str, Check]] = []


def check(family: str) -> Callable[[Check], Check]:
    """Decorator: run this function on every lintable document."""

    def decorate(func: Check) -> Check:
        CHECKS.append((family, func))
        return func

    return decorate


@dataclass
class LintContext:
    """What a check sees: the document, the dialect, and a way to make diagnostics."""

    doc: Document
    dialect: Dialect = "onepanel"
    cache: dict[str, Any] = field(default_factory=dict)  # shared per-document work (e.g. DAG graphs)

    @property
    def spec(self) -> dict[str, Any] | None:
        return self.doc.spec

    @property
    def spec_pointer(self) -> str:
        return self.doc.spec_pointer

    def diag(
        self,
        rule: Rule | str,
        pointer: str,
        message: str,
        hint: str | None = None,
        *,
        key: bool = False,
        position: Position | None = None,
    ) -> Diagnostic:
        """A diagnostic for ``rule`` at the node at ``pointer`` (its key with ``key=True``)."""
        return self.doc.finding(rule, pointer, message, hint, key=key, position=position)


@dataclass
class LintConfig:
    """What a project configures: rules turned off, severities changed, paths excluded."""

    disable: frozenset[str] = frozenset()
    severity: dict[str, Severity] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    source: str | None = None  # the file it came from, for messages
