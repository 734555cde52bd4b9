"""`opctl schema` against the reference corpus: check-jsonschema accepts every real template."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from opctl.cli import cli
from tests.conformance.reference import CORPUS, UNPARSEABLE


def test_check_jsonschema_accepts_every_corpus_template(tmp_path: Path) -> None:
    schema = tmp_path / "onepanel.json"
    result = CliRunner().invoke(cli, ["schema", "--output-file", str(schema)])
    assert result.exit_code == 0, result.output
    files = sorted(str(p) for p in CORPUS.glob("*.yaml") if p.name != UNPARSEABLE)
    assert len(files) >= 19
    run = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
