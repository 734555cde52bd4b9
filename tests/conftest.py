"""Shared test helpers: YAML fixtures written inline, and the repository's own files.

Nothing here reads beside the checkout. The reference material (../shared: the corpus, Argo's
schema.json and swagger.json) belongs to the conformance suite: import CORPUS, PARSEABLE, ... from
tests/conformance/reference.py and put the test under tests/conformance/, whose conftest skips it
(one reason) when the material is absent. Rule tests use tests/lint/rulecheck.py's ``check``.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from opctl.document import Document
from opctl.inputs import load_string

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
# The example templates (examples/opctl.yaml is a namespace-defaults file, not a template).
EXAMPLES = sorted(p for p in (REPO / "examples").glob("*.yaml") if p.name != "opctl.yaml")
# Templates the fuzz tests mutate (the conformance suite adds the reference corpus).
SEEDS = [*EXAMPLES, FIXTURES / "kitchen-sink.yaml"]


def yaml_doc(text: str, name: str = "t.yaml") -> Document:
    """One document from dedented YAML text (tests write fixtures inline, yamllint-style)."""
    inputs = load_string(textwrap.dedent(text).lstrip("\n"), name)
    assert not inputs.fatal, inputs.diagnostics
    assert len(inputs.documents) == 1
    return inputs.documents[0]
