"""A held-out collection of real-world Onepanel templates (tests/fixtures/onepanel/), written from
Onepanel's repositories across versions 0.10-1.0: system templates in the stored ``metadata``+``spec``
form with migration placeholders (``{{.NodePoolLabel}}``, ``{{.DefaultNodePoolOption}}``,
``{{.ArtifactRepositoryType}}``), onepanelio/templates spec-only manifests and docs examples.

Every template Onepanel would have run lints without an error and compiles under a full namespace
configuration; every broken one (broken/) is caught by the rule that names its fault."""

from __future__ import annotations

from pathlib import Path

import pytest

from opctl.diagnostics import Diagnostic, Severity
from opctl.inputs import load_inputs
from opctl.lint import lint_document
from tests.compile.helpers import compile_file

COLLECTION = Path(__file__).parent / "fixtures" / "onepanel"
GOOD = sorted(COLLECTION.glob("*.yaml"))
# file -> (rule, severity): errors where Onepanel refuses the template; a warning where only
# Onepanel's own execution fails and the compiled Argo manifest runs (a deliberate choice).
BROKEN = {
    "bad-visibility.yaml": ("onepanel-parameter-visibility", Severity.ERROR),
    "steps-entrypoint.yaml": ("onepanel-entrypoint-not-dag", Severity.ERROR),
    "ui-field-on-input.yaml": ("unknown-field", Severity.ERROR),
    "undefined-parameter.yaml": ("ref-workflow-parameter", Severity.ERROR),
    "user-sys-metrics-output.yaml": ("onepanel-reserved-output", Severity.ERROR),
    "depends-in-entrypoint.yaml": ("onepanel-depends", Severity.WARNING),
}


def _lint(path: Path) -> list[Diagnostic]:
    inputs = load_inputs([str(path)])
    assert not inputs.fatal, inputs.diagnostics
    return [d for doc in inputs.documents for d in lint_document(doc, "onepanel")]


def test_the_collection_is_all_there() -> None:
    assert len(GOOD) >= 17
    assert sorted(p.name for p in (COLLECTION / "broken").glob("*.yaml")) == sorted(BROKEN)


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_a_template_onepanel_ran_lints_without_error_and_compiles(path: Path) -> None:
    errors = [f"{d.line}:{d.column} {d.rule}: {d.message}" for d in _lint(path) if d.is_error]
    assert errors == []
    result = compile_file(path)
    assert [d.message for d in result.diagnostics if d.is_error] == []
    [manifest] = result.manifests
    text = repr(manifest)
    for placeholder in ("{{.", "<value>", "{{workspace.namespace}}", "{{workspace.uid}}"):
        assert placeholder not in text, placeholder
    assert manifest["kind"] == "Workflow"


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_template_is_caught_by_its_rule(name: str) -> None:
    rule, severity = BROKEN[name]
    found = [(d.rule, d.severity) for d in _lint(COLLECTION / "broken" / name)]
    assert (rule, severity) in found
    if severity is Severity.ERROR:
        assert not compile_file(COLLECTION / "broken" / name).manifests
