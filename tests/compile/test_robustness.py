"""The passes never crash on malformed data: templates are mutated at random (nodes replaced
by values of the wrong type) and compiled with the input lint off, so the passes see what the lint
would normally refuse. Any outcome is fine except an exception. The seeds are the project's examples
and tests/fixtures/kitchen-sink.yaml; the conformance suite runs the same on the reference corpus."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from opctl.compile.api import CompileOptions, compile_documents
from opctl.compile.passes import plain_copy
from opctl.document import Document
from opctl.inputs import load_inputs
from tests.compile.helpers import full_defaults
from tests.conftest import SEEDS

ODD_VALUES = (None, 0, 1.5, True, "", "x", [], {}, [None], {"": None}, "{{workflow.namespace}}", "default")


def nodes(value, path=()):  # type: ignore[no-untyped-def]
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from nodes(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from nodes(child, (*path, index))


_MISSING = object()


def child(node, token):  # type: ignore[no-untyped-def]
    if isinstance(node, dict) and isinstance(token, str) and token in node:
        return node[token]
    if isinstance(node, list) and isinstance(token, int) and token < len(node):
        return node[token]
    return _MISSING


def replaced(data, path, new):  # type: ignore[no-untyped-def]
    """A copy of ``data`` with the node at ``path`` replaced (unchanged if an earlier mutation removed it)."""
    data = plain_copy(data)
    parent = data
    for token in path[:-1]:
        parent = child(parent, token)
    if child(parent, path[-1]) is not _MISSING:
        parent[path[-1]] = new
    return data


def check_passes_never_crash(path: Path) -> None:
    doc = load_inputs([str(path)]).documents[0]
    rng = random.Random(path.name)
    paths = [p for p in nodes(doc.data) if p]
    options = CompileOptions(defaults=full_defaults(), lint_input=False, lint_output=False, parameters=[("x", "1")])
    for _ in range(60):
        data = doc.data
        for _ in range(rng.randint(1, 3)):
            data = replaced(data, rng.choice(paths), rng.choice(ODD_VALUES))
        mutated = Document(
            data, doc.file, 0, doc.source, doc.positions, doc.key_positions, doc.shape, spec_pointer=doc.spec_pointer
        )
        if mutated.spec is None:
            continue
        result = compile_documents([mutated], options)
        assert isinstance(result.ok, bool)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_mutated_templates_never_crash_the_passes(path: Path) -> None:
    check_passes_never_crash(path)
