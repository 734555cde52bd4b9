"""``sarif``: SARIF 2.1.0 for GitHub code scanning and other static-analysis dashboards.

One run; ``tool.driver.rules`` lists every registered rule (plus the read/parse findings that
occurred); each result points at its rule by id and index. Regions use 1-based lines and Unicode
code-point columns (``columnKind``), ``endColumn`` exclusive as SARIF defines it. File URIs are
relative to the working directory (``uriBaseId: %SRCROOT%``) when the file is below it.
Suppressed findings are kept with an ``inSource`` suppression, so dashboards show them as such.

For GitHub code scanning each rule has a title (``name``, never its id), ``fullDescription``,
``help`` (text and markdown: why it matters, a failing and a fixed example) and a ``helpUri`` into
docs/rules.md; each result has ``partialFingerprints`` that survive lines moving. Files skipped as
no workflow are ``toolExecutionNotifications`` of the run's invocation. Validated against the OASIS
SARIF 2.1.0 schema in tests/report/test_sarif.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from opctl.diagnostics import Diagnostic, Severity
from opctl.report import STDIN_NAME, Report, dump_json, fingerprints
from opctl.rule_docs import sarif_help

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_location(file: str) -> dict[str, str]:
    if file in (STDIN_NAME, "-"):
        return {"uri": "stdin"}
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return {"uri": path.as_uri()}
    return {"uri": quote(path.as_posix().removeprefix("./")), "uriBaseId": "%SRCROOT%"}


def region(diag: Diagnostic) -> dict[str, int]:
    area = {"startLine": diag.line, "startColumn": diag.column}
    if diag.end_line is not None and diag.end_column is not None:
        area["endLine"] = diag.end_line
        area["endColumn"] = diag.end_column
    return area


def to_data(report: Report) -> dict[str, Any]:
    from opctl import HOMEPAGE

    rule_ids = sorted(set(report.rules) | {diag.rule for diag in report.diagnostics})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    rules = []
    for rule_id in rule_ids:
        info = report.rule_info(rule_id)
        summary = info.summary[:1].upper() + info.summary[1:] + "."
        rules.append(
            {
                "id": rule_id,
                "shortDescription": {"text": info.summary},
                # name, fullDescription, help, helpUri (docs/rules.md#<rule-id>); the summary for ids
                # outside the catalogue, so every rule has what code scanning shows
                "fullDescription": {"text": summary},
                "help": {"text": summary, "markdown": summary},
                **sarif_help(rule_id),
                "defaultConfiguration": {"level": LEVEL[info.severity]},
            }
        )
    results = []
    locations: dict[str, dict[str, str]] = {}  # per file: Path work for each of 10^5 findings adds up
    for diag, fingerprint in zip(report.diagnostics, fingerprints(report), strict=True):
        if diag.file not in locations:
            locations[diag.file] = artifact_location(diag.file)
        text = diag.message if not diag.hint else f"{diag.message}\nhint: {diag.hint}"
        result: dict[str, Any] = {
            "ruleId": diag.rule,
            "ruleIndex": index[diag.rule],
            "level": LEVEL[diag.severity],
            "message": {"text": text},
            "partialFingerprints": {"opctl/v1": fingerprint},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": dict(locations[diag.file]),
                        "region": region(diag),
                    },
                    **({"logicalLocations": [{"fullyQualifiedName": diag.path}]} if diag.path else {}),
                }
            ],
        }
        if diag.suppressed:
            result["suppressions"] = [{"kind": "inSource", "justification": "# opctl: ignore"}]
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "opctl",
                        "version": report.tool_version,
                        "semanticVersion": report.tool_version,
                        "informationUri": HOMEPAGE,
                        "rules": rules,
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not report.unreadable,
                        "toolExecutionNotifications": [
                            {
                                "level": "note",
                                "message": {"text": f"{name}: skipped, not a workflow"},
                                "locations": [{"physicalLocation": {"artifactLocation": artifact_location(name)}}],
                            }
                            for name in report.skipped
                        ],
                    }
                ],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(report: Report, *, color: bool = False) -> str:
    return dump_json(to_data(report), len(report.diagnostics))
