"""Output formats for lint findings ("reporters"), chosen by name and imported only when used.

Every reporter is a module with ``render(report: Report, *, color: bool = False) -> str`` that
turns one :class:`Report` (the sorted findings of a run, the source texts for code frames, the
files checked) into the text of one output format. Adding a format is adding a module and a line
in :data:`FORMATS`.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from opctl.diagnostics import Diagnostic, Severity
from opctl.source import SourceFile

# format name -> module; the first one is the default (`opctl lint` keeps a copy of the names)
FORMATS: dict[str, str] = {
    "human": "opctl.report.human",
    "json": "opctl.report.json_report",
    "github": "opctl.report.github",
    "sarif": "opctl.report.sarif",
    "junit": "opctl.report.junit",
    "gitlab": "opctl.report.gitlab",
    "rdjson": "opctl.report.rdjson",
}
STDIN_NAME = "<stdin>"


class Renderer(Protocol):
    def __call__(self, report: Report, *, color: bool = False) -> str: ...


@dataclass(frozen=True)
class RuleInfo:
    """What a reporter needs to know about a rule (SARIF's rule catalogue)."""

    id: str
    severity: Severity
    summary: str


@dataclass(frozen=True)
class Summary:
    errors: int
    warnings: int
    infos: int
    suppressed: int
    files: int  # inputs checked
    files_with_findings: int
    unreadable: int
    skipped: int = 0  # readable inputs that hold no workflow (a ConfigMap, Helm values, a CI file)


@dataclass
class Report:
    """Everything one lint run found, ready to render.

    ``diagnostics`` are sorted and include suppressed findings (only json, sarif and junit show
    those); ``files`` are the inputs checked, in order, as named in the findings.
    """

    diagnostics: list[Diagnostic]
    files: list[str] = field(default_factory=list)
    sources: Mapping[str, SourceFile] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)
    rules: Mapping[str, RuleInfo] = field(default_factory=dict)
    tool_version: str = ""
    skipped: list[str] = field(default_factory=list)  # inputs not linted: no workflow in them

    @property
    def visible(self) -> list[Diagnostic]:
        """Findings that are not suppressed."""
        return [d for d in self.diagnostics if not d.suppressed]

    def summary(self) -> Summary:
        counts = {Severity.ERROR: 0, Severity.WARNING: 0, Severity.INFO: 0}
        suppressed = 0
        with_findings: set[str] = set()
        for diag in self.diagnostics:
            if diag.suppressed:
                suppressed += 1
                continue
            counts[diag.severity] += 1
            with_findings.add(diag.file)
        return Summary(
            errors=counts[Severity.ERROR],
            warnings=counts[Severity.WARNING],
            infos=counts[Severity.INFO],
            suppressed=suppressed,
            files=len(self.files),
            files_with_findings=len(with_findings),
            unreadable=len(self.unreadable),
            skipped=len(self.skipped),
        )

    def rule_info(self, rule_id: str) -> RuleInfo:
        """What the report knows of a rule, else the catalogue's entry."""
        info = self.rules.get(rule_id)
        if info is not None:
            return info
        from opctl.catalogue import all_rules

        rule = all_rules().get(rule_id)
        if rule is None:  # not a catalogued id: a test's made-up rule, say
            return RuleInfo(rule_id, Severity.ERROR, "unknown rule")
        return RuleInfo(rule.id, rule.severity, rule.summary)




def get_renderer(name: str) -> Renderer:
    """The ``render`` function of a format; raises KeyError for an unknown name."""
    module = importlib.import_module(FORMATS[name])
    renderer: Renderer = module.render
    return renderer


def render(name: str, report: Report, *, color: bool = False) -> str:
    return get_renderer(name)(report, color=color)


# json and sarif are indented for people; past this many findings they are written compact, since
# json's indenting encoder is pure Python and a hostile file can hold 10^6 findings.
INDENT_LIMIT = 5_000


def dump_json(data: Any, findings: int) -> str:
    import json

    if findings > INDENT_LIMIT:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


NOT_WORKFLOWS = "not workflows"  # why skipped files were not linted, as the summary says it
NOT_A_WORKFLOW = "not a workflow"


def capped(names: list[str], limit: int = 10) -> str:
    """``a, b, c`` — or the first ``limit`` names and ``… and 495 more``."""
    shown = ", ".join(names[:limit])
    if len(names) <= limit:
        return shown
    return f"{shown} … and {len(names) - limit:,} more"


def summary_line(summary: Summary, *, unicode: bool = True, color: bool = False) -> str:
    """One line for people: ``✖ 3 errors, 1 warning in 2 files (12 files checked)``."""
    line = _summary_text(summary, unicode)
    if not color:
        return line
    style = "1;31" if summary.errors else "1;33" if summary.warnings else "1;36" if summary.infos else "1;32"
    return f"\x1b[{style}m{line}\x1b[0m"


def _summary_text(summary: Summary, unicode: bool) -> str:
    extras = [f"{plural(summary.files, 'file')} checked"]
    if summary.unreadable:
        extras.append(f"{summary.unreadable} unreadable")
    if summary.skipped:
        extras.append(
            f"{plural(summary.skipped, 'file')} skipped: {NOT_WORKFLOWS if summary.skipped > 1 else NOT_A_WORKFLOW}"
        )
    if summary.suppressed:
        extras.append(f"{summary.suppressed} suppressed")
    tail = f"({', '.join(extras)})"
    problems = [
        plural(count, word)
        for count, word in (
            (summary.errors, "error"),
            (summary.warnings, "warning"),
            (summary.infos, "info"),
        )
        if count
    ]
    if not problems:
        mark = "✔" if unicode else "ok:"
        return f"{mark} no problems {tail}"
    mark = "✖" if unicode else "error:" if summary.errors else "warning:"
    return f"{mark} {', '.join(problems)} in {plural(summary.files_with_findings, 'file')} {tail}"


def repo_path(file: str) -> str:
    """``file`` as CI dashboards want it: relative to the working directory (the repository root in
    CI), forward slashes, no leading ``./``; an absolute path outside it stays absolute."""
    from pathlib import Path

    path = Path(file)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_posix()
    return path.as_posix().removeprefix("./")


def fingerprints(report: Report) -> list[str]:
    """A stable key per finding (same order as ``report.diagnostics``), for GitLab's ``fingerprint`` and
    SARIF's ``partialFingerprints``: a hash of the file, the rule, the text of the line at fault and
    how many same (file, rule, text) findings came before it. The line number is not in it, so a
    finding keeps its key when lines are added above it; two findings on identical lines differ."""
    import hashlib

    seen: dict[tuple[str, str, str], int] = {}
    keys: list[str] = []
    for diag in report.diagnostics:
        source = report.sources.get(diag.file)
        text = source.line(diag.line).strip() if source is not None else ""
        where = (repo_path(diag.file), diag.rule, text)
        occurrence = seen.get(where, 0)
        seen[where] = occurrence + 1
        key = "\0".join((*where, diag.message if not text else "", str(occurrence)))
        keys.append(hashlib.sha256(key.encode("utf-8")).hexdigest()[:32])
    return keys


# C0 and C1 control characters other than tab: never sent to a terminal or a CI log raw, since a
# YAML key can carry escape sequences ("\e[2J") that would rewrite the screen.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with control characters shown as escapes, safe for terminals and logs."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def diagnostic_record(diag: Diagnostic) -> dict[str, Any]:
    """The json reporter's object for one finding (also the shape documented in the schema)."""
    return {
        "rule": diag.rule,
        "severity": str(diag.severity),
        "message": diag.message,
        "hint": diag.hint,
        "file": diag.file,
        "line": diag.line,
        "column": diag.column,
        "end_line": diag.end_line,
        "end_column": diag.end_column,
        "path": diag.path,
        "document": diag.document,
        "suppressed": diag.suppressed,
        **({"fix": fix_record(diag)} if diag.fix is not None else {}),
    }


def fix_record(diag: Diagnostic) -> dict[str, Any] | None:
    """A finding's fix as data (what `opctl lint --fix` applies): positions as in the finding, end exclusive."""
    if diag.fix is None:
        return None
    return {
        "description": diag.fix.description,
        "edits": [
            {
                "line": e.line,
                "column": e.column,
                "end_line": e.end_line,
                "end_column": e.end_column,
                "old": e.old,
                "new": e.new,
            }
            for e in diag.fix.edits
        ],
    }
