"""The junit reporter: XML valid against the strict common JUnit schema (Jenkins xUnit's
junit-10.xsd, tests/fixtures/junit-10.xsd, MIT, as shipped in pytest's source distribution), one
suite per file, warnings as <skipped> so a warnings-only run shows no failed test."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import xmlschema

from opctl.diagnostics import Diagnostic, Severity
from opctl.report import Report
from opctl.report.junit import render

JUNIT_XSD = xmlschema.XMLSchema(Path(__file__).parents[1] / "fixtures" / "junit-10.xsd")


def test_suites_cases_and_counts() -> None:
    report = Report(
        [
            Diagnostic("dag-cycle", Severity.ERROR, 'cycle <a> & "b"', "break it", "a.yaml", 4, 7),
            Diagnostic("param-unused", Severity.WARNING, "unused", None, "a.yaml", 9, 1, suppressed=True),
            Diagnostic("yaml-syntax", Severity.ERROR, "YAML syntax error", None, "bad.yaml", 2, 1),
        ],
        ["a.yaml", "bad.yaml", "clean.yaml"],
        unreadable=["bad.yaml"],
    )
    text = render(report)
    JUNIT_XSD.validate(text)
    root = ET.fromstring(text)
    assert root.tag == "testsuites"
    assert {k: root.get(k) for k in ("tests", "failures", "errors")} == {"tests": "4", "failures": "1", "errors": "1"}
    assert sum(int(suite.get("skipped") or 0) for suite in root) == 1
    suites = {suite.get("name"): suite for suite in root}
    assert list(suites) == ["a.yaml", "bad.yaml", "clean.yaml"]
    cases = suites["a.yaml"].findall("testcase")
    assert [c.get("name") for c in cases] == ["4:7 dag-cycle", "9:1 param-unused"]
    assert [c.get("classname") for c in cases] == ["a.yaml", "a.yaml"]
    assert suites["a.yaml"].get("file") == "a.yaml"
    failure = cases[0].find("failure")
    assert failure is not None
    assert failure.get("message") == 'cycle <a> & "b"'
    assert failure.get("type") == "error"
    assert failure.text == 'a.yaml:4:7: error[dag-cycle]: cycle <a> & "b"\nhint: break it'
    assert cases[1].find("skipped") is not None
    error = suites["bad.yaml"].find("testcase/error")
    assert error is not None and error.get("message") == "YAML syntax error"
    clean = suites["clean.yaml"].findall("testcase")
    assert [(c.get("name"), list(c)) for c in clean] == [("lint", [])]


def test_characters_xml_cannot_carry_are_replaced() -> None:
    report = Report([Diagnostic("r", Severity.ERROR, "key '\x01\x1b'", None, "a.yaml", 1, 1)], ["a.yaml"])
    failure = ET.fromstring(render(report)).find("testsuite/testcase/failure")
    assert failure is not None and failure.get("message") == "key '\ufffd\ufffd'"


def test_warnings_are_skipped_cases_not_failures_and_skipped_files_are_shown() -> None:
    report = Report(
        [
            Diagnostic("ref-unused-parameter", Severity.WARNING, "unused", "remove it", "a.yaml", 3, 5),
            Diagnostic("some-info", Severity.INFO, "note this", None, "a.yaml", 4, 1),
        ],
        ["a.yaml"],
        skipped=["values.yaml"],
    )
    text = render(report)
    JUNIT_XSD.validate(text)
    root = ET.fromstring(text)
    assert (root.get("failures"), root.get("errors"), root.get("tests")) == ("0", "0", "3")
    skipped = [case.find("skipped") for case in root.iter("testcase")]
    assert [s.get("message") if s is not None else None for s in skipped] == [
        "warning: unused",
        "info: note this",
        "not a workflow: not linted",
    ]
