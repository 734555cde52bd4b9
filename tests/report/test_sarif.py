"""The sarif reporter, checked against a subset of the SARIF 2.1.0 schema (offline) and by content."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from opctl.diagnostics import Diagnostic, Severity
from opctl.report import Report, RuleInfo
from opctl.report.sarif import artifact_location, render

# The parts of https://json.schemastore.org/sarif-2.1.0.json that code-scanning uploads rely on.
LEVEL = {"enum": ["none", "note", "warning", "error"]}
SARIF_SUBSET = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "version": {"type": "string"},
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": ["id"],
                                            "properties": {
                                                "id": {"type": "string"},
                                                "shortDescription": {
                                                    "type": "object",
                                                    "required": ["text"],
                                                    "properties": {"text": {"type": "string"}},
                                                },
                                                "defaultConfiguration": {
                                                    "type": "object",
                                                    "properties": {"level": LEVEL},
                                                },
                                                "helpUri": {"type": "string", "format": "uri"},
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["message"],
                            "properties": {
                                "ruleId": {"type": "string"},
                                "ruleIndex": {"type": "integer", "minimum": 0},
                                "level": LEVEL,
                                "message": {
                                    "type": "object",
                                    "required": ["text"],
                                    "properties": {"text": {"type": "string"}},
                                },
                                "locations": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "physicalLocation": {
                                                "type": "object",
                                                "required": ["artifactLocation"],
                                                "properties": {
                                                    "artifactLocation": {
                                                        "type": "object",
                                                        "required": ["uri"],
                                                        "properties": {
                                                            "uri": {"type": "string", "format": "uri-reference"},
                                                            "uriBaseId": {"type": "string"},
                                                        },
                                                    },
                                                    "region": {
                                                        "type": "object",
                                                        "required": ["startLine"],
                                                        "properties": {
                                                            "startLine": {"type": "integer", "minimum": 1},
                                                            "startColumn": {"type": "integer", "minimum": 1},
                                                            "endLine": {"type": "integer", "minimum": 1},
                                                            "endColumn": {"type": "integer", "minimum": 1},
                                                        },
                                                    },
                                                },
                                            }
                                        },
                                    },
                                },
                                "suppressions": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["kind"],
                                        "properties": {"kind": {"enum": ["inSource", "external"]}},
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}

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


def test_valid_against_the_sarif_subset() -> None:
    data = json.loads(render(REPORT))
    jsonschema.validate(data, SARIF_SUBSET, format_checker=jsonschema.FormatChecker())


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
