"""What a user installs from: LICENSE, the single-sourced version, CHANGELOG, the GitHub Action and
its example workflow, the Dockerfile (no container engine here: its instructions are checked, and
the package is run as an unprivileged user), the README's copy-pasteable lines."""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import yaml  # PyYAML, a dependency of pre-commit (test extra)

import opctl
from opctl.commands.lint import FORMAT_NAMES

REPO = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((REPO / "action.yml").read_text())
EXAMPLE_WORKFLOW = REPO / "docs" / "examples" / "github-workflow.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def test_license_is_the_full_apache_2_text() -> None:
    text = (REPO / "LICENSE").read_text()
    assert "Apache License\n                           Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text and "APPENDIX: How to apply the Apache License" in text
    assert tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["license"] == {"text": "Apache-2.0"}


def test_version_has_one_source_and_a_changelog_entry() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert "version" not in project["project"] and project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "opctl.__version__"}
    assert importlib.metadata.version("opctl") == opctl.__version__
    changelog = (REPO / "CHANGELOG.md").read_text()
    assert f"## [{opctl.__version__}]" in changelog and "## [Unreleased]" in changelog
    assert project["project"]["urls"]["Homepage"] == opctl.HOMEPAGE


def test_action_is_a_composite_that_passes_inputs_through_the_environment() -> None:
    assert ACTION["runs"]["using"] == "composite"
    inputs = set(ACTION["inputs"])
    for name, spec in ACTION["inputs"].items():
        assert spec["description"] and "default" in spec, name
    used: set[str] = set()
    for step in ACTION["runs"]["steps"]:
        if "run" in step:
            assert step["shell"] == "bash"
            # never ${{ inputs.x }} inside a script (injection): only through env
            assert "${{" not in step["run"], step["run"]
        for value in [*step.get("env", {}).values(), *step.get("with", {}).values()]:
            used |= {m.removeprefix("inputs.") for m in EXPRESSION.findall(str(value)) if m.startswith("inputs.")}
    assert used == inputs  # every input is used, none is made up
    script = next(step["run"] for step in ACTION["runs"]["steps"] if step.get("id") == "lint")
    assert "-o sarif --output-file" in script and "-o github" in script
    assert {"sarif", "github"} <= set(FORMAT_NAMES)


def test_example_workflow_uses_the_action_with_its_inputs_and_uploads_sarif() -> None:
    workflow = yaml.safe_load(EXAMPLE_WORKFLOW.read_text())
    lint = workflow["jobs"]["lint"]
    assert lint["permissions"]["security-events"] == "write"
    [ours] = [step for step in lint["steps"] if str(step.get("uses", "")).startswith("onepanel-opctl/opctl@")]
    assert set(ours["with"]) <= set(ACTION["inputs"])
    upload = next(step for step in lint["steps"] if "upload-sarif" in str(step.get("uses")))
    assert upload["with"]["sarif_file"] == ours["with"]["sarif-file"]
    assert "always()" in upload["if"]
    run_lines = [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]
    assert f"git+{opctl.HOMEPAGE}@main" in run_lines[0]
    assert run_lines[1] == "opctl compile templates/ --check argo/"


def stages(dockerfile: str) -> list[list[tuple[str, str]]]:
    found: list[list[tuple[str, str]]] = []
    text = dockerfile.replace("\\\n", " ")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        instruction, _, argument = line.partition(" ")
        if instruction.upper() == "FROM":
            found.append([])
        found[-1].append((instruction.upper(), argument.strip()))
    return found


def test_dockerfile_final_stage_is_small_non_root_and_runs_opctl() -> None:
    *builders, final = stages((REPO / "Dockerfile").read_text())
    assert builders, "the wheel is built in a separate stage"
    assert final[0][1].startswith("python:3.12-slim")
    instructions = dict(final)
    user = instructions["USER"].split(":")[0]
    assert user.isdigit() and int(user) >= 1000
    assert instructions["ENTRYPOINT"] == '["opctl"]'
    commands = " ".join(argument for instruction, argument in final if instruction == "RUN")
    for tool in ("apt-get", "gcc", "build-essential", "make "):
        assert tool not in commands
    assert "--no-cache-dir" in commands and "rm -rf /wheels" in commands
    copied = {argument.split()[0] for instruction, argument in builders[0] if instruction == "COPY"}
    assert {"opctl", "schemas", "pyproject.toml"} <= copied  # opctl/schemas links to ../schemas


NON_ROOT_RUN = """
import os, sys
from click.testing import CliRunner
from opctl.cli import cli
work = sys.argv[1]
os.chdir(work)
# Load every module first: the interpreter may live where only root can read (a pyenv under /root).
for args in (["lint", "."], ["compile", "diamond.yaml"], ["--version"]):
    CliRunner().invoke(cli, args)
if os.geteuid() == 0:
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)
assert os.geteuid() != 0
for args in (["--version"], ["lint", "."], ["compile", "diamond.yaml"]):
    result = CliRunner().invoke(cli, args)
    print(args[0], result.exit_code)
"""


def test_the_package_runs_as_an_unprivileged_user() -> None:
    work = tempfile.mkdtemp(prefix="opctl-nonroot-")
    try:
        os.chmod(work, 0o755)
        shutil.copy(REPO / "examples" / "diamond.yaml", work)
        os.chmod(Path(work) / "diamond.yaml", 0o644)
        result = subprocess.run(
            [sys.executable, "-c", NON_ROOT_RUN, work], capture_output=True, text=True, timeout=120, check=False
        )
    finally:
        shutil.rmtree(work)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["--version 0", "lint 0", "compile 0"]


def test_readme_lines_are_copy_pasteable() -> None:
    readme = (REPO / "README.md").read_text()
    assert not re.search(r"<you>|<your|<org>|YOUR_", readme)
    assert f'pip install "opctl @ git+{opctl.HOMEPAGE}' in readme
    needles = (
        "uses: onepanel-opctl/opctl@main", "codequality:", "-o gitlab", f"repo: {opctl.HOMEPAGE}", "id: opctl-lint"
    )  # fmt: skip
    for needle in needles:
        assert needle in readme, needle
