"""Golden outputs: every example compiled under tests/compile/defaults.yaml.

Regenerate after an intended change with ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/compile tests/conformance``
and review the diff. Each output must also validate against the project's schema of Argo manifests
and lint without errors in the argo dialect. The conformance suite does the same for the reference
corpus, whose goldens live here too, and checks every output against Argo's own schema.json.
"""

from __future__ import annotations

import os

import jsonschema
import pytest

from opctl.compile.emit import to_json, to_yaml
from opctl.inputs import load_inputs, load_string
from opctl.lint import lint_documents
from opctl.schema import load_schema
from tests.compile.helpers import GOLDEN, compile_file
from tests.conftest import EXAMPLES, FIXTURES, REPO

EXAMPLE_NAMES = [p.name for p in EXAMPLES]


def golden_check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def assert_valid_output(text: str) -> list[dict]:
    """``text`` parses, every manifest matches the project's schema of its kind and lints clean as argo."""
    inputs = load_string(text, "compiled.yaml")
    assert not inputs.fatal
    validator = jsonschema.Draft202012Validator(load_schema())
    for doc in inputs.documents:
        assert [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc.data)] == []
    errors = [d for d in lint_documents(inputs.documents, "argo") if d.is_error]
    assert errors == []
    return [doc.data for doc in inputs.documents]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_compiles_to_its_golden_manifest(name: str) -> None:
    result = compile_file(REPO / "examples" / name)
    assert result.ok, [d.message for d in result.diagnostics if d.is_error]
    text = to_yaml(result.manifests)
    golden_check(f"examples__{name}", text)
    assert_valid_output(text)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_compiling_twice_gives_identical_bytes(name: str) -> None:
    path = REPO / "examples" / name
    first, second = compile_file(path), compile_file(path)
    assert to_yaml(first.manifests).encode() == to_yaml(second.manifests).encode()
    assert to_json(first.manifests).encode() == to_json(second.manifests).encode()


def test_unparseable_file_is_an_input_error() -> None:
    # A documentation excerpt: its `...` line ends the YAML document, what follows cannot be parsed.
    inputs = load_inputs([str(FIXTURES / "excerpt.yaml")])
    assert inputs.fatal
    assert [(d.rule, d.line, d.column) for d in inputs.diagnostics] == [("yaml-syntax", 5, 1)]
    assert "line 4 is '...'" in (inputs.diagnostics[0].hint or "")


def test_template_with_undefined_template_is_refused_with_the_lint_error() -> None:
    result = compile_file(FIXTURES / "undefined-template.yaml")
    assert not result.ok and result.manifests == []
    assert result.exit_code == 1
    errors = [(d.rule, d.line, d.column) for d in result.diagnostics if d.is_error]
    assert errors == [("dag-undefined-template", 9, 17)]


@pytest.mark.parametrize(
    ("options", "kind"),
    [({"kind": "workflowtemplate"}, "WorkflowTemplate"), ({"schedules": ["0 2 * * *"]}, "CronWorkflow")],
)
def test_other_kinds_validate_and_lint_clean(options: dict, kind: str) -> None:
    result = compile_file(REPO / "examples" / "artifacts.yaml", **options)
    assert result.ok and result.manifests[0]["kind"] == kind
    assert_valid_output(result.to_yaml())


def test_result_yaml_reuses_the_checked_text() -> None:
    result = compile_file(REPO / "examples" / "diamond.yaml")
    assert result.yaml_texts and result.to_yaml() == to_yaml(result.manifests)
