"""``opctl compile`` on the command line: stdout/stderr, formats, --output, --check, exit codes."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from opctl.cli import cli
from opctl.inputs import load_string
from tests.compile.helpers import DEFAULTS_FILE, GOLDEN
from tests.conftest import FIXTURES, REPO

DIAMOND = REPO / "examples" / "diamond.yaml"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty directory: no opctl.yaml or .opctl.yaml of the checkout applies."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, env: dict[str, str | None] | None = None, stdin: str | None = None):  # type: ignore[no-untyped-def]
    environment: dict[str, str | None] = {"OPCTL_DEFAULTS": None, "NO_COLOR": "1", "GITHUB_ACTIONS": None}
    environment.update(env or {})
    return CliRunner().invoke(cli, ["compile", *args], env=environment, input=stdin, catch_exceptions=False)


def test_readme_command_compiles_the_diamond_with_no_configuration() -> None:
    result = run(str(DIAMOND))
    assert result.exit_code == 0
    assert result.stderr == ""
    manifest = load_string(result.stdout, "out.yaml").documents[0].data
    assert manifest["metadata"] == {"generateName": "diamond-"}
    assert [t["name"] for t in manifest["spec"]["templates"][0]["dag"]["tasks"]] == ["A", "B", "C", "D"]
    assert "artifactRepositoryRef" not in manifest["spec"]


def test_defaults_flag_and_env_give_the_golden_output() -> None:
    expected = (GOLDEN / "examples__diamond.yaml").read_text()
    assert run("--defaults", str(DEFAULTS_FILE), str(DIAMOND)).stdout == expected
    assert run(str(DIAMOND), env={"OPCTL_DEFAULTS": str(DEFAULTS_FILE)}).stdout == expected


def test_opctl_yaml_is_found_walking_up(in_tmp: Path) -> None:
    shutil.copy(DEFAULTS_FILE, in_tmp / "opctl.yaml")
    (in_tmp / "sub").mkdir()
    os.chdir(in_tmp / "sub")
    assert run(str(DIAMOND)).stdout == (GOLDEN / "examples__diamond.yaml").read_text()


def test_json_output() -> None:
    result = run("-o", "json", str(DIAMOND))
    assert result.exit_code == 0
    assert result.stdout.startswith('{\n  "apiVersion": "argoproj.io/v1alpha1",\n  "kind": "Workflow",\n')


def test_stdin_and_multi_document_output() -> None:
    text = DIAMOND.read_text()
    result = run("-", stdin=text + "---\n" + text)
    assert result.exit_code == 0
    docs = load_string(result.stdout, "out").documents
    assert [d.data["metadata"]["generateName"] for d in docs] == ["workflow-", "workflow-"]


def test_output_file_is_written(in_tmp: Path) -> None:
    target = in_tmp / "argo.yaml"
    result = run(str(DIAMOND), "--output-file", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text() == run(str(DIAMOND)).stdout


def test_output_file_is_never_half_written(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = in_tmp / "argo.yaml"
    target.write_text("old\n")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    result = run(str(DIAMOND), "--output-file", str(target))
    assert result.exit_code == 2
    assert "cannot write --output" in result.stderr and "No space left on device" in result.stderr
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in in_tmp.iterdir()) == ["argo.yaml"]


def test_output_file_untouched_when_the_template_fails(in_tmp: Path) -> None:
    target = in_tmp / "argo.yaml"
    target.write_text("old\n")
    result = run(str(FIXTURES / "undefined-template.yaml"), "--output-file", str(target))
    assert result.exit_code == 1
    assert "[dag-undefined-template]" in result.stderr
    assert target.read_text() == "old\n"


def test_check_fresh_stale_reformatted_and_missing(in_tmp: Path) -> None:
    target = in_tmp / "argo.yaml"
    assert run(str(DIAMOND), "--output-file", str(target)).exit_code == 0
    fresh = run(str(DIAMOND), "--check", str(target))
    assert (fresh.exit_code, fresh.stdout, fresh.stderr) == (0, "", f"{target}: up to date\n")

    # same data, other formatting: still up to date (the comparison is on parsed data)
    import json

    data = load_string(target.read_text(), "t").documents[0].data
    target.write_text(json.dumps(data))
    assert run(str(DIAMOND), "--check", str(target)).exit_code == 0

    stale = run(str(DIAMOND), "--check", str(target), "-p", "greeting=bonjour")
    assert stale.exit_code == 1
    assert stale.stdout.startswith(f"--- {target}\n+++ {target} (compiled now)\n")
    assert "+      value: bonjour\n" in stale.stdout
    assert stale.stderr.endswith(
        f"{target}: stale: the template compiles to a different manifest\n"
        f"  fix: opctl compile {DIAMOND} --check {target} -p greeting=bonjour --update\n"
    )
    missing = run(str(DIAMOND), "--check", str(in_tmp / "nope.yaml"))
    assert missing.exit_code == 1
    assert f"{in_tmp / 'nope.yaml'}: the committed manifest is missing" in missing.stderr
    (in_tmp / "bad.yaml").write_text("a: [\n")
    unreadable = run(str(DIAMOND), "--check", str(in_tmp / "bad.yaml"))
    assert unreadable.exit_code == 1
    assert "the committed manifest cannot be read" in unreadable.stderr


def test_the_fix_command_printed_for_a_stale_manifest_makes_it_current(in_tmp: Path) -> None:
    target = in_tmp / "argo.yaml"
    target.write_text("old: manifest\n")
    stale = run(str(DIAMOND), "--check", str(target), "-p", "greeting=hi")
    fix = stale.stderr.splitlines()[-1].removeprefix("  fix: opctl ").split()
    updated = run(*fix[1:])
    assert updated.exit_code == 1  # rewritten, as formatters report it
    assert updated.stderr == f"{target}: updated\n"
    assert run(str(DIAMOND), "--check", str(target), "-p", "greeting=hi").exit_code == 0


def test_a_directory_of_templates_is_checked_against_a_directory_of_manifests(in_tmp: Path) -> None:
    templates = in_tmp / "templates"
    (templates / "team").mkdir(parents=True)
    (templates / "diamond.yaml").write_text(DIAMOND.read_text())
    (templates / "team" / "other.yml").write_text(DIAMOND.read_text())
    (templates / "values.yaml").write_text("replicas: 2\n")  # not a workflow: no manifest expected
    missing = run("templates", "--check", "argo/")
    assert missing.exit_code == 1
    assert missing.stderr.endswith(
        "✖ 2 of 2 manifests stale or missing: argo/diamond.yaml, argo/team/other.yaml\n"
        "  fix: opctl compile templates --check argo/ --update\n"
    )
    written = run("templates", "--check", "argo/", "--update")
    assert written.exit_code == 1
    assert "argo/diamond.yaml: written\n" in written.stderr
    assert (in_tmp / "argo" / "team" / "other.yaml").read_text() == run("templates/team/other.yml").stdout
    current = run("templates", "--check", "argo")
    assert (current.exit_code, current.stderr) == (0, "✔ 2 manifests up to date in argo\n")
    (templates / "diamond.yaml").write_text(DIAMOND.read_text().replace("hello", "bonjour"))
    stale = run("templates", "--check", "argo")
    assert stale.exit_code == 1
    assert stale.stdout.startswith("--- argo/diamond.yaml\n")
    assert "1 of 2 manifests stale or missing: argo/diamond.yaml" in stale.stderr


def test_output_is_the_format_and_output_file_the_file(in_tmp: Path) -> None:
    result = run(str(DIAMOND), "--output", "json", "--output-file", "argo.json")
    assert result.exit_code == 0
    assert json.loads((in_tmp / "argo.json").read_text())["kind"] == "Workflow"
    wrong = run(str(DIAMOND), "--output", "argo.yaml")
    assert wrong.exit_code == 2
    assert "-o/--output names the format: write to a file with --output-file argo.yaml" in wrong.stderr
    assert run(str(DIAMOND), "--update").exit_code == 2


def test_bad_parameter_form_is_a_usage_error() -> None:
    result = run(str(DIAMOND), "-p", "greeting")
    assert result.exit_code == 2
    assert "expected parameter of the form: NAME=VALUE. Received: greeting" in result.stderr


def test_parameters_and_kind_flags() -> None:
    result = run(
        str(DIAMOND),
        "-p",
        "greeting=hi",
        "--kind",
        "cronworkflow",
        "--schedule",
        "0 2 * * *",
        "--name",
        "nightly",
        "-n",
        "prod",
    )
    assert result.exit_code == 0, result.stderr
    manifest = load_string(result.stdout, "out").documents[0].data
    assert (manifest["kind"], manifest["metadata"]) == ("CronWorkflow", {"name": "nightly", "namespace": "prod"})
    assert manifest["spec"]["workflowSpec"]["arguments"]["parameters"] == [{"name": "greeting", "value": "hi"}]


def test_kind_cronworkflow_without_schedule_is_a_usage_error() -> None:
    result = run(str(DIAMOND), "--kind", "cronworkflow")
    assert result.exit_code == 2
    assert "error[compile-option]: --kind cronworkflow needs --schedule" in result.stderr


def test_unparseable_and_missing_inputs_exit_2() -> None:
    broken = run(str(FIXTURES / "excerpt.yaml"))
    assert broken.exit_code == 2 and broken.stdout == ""
    assert "excerpt.yaml:5:1: error[yaml-syntax]" in broken.stderr
    missing = run("nope.yaml")
    assert missing.exit_code == 2
    assert "no such file or directory: nope.yaml" in missing.stderr


def test_not_a_template_exits_2(in_tmp: Path) -> None:
    (in_tmp / "pod.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n")
    result = run("pod.yaml")
    assert result.exit_code == 2
    assert "[compile-nothing]" in result.stderr and "it is a Kubernetes Pod (v1)" in result.stderr


def test_invalid_defaults_file_exits_2_with_its_position(in_tmp: Path) -> None:
    (in_tmp / "opctl.yaml").write_text("namespace: ok\npodGC: Sometimes\n")
    result = run(str(DIAMOND))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("opctl.yaml:2:8: error[defaults-invalid]: podGC: 'Sometimes' is not one of")


def test_warnings_go_to_stderr_and_exit_0() -> None:
    result = run(str(REPO / "examples" / "artifacts.yaml"))
    assert result.exit_code == 0
    assert "warning[compile-key-only-artifact]" in result.stderr
    assert result.stdout.startswith("apiVersion: argoproj.io/v1alpha1\n")


def test_help_lists_the_shared_compile_flags() -> None:
    result = run("--help")
    for flag in (
        "--parameter",
        "--parameter-file",
        "--defaults",
        "--kind",
        "--schedule",
        "--name",
        "--generate-name",
        "--namespace",
        "--output-file",
        "--check",
    ):
        assert flag in result.stdout


def test_a_directory_compiles_its_templates_but_not_its_defaults_file() -> None:
    result = run(str(REPO / "examples"), "--defaults", str(DEFAULTS_FILE))
    assert result.exit_code == 0, result.stderr
    docs = load_string(result.stdout, "out").documents
    names = [d.data["metadata"]["generateName"] for d in docs]
    assert names == ["artifacts-", "diamond-", "nodepool-gpu-", "train-and-cleanup-"]


def test_output_dash_is_stdout() -> None:
    result = run(str(DIAMOND), "--output-file", "-")
    assert result.exit_code == 0 and result.stdout.startswith("apiVersion: argoproj.io/v1alpha1\n")


def test_parameter_file_on_the_command_line(in_tmp: Path) -> None:
    (in_tmp / "params.json").write_text('{"greeting": "hallo"}')
    result = run(str(DIAMOND), "--parameter-file", "params.json")
    assert result.exit_code == 0
    manifest = load_string(result.stdout, "out").documents[0].data
    assert manifest["spec"]["arguments"]["parameters"] == [{"name": "greeting", "value": "hallo"}]


def test_a_directory_without_templates_says_what_to_pass(in_tmp: Path) -> None:
    (in_tmp / "docs").mkdir()
    (in_tmp / "docs" / "notes.txt").write_text("not a template\n")
    result = run("docs")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "opctl: error: nothing to compile: no *.yaml, *.yml or *.json files in docs",
        "  hint: pass a template file, a directory holding templates, or - for stdin",
    ]


def test_unwritable_output_says_how_to_fix_it(in_tmp: Path) -> None:
    result = run(str(DIAMOND), "--output-file", "no/such/dir/argo.yaml")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "opctl: error: cannot write --output-file no/such/dir/argo.yaml: No such file or directory",
        "  hint: check the directory exists and is writable",
    ]


def test_unreadable_committed_manifest_gets_a_code_frame(in_tmp: Path) -> None:
    (in_tmp / "argo.yaml").write_text("kind: Workflow\nspec: ]\n")
    result = run(str(DIAMOND), "--check", "argo.yaml")
    assert result.exit_code == 1
    assert result.stderr.startswith("argo.yaml:2:7: error[yaml-syntax]: YAML syntax error:")
    assert "2 | spec: ]\n" in result.stderr


def test_stdin_cannot_be_both_the_template_and_the_parameter_file() -> None:
    result = run("-", "--parameter-file", "-", stdin=DIAMOND.read_text())
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "opctl: error: standard input can be read only once: FILE - and --parameter-file - cannot both be used",
        "  hint: save the template or the parameters to a file and pass its path",
    ]


@pytest.mark.parametrize(
    ("flag", "value", "suggestion"),
    [("--name", "BAD_NAME", "bad-name"), ("--namespace", "Team_A", "team-a"), ("--generate-name", "-x", "x")],
)
def test_invalid_kubernetes_names_in_options_are_usage_errors(flag: str, value: str, suggestion: str) -> None:
    result = run(str(REPO / "examples" / "diamond.yaml"), flag, value)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"opctl: error[compile-option]: {flag} '{value}' is not a valid Kubernetes name" in result.stderr
    assert f"e.g. '{suggestion}'" in result.stderr


def test_empty_schedule_is_a_usage_error() -> None:
    result = run(str(REPO / "examples" / "diamond.yaml"), "--kind", "cronworkflow", "--schedule", " ")
    assert result.exit_code == 2
    assert "opctl: error[compile-option]: --schedule is empty" in result.stderr
