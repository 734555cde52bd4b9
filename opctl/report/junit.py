"""``junit``: JUnit XML, as GitLab, Jenkins and most CI dashboards read test reports.

Valid against the strict common JUnit schema (Jenkins xUnit's ``junit-10.xsd``; checked in
tests/report/test_junit.py). One ``<testsuite>`` per input file (``file`` = the file). A file
without findings has one passing test case named ``lint``; otherwise every finding is a test case
named ``line:column rule-id`` (``classname``: the file), which holds:

- ``<failure>`` for an error (``type`` = severity; the text carries position, message and hint);
- ``<error>`` when the file could not be read or parsed;
- ``<skipped>`` for a warning or an info — dashboards show every ``<failure>`` as a failed test, and
  a run with warnings only passes (unless ``--strict``, whose exit code still says so) — and for a
  finding suppressed inline; the message says which.

A file skipped as no workflow is a suite with one ``<skipped>`` case. The schema has no ``file`` or
``line`` attributes on test cases, so the position is in the name and the text.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import quoteattr

from opctl.diagnostics import Diagnostic, Severity
from opctl.report import Report

# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    value = _NOT_XML.sub("\ufffd", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", value), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _detail(diag: Diagnostic) -> str:
    text = f"{diag.file}:{diag.line}:{diag.column}: {diag.severity}[{diag.rule}]: {diag.message}"
    return text + (f"\nhint: {diag.hint}" if diag.hint else "")


def _case(name: str, diag: Diagnostic, unreadable: bool) -> tuple[str, str]:
    """(which counter, the XML of one finding's test case)."""
    case = f"    <testcase name={_attr(f'{diag.line}:{diag.column} {diag.rule}')} classname={_attr(name)}>"
    if diag.suppressed:
        kind, body = "skipped", f"      <skipped message={_attr('suppressed inline: ' + diag.message)}/>"
    elif unreadable or diag.severity is Severity.ERROR:
        kind = "errors" if unreadable else "failures"
        tag = "error" if unreadable else "failure"
        body = (
            f"      <{tag} message={_attr(diag.message)} type={_attr(str(diag.severity))}>"
            f"{_text(_detail(diag))}</{tag}>"
        )
    else:
        kind = "skipped"
        body = (
            f"      <skipped message={_attr(f'{diag.severity}: {diag.message}')} type={_attr(str(diag.severity))}>"
            f"{_text(_detail(diag))}</skipped>"
        )
    return kind, f"{case}\n{body}\n    </testcase>"


def render(report: Report, *, color: bool = False) -> str:
    by_file: dict[str, list[Diagnostic]] = {name: [] for name in report.files}
    for diag in report.diagnostics:
        by_file.setdefault(diag.file, []).append(diag)
    unreadable = set(report.unreadable)
    suites: list[str] = []
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for name in report.skipped:
        by_file.setdefault(name, [])
    skipped_files = set(report.skipped)
    for name, found in by_file.items():
        cases: list[str] = []
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for diag in found:
            counts["tests"] += 1
            kind, case = _case(name, diag, name in unreadable)
            counts[kind] += 1
            cases.append(case)
        if not found:
            counts["tests"] = 1
            if name in skipped_files:
                counts["skipped"] = 1
                cases.append(
                    f'    <testcase name="lint" classname={_attr(name)}>\n'
                    '      <skipped message="not a workflow: not linted"/>\n    </testcase>'
                )
            else:
                cases.append(f'    <testcase name="lint" classname={_attr(name)}/>')
        for key in totals:
            totals[key] += counts[key]
        attrs = " ".join(f'{key}="{value}"' for key, value in counts.items())
        suites.append(
            f"  <testsuite name={_attr(name)} {attrs} file={_attr(name)}>\n" + "\n".join(cases) + "\n  </testsuite>"
        )
    attrs = " ".join(f'{key}="{totals[key]}"' for key in ("tests", "failures", "errors"))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name="opctl lint" {attrs}>\n' + "".join(s + "\n" for s in suites) + "</testsuites>\n"
    )
