"""Shared test fixtures: the reference material beside the checkout, and YAML helpers."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from opctl.document import Document
from opctl.inputs import load_string

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"


def yaml_doc(text: str, name: str = "t.yaml") -> Document:
    """One document from dedented YAML text (tests write fixtures inline, yamllint-style)."""
    inputs = load_string(textwrap.dedent(text).lstrip("\n"), name)
    assert not inputs.fatal, inputs.diagnostics
    assert len(inputs.documents) == 1
    return inputs.documents[0]


@pytest.fixture
def corpus_dir() -> Path:
    assert CORPUS.is_dir(), f"reference corpus missing at {CORPUS}"
    return CORPUS
