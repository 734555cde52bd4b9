"""Golden outputs: every corpus template and example compiled under tests/compile/defaults.yaml.

Regenerate after an intended change with ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/compile`` and
review the diff. Each output must also validate against Argo's own JSON schema (with its known false
positives patched, see ``argo_schema``) and lint without errors in the argo dialect.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

import pytest

from opctl.compile.emit import to_json, to_yaml
from opctl.inputs import load_inputs, load_string
from opctl.lint import lint_documents
from tests.compile.helpers import GOLDEN, compile_file
from tests.conftest import CORPUS, REPO, SHARED

UNPARSEABLE = "docs__reference-workflows-hyperparameter-tuning-2.yaml"
UNDEFINED_TEMPLATE = "docs__reference-workflows-templates-4.yaml"
CORPUS_FILES = sorted(p.name for p in CORPUS.glob("*.yaml"))
COMPILABLE = [n for n in CORPUS_FILES if n not in (UNPARSEABLE, UNDEFINED_TEMPLATE)]
EXAMPLES = sorted(p.name for p in (REPO / "examples").glob("*.yaml") if p.name != "opctl.yaml")


def golden_check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@cache
def argo_schema() -> dict:
    """Argo's schema.json with its known false positives patched (argo-reference.md §b):
    IntOrString and Quantity are declared as strings but Argo and Kubernetes take numbers
    (``nvidia.com/gpu: 1``, ``limit: 3``); Parameter value/default are AnyString (numbers and
    booleans allowed). The root ``oneOf`` over five kinds is replaced by the definition of the kind."""
    schema = json.loads((SHARED / "argo" / "schema.json").read_text())
    defs = schema["definitions"]
    defs["io.k8s.apimachinery.pkg.util.intstr.IntOrString"] = {"type": ["string", "integer"]}
    defs["io.k8s.apimachinery.pkg.api.resource.Quantity"] = {"type": ["string", "number"]}
    for field in ("value", "default"):
        defs["io.argoproj.workflow.v1alpha1.Parameter"]["properties"][field] = {"type": ["string", "number", "boolean"]}
    return schema


def validate_against_argo_schema(manifest: dict) -> list[str]:
    import jsonschema

    schema = argo_schema()
    root = {
        "$ref": f"#/definitions/io.argoproj.workflow.v1alpha1.{manifest['kind']}",
        "definitions": schema["definitions"],
    }
    validator = jsonschema.Draft202012Validator(root)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(manifest)]


def assert_valid_output(text: str) -> None:
    inputs = load_string(text, "compiled.yaml")
    assert not inputs.fatal
    for doc in inputs.documents:
        assert validate_against_argo_schema(doc.data) == []
    errors = [d for d in lint_documents(inputs.documents, "argo") if d.is_error]
    assert errors == []


@pytest.mark.parametrize("name", COMPILABLE)
def test_corpus_template_compiles_to_its_golden_manifest(name: str) -> None:
    result = compile_file(CORPUS / name)
    assert result.ok, [f"{d.line}:{d.column} {d.message}" for d in result.diagnostics if d.is_error]
    text = to_yaml(result.manifests)
    golden_check(name, text)
    assert_valid_output(text)


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_compiles_to_its_golden_manifest(name: str) -> None:
    result = compile_file(REPO / "examples" / name)
    assert result.ok, [d.message for d in result.diagnostics if d.is_error]
    text = to_yaml(result.manifests)
    golden_check(f"examples__{name}", text)
    assert_valid_output(text)


@pytest.mark.parametrize("name", COMPILABLE[:3] + EXAMPLES)
def test_compiling_twice_gives_identical_bytes(name: str) -> None:
    path = CORPUS / name if (CORPUS / name).exists() else REPO / "examples" / name
    first, second = compile_file(path), compile_file(path)
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


def test_corpus_compiles_as_one_multi_document_stream(tmp_path: Path) -> None:
    paths = [str(CORPUS / n) for n in COMPILABLE]
    inputs = load_inputs(paths)
    from opctl.compile.api import CompileOptions, compile_documents
    from tests.compile.helpers import full_defaults

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
    assert_valid_output(result.to_yaml())


def test_result_yaml_reuses_the_checked_text() -> None:
    result = compile_file(REPO / "examples" / "diamond.yaml")
    assert result.yaml_texts and result.to_yaml() == to_yaml(result.manifests)
