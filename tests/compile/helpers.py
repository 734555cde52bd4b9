"""Shared helpers of the compile tests: compiling text or files under the test defaults."""

from __future__ import annotations

import textwrap
from pathlib import Path

from opctl.compile.api import CompileOptions, CompileResult, compile_documents
from opctl.compile.settings import parse_defaults_text
from opctl.inputs import load_inputs, load_string

HERE = Path(__file__).resolve().parent
DEFAULTS_FILE = HERE / "defaults.yaml"
GOLDEN = HERE / "golden"


def full_defaults():
    result = parse_defaults_text(DEFAULTS_FILE.read_text(), str(DEFAULTS_FILE))
    assert result.ok, result.diagnostics
    return result.defaults


def compile_text(text: str, filename: str = "t.yaml", **options: object) -> CompileResult:
    """Compile dedented YAML text; ``options`` are CompileOptions fields (defaults: the test file)."""
    inputs = load_string(textwrap.dedent(text).lstrip("\n"), filename)
    assert not inputs.fatal, inputs.diagnostics
    options.setdefault("defaults", full_defaults())
    return compile_documents(inputs.documents, CompileOptions(**options))  # type: ignore[arg-type]


def compile_file(path: Path | str, **options: object) -> CompileResult:
    inputs = load_inputs([str(path)])
    assert not inputs.fatal, inputs.diagnostics
    options.setdefault("defaults", full_defaults())
    return compile_documents(inputs.documents, CompileOptions(**options))  # type: ignore[arg-type]


def messages(result: CompileResult, rule: str | None = None) -> list[str]:
    return [d.message for d in result.diagnostics if rule is None or d.rule == rule]
