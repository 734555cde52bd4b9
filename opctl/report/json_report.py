"""``json``: one JSON object per run, documented by ``schemas/lint-report.schema.json``.

The schema is stable: fields are only added (never renamed or removed) within a ``version``.
Suppressed findings are included with ``"suppressed": true``; the summary counts exclude them.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from opctl.report import NOT_A_WORKFLOW, Report, diagnostic_record, dump_json

SCHEMA_VERSION = 1


def to_data(report: Report) -> dict[str, Any]:
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "opctl", "version": report.tool_version},
        "summary": asdict(report.summary()),
        "files": list(report.files),
        "unreadable": list(report.unreadable),
        "skipped": [{"file": name, "reason": NOT_A_WORKFLOW} for name in report.skipped],
        "diagnostics": [diagnostic_record(diag) for diag in report.diagnostics],
    }


def render(report: Report, *, color: bool = False) -> str:
    return dump_json(to_data(report), len(report.diagnostics))
