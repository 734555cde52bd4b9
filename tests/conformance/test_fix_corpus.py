"""`opctl lint --fix` on the reference corpus: real templates, real formatting (comments, odd
indentation, flow and block styles, no trailing newline).

Unchanged templates stay byte-identical; templates broken with typos opctl can fix unambiguously
(a misspelt field key, a wrong-case visibility) come back byte for byte as they were, and a second
`--fix` changes nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from opctl.cli import cli
from tests.conformance.reference import CORPUS, UNPARSEABLE

# (text, typo): the first occurrence in each file is broken
TYPOS = [
    ("dependencies:", "dependecies:"),
    ("image:", "imgae:"),
    ("visibility: public", "visibility: Public"),
    ("mountPath:", "mountpath:"),
]


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*.yaml") if p.name != UNPARSEABLE)


def fix(directory: Path) -> None:
    result = CliRunner().invoke(cli, ["lint", "--fix", "--no-config", "--quiet", str(directory)])
    assert result.exit_code in (0, 1), result.output


def test_fix_leaves_the_corpus_byte_identical(tmp_path: Path) -> None:
    for path in corpus_files():
        shutil.copy(path, tmp_path / path.name)
    fix(tmp_path)
    for path in corpus_files():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_fix_restores_typos_in_real_templates_byte_for_byte(tmp_path: Path) -> None:
    broken_files = 0
    for path in corpus_files():
        text = path.read_text(encoding="utf-8")
        for right, typo in TYPOS:
            at = text.find(right)
            if at >= 0:
                text = text[:at] + typo + text[at + len(right) :]
        (tmp_path / path.name).write_bytes(text.encode("utf-8"))
        broken_files += text != path.read_text(encoding="utf-8")
    assert broken_files >= 18

    fix(tmp_path)
    # the one typo that lands in a resource manifest (a string, not a template field) stays: not opctl's to fix
    in_a_string = {"docs__reference-inference-apis-create-with-workflow-task-1.yaml"}
    restored = [p.name for p in corpus_files() if (tmp_path / p.name).read_bytes() == p.read_bytes()]
    assert sorted(set(p.name for p in corpus_files()) - set(restored)) == sorted(in_a_string)

    snapshot = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    fix(tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == snapshot
