"""``opctl lint`` through click: exact output per format, exit codes, format and colour choice,
configuration discovery, excludes, suppression and stdin.

The fixture has exactly two findings, made by the YAML loader (a duplicate key) and by document
classification (a Pod), so the rule families other helpers grow do not change these outputs: the
per-document checks are switched off here (``only_loader_findings``).
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import opctl.lint as lint_package
from opctl import __version__
from opctl.cli import cli
from opctl.commands.common import use_color
from opctl.lint import registry
from tests.conftest import REPO

TWO = """\
entrypoint: main
entrypoint: main
templates:
- name: main
  dag:
    tasks: []
---
apiVersion: argoproj.io/v1alpha1
kind: Workfow
metadata:
  name: web
"""
CLEAN = """\
entrypoint: main
templates:
- name: main
  dag:
    tasks: []
"""
DUP_MESSAGE = "duplicate key 'entrypoint' (first defined at line 1)"
DUP_HINT = (
    "remove one of them: Kubernetes' strict decoding rejects duplicate keys and Onepanel silently kept the last one"
)
KIND_MESSAGE = (
    "document 2 is an Argo Workfow (argoproj.io/v1alpha1), not a workflow kind; "
    "expected an Onepanel workflow template or an Argo workflow manifest"
)
KIND_HINT = (
    "opctl lints Onepanel workflow templates (entrypoint + templates at the top level, or metadata + spec) "
    "and Argo Workflow, WorkflowTemplate, ClusterWorkflowTemplate and CronWorkflow manifests "
    "(apiVersion argoproj.io/v1alpha1); "
    "exclude other files with --exclude"
)


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run every test in an empty directory, so no configuration of the checkout applies."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "two.yaml").write_text(TWO)
    return tmp_path


@pytest.fixture(autouse=True)
def only_loader_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    lint_package.load_families()
    monkeypatch.setattr(registry, "CHECKS", [])
    monkeypatch.setattr(lint_package, "CHECKS", [])


def run(*args: str, env: dict[str, str | None] | None = None, stdin: str | None = None):  # type: ignore[no-untyped-def]
    environment: dict[str, str | None] = {"GITHUB_ACTIONS": None, "NO_COLOR": None}
    environment.update(env or {})
    return CliRunner().invoke(cli, ["lint", *args], env=environment, input=stdin, catch_exceptions=False)


# --------------------------------------------------------------------------------------------
# exact output per format

HUMAN = f"""\
two.yaml:2:1: error[yaml-duplicate-key]: {DUP_MESSAGE}
  |
2 | entrypoint: main
  | ^^^^^^^^^^
  = hint: {DUP_HINT}

two.yaml:8:1: error[document-kind]: {KIND_MESSAGE}
  |
8 | apiVersion: argoproj.io/v1alpha1
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = hint: {KIND_HINT}
"""


def test_human_output_exact() -> None:
    result = run("two.yaml")
    assert result.exit_code == 1
    assert result.stdout == HUMAN
    assert result.stderr == "✖ 2 errors in 1 file (1 file checked)\n"


def test_human_is_the_default_and_has_no_colour_off_a_terminal() -> None:
    result = run("two.yaml")
    assert "\x1b[" not in result.output


def test_colour_always_paints_the_severity_and_caret() -> None:
    result = run("two.yaml", "--color", "always")
    assert "\x1b[1;31merror\x1b[0m" in result.stdout
    assert "\x1b[1;31m^^^^^^^^^^\x1b[0m" in result.stdout
    assert result.stderr == "\x1b[1;31m✖ 2 errors in 1 file (1 file checked)\x1b[0m\n"


def test_colour_never_with_no_color_even_on_github() -> None:
    result = run("two.yaml", "-f", "human", env={"NO_COLOR": "1"})
    assert "\x1b" not in result.output


class FakeStream:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_colour_auto_follows_the_terminal_and_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color("auto", FakeStream(tty=True)) is True
    assert use_color("auto", FakeStream(tty=False)) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color("auto", FakeStream(tty=True)) is False
    assert use_color("never", FakeStream(tty=True)) is False


def test_json_output_exact_and_valid_against_the_schema() -> None:
    result = run("two.yaml", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data == {
        "version": 1,
        "tool": {"name": "opctl", "version": __version__},
        "summary": {
            "errors": 2,
            "warnings": 0,
            "infos": 0,
            "suppressed": 0,
            "files": 1,
            "files_with_findings": 1,
            "unreadable": 0,
            "skipped": 0,
        },
        "files": ["two.yaml"],
        "unreadable": [],
        "skipped": [],
        "diagnostics": [
            {
                "rule": "yaml-duplicate-key",
                "severity": "error",
                "message": DUP_MESSAGE,
                "hint": DUP_HINT,
                "file": "two.yaml",
                "line": 2,
                "column": 1,
                "end_line": 2,
                "end_column": 11,
                "path": "/entrypoint",
                "document": 0,
                "suppressed": False,
            },
            {
                "rule": "document-kind",
                "severity": "error",
                "message": KIND_MESSAGE,
                "hint": KIND_HINT,
                "file": "two.yaml",
                "line": 8,
                "column": 1,
                "end_line": 12,
                "end_column": 1,
                "path": "",
                "document": 1,
                "suppressed": False,
            },
        ],
    }
    schema = json.loads((REPO / "schemas" / "lint-report.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert result.stderr == "✖ 2 errors in 1 file (1 file checked)\n"


GITHUB = (
    "::error file=two.yaml,line=2,col=1,endLine=2,endColumn=10,title=opctl yaml-duplicate-key::"
    f"{DUP_MESSAGE}%0Ahint: {DUP_HINT}\n"
    "::error file=two.yaml,line=8,col=1,endLine=11,title=opctl document-kind::"
    f"{KIND_MESSAGE}%0Ahint: {KIND_HINT}\n"
)


def test_github_output_exact() -> None:
    result = run("two.yaml", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout == GITHUB


def test_github_is_chosen_automatically_on_github_actions() -> None:
    assert run("two.yaml", env={"GITHUB_ACTIONS": "true"}).stdout == GITHUB
    # an explicit --format wins
    assert run("two.yaml", "--format", "human", env={"GITHUB_ACTIONS": "true"}).stdout == HUMAN


def test_sarif_output() -> None:
    result = run("two.yaml", "--format", "sarif")
    assert result.exit_code == 1
    sarif = json.loads(result.stdout)
    assert sarif["version"] == "2.1.0"
    run_ = sarif["runs"][0]
    assert run_["tool"]["driver"]["name"] == "opctl"
    rules = run_["tool"]["driver"]["rules"]
    results = run_["results"]
    assert [r["ruleId"] for r in results] == ["yaml-duplicate-key", "document-kind"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    assert results[0] == {
        "ruleId": "yaml-duplicate-key",
        "ruleIndex": results[0]["ruleIndex"],
        "level": "error",
        "message": {"text": f"{DUP_MESSAGE}\nhint: {DUP_HINT}"},
        "partialFingerprints": {"opctl/v1": results[0]["partialFingerprints"]["opctl/v1"]},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "two.yaml", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 11},
                },
                "logicalLocations": [{"fullyQualifiedName": "/entrypoint"}],
            }
        ],
    }


JUNIT = f"""\
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="opctl lint" tests="2" failures="2" errors="0">
  <testsuite name="two.yaml" tests="2" failures="2" errors="0" skipped="0" file="two.yaml">
    <testcase name="2:1 yaml-duplicate-key" classname="two.yaml">
      <failure message="{DUP_MESSAGE}" type="error">two.yaml:2:1: error[yaml-duplicate-key]: {DUP_MESSAGE}
hint: {DUP_HINT}</failure>
    </testcase>
    <testcase name="8:1 document-kind" classname="two.yaml">
      <failure message="{KIND_MESSAGE}" type="error">two.yaml:8:1: error[document-kind]: {KIND_MESSAGE}
hint: {KIND_HINT}</failure>
    </testcase>
  </testsuite>
</testsuites>
"""


def test_junit_output_exact() -> None:
    result = run("two.yaml", "--format", "junit")
    assert result.exit_code == 1
    assert result.stdout == JUNIT


def test_clean_file_exit_0_in_every_format(in_tmp: Path) -> None:
    (in_tmp / "clean.yaml").write_text(CLEAN)
    result = run("clean.yaml")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "✔ no problems (1 file checked)\n")
    assert run("clean.yaml", "-f", "github").stdout == ""
    assert json.loads(run("clean.yaml", "-f", "json").stdout)["diagnostics"] == []
    assert '<testcase name="lint" classname="clean.yaml"/>' in run("clean.yaml", "-f", "junit").stdout
    assert json.loads(run("clean.yaml", "-f", "sarif").stdout)["runs"][0]["results"] == []


def test_quiet_drops_the_summary() -> None:
    result = run("two.yaml", "--quiet")
    assert result.stderr == ""
    assert result.stdout == HUMAN


def test_output_file_is_written_and_stdout_stays_empty(in_tmp: Path) -> None:
    result = run("two.yaml", "-f", "json", "--output-file", "report.json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads((in_tmp / "report.json").read_text())["summary"]["errors"] == 2
    assert [p.name for p in in_tmp.iterdir() if p.name.startswith(".opctl-")] == []


def test_output_into_a_missing_directory_is_a_usage_error(in_tmp: Path) -> None:
    result = run("two.yaml", "--output-file", "no/such/dir/report.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith("opctl: error: cannot write --output-file no/such/dir/report.txt:")
    assert not (in_tmp / "no").exists()


def test_output_through_a_symlink_keeps_the_link(in_tmp: Path) -> None:
    (in_tmp / "link.json").symlink_to("report.json")
    assert run("two.yaml", "-o", "json", "--output-file", "link.json").exit_code == 1
    assert (in_tmp / "link.json").is_symlink()
    assert json.loads((in_tmp / "report.json").read_text())["summary"]["errors"] == 2


def test_output_to_a_fifo_writes_into_it_and_leaves_it_a_fifo(in_tmp: Path) -> None:
    import os
    import stat

    fifo = in_tmp / "pipe"
    os.mkfifo(fifo)
    # a reader that is already open (non-blocking), so the writer neither waits nor can hang the test
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = run("two.yaml", "-o", "json", "--output-file", str(fifo))
        received = os.read(reader, 1 << 16).decode()
    finally:
        os.close(reader)
    assert result.exit_code == 1
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received)["summary"]["errors"] == 2
    assert [p.name for p in in_tmp.iterdir() if p.name.startswith(".opctl-")] == []


def test_output_dash_is_stdout(in_tmp: Path) -> None:
    result = run("two.yaml", "-o", "json", "--output-file", "-")
    assert json.loads(result.stdout)["summary"]["errors"] == 2
    assert not (in_tmp / "-").exists()


# --------------------------------------------------------------------------------------------
# exit codes


def test_warnings_only_exit_0_and_1_with_strict(in_tmp: Path) -> None:
    (in_tmp / ".opctl.yaml").write_text("severity:\n  yaml-duplicate-key: warning\n  document-kind: warning\n")
    result = run("two.yaml")
    assert result.exit_code == 0
    assert result.stderr == "✖ 2 warnings in 1 file (1 file checked)\n"
    assert "two.yaml:2:1: warning[yaml-duplicate-key]" in result.stdout
    assert run("two.yaml", "--strict").exit_code == 1


def test_unreadable_input_exits_2_even_when_other_files_have_findings(in_tmp: Path) -> None:
    (in_tmp / "broken.yaml").write_text("entrypoint: [main\n")
    result = run("two.yaml", "broken.yaml")
    assert result.exit_code == 2
    assert "broken.yaml:2:1: error[yaml-syntax]: YAML syntax error:" in result.stdout
    assert "two.yaml:2:1: error[yaml-duplicate-key]" in result.stdout
    assert "opctl: 1 input could not be read or parsed: broken.yaml\n" in result.stderr


def test_missing_path_exits_2() -> None:
    result = run("nope.yaml")
    assert result.exit_code == 2
    assert result.stdout.startswith("nope.yaml:1:1: error[input-not-found]: no such file or directory: nope.yaml\n")


def test_nothing_to_lint_in_an_empty_directory(in_tmp: Path) -> None:
    (in_tmp / "empty").mkdir()
    result = run("empty")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "opctl: nothing to lint: no *.yaml, *.yml or *.json files in empty\n"
        "  hint: pass a template file, a directory holding templates, or - for stdin\n"
    )


def test_a_file_named_by_hand_that_is_no_workflow_exits_2_and_says_what_it_is(in_tmp: Path) -> None:
    (in_tmp / "pod.yaml").write_text("apiVersion: v1\nkind: Pod\n")
    result = run("pod.yaml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("opctl: nothing to lint: pod.yaml is a Kubernetes Pod (v1)\n  hint: ")


def test_no_path_lints_the_current_directory() -> None:
    result = run()
    assert result.exit_code == 1
    assert "two.yaml:2:1: error[yaml-duplicate-key]" in result.stdout


def test_usage_errors_exit_2() -> None:
    assert run("two.yaml", "--format", "xml").exit_code == 2
    result = run("two.yaml", "--config", "x.toml", "--no-config")
    assert result.exit_code == 2
    assert "--config and --no-config exclude each other" in result.stderr


def test_help_documents_formats_and_exit_codes() -> None:
    text = run("--help").stdout
    for word in ("human", "json", "github", "sarif", "junit", "GITHUB_ACTIONS", "NO_COLOR", "Exit codes"):
        assert word in text
    assert "2  usage or configuration error" in text
    assert "3  --server: the Argo Server or the network failed" in text


# --------------------------------------------------------------------------------------------
# configuration, excludes, suppression, stdin


def test_pyproject_config_found_walking_up(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (in_tmp / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.opctl]\ndisable = ["yaml-duplicate-key"]\n')
    deep = in_tmp / "a" / "b"
    deep.mkdir(parents=True)
    (deep / "two.yaml").write_text(TWO)
    monkeypatch.chdir(deep)
    result = run("two.yaml")
    assert "yaml-duplicate-key" not in result.stdout
    assert "two.yaml:8:1: error[document-kind]" in result.stdout
    assert result.stderr == "✖ 1 error in 1 file (1 file checked)\n"
    assert "yaml-duplicate-key" in run("two.yaml", "--no-config").stdout


def test_opctl_yaml_wins_over_a_pyproject_further_up(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (in_tmp / "pyproject.toml").write_text('[tool.opctl]\ndisable = ["yaml-duplicate-key"]\n')
    sub = in_tmp / "sub"
    sub.mkdir()
    (sub / ".opctl.yaml").write_text("severity:\n  document-kind: info\n")
    (sub / "two.yaml").write_text(TWO)
    monkeypatch.chdir(sub)
    result = run("two.yaml")
    assert "two.yaml:2:1: error[yaml-duplicate-key]" in result.stdout
    assert "two.yaml:8:1: info[document-kind]" in result.stdout
    assert result.stderr == "✖ 1 error, 1 info in 1 file (1 file checked)\n"


def test_explicit_config_file(in_tmp: Path) -> None:
    (in_tmp / "lint.yaml").write_text("disable: [document-kind]\n")
    result = run("two.yaml", "--config", "lint.yaml")
    assert "document-kind" not in result.stdout
    assert result.exit_code == 1


def test_config_error_exits_2_with_position(in_tmp: Path) -> None:
    (in_tmp / ".opctl.yaml").write_text("disable:\n  - yaml-duplicate-keys\n")
    result = run("two.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        "opctl: error: .opctl.yaml:2:5: unknown rule id 'yaml-duplicate-keys' (did you mean 'yaml-duplicate-key'?)\n"
        "  hint: `opctl rules` lists every rule id\n"
    )
    assert result.stdout == ""


def test_exclude_from_flag_and_config(in_tmp: Path) -> None:
    (in_tmp / "gen").mkdir()
    (in_tmp / "gen" / "bad.yaml").write_text("entrypoint: [\n")
    (in_tmp / "clean.yaml").write_text(CLEAN)
    assert run(".", "--exclude", "two.yaml").exit_code == 2  # gen/bad.yaml does not parse
    result = run(".", "--exclude", "two.yaml", "--exclude", "gen")
    assert (result.exit_code, result.stderr) == (0, "✔ no problems (1 file checked)\n")
    (in_tmp / ".opctl.yaml").write_text("exclude: [gen, two.yaml]\n")
    assert run(".").exit_code == 0


def test_inline_suppression_hides_the_finding_and_json_shows_it(in_tmp: Path) -> None:
    (in_tmp / "two.yaml").write_text(
        TWO.replace("entrypoint: main\ntemplates", "entrypoint: main  # opctl: ignore[yaml-duplicate-key]\ntemplates")
    )
    result = run("two.yaml")
    assert "yaml-duplicate-key" not in result.stdout
    assert result.stderr == "✖ 1 error in 1 file (1 file checked, 1 suppressed)\n"
    data = json.loads(run("two.yaml", "-f", "json").stdout)
    assert [(d["rule"], d["suppressed"]) for d in data["diagnostics"]] == [
        ("yaml-duplicate-key", True),
        ("document-kind", False),
    ]
    assert data["summary"]["suppressed"] == 1 and data["summary"]["errors"] == 1
    sarif = json.loads(run("two.yaml", "-f", "sarif").stdout)
    assert sarif["runs"][0]["results"][0]["suppressions"] == [{"kind": "inSource", "justification": "# opctl: ignore"}]
    assert "<skipped message=" in run("two.yaml", "-f", "junit").stdout
    assert "yaml-duplicate-key" not in run("two.yaml", "-f", "github").stdout


def test_suppressing_another_rule_does_not_hide_the_finding(in_tmp: Path) -> None:
    (in_tmp / "two.yaml").write_text(
        TWO.replace("entrypoint: main\ntemplates", "entrypoint: main  # opctl: ignore[dag-empty]\ntemplates")
    )
    assert "two.yaml:2:1: error[yaml-duplicate-key]" in run("two.yaml").stdout


def test_stdin() -> None:
    result = run("-", stdin=TWO)
    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"<stdin>:2:1: error[yaml-duplicate-key]: {DUP_MESSAGE}\n  |\n2 | entrypoint: main\n"
    )
    assert json.loads(run("-", "-f", "json", stdin=CLEAN).stdout)["files"] == ["<stdin>"]


def test_dialect_from_config_and_flag(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def spy(documents, dialect="onepanel", config=None, progress=None):  # type: ignore[no-untyped-def]
        seen.append(dialect)
        return []

    monkeypatch.setattr("opctl.lint.lint_documents", spy)
    (in_tmp / "clean.yaml").write_text(CLEAN)
    run("clean.yaml")
    (in_tmp / ".opctl.yaml").write_text("dialect: argo\n")
    run("clean.yaml")
    run("clean.yaml", "--dialect", "onepanel")
    assert seen == ["onepanel", "argo", "onepanel"]


# --------------------------------------------------------------------------------------------
# --server: the Argo Server's lint endpoint, played by the fake server of the client tests

NAMED = """\
metadata:
  name: hello
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - name: a
        template: echo
  - name: echo
    container:
      image: alpine:3.19
"""


@pytest.fixture
def argo(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from opctl.argo import client as client_module
    from opctl.argo.client import RetryPolicy
    from tests.argo.fake_argo import FakeArgoServer

    monkeypatch.setattr(client_module, "DEFAULT_RETRY", RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.02))
    for name in ("ARGO_SERVER", "ARGO_SECURE", "ARGO_INSECURE_SKIP_VERIFY", "ARGO_BASE_HREF", "ARGO_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("ARGO_NAMESPACE", raising=False)
    server = FakeArgoServer().start()
    yield server
    server.stop()
    assert server.schema_errors == []


def test_server_lint_rejection_is_a_finding(in_tmp: Path, argo) -> None:  # type: ignore[no-untyped-def]
    (in_tmp / "hello.yaml").write_text(NAMED)
    argo.lint_errors["hello-"] = 'templates.main.tasks.a template "echo" is not valid'
    result = run("hello.yaml", "--server", "-s", argo.address, "--insecure")
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "hello.yaml:1:1: error[server-lint]: the Argo Server rejects the compiled Workflow: "
        'templates.main.tasks.a template "echo" is not valid\n'
    )
    assert len(argo.calls("POST", "/lint")) == 1


def test_server_lint_accepting_is_clean(in_tmp: Path, argo) -> None:  # type: ignore[no-untyped-def]
    (in_tmp / "hello.yaml").write_text(NAMED)
    result = run("hello.yaml", "--server", "-s", argo.address, "--insecure")
    assert (result.exit_code, result.stdout) == (0, "")
    body = argo.calls("POST", "/lint")[0].body
    assert body["workflow"]["kind"] == "Workflow"


def test_server_lint_skips_documents_with_offline_errors(argo) -> None:  # type: ignore[no-untyped-def]
    result = run("two.yaml", "--server", "-s", argo.address, "--insecure")
    assert result.exit_code == 1
    assert argo.calls("POST", "/lint") == []


def test_server_unreachable_exits_3(in_tmp: Path, argo) -> None:  # type: ignore[no-untyped-def]
    (in_tmp / "hello.yaml").write_text(NAMED)
    address = argo.address
    argo.stop()
    result = run("hello.yaml", "--server", "-s", address, "--insecure", "--request-timeout", "2s")
    assert result.exit_code == 3
    assert result.stderr.startswith("opctl: error: ")
    assert "Traceback" not in result.output


def test_server_without_address_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ARGO_SERVER", raising=False)
    result = run("two.yaml", "--server")
    assert result.exit_code == 2
    assert result.stderr.startswith("opctl: error: no Argo Server configured\n")


def test_format_choices_match_the_reporter_registry() -> None:
    from opctl.commands.lint import FORMAT_NAMES
    from opctl.report import FORMATS

    assert list(FORMAT_NAMES) == list(FORMATS)


def test_dash_o_is_the_format_as_in_compile_and_output_files_get_normal_permissions(in_tmp: Path) -> None:
    import os
    import stat

    assert json.loads(run("two.yaml", "-o", "json").stdout)["summary"]["errors"] == 2
    assert not (in_tmp / "json").exists()
    run("two.yaml", "-o", "json", "--output-file", "r.json")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((in_tmp / "r.json").stat().st_mode) == 0o666 & ~umask


def test_server_lint_of_a_template_that_does_not_compile_is_a_warning(in_tmp: Path, argo) -> None:  # type: ignore[no-untyped-def]
    (in_tmp / "hello.yaml").write_text(
        NAMED.replace("  entrypoint: main\n", "  entrypoint: main\n  arguments:\n    parameters:\n    - name: epochs\n")
    )
    result = run("hello.yaml", "--server", "-s", argo.address, "--insecure")
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "hello.yaml:7:7: warning[server-lint-skipped]: not linted on the Argo Server: it does not compile "
        "(parameter 'epochs' has no value and none was passed)\n"
    )
    assert argo.calls("POST", "/lint") == []


def test_config_that_is_a_directory_says_so(in_tmp: Path) -> None:
    (in_tmp / "conf").mkdir()
    result = run("two.yaml", "--config", "conf")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "opctl: error: --config conf is a directory",
        "  hint: pass the file itself: .opctl.yaml, .opctl.yml or pyproject.toml",
    ]


def test_configuration_type_errors_show_an_example_in_the_file_s_syntax(in_tmp: Path) -> None:
    (in_tmp / ".opctl.yaml").write_text("exclude: 3\n")
    result = run("two.yaml")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "opctl: error: .opctl.yaml:1:10: 'exclude' must be a list of glob patterns (strings)",
        '  hint: for example exclude: ["vendor/**"]',
    ]
    (in_tmp / ".opctl.yaml").unlink()
    (in_tmp / "pyproject.toml").write_text('[tool.opctl]\ndisable = "dag-cycle"\n')
    result = run("two.yaml")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[1] == '  hint: for example disable = ["ref-unused-parameter"]'


def test_github_annotations_show_terminal_escapes_from_the_yaml_as_text() -> None:
    result = run("-", "-o", "github", stdin='"\\e[2Jkey": 1\n"\\e[2Jkey": 2\ntemplates: []\n')
    assert "::error file=<stdin>,line=2,col=1," in result.stdout
    assert "duplicate key '\\x1b[2Jkey'" in result.stdout
    assert "\x1b" not in result.stdout


def test_force_color_paints_off_a_terminal_and_no_color_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert use_color("auto", FakeStream(tty=False)) is True
    monkeypatch.setenv("FORCE_COLOR", "0")
    assert use_color("auto", FakeStream(tty=False)) is False
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color("auto", FakeStream(tty=True)) is False
    assert use_color("never", FakeStream(tty=True)) is False


def test_select_and_disable_on_the_command_line() -> None:
    both = run("two.yaml", "-o", "json")
    assert [d["rule"] for d in json.loads(both.stdout)["diagnostics"]] == ["yaml-duplicate-key", "document-kind"]
    selected = run("two.yaml", "-o", "json", "--select", "document-kind")
    assert [d["rule"] for d in json.loads(selected.stdout)["diagnostics"]] == ["document-kind"]
    disabled = run("two.yaml", "-o", "json", "--disable", "document-kind,yaml-duplicate-key")
    assert (disabled.exit_code, json.loads(disabled.stdout)["diagnostics"]) == (0, [])
    unknown = run("two.yaml", "--disable", "document-kidn")
    assert unknown.exit_code == 2
    assert "opctl: error: --disable document-kidn: no such rule (did you mean 'document-kind'?)" in unknown.stderr


def test_output_names_the_format_and_a_file_name_there_gets_a_hint() -> None:
    result = run("two.yaml", "--output", "report.sarif")
    assert result.exit_code == 2
    assert "write to a file with --output-file report.sarif" in result.stderr
    assert json.loads(run("two.yaml", "--output", "sarif").stdout)["version"] == "2.1.0"


def test_every_command_names_formats_with_dash_o_and_files_with_output_file() -> None:
    for command in ("lint", "compile", "graph", "simulate"):
        text = CliRunner().invoke(cli, [command, "--help"]).stdout
        assert "-o, --output" in text and "--output-file FILE" in text, command
    for command in ("submit", "rules"):
        assert "-o, --output" in CliRunner().invoke(cli, [command, "--help"]).stdout, command
    assert CliRunner().invoke(cli, ["rules", "-o", "text"]).exit_code == 0  # its 0.1 name for human
