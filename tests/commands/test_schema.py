"""`opctl schema`: a standalone schema that off-the-shelf validators and editors use as is.

check-jsonschema (what pre-commit users and CI run) is driven as a user would, on files.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from opctl.cli import cli

VALID = """\
entrypoint: main
arguments:
  parameters:
  - name: size
    value: small
    displayName: Size
    type: select.select
    visibility: public
    options: [{name: Small, value: small}]
templates:
- name: main
  dag:
    tasks:
    - name: a
      template: echo
    - name: b
      template: echo
      dependencies: [a]
- name: echo
  container:
    image: alpine
    imagePullPolicy: Always
"""


def schema_file(tmp_path: Path, *args: str) -> Path:
    result = CliRunner().invoke(cli, ["schema", *args])
    assert result.exit_code == 0, result.output
    path = tmp_path / "schema.json"
    path.write_text(result.output, encoding="utf-8")
    return path


def check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_schema_is_standalone_draft_2020_12_with_an_id(tmp_path: Path) -> None:
    for target in ("onepanel", "argo"):
        data = json.loads(schema_file(tmp_path, "--for", target).read_text())
        assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert data["$id"].startswith("urn:opctl:schema:")
        jsonschema.Draft202012Validator.check_schema(data)
        refs = {ref for ref in _refs(data) if not ref.startswith("#/$defs/")}
        assert not refs, f"external references make the schema depend on other files: {refs}"


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def test_check_jsonschema_accepts_bare_and_stored_templates(tmp_path: Path) -> None:
    schema = schema_file(tmp_path)
    bare = write(tmp_path, "bare.yaml", VALID)
    stored = write(tmp_path, "stored.yaml", "metadata:\n  name: x\nspec:\n" + textwrap.indent(VALID, "  "))
    result = check_jsonschema(schema, bare, stored)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_flags_misspelt_fields_in_a_bare_template(tmp_path: Path) -> None:
    schema = schema_file(tmp_path)
    bad = write(
        tmp_path,
        "bad.yaml",
        VALID.replace("dependencies: [a]", "dependecies: [a]").replace("imagePullPolicy", "imagePulPolicy"),
    )
    result = check_jsonschema(schema, bad)
    assert result.returncode == 1
    assert "'dependecies' was unexpected" in result.stdout
    assert "'imagePulPolicy' was unexpected" in result.stdout


def test_visibility_values_are_enforced_and_form_fields_described(tmp_path: Path) -> None:
    data = json.loads(schema_file(tmp_path).read_text())
    parameter = data["$defs"]["OnepanelParameter"]["properties"]
    assert "select.nodepool" in parameter["type"]["examples"]  # completion in editors
    assert all(parameter[field].get("description") for field in ("displayName", "hint", "visibility", "type"))
    bad = write(tmp_path, "bad.yaml", VALID.replace("visibility: public", "visibility: publik"))
    result = check_jsonschema(tmp_path / "schema.json", bad)
    assert result.returncode == 1 and "publik" in result.stdout


def test_onepanel_fields_are_not_allowed_in_task_parameters(tmp_path: Path) -> None:
    schema = schema_file(tmp_path)
    bad = write(
        tmp_path,
        "bad.yaml",
        VALID.replace(
            "      template: echo\n    - name: b",
            "      template: echo\n      arguments:\n"
            "        parameters: [{name: x, value: '1', displayName: X}]\n    - name: b",
        ),
    )
    result = check_jsonschema(schema, bad)
    assert result.returncode == 1 and "'displayName' was unexpected" in result.stdout


def test_argo_schema_validates_manifests_by_kind(tmp_path: Path) -> None:
    schema = schema_file(tmp_path, "--for", "argo")
    manifest = "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: x-\nspec:\n"
    good = write(
        tmp_path,
        "wf.yaml",
        manifest + textwrap.indent(VALID.split("arguments:")[0] + "templates:" + VALID.split("templates:")[1], "  "),
    )
    assert check_jsonschema(schema, good).returncode == 0
    onepanel_fields = write(tmp_path, "op.yaml", manifest + textwrap.indent(VALID, "  "))
    result = check_jsonschema(schema, onepanel_fields)
    assert result.returncode == 1 and "'displayName', 'options', 'type', 'visibility' were unexpected" in result.stdout
    bare = write(tmp_path, "bare.yaml", VALID)
    assert check_jsonschema(schema, bare).returncode == 1  # no apiVersion/kind: not an Argo manifest


def test_output_file_is_written(tmp_path: Path) -> None:
    target = tmp_path / "out" / "onepanel.json"
    target.parent.mkdir()
    result = CliRunner().invoke(cli, ["schema", "--output-file", str(target)])
    assert result.exit_code == 0 and result.output == ""
    assert json.loads(target.read_text())["title"].startswith("Onepanel workflow template")


def test_unwritable_output_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["schema", "--output-file", str(tmp_path / "missing" / "x.json")])
    assert result.exit_code == 2
    assert "cannot write" in result.output


@pytest.mark.parametrize("target", ["onepanel", "argo"])
def test_schema_output_is_deterministic(tmp_path: Path, target: str) -> None:
    first = CliRunner().invoke(cli, ["schema", "--for", target]).output
    assert first == CliRunner().invoke(cli, ["schema", "--for", target]).output
