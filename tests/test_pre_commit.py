"""The published pre-commit hooks (.pre-commit-hooks.yaml) run by the real ``pre-commit`` in a
temporary git repository that looks like an ordinary one: a GitHub workflow, a Helm chart, a
package.json, one valid and one broken template.

pre-commit's ``language: python`` would pip-install this repository into a fresh virtualenv, which
needs the package index (and a copy of every dependency) — not available offline. So each hook is
used exactly as published (entry, args, file filters, pass_filenames, require_serial) except for
``language: system`` with the entry run by this interpreter (``python -m opctl``): pre-commit still
selects the files, batches them and reads the exit codes. A separate test checks the manifest with
pre-commit's own loader, so the published file stays valid for ``language: python``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml  # pre-commit's own dependency (PyYAML)
from pre_commit.clientlib import load_manifest

REPO = Path(__file__).resolve().parents[1]
HOOKS = REPO / ".pre-commit-hooks.yaml"
GIT = shutil.which("git")

GOOD = """\
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - name: prepare
      template: echo
    - name: train
      template: echo
      dependencies: [prepare]
- name: echo
  container:
    image: alpine:3.20
    command: [echo, hi]
"""
BROKEN = GOOD.replace("dependencies: [prepare]", "dependencies: [prepar]")
ORDINARY = {
    ".github/workflows/ci.yml": "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
    "    steps:\n    - uses: actions/checkout@v4\n",
    "chart/Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n",
    "chart/values.yaml": "replicaCount: 2\nimage:\n  repository: nginx\n",
    # Go templates: not YAML until Helm renders them (a syntax error for any YAML parser)
    "chart/templates/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
    '  name: {{ include "web.fullname" . }}\n  labels:\n    {{- include "web.labels" . | nindent 4 }}\n',
    "package.json": '{"name": "web", "version": "1.0.0"}\n',
    "k8s/configmap.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {}\n",
    "templates/good.yaml": GOOD,
    "templates/broken.yaml": BROKEN,
}

pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed (pre-commit needs it)")


def published_hooks() -> dict[str, dict[str, object]]:
    return {hook["id"]: hook for hook in yaml.safe_load(HOOKS.read_text())}


def local_hook(hook_id: str, **extra: object) -> dict[str, object]:
    hook = dict(published_hooks()[hook_id])
    entry = str(hook["entry"])
    assert entry.startswith("opctl ")
    hook["entry"] = f"{sys.executable} -m opctl {entry.removeprefix('opctl ')}"
    hook["language"] = "system"
    hook.update(extra)
    return hook


def git(repo: Path, *args: str) -> None:
    subprocess.run([GIT or "git", *args], cwd=repo, check=True, capture_output=True)


def make_repo(root: Path, hooks: list[dict[str, object]], files: dict[str, str]) -> Path:
    repo = root / "repo"
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    config = {"repos": [{"repo": "local", "hooks": hooks}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    return repo


def pre_commit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GITHUB_", "PRE_COMMIT", "OPCTL_", "GIT_")) and key != "NO_COLOR"
    }
    env["PRE_COMMIT_HOME"] = str(repo.parent / "pre-commit-home")
    env["PRE_COMMIT_COLOR"] = "never"
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--color", "never", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_published_manifest_is_valid_for_pre_commit() -> None:
    hooks = {hook["id"]: hook for hook in load_manifest(str(HOOKS))}
    assert set(hooks) == {"opctl-lint", "opctl-lint-fix", "opctl-compile-check", "opctl-compile-update"}
    assert hooks["opctl-lint"]["language"] == "python"
    assert hooks["opctl-lint"]["require_serial"] is False  # files are linted one by one: batches may run in parallel
    assert hooks["opctl-compile-check"]["pass_filenames"] is False


def test_lint_hook_fails_only_on_the_broken_template_and_passes_once_fixed(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, [local_hook("opctl-lint")], ORDINARY)
    failed = pre_commit(repo, "--all-files")
    assert failed.returncode == 1, failed.stdout
    assert "templates/broken.yaml:10:22: error[dag-missing-dependency]" in failed.stdout
    assert "did you mean 'prepare'?" in failed.stdout
    for other in ("values.yaml", "package.json", "ci.yml", "Chart.yaml", "configmap.yaml", "good.yaml:"):
        assert f"{other}:" not in failed.stdout.replace("templates/broken.yaml:", "")

    (repo / "templates" / "broken.yaml").write_text(GOOD)
    git(repo, "add", "-A")
    passed = pre_commit(repo, "--all-files")
    assert passed.returncode == 0, passed.stdout
    assert "Passed" in passed.stdout


def test_fixing_hook_fixes_the_broken_template_then_passes(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, [local_hook("opctl-lint-fix")], ORDINARY)
    fixed = pre_commit(repo, "--all-files")
    assert fixed.returncode == 1 and "files were modified by this hook" in fixed.stdout, fixed.stdout
    assert (repo / "templates" / "broken.yaml").read_text() == GOOD
    assert (repo / "chart" / "values.yaml").read_text() == ORDINARY["chart/values.yaml"]
    git(repo, "add", "-A")
    passed = pre_commit(repo, "--all-files")
    assert passed.returncode == 0, passed.stdout


def test_a_change_to_non_template_yaml_only_passes(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, [local_hook("opctl-lint")], ORDINARY)
    result = pre_commit(repo, "--files", "chart/values.yaml", "package.json", ".github/workflows/ci.yml")
    assert result.returncode == 0, result.stdout
    assert "Passed" in result.stdout


def test_exclude_in_the_project_configuration_applies_to_files_pre_commit_passes(tmp_path: Path) -> None:
    files = {**ORDINARY, ".opctl.yaml": "exclude: ['templates/broken.yaml']\n"}
    repo = make_repo(tmp_path, [local_hook("opctl-lint")], files)
    assert pre_commit(repo, "--all-files").returncode == 0
    only_excluded = pre_commit(repo, "--files", "templates/broken.yaml", "-v")
    assert only_excluded.returncode == 0, only_excluded.stdout
    assert "nothing to lint: 1 file excluded" in only_excluded.stdout


def test_compile_hooks_map_a_directory_and_the_fixing_variant_rewrites_then_fails(tmp_path: Path) -> None:
    args = ["templates/", "--check", "argo/"]
    files = {name: text for name, text in ORDINARY.items() if name != "templates/broken.yaml"}
    files["templates/values.yaml"] = "a: 1\n"  # not a workflow: no manifest expected for it
    repo = make_repo(
        tmp_path,
        [
            local_hook("opctl-compile-check", args=args),
            local_hook("opctl-compile-update", args=args, stages=["manual"]),
        ],
        files,
    )
    missing = pre_commit(repo, "opctl-compile-check", "--all-files")
    assert missing.returncode == 1
    assert "argo/good.yaml: the committed manifest is missing" in missing.stdout
    assert "fix: opctl compile templates/ --check argo/ --update" in missing.stdout

    rewritten = pre_commit(repo, "opctl-compile-update", "--all-files", "--hook-stage", "manual")
    assert rewritten.returncode == 1
    assert "argo/good.yaml: written" in rewritten.stdout
    assert (repo / "argo" / "good.yaml").read_text().startswith("apiVersion: argoproj.io/v1alpha1\n")
    assert not (repo / "argo" / "values.yaml").exists()

    git(repo, "add", "-A")
    assert pre_commit(repo, "opctl-compile-check", "--all-files").returncode == 0
    (repo / "templates" / "good.yaml").write_text(GOOD.replace("hi", "bonjour"))
    git(repo, "add", "-A")
    stale = pre_commit(repo, "opctl-compile-check", "--all-files")
    assert stale.returncode == 1
    assert "+        - bonjour" in stale.stdout or "bonjour" in stale.stdout
