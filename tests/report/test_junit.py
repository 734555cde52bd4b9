"""The junit reporter: well-formed XML that CI parsers read, one suite per file."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from opctl.diagnostics import Diagnostic, Severity
from opctl.report import Report
from opctl.report.junit import render


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
    root = ET.fromstring(render(report))
    assert root.tag == "testsuites"
    assert {k: root.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "4",
        "failures": "1",
        "errors": "1",
        "skipped": "1",
    }
    suites = {suite.get("name"): suite for suite in root}
    assert list(suites) == ["a.yaml", "bad.yaml", "clean.yaml"]
    cases = suites["a.yaml"].findall("testcase")
    assert [c.get("name") for c in cases] == ["4:7 dag-cycle", "9:1 param-unused"]
    assert [(c.get("file"), c.get("line")) for c in cases] == [("a.yaml", "4"), ("a.yaml", "9")]
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
