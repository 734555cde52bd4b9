"""opctl graph: what each format draws, valid Mermaid and Graphviz for every example and fixture."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from opctl.cli import cli
from opctl.graph import build_graph, render
from opctl.graph.model import depends_label
from opctl.lint.graph import parse_depends
from tests.graph.validators import dot_errors, mermaid_valid
from tests.simulate.helpers import sim, spec_of

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))

EVERYTHING = """
entrypoint: main
onExit: bye
hooks:
  running: {expression: 'workflow.status == "Running"', template: work}
templates:
- name: main
  dag:
    tasks:
    - {name: prepare, template: work}
    - name: train
      template: work
      depends: prepare
      when: '"{{workflow.parameters.mode}}" == "full" && 2 > 1'
      hooks:
        exit: {template: work}
        failed: {expression: 'tasks.train.status == "Failed"', template: work}
    - {name: fan, template: work, depends: train.Failed || train.Succeeded, withItems: [a, b, c]}
    - {name: cleanup, template: work, depends: "!train.Succeeded && prepare"}
    - {name: inner, template: sub, depends: fan.AnySucceeded, onExit: work}
    - {name: end, template: work, dependencies: [cleanup, inner]}
- name: sub
  dag:
    tasks:
    - {name: x, template: work}
    - {name: y, template: sub2, depends: x.Failed}
- name: sub2
  dag:
    tasks:
    - {name: z, template: work, withSequence: {count: "3"}}
- name: bye
  container: {image: "alpine:3.20"}
"""


def _documents() -> list[tuple[str, dict]]:
    from opctl.inputs import load_inputs

    found = []
    for path in EXAMPLES:
        for doc in load_inputs([str(path)]).documents:
            if doc.spec is not None and "templates" in doc.spec:
                found.append((path.name, doc.spec))
    found.append(("everything", spec_of(EVERYTHING)))
    return found


def test_mermaid_parser_is_strict() -> None:
    # The checker itself must be able to say no.
    assert mermaid_valid(
        ["flowchart TD\n  a --> b\n", "flowchart TD\n  a -/-> b\n", "flowchart TD\n  a[x --> b\n"]
    ) == [
        True,
        False,
        False,
    ]


def test_every_example_draws_as_valid_mermaid_with_and_without_phases() -> None:
    from opctl.simulate import Scenario, simulate

    diagrams = []
    for name, spec in _documents():
        graph = build_graph(spec)
        diagrams.append(render("mermaid", graph))
        outcomes = {"train": ("Failed",)} if name == "everything" else {}
        diagrams.append(render("mermaid", graph, simulate(spec, Scenario(outcomes=outcomes))))
    verdicts = mermaid_valid(diagrams)
    assert all(verdicts), [d for d, ok in zip(diagrams, verdicts, strict=True) if not ok]


@pytest.mark.parametrize(("name", "spec"), _documents(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_example_draws_as_dot_that_graphviz_accepts(name: str, spec: dict) -> None:
    assert dot_errors(render("dot", build_graph(spec))) == ""


def test_dot_checker_is_strict() -> None:
    assert dot_errors("digraph { a -> }") != ""


def test_what_the_drawing_shows() -> None:
    graph = build_graph(spec_of(EVERYTHING))
    by_path = {node.path: node for node in graph.nodes}
    assert by_path["fan"].kind == "loop" and by_path["fan"].loop == "withItems ×3"
    assert by_path["train"].when == '"{{workflow.parameters.mode}}" == "full" && 2 > 1'
    assert {"train.onExit", "train.hooks.failed", "inner.onExit", "onExit", "hooks.running"} <= set(by_path)
    assert {"inner.x", "inner.y", "inner.y.z"} <= set(by_path)
    ids = {node.id: node.path for node in graph.nodes}
    labels = {(ids[e.source], ids[e.target]): e.label for e in graph.edges if e.kind == "depends"}
    assert labels[("prepare", "train")] is None
    assert labels[("train", "fan")] == "train.Failed || train.Succeeded"
    assert labels[("train", "cleanup")] == "!train.Succeeded"
    assert labels[("fan", "inner")] == "fan.AnySucceeded"
    assert labels[("inner.x", "inner.y")] == "x.Failed"
    calls = {(ids[e.source], ids[e.target]) for e in graph.edges if e.kind == "calls"}
    assert ("inner", "inner.x") in calls and ("inner.y", "inner.y.z") in calls
    mermaid = render("mermaid", graph)
    assert 'subgraph s0["inner: DAG sub"]' in mermaid
    assert '-->|"train.Failed || train.Succeeded"|' in mermaid
    assert "#quot;{{workflow.parameters.mode}}#quot; == #quot;full#quot; &amp;" not in mermaid
    assert "#gt;" in mermaid  # `2 > 1` escaped inside the label


@pytest.mark.parametrize(
    ("depends", "dependency", "label"),
    [
        ("A", "A", None),
        ("A.Succeeded && B", "A", None),
        ("A && (C.Succeeded || C.Failed)", "C", "C.Succeeded || C.Failed"),
        ("A.Failed", "A", "A.Failed"),
        ("!A.Failed && B", "A", "!A.Failed"),
        ("(A.Failed && B) || A.Errored", "A", "A.Failed, A.Errored"),
    ],
)
def test_edge_labels(depends: str, dependency: str, label: str | None) -> None:
    parsed = parse_depends(depends)
    assert depends_label(depends, list(parsed.refs), dependency) == label


def test_output_is_deterministic() -> None:
    spec = spec_of(EVERYTHING)
    for fmt in ("mermaid", "dot", "ascii", "json"):
        assert render(fmt, build_graph(spec)) == render(fmt, build_graph(spec_of(EVERYTHING)))


def test_ascii_by_layers_fits_the_width() -> None:
    text = render("ascii", build_graph(spec_of(EVERYTHING)), width=60)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 60
    assert lines[1].startswith(" 1 prepare [work]")
    assert any(line.startswith(" 2 train [work] <- prepare when") for line in lines)
    assert any("+ inner: DAG sub" in line for line in lines)


def test_json_gives_nodes_and_edges() -> None:
    data = json.loads(render("json", build_graph(spec_of(EVERYTHING))))
    assert data["template"] == "main"
    assert {"id", "name", "path", "kind"} <= set(data["nodes"][0])
    assert {"from": "n0", "to": "n1", "kind": "depends"} in data["edges"]


def test_simulated_phases_colour_the_drawing() -> None:
    text = EVERYTHING.replace('      when: \'"{{workflow.parameters.mode}}" == "full" && 2 > 1\'\n', "")
    result = sim(text, {"train": "Failed"})
    graph = build_graph(spec_of(text))
    mermaid = render("mermaid", graph, result)
    assert "classDef phaseFailed" in mermaid
    dot = render("dot", graph, result)
    assert 'label="train\\nwork\\nFailed"' in dot
    assert dot_errors(dot) == ""


def test_cli_formats_and_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    example = str(REPO / "examples" / "diamond.yaml")
    result = runner.invoke(cli, ["graph", example])
    assert result.exit_code == 0 and result.output.startswith("flowchart TD\n")
    result = runner.invoke(cli, ["graph", example, "-o", "ascii"])
    assert result.exit_code == 0 and " 3 D [echo] <- B, C" in result.output
    out = tmp_path / "g.dot"
    result = runner.invoke(cli, ["graph", example, "-o", "dot", "--output-file", str(out)])
    assert result.exit_code == 0 and out.read_text().startswith('digraph "diamond"')
    result = runner.invoke(cli, ["graph", example, "--template", "echo"])
    assert result.exit_code == 2
    assert "template 'echo' is not a DAG template" in result.stderr
    assert "diamond" in result.stderr  # the hint lists the DAGs
    result = runner.invoke(cli, ["graph", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_readme_shows_what_the_commands_print_for_the_example() -> None:
    readme = (REPO / "README.md").read_text()
    example = str(REPO / "examples" / "train-and-cleanup.yaml")
    drawing = CliRunner().invoke(cli, ["graph", example]).stdout
    assert "```mermaid\n" + drawing + "```" in readme
    report = CliRunner().invoke(cli, ["simulate", example, "--fail", "pipeline.train"]).stdout
    assert report.replace(example, "examples/train-and-cleanup.yaml") in readme
