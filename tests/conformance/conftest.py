"""The conformance suite checks opctl against reference material beside the checkout (../shared).

Without it every test here is skipped with one reason; with ``OPCTL_CONFORMANCE=required`` (as
``.ci/run`` sets) a missing ../shared is an error instead, so CI can never pass by skipping.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conformance.reference import CORPUS, SHARED, SWAGGER

HERE = Path(__file__).resolve().parent
SKIPPED = pytest.StashKey[bool]()
MISSING = [str(p) for p in (CORPUS, SWAGGER, SHARED / "argo" / "schema.json") if not p.exists()]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not MISSING:
        return
    ours = [item for item in items if HERE in item.path.parents]
    if not ours:
        return
    if os.environ.get("OPCTL_CONFORMANCE") == "required":
        raise pytest.UsageError(f"OPCTL_CONFORMANCE=required but the reference material is missing: {MISSING}")
    config.stash[SKIPPED] = True
    skip = pytest.mark.skip(reason=f"conformance suite: no reference material at {SHARED} (see README)")
    for item in ours:
        item.add_marker(skip, append=False)  # before "got empty parameter set" of corpus parametrizations


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    if config.stash.get(SKIPPED, False):
        terminalreporter.write_line(f"conformance suite skipped: no reference material at {SHARED} (see README)")
