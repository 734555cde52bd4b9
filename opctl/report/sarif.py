"""``sarif``: SARIF 2.1.0 for GitHub code scanning and other static-analysis dashboards.

One run; ``tool.driver.rules`` lists every registered rule (plus the read/parse findings that
occurred); each result points at its rule by id and index. Regions use 1-based lines and Unicode
code-point columns (``columnKind``), ``endColumn`` exclusive as SARIF defines it. File URIs are
relative to the working directory (``uriBaseId: %SRCROOT%``) when the file is below it.
Suppressed findings are kept with an ``inSource`` suppression, so dashboards show them as such.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from opctl.diagnostics import Diagnostic, Severity
from opctl.report import STDIN_NAME, Report, dump_json
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
    rule_ids = sorted(set(report.rules) | {diag.rule for diag in report.diagnostics})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    rules = []
    for rule_id in rule_ids:
        info = report.rule_info(rule_id)
        rules.append(
            {
                "id": rule_id,
                "shortDescription": {"text": info.summary},
                **sarif_help(rule_id),  # name, fullDescription, help, helpUri (docs/rules.md#<rule-id>)
                "defaultConfiguration": {"level": LEVEL[info.severity]},
            }
        )
    results = []
    locations: dict[str, dict[str, str]] = {}  # per file: Path work for each of 10^5 findings adds up
    for diag in report.diagnostics:
        if diag.file not in locations:
            locations[diag.file] = artifact_location(diag.file)
        text = diag.message if not diag.hint else f"{diag.message}\nhint: {diag.hint}"
        result: dict[str, Any] = {
            "ruleId": diag.rule,
            "ruleIndex": index[diag.rule],
            "level": LEVEL[diag.severity],
            "message": {"text": text},
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
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(report: Report, *, color: bool = False) -> str:
    return dump_json(to_data(report), len(report.diagnostics))
