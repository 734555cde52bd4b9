"""``human``: compiler-style findings with a code frame and a hint, for people at a terminal.

::

    t.yaml:4:3: error[yaml-duplicate-key]: duplicate key 'name' (first defined at line 2)
      |
    4 |   name: b
      |   ^^^^
      = hint: remove one of them

Suppressed findings are not shown (the summary counts them). Colour is plain ANSI (no rich:
importing it costs more than the whole lint of one file); the caller decides whether to colour.
"""

from __future__ import annotations

import unicodedata

from opctl.diagnostics import Diagnostic, Severity
from opctl.report import Report, printable
from opctl.source import SourceFile

RESET = "\x1b[0m"
BOLD = "\x1b[1m"
DIM = "\x1b[2m"
BLUE = "\x1b[34m"
CYAN = "\x1b[36m"
SEVERITY_COLOR = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.INFO: "\x1b[1;36m"}

TAB_WIDTH = 4
MAX_FRAME_WIDTH = 120  # longer source lines (minified JSON) are cut around the column at fault


def render(report: Report, *, color: bool = False) -> str:
    blocks = [finding(diag, report.sources.get(diag.file), color=color) for diag in report.visible]
    # a blank line between findings, as compilers print them
    return "\n".join(block + "\n" for block in blocks)


def finding(diag: Diagnostic, source: SourceFile | None, *, color: bool = False) -> str:
    """One finding: the header line, the code frame when the source line is known, the hint."""

    def paint(text: str, style: str) -> str:
        return f"{style}{text}{RESET}" if color else text

    severity = str(diag.severity)
    # a finding about the command line has no file, hence no position
    where = f"{printable(diag.file)}:{diag.line}:{diag.column}:" if diag.file else "opctl:"
    header = (
        f"{paint(where, BOLD)} "
        f"{paint(severity, SEVERITY_COLOR[diag.severity])}{paint(f'[{diag.rule}]', DIM)}: "
        f"{printable(diag.message)}"
    )
    lines = [header]
    text = source.line(diag.line) if source is not None else ""
    if text.strip():
        gutter = " " * len(str(diag.line))
        shown, start, width = _frame(text, diag)
        bar = paint("|", BLUE)
        lines.append(f"{gutter} {bar}")
        lines.append(f"{paint(str(diag.line), BLUE)} {bar} {printable(shown)}".rstrip())
        lines.append(f"{gutter} {bar} {' ' * start}{paint('^' * width, SEVERITY_COLOR[diag.severity])}")
        if diag.hint:
            lines.append(f"{gutter} {paint('= hint:', CYAN)} {printable(diag.hint)}")
        if diag.fix is not None:
            lines.append(f"{gutter} {paint('= fix:', CYAN)} {printable(diag.fix.description)} (opctl lint --fix)")
    elif diag.hint:
        lines.append(f"  {paint('= hint:', CYAN)} {printable(diag.hint)}")
    return "\n".join(lines)


def _frame(text: str, diag: Diagnostic) -> tuple[str, int, int]:
    """The source line as displayed, and where (display cells) the underline starts and how wide.

    The underline covers ``column`` to ``end_column`` on a one-line span, to the end of the line
    on a longer one, one character without an end; tabs and wide (CJK) characters are measured as a terminal shows them.
    """
    first = max(diag.column - 1, 0)
    if diag.end_line is None or diag.end_column is None:
        last = first + 1
    elif diag.end_line == diag.line:
        last = min(diag.end_column - 1, len(text))
    else:
        last = len(text.rstrip())
    first = min(first, len(text))
    last = max(last, first + 1)
    cut_from = 0
    if len(text) > MAX_FRAME_WIDTH:
        cut_from = max(0, first - MAX_FRAME_WIDTH // 3)
        text = ("…" if cut_from else "") + text[cut_from : cut_from + MAX_FRAME_WIDTH] + "…"
        shift = 1 if cut_from else 0
        first, last = first - cut_from + shift, min(last - cut_from + shift, len(text) - 1)
    shown = text.expandtabs(TAB_WIDTH) if "\t" in text else text
    start = _cells(text[:first])
    width = max(_cells(text[first:last]), 1)
    return shown, start, width


def _cells(text: str) -> int:
    if text.isascii():
        return len(text.expandtabs(TAB_WIDTH)) if "\t" in text else len(text)
    cells = 0
    for char in text:
        if char == "\t":
            cells += TAB_WIDTH - cells % TAB_WIDTH
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            cells += 2
        elif not unicodedata.combining(char):
            cells += 1
    return cells
