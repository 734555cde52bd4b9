"""Hostile input through ``opctl lint``: each gets a clear message and exit 2, never a traceback.

(Speed is measured in benchmarks/, not asserted here; each of these runs in well under a second.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from opctl.cli import cli


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint(*args: str):  # type: ignore[no-untyped-def]
    # catch_exceptions=False: a traceback fails the test instead of becoming exit code 1
    return CliRunner().invoke(cli, ["lint", "--no-config", *args], env={"GITHUB_ACTIONS": None}, catch_exceptions=False)


def assert_refused(result, first_line: str, note: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0] == first_line
    assert f"opctl: {note}" in result.stderr
    assert "Traceback" not in result.output


def test_binary_file(in_tmp: Path) -> None:
    (in_tmp / "image.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert_refused(
        lint("image.yaml"),
        "image.yaml:3:1: error[input-binary]: file is binary (it contains a NUL byte), not a YAML or JSON text",
        "1 input could not be read or parsed: image.yaml",
    )


def test_non_utf8_file(in_tmp: Path) -> None:
    (in_tmp / "latin1.yaml").write_bytes("entrypoint: main\nname: caf\xe9\n".encode("latin-1"))
    assert_refused(
        lint("latin1.yaml"),
        "latin1.yaml:2:10: error[input-encoding]: file is not valid UTF-8 (byte 0xe9 at offset 26)",
        "1 input could not be read or parsed: latin1.yaml",
    )


def test_empty_file(in_tmp: Path) -> None:
    (in_tmp / "empty.yaml").write_text("")
    assert_refused(
        lint("empty.yaml"),
        "empty.yaml:1:1: error[input-empty]: file is empty: it holds no template",
        "1 input could not be read or parsed: empty.yaml",
    )


def test_50_megabyte_file(in_tmp: Path) -> None:
    with open(in_tmp / "huge.yaml", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written to disk
    assert_refused(
        lint("huge.yaml"),
        "huge.yaml:1:1: error[input-too-large]: file is 52,428,800 bytes, over the limit of 16,777,216 bytes",
        "1 input could not be read or parsed: huge.yaml",
    )


def test_file_over_max_bytes(in_tmp: Path) -> None:
    (in_tmp / "t.yaml").write_text("entrypoint: main\n" * 10)
    result = lint("--max-bytes", "100", "t.yaml")
    assert result.exit_code == 2
    assert "t.yaml:1:1: error[input-too-large]: file is 170 bytes, over the limit of 100 bytes" in result.stdout


def test_alias_bomb(in_tmp: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        this, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{this}: &{this} [" + ",".join([f"*{previous}"] * 9) + "]")
    (in_tmp / "bomb.yaml").write_text("\n".join(lines) + "\n")
    result = lint("bomb.yaml")
    assert result.exit_code == 2
    assert "error[yaml-too-complex]: document expands to more than 5,000,000 nodes (YAML aliases)" in result.stdout
    assert "this looks like an alias bomb" in result.stdout


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[" * 10_000 + "]" * 10_000 + "\n", id="flow"),
        pytest.param("- " * 10_000 + "x\n", id="block-sequence"),
        pytest.param("".join(" " * i + f"k{i}:\n" for i in range(10_000)) + " " * 10_000 + "v\n", id="block-mapping"),
    ],
)
def test_nesting_10000_deep(in_tmp: Path, text: str) -> None:
    (in_tmp / "deep.yaml").write_text(text)
    result = lint("--max-bytes", str(len(text) + 1), "deep.yaml")
    assert result.exit_code == 2
    assert "error[yaml-too-deep]: nesting is deeper than 256 levels" in result.stdout.splitlines()[0]
    assert "Traceback" not in result.output


def test_directory_with_no_templates(in_tmp: Path) -> None:
    (in_tmp / "docs").mkdir()
    (in_tmp / "docs" / "README.md").write_text("# not yaml\n")
    result = lint("docs")
    assert result.exit_code == 2
    assert result.stderr.startswith("opctl: nothing to lint: no *.yaml, *.yml or *.json files in docs\n")


def test_directory_whose_yaml_is_not_a_template_is_skipped_with_a_note(in_tmp: Path) -> None:
    (in_tmp / "k8s").mkdir()
    (in_tmp / "k8s" / "svc.yaml").write_text("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n")
    result = lint("k8s")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "opctl: nothing to lint: 1 file skipped: not a workflow (k8s/svc.yaml)\n"


def test_file_that_is_a_yaml_list(in_tmp: Path) -> None:
    (in_tmp / "list.yaml").write_text("- entrypoint: main\n- templates: []\n")
    result = lint("list.yaml")
    assert result.exit_code == 2
    assert "nothing to lint: list.yaml is a YAML list, not a workflow template" in result.stderr


def test_file_that_is_a_scalar(in_tmp: Path) -> None:
    (in_tmp / "scalar.yaml").write_text("just some text\n")
    result = lint("scalar.yaml")
    assert result.exit_code == 2
    assert "nothing to lint: scalar.yaml is a single string value, not a workflow template" in result.stderr


def test_yaml_syntax_error(in_tmp: Path) -> None:
    (in_tmp / "broken.yaml").write_text("entrypoint: main\ntemplates:\n  - name: [a\n")
    result = lint("broken.yaml")
    assert result.exit_code == 2
    assert result.stdout.startswith("broken.yaml:4:1: error[yaml-syntax]: YAML syntax error:")


@pytest.mark.parametrize(
    ("text", "looks_like"),
    [
        ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n", "a Kubernetes Pod (v1)"),
        (
            "containers:\n- name: jupyter\n  image: jupyter/base\nports:\n- name: http\n  port: 8888\n",
            "an Onepanel workspace template",
        ),
    ],
)
def test_unknown_document_shapes_say_what_they_look_like(in_tmp: Path, text: str, looks_like: str) -> None:
    (in_tmp / "thing.yaml").write_text(text)
    result = lint("thing.yaml")
    assert result.exit_code == 2
    assert f"nothing to lint: thing.yaml is {looks_like}" in result.stderr


@pytest.mark.parametrize(
    ("text", "looks_like"),
    [
        ("apiVersion: argoproj.io/v1alpha1\nkind: Workfow\nspec: {}\n", "an Argo Workfow (argoproj.io/v1alpha1)"),
        ("apiVersion: argoproj.io/v1alpha1\nspec: {}\n", "an Argo object without kind"),
        ("apiVersion: argoproj.io/v1\nkind: Workflow\nspec: {}\n", "an Argo Workflow (argoproj.io/v1)"),
        ("apiVersion: v1\nkind: Workflow\nspec: {}\n", "a Workflow with apiVersion v1"),
        ("apiVersion: v1\nkind: Thing\nspec:\n  templates: []\n", "a Thing with apiVersion v1"),
        ("metadata:\n  name: x\nspec:\n  entrypont: main\n", "a mapping with metadata and spec"),
    ],
)
def test_a_document_that_looks_like_a_broken_workflow_is_still_linted(in_tmp: Path, text: str, looks_like: str) -> None:
    (in_tmp / "d").mkdir()
    (in_tmp / "d" / "thing.yaml").write_text(text)
    result = lint("d")
    assert result.exit_code == 1
    assert f"d/thing.yaml:1:1: error[document-kind]: document 1 is {looks_like}" in result.stdout


def test_terminal_escape_sequences_in_a_key_are_not_printed_raw(in_tmp: Path) -> None:
    # A duplicate key whose name clears the screen: the message must show it escaped.
    (in_tmp / "esc.yaml").write_text(
        'entrypoint: main\n"\\e[2J": 1\n"\\e[2J": 2\ntemplates:\n- name: main\n  dag:\n    tasks: []\n'
    )
    result = lint("esc.yaml")
    assert "\x1b" not in result.stdout
    assert "duplicate key '\\x1b[2J'" in result.stdout


def test_control_character_in_the_file_is_located(in_tmp: Path) -> None:
    (in_tmp / "ctl.yaml").write_bytes(b"entrypoint: main\nname: a\x07b\n")
    result = lint("ctl.yaml")
    assert result.exit_code == 2
    assert result.stdout.splitlines()[:4] == [
        "ctl.yaml:2:8: error[yaml-syntax]: YAML syntax error: unacceptable character #x0007: "
        "control characters are not allowed",
        "  |",
        "2 | name: a\\x07b",
        "  |        ^",
    ]
