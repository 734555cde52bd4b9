"""The library API as docs/api.md documents it: `from opctl import lint_text, compile_text`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import opctl
from opctl import Diagnostic, Severity, compile_text, lint_paths, lint_text

TEMPLATE = """\
entrypoint: main
arguments:
  parameters:
  - {name: epochs, value: '3'}
templates:
- name: main
  dag:
    tasks:
    - name: train
      template: train
      arguments: {parameters: [{name: epochs, value: '{{workflow.parameters.epochs}}'}]}
- name: train
  inputs: {parameters: [{name: epochs}]}
  container:
    image: python:3.11
    args: [train, --epochs, '{{inputs.parameters.epochs}}']
"""


def test_public_names_are_exactly_all() -> None:
    assert sorted(opctl.__all__) == sorted(
        ["Compiled", "Diagnostic", "Edit", "Fix", "Severity", "__version__", "compile_text", "lint_paths", "lint_text"]
    )
    for name in opctl.__all__:
        assert getattr(opctl, name) is not None
    with pytest.raises(AttributeError):
        opctl.nothing_here  # noqa: B018


def test_import_opctl_stays_light() -> None:
    code = "import sys, opctl; print(sorted(m for m in sys.modules if m.startswith('opctl')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['opctl']"


def test_lint_text_finds_problems_with_positions_and_the_given_path() -> None:
    broken = TEMPLATE.replace("template: train\n      arguments", "template: trian\n      arguments")
    found = lint_text(broken, "templates/train.yaml", no_config=True)
    assert [(d.rule, d.line, d.column, d.file) for d in found if d.severity is Severity.ERROR] == [
        ("dag-undefined-template", 10, 17, "templates/train.yaml")
    ]
    assert all(isinstance(d, Diagnostic) for d in found)
    assert found[0].fix is not None and found[0].fix.edits[0].new == "train"


def test_parse_errors_are_findings() -> None:
    found = lint_text("entrypoint: [main\n", no_config=True)
    assert [d.rule for d in found] == ["yaml-syntax"]
    assert found[0].is_error


def test_dialect_argo_and_an_unknown_dialect() -> None:
    manifest = "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {generateName: x-}\nspec:\n" + "".join(
        "  " + line + "\n" for line in TEMPLATE.splitlines()
    )
    assert [d for d in lint_text(manifest, dialect="argo", no_config=True) if d.is_error] == []
    with pytest.raises(ValueError, match="dialect"):
        lint_text(TEMPLATE, dialect="kubeflow", no_config=True)  # type: ignore[arg-type]


def test_configuration_file_applies(tmp_path: Path) -> None:
    config = tmp_path / "opctl-config.yaml"
    config.write_text("disable: [dag-undefined-template]\n")
    broken = TEMPLATE.replace("template: train\n      arguments", "template: trian\n      arguments")
    assert "dag-undefined-template" not in {d.rule for d in lint_text(broken, config=config)}


def test_lint_paths_reads_files_and_reports_missing_ones(tmp_path: Path) -> None:
    (tmp_path / "ok.yaml").write_text(TEMPLATE)
    found = lint_paths([tmp_path, tmp_path / "missing.yaml"], no_config=True)
    assert [(d.rule, d.file) for d in found] == [("input-not-found", str(tmp_path / "missing.yaml"))]


def test_compile_text_gives_the_manifest_and_findings() -> None:
    manifests, findings = compile_text(TEMPLATE, parameters={"epochs": "5"}, no_config=True)
    assert findings == [] and len(manifests) == 1
    result = compile_text(TEMPLATE, parameters={"epochs": "5"}, no_config=True)
    assert result.ok and result.manifest["kind"] == "Workflow"
    assert result.manifest["spec"]["arguments"]["parameters"] == [{"name": "epochs", "value": "5"}]
    assert result.to_yaml().startswith("apiVersion: argoproj.io/v1alpha1\n")


def test_compile_text_refuses_a_broken_template_with_findings() -> None:
    result = compile_text(TEMPLATE.replace("dag:", "dga:"), no_config=True)
    assert result.manifests == [] and not result.ok
    assert "unknown-field" in {d.rule for d in result.findings}
    with pytest.raises(ValueError, match="expected one manifest, got 0"):
        _ = result.manifest


def test_the_pytest_example_in_docs_api_md_runs(tmp_path: Path) -> None:
    import re

    from tests.conftest import REPO

    doc = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
    example = next(block for block in re.findall(r"```python\n(.*?)```", doc, re.S) if "def test_" in block)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "train.yaml").write_text(TEMPLATE)
    (tmp_path / "templates" / "prepare.yaml").write_text(TEMPLATE.replace("python:3.11", "alpine"))
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_templates.py").write_text(example)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 passed" in run.stdout
    # and it catches a broken template
    (tmp_path / "templates" / "prepare.yaml").write_text(TEMPLATE.replace("template: train\n", "template: trian\n"))
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1 and "dag-undefined-template" in run.stdout
