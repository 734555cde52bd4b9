"""What every command shares: -V, shell completion, python -m opctl, the progress line."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from opctl import __version__
from opctl.cli import cli
from opctl.commands.common import Progress
from opctl.inputs import load_inputs
from opctl.lint import lint_documents
from tests.conftest import REPO


def test_dash_capital_v_and_python_dash_m() -> None:
    assert CliRunner().invoke(cli, ["-V"]).stdout == f"opctl, version {__version__}\n"
    result = subprocess.run([sys.executable, "-m", "opctl", "--version"], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout) == (0, f"opctl, version {__version__}\n")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_name_the_program(shell: str) -> None:
    result = CliRunner().invoke(cli, ["completion", shell])
    assert result.exit_code == 0
    assert "_OPCTL_COMPLETE" in result.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completion_completes_commands_and_options(tmp_path: Path) -> None:
    # the script calls `opctl` by name: put a shim for this interpreter's opctl on PATH
    shim = tmp_path / "opctl"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m opctl "$@"\n')
    shim.chmod(0o755)
    script = (
        'eval "$(opctl completion bash)"; '
        "COMP_WORDS=(opctl lin); COMP_CWORD=1; _opctl_completion opctl; echo \"${COMPREPLY[@]}\"; "
        "COMPREPLY=(); COMP_WORDS=(opctl lint --sel); COMP_CWORD=2; _opctl_completion opctl; echo \"${COMPREPLY[@]}\""
    )
    env = {**os.environ, "PATH": f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env, check=False)
    assert result.stdout.splitlines() == ["lint", "--select"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_counts_files_and_documents_then_erases_itself() -> None:
    screen = Terminal()
    progress = Progress(screen, delay=0)
    inputs = load_inputs([str(REPO / "examples")], progress=progress)
    lint_documents(inputs.documents, progress=progress)
    progress.close()
    text = screen.getvalue()
    files = len(inputs.files)
    assert f"\r\x1b[Kreading files {files}/{files}" in text
    assert f"linting documents {len(inputs.documents)}/{len(inputs.documents)}" in text
    assert text.endswith("\r\x1b[K")


def test_no_progress_off_a_terminal_or_before_the_delay() -> None:
    piped = io.StringIO()
    progress = Progress(piped, delay=0)
    progress("reading files", 1, 1)
    assert piped.getvalue() == ""
    screen = Terminal()
    slow_to_show = Progress(screen, delay=3600)
    slow_to_show("reading files", 1, 1)
    slow_to_show.close()
    assert screen.getvalue() == ""
