"""Inputs and streams that used to end in a traceback, a hang or a silent exit 0 (issue 12): each is a
clear message and a documented exit code now."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from opctl.cli import cli
from opctl.source import discover

TEMPLATE = """\
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - name: a
      template: echo
- name: echo
  container:
    image: alpine:3.20
"""


def opctl(*args: str, cwd: Path, **streams: object) -> subprocess.CompletedProcess[str]:
    """opctl in a subprocess, so that its standard streams can be closed or full."""
    code = "from opctl.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, capture_output="stdout" not in streams, text=True,
        timeout=60, **streams,  # type: ignore[call-overload]
    )  # fmt: skip


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "t.yaml"
    path.write_text(TEMPLATE)
    return path


def test_stdout_closed_is_exit_2_not_a_lost_report(template: Path) -> None:
    process = subprocess.run(
        f"{sys.executable} -c 'from opctl.cli import main; main()' lint {template} -o json >&-",
        shell=True, capture_output=False, stderr=subprocess.PIPE, text=True, timeout=60, cwd=template.parent,
    )  # fmt: skip
    assert process.returncode == 2
    assert process.stderr == "opctl: error: cannot write to standard output: it is closed\n"


@pytest.mark.parametrize("command", [["lint", "-o", "json"], ["compile"]])
def test_stdout_full_is_exit_2(template: Path, command: list[str]) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        process = opctl(command[0], str(template), *command[1:], cwd=template.parent, stdout=full,
                        stderr=subprocess.PIPE)  # fmt: skip
    assert process.returncode == 2
    assert "Traceback" not in process.stderr
    assert process.stderr.endswith("opctl: error: cannot write to standard output: no space left on the device\n")


@pytest.mark.parametrize("command", ["lint", "compile"])
def test_stdin_closed_is_an_unreadable_input(tmp_path: Path, command: str) -> None:
    process = subprocess.run(
        f"{sys.executable} -c 'from opctl.cli import main; main()' {command} - <&-",
        shell=True, capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )  # fmt: skip
    assert process.returncode == 2
    assert "Traceback" not in process.stderr
    assert "<stdin>:1:1: error[input-unreadable]: cannot read file: standard input is closed" in (
        process.stdout + process.stderr
    )


def test_a_fifo_in_a_directory_is_a_finding_not_a_hang(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(TEMPLATE)
    os.mkfifo(tmp_path / "pipe.yaml")
    found, problems = discover([str(tmp_path)])
    assert found == [str(tmp_path / "t.yaml")]
    assert [(p.rule, p.message) for p in problems] == [("input-unreadable", "not a regular file (a FIFO): not read")]


def test_an_unreadable_sub_directory_is_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # as root chmod 000 does not stop reading: os.walk is told the directory failed, as it would be
    real_walk = os.walk

    def walk(top: str, onerror=None, **kwargs):  # type: ignore[no-untyped-def]
        yield from real_walk(top, onerror=onerror, **kwargs)
        onerror(PermissionError(13, "Permission denied", str(tmp_path / "secret")))

    monkeypatch.setattr(os, "walk", walk)
    (tmp_path / "t.yaml").write_text(TEMPLATE)
    found, problems = discover([str(tmp_path)])
    assert found == [str(tmp_path / "t.yaml")]
    assert [(p.rule, p.file, p.message) for p in problems] == [
        ("input-unreadable", str(tmp_path / "secret"), "cannot read directory: Permission denied")
    ]


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_json_with_surrogate_pair_escapes_parses(tmp_path: Path) -> None:
    data = {"entrypoint": "main", "templates": [
        {"name": "main", "dag": {"tasks": [{"name": "a", "template": "echo"}]}},
        {"name": "echo", "container": {"image": "alpine:3.20", "args": ["😀 \\ud83d"]}},
    ]}  # fmt: skip
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data))  # ensure_ascii: "\ud83d\ude00" and an escaped backslash
    assert "\\ud83d\\ude00" in path.read_text()
    result = run("compile", str(path), "-o", "json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    compiled = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert compiled["spec"]["templates"][1]["container"]["args"] == ["😀 \\ud83d"]


def test_an_integer_of_5000_digits_is_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    big = "    image: alpine:3.20\n    args: [" + "9" * 5000 + "]"
    path.write_text(TEMPLATE.replace("    image: alpine:3.20", big))
    result = run("compile", str(path))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "9" * 5000 in result.stdout  # type: ignore[attr-defined]


def test_compile_json_never_writes_nan(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("podMetadata:\n  annotations:\n    a: .nan\n" + TEMPLATE)
    result = run("compile", str(path), "-o", "json")
    assert result.exit_code == 1
    assert "NaN" not in result.stdout  # type: ignore[attr-defined]
    assert result.stderr.splitlines()[0] == (  # type: ignore[attr-defined]
        "opctl: error: the manifest holds a number JSON cannot represent (NaN or Infinity) at "
        "/spec/podMetadata/annotations/a"
    )


def test_a_bad_parameter_name_is_a_usage_error_not_a_bug(template: Path) -> None:
    result = run("compile", str(template), "-p", "bad name=1")
    assert result.exit_code == 2
    assert "bug" not in result.stderr  # type: ignore[attr-defined]
    assert "'bad name' is not a parameter name: use letters, digits, '_' and '-'" in result.stderr  # type: ignore[attr-defined]


def test_a_cron_workflow_named_after_a_long_file_is_cut_to_argos_limit(tmp_path: Path) -> None:
    path = tmp_path / ("nightly-training-" + "x" * 70 + ".yaml")
    path.write_text(TEMPLATE)
    result = run("compile", str(path), "--schedule", "0 0 * * *", "-o", "json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    name = json.loads(result.stdout)["metadata"]["name"]  # type: ignore[attr-defined]
    assert len(name) == 52 and name.startswith("nightly-training-x")
