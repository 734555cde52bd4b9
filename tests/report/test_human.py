"""The human reporter's code frame: gutter, caret range, tabs, wide characters, long lines."""

from __future__ import annotations

from opctl.diagnostics import Diagnostic, Severity
from opctl.report import Report, Summary, summary_line
from opctl.report.human import render
from opctl.source import SourceFile


def frame(text: str, **where: int | None) -> str:
    diag = Diagnostic(rule="r", severity=Severity.WARNING, message="m", hint="h", file="f.yaml", **where)  # type: ignore[arg-type]
    return render(Report([diag], ["f.yaml"], {"f.yaml": SourceFile("f.yaml", text)}))


def test_caret_covers_the_column_range() -> None:
    assert frame("key: value\n", line=1, column=6, end_line=1, end_column=11) == (
        "f.yaml:1:6: warning[r]: m\n  |\n1 | key: value\n  |      ^^^^^\n  = hint: h\n"
    )


def test_single_caret_without_an_end() -> None:
    assert "  |      ^\n" in frame("key: value\n", line=1, column=6)


def test_multi_line_span_is_underlined_to_the_end_of_its_first_line() -> None:
    out = frame("a:  \n  b: 1\n", line=1, column=1, end_line=3, end_column=1)
    assert out.splitlines()[2:4] == ["1 | a:", "  | ^^"]


def test_gutter_widens_with_the_line_number() -> None:
    text = "x: 1\n" * 120
    out = frame(text, line=117, column=4, end_line=117, end_column=5)
    assert out.splitlines()[1:4] == ["    |", "117 | x: 1", "    |    ^"]
    assert out.splitlines()[4] == "    = hint: h"


def test_tabs_are_expanded_and_the_caret_follows() -> None:
    out = frame('a: "\tb"\n', line=1, column=6, end_line=1, end_column=7)
    assert out.splitlines()[2:4] == ['1 | a: "    b"', "  |         ^"]


def test_wide_characters_take_two_cells() -> None:
    out = frame("名前: x\n", line=1, column=5, end_line=1, end_column=6)
    assert out.splitlines()[2:4] == ["1 | 名前: x", "  |       ^"]


def test_long_lines_are_cut_around_the_column() -> None:
    line = "k: [" + ", ".join(f'"v{i}"' for i in range(200)) + "]"
    column = line.index('"v150"') + 1
    out = frame(line + "\n", line=1, column=column, end_line=1, end_column=column + 6)
    shown, carets = out.splitlines()[2:4]
    assert len(shown) < 140 and shown.startswith("1 | …") and shown.endswith("…")
    start = carets.index("^")
    assert shown[start : start + 6] == '"v150"'
    assert carets.count("^") == 6


def test_no_frame_when_the_source_is_unknown() -> None:
    diag = Diagnostic(rule="input-binary", severity=Severity.ERROR, message="binary", hint="h", file="b.yaml")
    assert render(Report([diag], ["b.yaml"])) == "b.yaml:1:1: error[input-binary]: binary\n  = hint: h\n"


def test_suppressed_findings_are_not_shown() -> None:
    diag = Diagnostic(rule="r", severity=Severity.ERROR, message="m", file="f.yaml", suppressed=True)
    assert render(Report([diag], ["f.yaml"])) == ""


def test_summary_lines() -> None:
    assert summary_line(Summary(0, 0, 0, 0, 3, 0, 0)) == "✔ no problems (3 files checked)"
    assert summary_line(Summary(200_000, 0, 0, 0, 1, 1, 0)) == "✖ 200,000 errors in 1 file (1 file checked)"
    assert summary_line(Summary(3, 1, 0, 2, 12, 2, 1)) == (
        "✖ 3 errors, 1 warning in 2 files (12 files checked, 1 unreadable, 2 suppressed)"
    )
    assert (
        summary_line(Summary(0, 2, 1, 0, 1, 1, 0), unicode=False)
        == "warning: 2 warnings, 1 info in 1 file (1 file checked)"
    )
