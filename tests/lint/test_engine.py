"""The lint engine (opctl.lint): checks run per document, a crashing check costs one finding."""

from __future__ import annotations


def test_a_crashing_check_costs_one_finding_not_the_run(monkeypatch) -> None:
    from opctl.lint import CHECKS, lint_document, load_families
    from tests.conftest import yaml_doc

    load_families()  # the families register their checks on first use: before CHECKS is patched

    def broken(ctx):  # type: ignore[no-untyped-def]
        raise KeyError("boom")

    monkeypatch.setattr("opctl.lint.CHECKS", [*CHECKS, ("broken", broken)])
    doc = yaml_doc("entrypoint: main\ntemplates:\n- name: main\n  dag: {tasks: []}\n")
    found = lint_document(doc)
    crash = [d for d in found if d.rule == "internal-error"]
    assert len(crash) == 1 and "broken checks crashed" in crash[0].message
    assert any(d.rule == "dag-empty" for d in found)
