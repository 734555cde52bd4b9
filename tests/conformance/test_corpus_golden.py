"""Golden outputs of the reference corpus compiled under tests/compile/defaults.yaml, and every output
(corpus and examples) checked against Argo's own schema.json.

The goldens are project files (tests/compile/golden/); only the inputs come from ../shared.
Regenerate after an intended change with ``UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import pytest

from opctl.compile.api import CompileOptions, compile_documents
from opctl.compile.emit import to_json, to_yaml
from opctl.inputs import load_inputs
from tests.compile.helpers import GOLDEN, compile_file, full_defaults
from tests.compile.test_golden import EXAMPLE_NAMES, assert_valid_output, golden_check
from tests.conformance.reference import CORPUS, CORPUS_FILES, UNDEFINED_TEMPLATE, UNPARSEABLE, argo_schema_errors
from tests.conftest import REPO

COMPILABLE = [p.name for p in CORPUS_FILES if p.name not in (UNPARSEABLE, UNDEFINED_TEMPLATE)]


def assert_valid_for_argo(text: str) -> None:
    for manifest in assert_valid_output(text):
        assert argo_schema_errors(manifest) == []


@pytest.mark.parametrize("name", COMPILABLE)
def test_corpus_template_compiles_to_its_golden_manifest(name: str) -> None:
    result = compile_file(CORPUS / name)
    assert result.ok, [f"{d.line}:{d.column} {d.message}" for d in result.diagnostics if d.is_error]
    text = to_yaml(result.manifests)
    golden_check(name, text)
    assert_valid_for_argo(text)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_compiled_examples_match_argos_schema(name: str) -> None:
    assert_valid_for_argo(compile_file(REPO / "examples" / name).to_yaml())


@pytest.mark.parametrize("name", COMPILABLE[:3])
def test_compiling_twice_gives_identical_bytes(name: str) -> None:
    first, second = compile_file(CORPUS / name), compile_file(CORPUS / name)
    assert to_yaml(first.manifests).encode() == to_yaml(second.manifests).encode()
    assert to_json(first.manifests).encode() == to_json(second.manifests).encode()


def test_unparseable_corpus_file_is_an_input_error() -> None:
    inputs = load_inputs([str(CORPUS / UNPARSEABLE)])
    assert inputs.fatal
    assert [(d.rule, d.line, d.column) for d in inputs.diagnostics] == [("yaml-syntax", 13, 1)]


def test_template_with_undefined_template_is_refused_with_the_lint_error() -> None:
    result = compile_file(CORPUS / UNDEFINED_TEMPLATE)
    assert not result.ok and result.manifests == []
    assert result.exit_code == 1
    errors = [(d.rule, d.line, d.column) for d in result.diagnostics if d.is_error]
    assert errors == [("dag-undefined-template", 18, 17)]


def test_corpus_compiles_as_one_multi_document_stream() -> None:
    inputs = load_inputs([str(CORPUS / n) for n in COMPILABLE])
    result = compile_documents(inputs.documents, CompileOptions(defaults=full_defaults()))
    assert result.ok
    text = to_yaml(result.manifests)
    assert text.count("\n---\n") == len(COMPILABLE) - 1
    assert text == "---\n".join((GOLDEN / n).read_text() for n in COMPILABLE)


@pytest.mark.parametrize(
    ("options", "kind"),
    [({"kind": "workflowtemplate"}, "WorkflowTemplate"), ({"schedules": ["0 2 * * *"]}, "CronWorkflow")],
)
def test_other_kinds_validate_and_lint_clean(options: dict, kind: str) -> None:
    result = compile_file(CORPUS / "templates__workflows-maskrcnn-training.yaml", **options)
    assert result.ok and result.manifests[0]["kind"] == kind
    assert_valid_for_argo(result.to_yaml())
