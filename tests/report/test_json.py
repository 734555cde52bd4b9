"""The json reporter: every field of the documented schema, suppressed findings included."""

from __future__ import annotations

import json

import jsonschema

from opctl.diagnostics import Diagnostic, Severity
from opctl.report import Report
from opctl.report.json_report import render
from tests.conftest import REPO

SCHEMA = json.loads((REPO / "schemas" / "lint-report.schema.json").read_text())


def test_summary_counts_exclude_suppressed_findings_and_schema_holds() -> None:
    report = Report(
        [
            Diagnostic("a", Severity.ERROR, "e", None, "x.yaml", 1, 2, 1, 5, "/spec", 1),
            Diagnostic("b", Severity.WARNING, "w", "h", "x.yaml", 3, 1),
            Diagnostic("c", Severity.INFO, "i", None, "y.yaml", 1, 1),
            Diagnostic("d", Severity.ERROR, "s", None, "y.yaml", 2, 1, suppressed=True),
        ],
        ["x.yaml", "y.yaml", "z.yaml"],
        tool_version="1.2.3",
    )
    data = json.loads(render(report))
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert data["summary"] == {
        "errors": 1,
        "warnings": 1,
        "infos": 1,
        "suppressed": 1,
        "files": 3,
        "files_with_findings": 2,
        "unreadable": 0,
        "skipped": 0,
    }
    assert data["diagnostics"][0] == {
        "rule": "a",
        "severity": "error",
        "message": "e",
        "hint": None,
        "file": "x.yaml",
        "line": 1,
        "column": 2,
        "end_line": 1,
        "end_column": 5,
        "path": "/spec",
        "document": 1,
        "suppressed": False,
    }
    assert data["diagnostics"][3]["suppressed"] is True


def test_schema_rejects_a_report_missing_a_field() -> None:
    data = json.loads(render(Report([Diagnostic("a", Severity.ERROR, "e")], ["-"])))
    del data["diagnostics"][0]["hint"]
    validator = jsonschema.Draft202012Validator(SCHEMA)
    assert [e.message for e in validator.iter_errors(data)] == ["'hint' is a required property"]


def test_huge_reports_are_written_compact(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import opctl.report

    report = Report([Diagnostic("a", Severity.ERROR, "e"), Diagnostic("b", Severity.ERROR, "f")], ["-"])
    assert render(report).count("\n") > 10
    monkeypatch.setattr(opctl.report, "INDENT_LIMIT", 1)
    text = render(report)
    assert text.count("\n") == 1 and json.loads(text)["summary"]["errors"] == 2


def test_schema_has_an_id_and_allows_fields_added_later() -> None:
    assert SCHEMA["$id"].endswith("/schemas/lint-report.schema.json")
    data = json.loads(render(Report([Diagnostic("a", Severity.ERROR, "e", None, "x.yaml", 1, 1)], ["x.yaml"])))
    data["added_in_a_later_version"] = True
    data["summary"]["new_count"] = 0
    data["diagnostics"][0]["added_in_a_later_version"] = {"edits": []}  # ("fix" is now defined: opctl lint --fix)
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
