"""``gitlab``: GitLab Code Quality (``artifacts: reports: codequality``), a subset of Code Climate's
issue format: a JSON array of ``{description, check_name, fingerprint, severity, location}``.

Severity: error → ``major``, warning → ``minor``, info → ``info``. ``location.path`` is relative to
the working directory (the repository root in CI), ``location.lines.begin`` 1-based. Fingerprints
(:func:`opctl.report.fingerprints`) do not change when lines move, so GitLab matches the same
finding across the merge request's base and head. Suppressed findings are left out: GitLab has no
notion of them. An empty run is ``[]``.
"""

from __future__ import annotations

from typing import Any

from opctl.diagnostics import Severity
from opctl.report import Report, dump_json, fingerprints, repo_path

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def to_data(report: Report) -> list[dict[str, Any]]:
    issues = []
    for diag, fingerprint in zip(report.diagnostics, fingerprints(report), strict=True):
        if diag.suppressed:
            continue
        description = f"{diag.message} (hint: {diag.hint})" if diag.hint else diag.message
        lines = {"begin": diag.line, "end": diag.end_line or diag.line}
        issues.append(
            {
                "type": "issue",
                "description": description,
                "check_name": diag.rule,
                "fingerprint": fingerprint,
                "severity": SEVERITY[diag.severity],
                "categories": ["Bug Risk"] if diag.severity is Severity.ERROR else ["Style"],
                "location": {"path": repo_path(diag.file), "lines": lines},
            }
        )
    return issues


def render(report: Report, *, color: bool = False) -> str:
    return dump_json(to_data(report), len(report.diagnostics))
