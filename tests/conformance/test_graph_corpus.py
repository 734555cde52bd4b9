"""opctl graph and simulate on every real template of ../shared/corpus: Graphviz accepts the dot,
Mermaid's parser the flowchart, the maskrcnn DAG fits an 80-column terminal, simulate never fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from opctl.cli import cli
from tests.conformance.reference import CORPUS, PARSEABLE
from tests.graph.validators import dot_errors, mermaid_valid

# Pages whose entrypoint is a container or a steps template, or that hold no workflow: nothing to draw.
FILES = PARSEABLE


def _draw(path: Path, fmt: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["graph", str(path), "-o", fmt])
    return result.exit_code, result.stdout, result.stderr


def _drawable() -> list[Path]:
    return [path for path in FILES if _draw(path, "json")[0] == 0]


def test_most_corpus_templates_have_a_dag_to_draw() -> None:
    drawable = _drawable()
    assert len(drawable) >= 15, [p.name for p in FILES if p not in drawable]
    for path in FILES:
        if path not in drawable:
            code, _, stderr = _draw(path, "json")
            assert code == 2 and "opctl: error:" in stderr and "Traceback" not in stderr


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_graphviz_accepts_the_dot(path: Path) -> None:
    code, out, _ = _draw(path, "dot")
    if code == 0:
        assert dot_errors(out) == ""


def test_mermaid_parser_accepts_every_corpus_flowchart() -> None:
    diagrams = [_draw(path, "mermaid")[1] for path in _drawable()]
    verdicts = mermaid_valid(diagrams)
    assert all(verdicts), [d for d, ok in zip(diagrams, verdicts, strict=True) if not ok]


def test_maskrcnn_ascii_fits_80_columns() -> None:
    code, out, _ = _draw(CORPUS / "templates__workflows-maskrcnn-training.yaml", "ascii")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) >= 3
    assert max(len(line) for line in lines) <= 80


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_simulate_runs_every_corpus_template(path: Path) -> None:
    result = CliRunner().invoke(cli, ["simulate", str(path), "-o", "json"])
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1, 2), result.output
    if path.name == "docs__reference-workflows-templates-4.yaml":
        # calls template `echo`, defined in another block of the page: the controller's Error node
        assert result.exit_code == 1 and "template 'echo' not found" in result.stdout
    elif _draw(path, "json")[0] == 0:
        assert result.exit_code in (0, 2), result.stderr
