"""`opctl lint --fix/--diff` and `--stdin-filename` as users and editors run them."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from opctl.catalogue import all_rules
from opctl.cli import cli

BROKEN = {
    "typo.yaml": """\
# Training pipeline: every byte outside the fixes must survive
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - name: prepare
      template: echo     # aligned comment
    - name: train
      template: 'echo'
      dependecies: [prepar]
- name: echo
  container:
    image: alpine
    imagePulPolicy: "Always"
""",
    "depends.yaml": """\
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - {name: a, template: echo}
    - {name: b, template: echo, depends: "a.Succeded || a.failed"}
- name: echo
  container: {image: alpine}
""",
    "steps.yaml": """\
entrypoint: main
arguments:
  parameters:
  - {name: mode, value: fast, visibility: Public, type: input.txt}
templates:
  - name: main
    steps:
    - - name: run
        template: run
        arguments: {parameters: [{name: m, value: '{{workflow.parameters.mode}}'}]}
  - name: run
    inputs: {parameters: [{name: m}]}
    container:
      image: alpine
      args: ['{{inputs.parameters.m}}', '>', /tmp/sys-metrics.json]
""",
}


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    for name, text in BROKEN.items():
        (tmp_path / name).write_text(text, encoding="utf-8", newline="")
    (tmp_path / ".opctl.yaml").write_text("disable: [ref-unused-parameter]\n")
    return tmp_path


def lint_json(path: Path) -> list[dict[str, object]]:
    code, out, _ = run("lint", "-o", "json", "--no-config", str(path))
    return json.loads(out)["diagnostics"]


def test_fix_fixes_every_fixable_finding_and_nothing_else(broken: Path) -> None:
    fixable = {rule.id for rule in all_rules().values() if rule.fixable}
    before = [d for d in lint_json(broken) if d["rule"] in fixable]
    assert len(before) >= 8

    code, out, err = run("lint", "--fix", "--no-config", str(broken))
    assert "fixed" in err
    assert [d for d in lint_json(broken) if d["rule"] in fixable] == []
    assert (broken / "typo.yaml").read_text() == BROKEN["typo.yaml"].replace(
        "dependecies: [prepar]", ("dependencies: [prepare]")
    ).replace("imagePulPolicy", "imagePullPolicy")
    fixed_steps = (broken / "steps.yaml").read_text()
    assert fixed_steps.startswith("entrypoint: main-dag\n")
    assert "{name: mode, value: fast, visibility: public, type: input.text}" in fixed_steps
    assert "args: ['{{inputs.parameters.m}}', '>', /mnt/tmp/sys-metrics.json]" in fixed_steps

    # idempotent: a second run changes nothing and says so through --diff
    snapshot = {p.name: p.read_bytes() for p in broken.iterdir()}
    code, out, err = run("lint", "--diff", "--no-config", str(broken))
    assert (code, out) == (0, "") and "nothing to fix" in err
    run("lint", "--fix", "--no-config", str(broken))
    assert {p.name: p.read_bytes() for p in broken.iterdir()} == snapshot


def test_diff_shows_the_change_and_writes_nothing(broken: Path) -> None:
    snapshot = {p.name: p.read_bytes() for p in broken.iterdir()}
    code, out, err = run("lint", "--diff", "--no-config", str(broken / "typo.yaml"))
    assert code == 1
    assert f"--- a{broken / 'typo.yaml'}\n+++ b{broken / 'typo.yaml'}\n" in out
    assert '-    imagePulPolicy: "Always"\n+    imagePullPolicy: "Always"\n' in out
    assert "would fix 3 findings in 1 file" in err
    assert {p.name: p.read_bytes() for p in broken.iterdir()} == snapshot


def test_exit_code_after_fix_reflects_what_is_left(broken: Path) -> None:
    (broken / "left.yaml").write_text(BROKEN["typo.yaml"].replace("image: alpine", "image: alpine\n    bogus: 1"))
    code, out, _ = run("lint", "--fix", "--no-config", str(broken / "typo.yaml"))
    assert code == 0
    code, out, _ = run("lint", "--fix", "--no-config", str(broken / "left.yaml"))
    assert code == 1 and "unknown-field" in out and "bogus" in out


def test_byte_order_mark_crlf_and_mode_survive(broken: Path) -> None:
    path = broken / "typo.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BROKEN["typo.yaml"].replace("\n", "\r\n").encode())
    os.chmod(path, 0o640)
    run("lint", "--fix", "--no-config", str(path))
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"imagePullPolicy" in data
    assert data.count(b"\r\n") == BROKEN["typo.yaml"].count("\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640


def test_fix_on_stdin_prints_the_fixed_text_and_reports_on_stderr() -> None:
    code, out, err = run("lint", "-", "--fix", "--no-config", input=BROKEN["typo.yaml"])
    assert out.startswith("# Training pipeline") and "imagePullPolicy" in out and "dependencies: [prepare]" in out
    assert "fixed 3 findings in 1 file" in err


def test_stdin_filename_names_findings_and_picks_its_configuration(broken: Path, tmp_path: Path) -> None:
    project = broken / "project"
    project.mkdir()
    (project / ".opctl.yaml").write_text("disable: [unknown-field]\n")
    name = str(project / "train.yaml")
    text = BROKEN["depends.yaml"].replace("{image: alpine}", "{image: alpine, imagePulPolicy: Always}")
    code, out, _ = run("lint", "-", "--stdin-filename", name, "-o", "json", input=text)
    found = json.loads(out)["diagnostics"]
    assert {d["file"] for d in found} == {name}
    rules = {d["rule"] for d in found}
    assert "unknown-field" not in rules and "dag-depends-result" in rules  # project/.opctl.yaml applied
    code, out, _ = run("lint", "-", "-o", "json", input=text)
    assert "unknown-field" in {d["rule"] for d in json.loads(out)["diagnostics"]}  # without: not applied


def test_stdin_filename_excluded_by_the_configuration(tmp_path: Path) -> None:
    (tmp_path / ".opctl.yaml").write_text("exclude: ['generated/*']\n")
    name = str(tmp_path / "generated" / "x.yaml")
    code, out, err = run("lint", "-", "--stdin-filename", name, input=BROKEN["typo.yaml"])
    assert code == 0 and "excluded" in err


def test_usage_errors() -> None:
    assert run("lint", "x.yaml", "--stdin-filename", "a.yaml")[0] == 2
    assert run("lint", "x.yaml", "--fix", "--diff")[0] == 2


def test_json_report_carries_the_fix_and_validates(broken: Path) -> None:
    import jsonschema

    from tests.conftest import REPO

    code, out, _ = run("lint", "-o", "json", "--no-config", str(broken / "typo.yaml"))
    report = json.loads(out)
    schema = json.loads((REPO / "schemas" / "lint-report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(report)
    fixes = {d["rule"]: d["fix"] for d in report["diagnostics"] if "fix" in d}
    assert fixes["unknown-field"]["edits"][0]["new"] in ("dependencies", '"imagePullPolicy"', "imagePullPolicy")
    assert all(d.get("fix") is None for d in report["diagnostics"] if d["rule"] == "ref-unused-parameter")
