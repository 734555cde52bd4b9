"""``junit``: JUnit XML, as GitLab, Jenkins and most CI dashboards read test reports.

One ``<testsuite>`` per input file. A file without findings has one passing test case named
``lint``; otherwise every finding is a test case named ``line:column rule-id`` (``classname`` and
``file``: the file; ``line``: its line, which GitLab and annotation actions read) with a
``<failure>`` (``type`` = severity), an ``<error>`` when the file could not be read or parsed, or
``<skipped>`` when it was suppressed inline. The text carries the position, message and hint.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import quoteattr

from opctl.diagnostics import Diagnostic
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


def render(report: Report, *, color: bool = False) -> str:
    by_file: dict[str, list[Diagnostic]] = {name: [] for name in report.files}
    for diag in report.diagnostics:
        by_file.setdefault(diag.file, []).append(diag)
    unreadable = set(report.unreadable)
    suites: list[str] = []
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for name, found in by_file.items():
        cases: list[str] = []
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for diag in found:
            counts["tests"] += 1
            case = (
                f"    <testcase name={_attr(f'{diag.line}:{diag.column} {diag.rule}')} classname={_attr(name)} "
                f'file={_attr(name)} line="{diag.line}">'
            )
            if diag.suppressed:
                counts["skipped"] += 1
                body = f"      <skipped message={_attr('suppressed inline: ' + diag.message)}/>"
            else:
                kind = "error" if name in unreadable else "failure"
                counts["errors" if kind == "error" else "failures"] += 1
                body = (
                    f"      <{kind} message={_attr(diag.message)} type={_attr(str(diag.severity))}>"
                    f"{_text(_detail(diag))}</{kind}>"
                )
            cases.append(f"{case}\n{body}\n    </testcase>")
        if not found:
            counts["tests"] = 1
            cases.append(f'    <testcase name="lint" classname={_attr(name)} file={_attr(name)}/>')
        for key in totals:
            totals[key] += counts[key]
        attrs = " ".join(f'{key}="{value}"' for key, value in counts.items())
        suites.append(f"  <testsuite name={_attr(name)} {attrs}>\n" + "\n".join(cases) + "\n  </testsuite>")
    attrs = " ".join(f'{key}="{value}"' for key, value in totals.items())
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name="opctl lint" {attrs}>\n' + "".join(s + "\n" for s in suites) + "</testsuites>\n"
    )
