"""The github reporter: workflow-command syntax and GitHub's escaping rules."""

from __future__ import annotations

from opctl.diagnostics import Diagnostic, Severity
from opctl.report import Report
from opctl.report.github import escape_data, escape_property, render


def test_escaping_of_message_and_properties() -> None:
    assert escape_data("100% sure\r\nnext: a,b") == "100%25 sure%0D%0Anext: a,b"
    assert escape_property("dir:a,b/100%.yaml\n") == "dir%3Aa%2Cb/100%25.yaml%0A"


def test_annotation_per_severity_with_escaped_file_and_message() -> None:
    report = Report(
        [
            Diagnostic("a-rule", Severity.ERROR, "bad: 50%", "fix, then\nretry", "w,x:y.yaml", 3, 5, 3, 9),
            Diagnostic("b-rule", Severity.WARNING, "meh", None, "t.yaml", 7, 1),
            Diagnostic("c-rule", Severity.INFO, "fyi", None, "t.yaml", 8, 2, 10, 4),
            Diagnostic("d-rule", Severity.ERROR, "hidden", None, "t.yaml", 9, 1, suppressed=True),
        ],
        ["t.yaml", "w,x:y.yaml"],
    )
    assert render(report).splitlines() == [
        "::error file=w%2Cx%3Ay.yaml,line=3,col=5,endLine=3,endColumn=8,title=opctl a-rule::"
        "bad: 50%25%0Ahint: fix, then%0Aretry",
        "::warning file=t.yaml,line=7,col=1,title=opctl b-rule::meh",
        "::notice file=t.yaml,line=8,col=2,endLine=10,endColumn=3,title=opctl c-rule::fyi",
    ]


def test_block_node_ending_at_the_start_of_a_line_ends_on_the_line_before() -> None:
    report = Report([Diagnostic("r", Severity.ERROR, "m", None, "t.yaml", 2, 3, 6, 1)], ["t.yaml"])
    assert render(report) == "::error file=t.yaml,line=2,col=3,endLine=5,title=opctl r::m\n"


def test_nothing_to_annotate() -> None:
    assert render(Report([], ["t.yaml"])) == ""


def test_paths_are_relative_to_the_workspace(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from opctl.report.github import workspace_path

    monkeypatch.chdir(tmp_path)
    assert workspace_path("./flows/a.yaml") == "flows/a.yaml"
    assert workspace_path(str(tmp_path / "flows" / "a.yaml")) == "flows/a.yaml"
    assert workspace_path("../x/a.yaml") == "../x/a.yaml"
    assert workspace_path("/elsewhere/a.yaml") == "/elsewhere/a.yaml"
