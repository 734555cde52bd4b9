"""The fuzz tests of the unit suite, seeded with every parseable template of the reference corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.compile.test_robustness import check_passes_never_crash
from tests.conformance.reference import PARSEABLE
from tests.test_fuzz import check_mutations_never_crash


@pytest.mark.parametrize("path", PARSEABLE, ids=lambda p: p.name)
def test_mutated_corpus_templates_never_crash_lint_or_compile(path: Path) -> None:
    check_mutations_never_crash(path)


@pytest.mark.parametrize("path", PARSEABLE, ids=lambda p: p.name)
def test_mutated_corpus_templates_never_crash_the_passes(path: Path) -> None:
    check_passes_never_crash(path)
