"""Onepanel facts are written once (opctl.facts) and mean the same to every rule and pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from opctl.cli import cli
from opctl.compile.api import CompileOptions, compile_documents
from opctl.lint import lint_documents
from tests.conftest import yaml_doc

# As Onepanel's own maskrcnn and TF object-detection system templates write it: the artifact's
# location key is a Go placeholder the migration replaced by `s3`.
PLACEHOLDER_LOCATION = """\
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - name: train
      template: train
- name: train
  inputs:
    artifacts:
    - name: data
      path: /mnt/data/datasets/
      "{{.ArtifactRepositoryType}}":
        key: datasets/coco
  container:
    image: alpine:3.19
    command: [sh, -c, ls /mnt/data/datasets]
"""


def test_a_placeholder_location_key_is_a_location_for_every_rule() -> None:
    found = lint_documents([yaml_doc(PLACEHOLDER_LOCATION)])
    assert [(d.rule, d.line) for d in found if d.is_error] == []
    assert "ref-missing-argument" not in {d.rule for d in found}


def test_a_placeholder_location_key_compiles_to_s3() -> None:
    result = compile_documents([yaml_doc(PLACEHOLDER_LOCATION)], CompileOptions())
    assert result.ok, [(d.rule, d.message) for d in result.diagnostics]
    template = result.manifests[0]["spec"]["templates"][1]
    assert template["inputs"]["artifacts"][0]["s3"] == {"key": "datasets/coco"}


@pytest.mark.parametrize("command", ["lint", "compile"])
def test_both_commands_accept_it(command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.yaml").write_text(PLACEHOLDER_LOCATION)
    result = CliRunner().invoke(cli, [command, "t.yaml"], env={"OPCTL_DEFAULTS": None, "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
