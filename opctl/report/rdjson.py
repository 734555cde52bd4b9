"""``rdjson``: reviewdog's Diagnostic Format (``reviewdog -f=rdjson``), one JSON object.

Lines are 1-based; columns are 1-based **UTF-8 byte** offsets, as reviewdog reads them (opctl's own
columns count code points: a line with non-ASCII text before the finding differs). Each diagnostic
carries its rule as ``code`` with the URL of its documentation. Suppressed findings are left out.
"""

from __future__ import annotations

from typing import Any

from opctl.diagnostics import Diagnostic, Severity
from opctl.report import Report, dump_json, repo_path

SEVERITY = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}


def _byte_column(report: Report, diag: Diagnostic, line: int, column: int) -> int:
    source = report.sources.get(diag.file)
    if source is None:
        return column
    return len(source.line(line)[: column - 1].encode("utf-8")) + 1


def to_data(report: Report) -> dict[str, Any]:
    from opctl import HOMEPAGE
    from opctl.rule_docs import help_uri

    diagnostics = []
    for diag in report.diagnostics:
        if diag.suppressed:
            continue
        start = {"line": diag.line, "column": _byte_column(report, diag, diag.line, diag.column)}
        area: dict[str, Any] = {"start": start}
        if diag.end_line is not None and diag.end_column is not None:
            area["end"] = {"line": diag.end_line, "column": _byte_column(report, diag, diag.end_line, diag.end_column)}
        message = f"{diag.message}\nhint: {diag.hint}" if diag.hint else diag.message
        diagnostics.append(
            {
                "message": message,
                "location": {"path": repo_path(diag.file), "range": area},
                "severity": SEVERITY[diag.severity],
                "code": {"value": diag.rule, "url": help_uri(diag.rule)},
            }
        )
    return {"source": {"name": "opctl", "url": HOMEPAGE}, "diagnostics": diagnostics}


def render(report: Report, *, color: bool = False) -> str:
    return dump_json(to_data(report), len(report.diagnostics))
