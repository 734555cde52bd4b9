"""Every real Onepanel template of the reference corpus, linted: no errors, the known quirks precisely.

One section per rule family; what each family finds in the corpus is checked against the corpus README.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from opctl.diagnostics import Severity
from opctl.inputs import load_inputs, load_string
from opctl.lint import all_rules, lint_documents
from opctl.lint.dag import check_dag
from opctl.lint.references import check_references
from opctl.lint.registry import LintContext
from opctl.lint.structure import find_problems, root_definition
from tests.conformance.reference import CORPUS, CORPUS_FILES, UNDEFINED_TEMPLATE, UNPARSEABLE
from tests.lint.test_structure import _mutations, _schema_verdicts

DIALECTS = ["onepanel", "argo"]


def where(found) -> list[tuple[str, int, int]]:  # type: ignore[no-untyped-def]
    return [(d.rule, d.line, d.column) for d in found]


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
    if path.name == UNDEFINED_TEMPLATE:
        assert any("echo" in e for e in errors), errors
        errors = [e for e in errors if "echo" not in e]
    assert errors == []


def test_unparseable_corpus_file_is_reported_precisely() -> None:
    inputs = load_inputs([str(CORPUS / UNPARSEABLE)])
    assert inputs.fatal
    [diag] = inputs.diagnostics
    assert (diag.rule, diag.line, diag.column) == ("yaml-syntax", 13, 1)
    assert "line 12 is '...'" in (diag.hint or "")


def test_corpus_has_no_dag_errors_except_the_known_undefined_template() -> None:
    files = CORPUS_FILES
    assert len(files) == 20
    checked = 0
    for path in files:
        inputs = load_string(path.read_text(encoding="utf-8"), path.name)
        if inputs.fatal:
            assert path.name == UNPARSEABLE
            continue
        for doc in inputs.documents:
            checked += 1
            found = [(d.rule, d.line, d.column) for d in check_dag(LintContext(doc))]
            if path.name == UNDEFINED_TEMPLATE:
                # The corpus README: the task uses template `echo`, defined in another block of that page.
                assert found == [("dag-undefined-template", 18, 17)]
            else:
                assert found == [], path.name
    assert checked == 19


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_templates_have_no_reference_errors(path: Path) -> None:
    inputs = load_inputs([str(path)])
    if inputs.fatal:  # the README's one excerpt that is not valid YAML
        assert path.name == UNPARSEABLE
        return
    for doc in inputs.documents:
        found = check_references(LintContext(doc, "onepanel"))
        assert [f"{d.line}:{d.column} {d.rule} {d.message}" for d in found if d.is_error] == []


def test_corpus_quirks_are_reported_precisely() -> None:
    slack = load_inputs([str(CORPUS / "templates__tasks-slack-notify.yaml")]).documents[0]
    found = check_references(LintContext(slack, "onepanel"))
    assert where(found) == [("ref-workspace-variable", 23, 31), ("ref-workspace-variable", 24, 33)]
    # sys-metrics consumers resolve only because Onepanel injects the output
    metrics = load_inputs([str(CORPUS / "docs__reference-workflows-metrics-3.yaml")]).documents[0]
    assert check_references(LintContext(metrics, "onepanel")) == []
    argo = [d for d in check_references(LintContext(metrics, "argo")) if d.rule == "ref-task-output"]
    assert len(argo) == 1 and "sys-metrics" in argo[0].message


def test_every_corpus_template_has_no_structural_problem():
    paths = CORPUS_FILES
    assert len(paths) == 20
    checked = 0
    for path in paths:
        inputs = load_inputs([str(path)])
        for doc in inputs.documents:
            definition = root_definition(str(doc.shape), "onepanel")
            assert definition is not None
            assert find_problems(doc.data, definition) == [], path.name
            checked += 1
    assert checked == 19  # one corpus file is not valid YAML (corpus README)


@pytest.mark.parametrize("path", CORPUS_FILES[:8], ids=lambda p: p.name)
def test_walker_agrees_with_jsonschema_on_mutated_corpus_templates(path):
    import random

    inputs = load_inputs([str(path)])
    for doc in inputs.documents:
        rng = random.Random(path.name)  # deterministic per file
        definition = root_definition(str(doc.shape), "onepanel")
        for mutated in _mutations(doc.data, rng, 40):
            ours = sorted(p.pointer for p in find_problems(mutated, definition))
            assert ours == _schema_verdicts(mutated, definition, "onepanel")


# What the onepanel family finds in the real templates: each one checked against the corpus README.
CORPUS_FINDINGS = {
    "docs__reference-workflows-metrics-3.yaml": [("onepanel-stale-metrics-path", 30, 20)],
    "templates__tasks-metrics-writer.yaml": [("onepanel-stale-metrics-path", 33, 20)],
    "templates__workflows-auto-cvat.yaml": [("onepanel-parameter-type", 11, 13), ("onepanel-nodepool-unused", 13, 13)],
    "templates__workflows-pytorch-mnist-training.yaml": [("onepanel-stale-metrics-path", 108, 24)],
    "templates__workflows-tensorflow-mnist-training.yaml": [("onepanel-stale-metrics-path", 69, 20)],
}


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_findings(path: Path) -> None:
    inputs = load_inputs([str(path)])
    if inputs.fatal:  # the one excerpt the corpus README lists as not valid YAML
        assert path.name == UNPARSEABLE
        return
    rules = all_rules()
    found = [d for d in lint_documents(inputs.documents) if rules[d.rule].family == "onepanel"]  # type: ignore[attr-defined]
    assert [d for d in found if d.severity is Severity.ERROR] == []
    assert [(d.rule, d.line, d.column) for d in found] == CORPUS_FINDINGS.get(path.name, [])


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("dialect", DIALECTS)
def test_corpus_has_valid_names(path: Path, dialect: str) -> None:
    inputs = load_inputs([str(path)])
    if inputs.fatal:  # the one excerpt the corpus README lists as not valid YAML
        assert path.name == UNPARSEABLE
        return
    rules = all_rules()
    found = lint_documents(inputs.documents, dialect)  # type: ignore[arg-type]
    assert [d for d in found if rules[d.rule].family == "names"] == []  # type: ignore[attr-defined]
