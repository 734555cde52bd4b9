"""Every real Onepanel template in ../shared/corpus lints without errors; the broken one precisely."""

from __future__ import annotations

from pathlib import Path

import pytest

from opctl.inputs import load_inputs
from opctl.lint import lint_documents
from tests.conftest import CORPUS

CORPUS_FILES = sorted(CORPUS.glob("*.yaml"))
# The corpus README lists this one as not valid YAML: an excerpt whose `...` lines end the document.
UNPARSEABLE = "docs__reference-workflows-hyperparameter-tuning-2.yaml"


def test_corpus_is_present() -> None:
    assert len(CORPUS_FILES) == 20


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_template_lints_without_errors(path: Path) -> None:
    inputs = load_inputs([str(path)])
    if path.name == UNPARSEABLE:
        return
    assert not inputs.fatal, inputs.diagnostics
    diagnostics = lint_documents(inputs.documents)
    errors = [f"{d.line}:{d.column} {d.rule}: {d.message}" for d in diagnostics if d.is_error]
    # docs__reference-workflows-templates-4 calls template `echo`, defined in another block of the page.
    if path.name == "docs__reference-workflows-templates-4.yaml":
        assert any("echo" in e for e in errors), errors
        errors = [e for e in errors if "echo" not in e]
    assert errors == []


def test_unparseable_corpus_file_is_reported_precisely() -> None:
    inputs = load_inputs([str(CORPUS / UNPARSEABLE)])
    assert inputs.fatal
    [diag] = inputs.diagnostics
    assert (diag.rule, diag.line, diag.column) == ("yaml-syntax", 13, 1)
    assert "line 12 is '...'" in (diag.hint or "")


def test_a_crashing_check_costs_one_finding_not_the_run(monkeypatch) -> None:
    from opctl.lint import CHECKS, lint_document
    from tests.conftest import yaml_doc

    def broken(ctx):  # type: ignore[no-untyped-def]
        raise KeyError("boom")

    monkeypatch.setattr("opctl.lint.CHECKS", [*CHECKS, ("broken", broken)])
    doc = yaml_doc("entrypoint: main\ntemplates:\n- name: main\n  dag: {tasks: []}\n")
    found = lint_document(doc)
    crash = [d for d in found if d.rule == "internal-error"]
    assert len(crash) == 1 and "broken checks crashed" in crash[0].message
    assert any(d.rule == "dag-empty" for d in found)
