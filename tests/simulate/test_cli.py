"""opctl simulate through click: the JSON contract, the human report, assumptions, exit codes."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from opctl.cli import cli

FLOW = """\
entrypoint: main
arguments:
  parameters:
  - {name: mode, value: quick}
templates:
- name: main
  dag:
    tasks:
    - {name: check, template: work}
    - {name: train, template: flaky, depends: check, when: "{{tasks.check.outputs.parameters.ok}} == true"}
    - {name: fan, template: work, depends: train, withItems: [a, b]}
    - {name: report, template: work, depends: fan.Failed}
    - {name: fine, template: work, depends: fan, when: "{{workflow.parameters.mode}} == full"}
- name: flaky
  retryStrategy: {limit: 2}
  container: {image: "alpine:3.20"}
- name: work
  container: {image: "alpine:3.20"}
"""


@pytest.fixture
def flow(tmp_path: Path) -> str:
    path = tmp_path / "flow.yaml"
    path.write_text(FLOW)
    return str(path)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["simulate", *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_contract(flow: str) -> None:
    code, out, _ = run(flow, "--assume", "check.outputs.parameters.ok=true", "--fail", "fan(1:b)", "-o", "json")
    data = json.loads(out)
    assert set(data) == {"phase", "tasks", "nodes"}
    # fine is an Omitted leaf under the Failed loop: the handled failure still fails the DAG
    assert code == 1 and data["phase"] == "Failed"
    tasks = {name: task["phase"] for name, task in data["tasks"].items()}
    assert tasks == {
        "check": "Succeeded",
        "train": "Succeeded",
        "fan": "Failed",
        "report": "Succeeded",
        "fine": "Omitted",
    }
    assert set(data["tasks"]["fine"]) == {"phase", "reason"}
    assert data["nodes"]["fan(1:b)"]["phase"] == "Failed"
    assert data["nodes"]["train(0)"]["phase"] == "Succeeded"
    assert data["nodes"]["train"]["type"] == "Retry"


def test_retries_and_parameters(flow: str) -> None:
    code, out, _ = run(
        flow,
        "--assume",
        "tasks.check.outputs.parameters.ok=true",
        "--outcome",
        "train=Failed,Failed,Failed",
        "-o",
        "json",
    )
    data = json.loads(out)
    assert code == 1 and data["phase"] == "Failed"
    assert [data["nodes"][f"train({i})"]["phase"] for i in range(3)] == ["Failed", "Failed", "Failed"]
    assert data["nodes"]["train"]["message"] == "No more retries left"
    code, out, _ = run(flow, "--assume", "check.outputs.parameters.ok=true", "--outcome", "train=Failed,Errored")
    assert code == 1 and "attempt 2 Error; retryPolicy OnFailure does not retry it" in out
    code, out, _ = run(flow, "--assume", "check.outputs.parameters.ok=true", "-p", "mode=full", "-o", "json")
    assert json.loads(out)["tasks"]["fine"]["phase"] == "Succeeded"


def test_a_when_that_reads_an_unknown_output_is_undecidable(flow: str) -> None:
    code, out, err = run(flow, "-o", "json")
    assert code == 2
    data = json.loads(out)
    assert data["phase"] is None and data["tasks"]["train"]["phase"] is None
    assert "--assume check.outputs.parameters.ok=VALUE" in err


def test_human_report(flow: str) -> None:
    code, out, _ = run(flow, "--assume", "check.outputs.parameters.ok=false")
    assert code == 0
    assert "when 'false == true' evaluated false" in out
    assert out.rstrip().endswith("workflow: Succeeded")
    assert "fan" in out and "Skipped" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fail", "nope"], "no task or node named 'nope'"),
        (["--outcome", "train=Broken"], "'Broken' is not a result"),
        (["--outcome", "train"], "expected NAME=VALUE"),
    ],
)
def test_usage_errors(flow: str, args: list[str], message: str) -> None:
    code, _, err = run(flow, *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_templates_it_cannot_simulate(tmp_path: Path) -> None:
    cyclic = tmp_path / "cycle.yaml"
    cyclic.write_text(
        textwrap.dedent(
            """\
            entrypoint: main
            templates:
            - name: main
              dag:
                tasks:
                - {name: a, template: w, dependencies: [b]}
                - {name: b, template: w, dependencies: [a]}
            - {name: w, container: {image: x}}
            """
        )
    )
    code, _, err = run(str(cyclic))
    assert code == 2 and "cycle" in err and "opctl lint" in err
    steps = tmp_path / "steps.yaml"
    steps.write_text("entrypoint: s\ntemplates:\n- name: s\n  steps: [[{name: a, template: s}]]\n")
    code, _, err = run(str(steps))
    assert code == 2 and "not a DAG template" in err
    # go-yaml v2 (Argo, kubectl) reads an unquoted `y` as a boolean: Argo rejects the task, and
    # simulating the DAG without it would report a run that never happens
    boolean_name = tmp_path / "boolean-name.yaml"
    boolean_name.write_text(
        "entrypoint: main\ntemplates:\n- name: main\n  dag:\n    tasks:\n"
        "    - {name: x, template: w}\n    - {name: y, template: w, dependencies: [x]}\n"
        "- {name: w, container: {image: x}}\n"
    )
    code, out, err = run(str(boolean_name))
    assert code == 2 and "task 2 of DAG 'main' has no string name (name: True)" in err and "quote" in err
    assert out == ""
    code, _, err = run(str(tmp_path / "absent.yaml"))
    assert code == 2


def test_graph_coloured_by_phases(flow: str) -> None:
    code, out, _ = run(flow, "--assume", "check.outputs.parameters.ok=true", "--fail", "train", "-o", "mermaid")
    assert code == 1
    assert out.startswith("flowchart TD")
    assert "classDef phaseFailed" in out and "classDef phaseOmitted" in out


def test_argo_manifest(tmp_path: Path) -> None:
    path = tmp_path / "wf.yaml"
    body = textwrap.indent(FLOW, "  ")
    path.write_text(f"apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: x-\nspec:\n{body}")
    code, out, _ = run(str(path), "--assume", "check.outputs.parameters.ok=true", "--error", "check", "-o", "json")
    assert code == 1
    assert json.loads(out)["phase"] == "Error"


RECURSIVE = """\
entrypoint: coinflip
templates:
- name: coinflip
  dag:
    tasks:
    - {name: flip-coin, template: work}
    - {name: heads, template: work, depends: flip-coin, when: "{{tasks.flip-coin.outputs.result}} == heads"}
    - {name: tails, template: coinflip, depends: flip-coin, when: "{{tasks.flip-coin.outputs.result}} == tails"}
- name: work
  container: {image: "alpine:3.20"}
"""


def test_recursive_dag(tmp_path: Path) -> None:
    path = tmp_path / "coinflip.yaml"
    path.write_text(RECURSIVE)
    code, out, _ = run(
        str(path),
        "--assume",
        "flip-coin.outputs.result=tails",
        "--assume",
        "tails.tails.flip-coin.outputs.result=heads",
        "-o",
        "json",
    )
    data = json.loads(out)
    assert code == 0 and data["phase"] == "Succeeded"
    assert data["nodes"]["tails.tails.heads"]["phase"] == "Succeeded"
    assert data["nodes"]["tails.heads"]["phase"] == "Skipped"
    # tails for ever: refused, not a stack overflow
    code, _, err = run(str(path), "--assume", "flip-coin.outputs.result=tails")
    assert code == 2 and "nest deeper than" in err and "Traceback" not in err
    drawing = CliRunner().invoke(cli, ["graph", str(path), "-o", "ascii"])
    assert drawing.exit_code == 0 and "+ tails: DAG coinflip" not in drawing.stdout  # recursion drawn once


LIBRARY = """\
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: {name: lib}
spec:
  templates:
  - name: pipeline
    dag:
      tasks:
      - {name: fit, template: step}
      - {name: save, template: step, depends: fit}
  - name: step
    container: {image: "alpine:3.20"}
"""

USES_LIBRARY = """\
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: uses-}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - name: run
        templateRef: {name: lib, template: pipeline}
      - name: other
        templateRef: {name: elsewhere, template: x}
"""


def test_template_ref_resolved_from_the_same_file_or_templates(tmp_path: Path) -> None:
    both = tmp_path / "both.yaml"
    both.write_text(USES_LIBRARY + "---\n" + LIBRARY)
    code, out, _ = run(str(both), "--fail", "run.fit", "-o", "json")
    data = json.loads(out)
    assert code == 1
    assert data["nodes"]["run"]["type"] == "DAG" and data["nodes"]["run"]["phase"] == "Failed"
    assert data["nodes"]["run.save"]["phase"] == "Omitted"
    assert data["nodes"]["other"]["phase"] == "Succeeded"  # not found offline: an opaque leaf
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "lib.yaml").write_text(LIBRARY)
    workflow = tmp_path / "wf.yaml"
    workflow.write_text(USES_LIBRARY)
    code, out, _ = run(str(workflow), "--templates", str(tmp_path / "lib"), "-o", "json")
    assert code == 0 and json.loads(out)["nodes"]["run.save"]["phase"] == "Succeeded"
