"""The one catalogue: every id opctl can print is registered, listed by `opctl rules`, and obeys
configuration and ``# opctl: ignore[...]`` in compile as in lint."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from opctl.catalogue import RULES, all_rules, get_rule, register
from opctl.cli import cli

PACKAGE = Path(__file__).resolve().parents[1] / "opctl"
RULE_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+\Z")
# calls whose first argument is a rule (an id or a Rule): every way a finding is built
FINDING_CALLS = {"register", "_fatal", "_compile", "diag", "finding", "report", "_usage", "get_rule", "InputLimitError"}


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def ids_in_code() -> dict[str, str]:
    """Every id literal the code builds findings with: id -> where."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            literal: ast.expr | None = None
            if isinstance(node, ast.Call) and _call_name(node) in FINDING_CALLS and node.args:
                literal = node.args[0]
            elif isinstance(node, ast.Call):
                literal = next((k.value for k in node.keywords if k.arg == "rule"), None)
            elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "RULES":
                literal = node.slice
            if isinstance(literal, ast.Constant) and isinstance(literal.value, str) and RULE_ID.match(literal.value):
                found.setdefault(literal.value, f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


def test_every_id_the_code_builds_findings_with_is_catalogued() -> None:
    ids = ids_in_code()
    assert len(ids) > 100  # the scan sees the lint rules and the loader, compile and server ids
    catalogue = all_rules()
    missing = {rule_id: where for rule_id, where in ids.items() if rule_id not in catalogue}
    assert missing == {}


def test_no_finding_is_built_outside_the_catalogue() -> None:
    """``Diagnostic(...)`` is constructed only by ``Rule.finding``: severity comes from the catalogue."""
    builders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _call_name(node) == "Diagnostic":
                builders.append(str(path.relative_to(PACKAGE.parent)))
    assert builders == ["opctl/catalogue.py"]


def test_ids_that_used_to_live_in_hand_kept_lists_are_catalogued() -> None:
    catalogue = all_rules()
    for rule_id in (
        "input-not-found",
        "yaml-syntax",
        "yaml-duplicate-key",
        "document-kind",
        "internal-error",
        "compile-option",
        "compile-parameter-undeclared",
        "compile-output-invalid",
        "defaults-invalid",
        "server-lint",
        "server-lint-skipped",
    ):
        assert rule_id in catalogue, rule_id
    assert not catalogue["yaml-syntax"].disableable and not catalogue["compile-option"].disableable
    assert catalogue["yaml-duplicate-key"].disableable and catalogue["compile-parameter-undeclared"].disableable


def test_register_refuses_a_second_rule_with_the_same_id_and_get_rule_an_unknown_id() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        register("dag-cycle", "dag", "error", "again")
    with pytest.raises(KeyError, match="not in the catalogue"):
        get_rule("no-such-rule")
    assert get_rule("dag-cycle") is RULES["dag-cycle"]


def test_opctl_rules_lists_the_whole_catalogue() -> None:
    result = CliRunner().invoke(cli, ["rules", "-o", "json"])
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert sorted(r["id"] for r in listed) == sorted(all_rules())
    by_id = {r["id"]: r for r in listed}
    assert by_id["compile-parameter-undeclared"]["severity"] == "warning"
    assert by_id["yaml-syntax"]["configurable"] is False
    text = CliRunner().invoke(cli, ["rules"]).stdout
    assert len(text.splitlines()) == len(listed)
    assert re.search(r"^input-binary +input +error +.*\(not configurable\)$", text, re.MULTILINE)


TEMPLATE = """\
entrypoint: main
arguments:
  parameters:
  - name: epochs
    value: "1"
templates:
- name: main
  dag:
    tasks:
    - name: a
      template: echo
- name: echo
  container:
    image: alpine:3.19
    command: [echo, "{{workflow.parameters.epochs}}"]
"""


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.yaml").write_text(TEMPLATE)
    return tmp_path


def compile_(*args: str):  # type: ignore[no-untyped-def]
    env = {"OPCTL_DEFAULTS": None, "NO_COLOR": "1", "GITHUB_ACTIONS": None}
    return CliRunner().invoke(cli, ["compile", "t.yaml", *args], env=env, catch_exceptions=False)


def test_compile_findings_obey_disable_severity_and_suppression_comments(in_tmp: Path) -> None:
    result = compile_("-p", "nope=1")
    assert result.exit_code == 0
    assert "t.yaml:3:3: warning[compile-parameter-undeclared]" in result.stderr

    (in_tmp / ".opctl.yaml").write_text("disable: [compile-parameter-undeclared]\n")
    result = compile_("-p", "nope=1")
    assert (result.exit_code, result.stderr) == (0, "")

    (in_tmp / ".opctl.yaml").write_text("severity: {compile-parameter-undeclared: error}\n")
    result = compile_("-p", "nope=1")
    assert result.exit_code == 1 and result.stdout == ""
    assert "t.yaml:3:3: error[compile-parameter-undeclared]" in result.stderr

    (in_tmp / ".opctl.yaml").unlink()
    (in_tmp / "t.yaml").write_text(
        TEMPLATE.replace("  parameters:\n", "  parameters:  # opctl: ignore[compile-parameter-undeclared]\n", 1)
    )
    result = compile_("-p", "nope=1")
    assert (result.exit_code, result.stderr) == (0, "")
    assert "nope" in result.stdout


def test_fatal_ids_cannot_be_configured(in_tmp: Path) -> None:
    (in_tmp / ".opctl.yaml").write_text("disable: [compile-option]\n")
    result = compile_()
    assert result.exit_code == 2
    assert "rule 'compile-option' reports an error that stops the run; it cannot be disabled" in result.stderr
