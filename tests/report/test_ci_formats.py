"""``gitlab`` (Code Quality) and ``rdjson`` (reviewdog): the shapes those consumers read, checked
against schemas written from their documentation, and the parts users rely on (stable fingerprints,
repository-relative paths, reviewdog's UTF-8 byte columns)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from opctl.cli import cli
from opctl.diagnostics import Diagnostic, Severity
from opctl.report import Report
from opctl.report.gitlab import render as gitlab
from opctl.report.rdjson import render as rdjson
from opctl.source import SourceFile

# GitLab's Code Quality report: a JSON array of Code Climate issues (docs: "Code Quality report format").
CODE_QUALITY = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "pattern": "^(?!\\./)(?!/)[^\\\\]+$"},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}
POSITION = {
    "type": "object",
    "required": ["line", "column"],
    "properties": {"line": {"type": "integer", "minimum": 1}, "column": {"type": "integer", "minimum": 1}},
}
# reviewdog's rdjson (proto/rdf/reviewdog.proto: DiagnosticResult).
RDJSON = {
    "type": "object",
    "required": ["diagnostics"],
    "properties": {
        "source": {"type": "object", "required": ["name"]},
        "diagnostics": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["message", "location", "severity"],
                "properties": {
                    "message": {"type": "string"},
                    "severity": {"enum": ["UNKNOWN_SEVERITY", "ERROR", "WARNING", "INFO"]},
                    "location": {
                        "type": "object",
                        "required": ["path", "range"],
                        "properties": {
                            "path": {"type": "string"},
                            "range": {
                                "type": "object",
                                "required": ["start"],
                                "properties": {"start": POSITION, "end": POSITION},
                            },
                        },
                    },
                    "code": {"type": "object", "required": ["value"]},
                },
            },
        },
    },
}

TEXT = "name: é\nname: é\nkey: {{bad}}\n"
SOURCE = {"./flows/t.yaml": SourceFile("./flows/t.yaml", TEXT)}


def report(*diagnostics: Diagnostic) -> Report:
    return Report(list(diagnostics), ["./flows/t.yaml"], sources=SOURCE)


def finding(line: int, column: int = 1, **changes: object) -> Diagnostic:
    diag = Diagnostic("yaml-duplicate-key", Severity.ERROR, "duplicate", "remove one", "./flows/t.yaml", line, column)
    return diag.with_changes(**changes)


def test_gitlab_code_quality_shape_severities_and_suppressed_findings_left_out() -> None:
    data = json.loads(
        gitlab(
            report(
                finding(2, end_line=2, end_column=8),
                finding(3, severity=Severity.WARNING),
                finding(3, severity=Severity.INFO, rule="other"),
                finding(1, suppressed=True),
            )
        )
    )
    jsonschema.validate(data, CODE_QUALITY)
    assert [(i["check_name"], i["severity"], i["location"]) for i in data] == [
        ("yaml-duplicate-key", "major", {"path": "flows/t.yaml", "lines": {"begin": 2, "end": 2}}),
        ("yaml-duplicate-key", "minor", {"path": "flows/t.yaml", "lines": {"begin": 3, "end": 3}}),
        ("other", "info", {"path": "flows/t.yaml", "lines": {"begin": 3, "end": 3}}),
    ]
    assert data[0]["description"] == "duplicate (hint: remove one)"
    assert json.loads(gitlab(Report([], ["a.yaml"]))) == []


def test_gitlab_fingerprints_are_unique_and_stable_when_lines_move() -> None:
    first = json.loads(gitlab(report(finding(1), finding(2))))
    assert first[0]["fingerprint"] != first[1]["fingerprint"]  # same rule, same text: occurrence differs
    moved_source = {"./flows/t.yaml": SourceFile("./flows/t.yaml", "# added\n" + TEXT)}
    moved = Report([finding(2), finding(3)], ["./flows/t.yaml"], sources=moved_source)
    assert [i["fingerprint"] for i in json.loads(gitlab(moved))] == [i["fingerprint"] for i in first]


def test_rdjson_shape_and_utf8_byte_columns() -> None:
    # 'é' is one code point and two UTF-8 bytes: column 7 after it is byte column 8
    data = json.loads(rdjson(report(finding(1, 7, end_line=1, end_column=8), finding(3, suppressed=True))))
    jsonschema.validate(data, RDJSON)
    assert data["source"] == {"name": "opctl", "url": "https://github.com/onepanel-opctl/opctl"}
    [diag] = data["diagnostics"]
    assert diag["location"] == {
        "path": "flows/t.yaml",
        "range": {"start": {"line": 1, "column": 7}, "end": {"line": 1, "column": 9}},
    }
    assert diag["severity"] == "ERROR"
    assert diag["message"] == "duplicate\nhint: remove one"
    assert diag["code"] == {
        "value": "yaml-duplicate-key",
        "url": "https://github.com/onepanel-opctl/opctl/blob/main/docs/rules.md#yaml-duplicate-key",
    }


@pytest.mark.parametrize("fmt", ["gitlab", "rdjson"])
def test_the_formats_through_the_command(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.yaml").write_text("entrypoint: main\nentrypoint: main\ntemplates: []\n")
    result = CliRunner().invoke(cli, ["lint", "t.yaml", "-o", fmt], env={"GITHUB_ACTIONS": None})
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    jsonschema.validate(data, CODE_QUALITY if fmt == "gitlab" else RDJSON)
    assert "yaml-duplicate-key" in result.stdout
