"""Files that hold no workflow are skipped as ``argo lint`` skips them, and said so; documents that
look like a broken workflow are still linted (see opctl.document.classify)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from opctl.cli import cli

TEMPLATE = """\
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - name: a
      template: echo
- name: echo
  container:
    image: alpine:3.20
"""
OTHERS = {
    "configmap.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n",
    "pvc.yaml": "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [RWO]\n",
    "quota.yaml": "apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: q\nspec:\n  hard:\n    pods: '10'\n",
    "binding.yaml": "apiVersion: argoproj.io/v1alpha1\nkind: WorkflowEventBinding\nmetadata:\n  name: b\n"
    'spec:\n  event:\n    selector: payload.x != ""\n  submit:\n    workflowTemplateRef:\n      name: train\n',
    "chart/values.yaml": "replicaCount: 2\nimage:\n  repository: nginx\n  tag: stable\n",
    ".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n    - run: make\n",
    ".gitlab-ci.yml": "stages: [test]\ntest:\n  script: [make]\n",
    "package.json": '{"name": "web", "version": "1.0.0", "scripts": {"test": "jest"}}\n',
    "list.yaml": "- a\n- b\n",
}


def write_tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def lint(*args: str, env: dict[str, str | None] | None = None) -> Result:
    environment: dict[str, str | None] = {"GITHUB_ACTIONS": None, "PRE_COMMIT": None, **(env or {})}
    return CliRunner().invoke(cli, ["lint", *args], env=environment, catch_exceptions=False)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path, {"templates/train.yaml": TEMPLATE, **OTHERS})
    return tmp_path


def test_a_directory_of_mixed_files_lints_the_template_and_counts_the_rest(repo: Path) -> None:
    result = lint(".")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    # hidden files and directories are not searched; the 7 visible non-workflows are skipped
    assert result.stderr == "✔ no problems (1 file checked, 7 files skipped: not workflows)\n"


def test_every_non_workflow_file_passed_explicitly_by_a_hook_is_skipped(repo: Path) -> None:
    names = ["templates/train.yaml", *OTHERS]
    result = lint("--hook", "-o", "json", *names)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["files"] == ["templates/train.yaml"]
    assert [entry["file"] for entry in data["skipped"]] == list(OTHERS)
    assert {entry["reason"] for entry in data["skipped"]} == {"not a workflow"}
    assert data["summary"]["skipped"] == len(OTHERS)
    assert "(1 file checked, 9 files skipped: not workflows)" in result.stderr


def test_pre_commit_environment_means_hook_mode(repo: Path) -> None:
    result = lint("chart/values.yaml", "package.json", env={"PRE_COMMIT": "1"})
    assert result.exit_code == 0
    assert result.stderr == "opctl: nothing to lint: 2 files skipped: not workflows (chart/values.yaml, package.json)\n"


def test_only_non_workflows_from_a_directory_is_exit_0_with_the_note(repo: Path) -> None:
    result = lint("chart")
    assert result.exit_code == 0
    assert result.stderr == "opctl: nothing to lint: 1 file skipped: not a workflow (chart/values.yaml)\n"


def test_only_non_workflows_named_by_hand_is_a_usage_error(repo: Path) -> None:
    result = lint("chart/values.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "opctl: nothing to lint: chart/values.yaml is a mapping with image, replicaCount, and no entrypoint"
    )


def test_an_empty_file_is_skipped_from_a_hook_or_a_directory_but_not_when_named(repo: Path) -> None:
    (repo / "chart" / "empty.yaml").write_text("")
    assert lint("chart").exit_code == 0
    assert lint("--hook", "chart/empty.yaml").exit_code == 0
    result = lint("chart/empty.yaml")
    assert result.exit_code == 2
    assert "error[input-empty]" in result.stdout


def test_excluded_paths_passed_explicitly_leave_nothing_and_exit_0(repo: Path) -> None:
    (repo / ".opctl.yaml").write_text("exclude: ['templates/*']\n")
    result = lint("templates/train.yaml")
    assert result.exit_code == 0
    assert result.stderr == (
        "opctl: nothing to lint: 1 file excluded by configuration or --exclude (templates/train.yaml)\n"
    )


def test_a_non_workflow_document_beside_a_workflow_in_one_file_is_ignored(repo: Path) -> None:
    (repo / "both.yaml").write_text(TEMPLATE + "---\n" + OTHERS["configmap.yaml"])
    result = lint("both.yaml")
    assert result.exit_code == 0, result.output
    assert result.stderr == "✔ no problems (1 file checked)\n"


def test_a_broken_workflow_among_other_files_still_fails(repo: Path) -> None:
    (repo / "templates" / "bad.yaml").write_text("apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplte\nspec: {}\n")
    result = lint(".")
    assert result.exit_code == 1
    assert "templates/bad.yaml:1:1: error[document-kind]: document 1 is an Argo WorkflowTemplte" in result.stdout
    assert "7 files skipped: not workflows" in result.stderr


def test_the_list_of_unreadable_inputs_is_capped(repo: Path) -> None:
    for number in range(25):
        (repo / f"bad{number:02}.yaml").write_text("a: [\n")
    result = lint(*(f"bad{number:02}.yaml" for number in range(25)))
    assert result.exit_code == 2
    note = next(line for line in result.stderr.splitlines() if "could not be read" in line)
    assert note == (
        "opctl: 25 inputs could not be read or parsed: "
        + ", ".join(f"bad{number:02}.yaml" for number in range(10))
        + " … and 15 more"
    )
