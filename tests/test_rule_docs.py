"""Rule documentation from the one source (the catalogue): complete, current, and every example true.

Every id opctl can print is explained; its failing example produces the id and its fixed example does
not (run as the example's first line says: `opctl lint` by default); a fixable rule's failing example
is fixed by `--fix`; docs/rules.md is what `opctl rules -o markdown` prints.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from opctl.catalogue import all_rules
from opctl.cli import cli
from opctl.fix import fix_text
from opctl.rule_docs import example_command, example_findings, render_markdown
from tests.conftest import REPO

RULES = all_rules()
# Ids whose situation is no file content: a path, a permission, a size, bytes that are not text, a
# namespace-defaults or parameter file, the Argo Server, an opctl bug, limits of 10^6 nodes. Their
# explanation names the situation (and the command) instead. Nothing else may lack examples.
WITHOUT_EXAMPLES = {
    "input-not-found": "a path that does not exist",
    "input-unreadable": "file permissions",
    "input-too-large": "16 MiB of input",
    "input-binary": "bytes, not text",
    "input-encoding": "bytes that are not UTF-8",
    "input-empty": "an empty file (the example would be blank)",
    "yaml-too-complex": "an alias bomb of 5,000,000 nodes",
    "yaml-too-deep": "256 levels of nesting",
    "internal-error": "an opctl bug",
    "server-lint": "an Argo Server",
    "server-lint-skipped": "an Argo Server",
    "defaults-invalid": "a namespace-defaults file",
    "defaults-not-found": "a namespace-defaults file",
    "compile-parameter-file": "a --parameter-file",
    "compile-option": "the command line",
    "compile-nothing": "a file that holds no template",
    "compile-output-invalid": "an opctl bug",
    "compile-nodepool-unconfigured": "a namespace-defaults file",
    "compile-nodepool-unknown-value": "a namespace-defaults file",
    "compile-resources-replaced": "a namespace-defaults file",
    "compile-placeholder-unconfigured": "a namespace-defaults file",
    "compile-artifact-repository-ref-replaced": "a namespace-defaults file",
    "compile-key-only-artifact": "a namespace-defaults file",
    "compile-argument-key-only": "a namespace-defaults file",
    "compile-parameter-invalid": "a parameter opctl's own lint refuses first",
}


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_id_is_documented(rule_id: str) -> None:
    rule = RULES[rule_id]
    assert rule.explanation and len(rule.explanation) > 40, f"{rule_id}: explain what it checks and why it matters"
    if rule_id in WITHOUT_EXAMPLES:
        assert rule.bad is None and rule.good is None
    else:
        assert rule.bad and rule.good, f"{rule_id}: give a failing and a fixed example (whole files)"


@pytest.mark.parametrize("rule_id", sorted(r.id for r in RULES.values() if r.bad))
def test_failing_example_fails_with_its_rule_and_the_fixed_one_passes(rule_id: str) -> None:
    rule = RULES[rule_id]
    assert rule.bad is not None and rule.good is not None
    assert rule_id in example_findings(rule.bad), f"{rule_id}: the failing example does not produce it"
    assert rule_id not in example_findings(rule.good), f"{rule_id}: the fixed example still produces it"


@pytest.mark.parametrize("rule_id", sorted(r.id for r in RULES.values() if r.fixable))
def test_fixable_rules_fix_their_failing_example(rule_id: str) -> None:
    rule = RULES[rule_id]
    assert rule.bad is not None and example_command(rule.bad) == ["lint"]
    result = fix_text(rule.bad, "example.yaml")
    assert rule_id in {d.rule for d in result.fixes}
    assert rule_id not in example_findings(result.fixed)


def test_only_fixable_rules_offer_fixes() -> None:
    from opctl.api import lint_text

    for rule in RULES.values():
        if rule.bad is None or example_command(rule.bad) != ["lint"]:
            continue
        for diag in lint_text(rule.bad, "example.yaml", no_config=True):
            assert diag.fix is None or RULES[diag.rule].fixable, f"{diag.rule} offers a fix but is not marked fixable"


def test_docs_rules_md_is_current() -> None:
    page = REPO / "docs" / "rules.md"
    expected = render_markdown(RULES.values())
    assert page.read_text(encoding="utf-8") == expected, "regenerate: opctl rules -o markdown > docs/rules.md"
    for rule_id in RULES:
        assert f"\n### {rule_id}\n" in expected  # GitHub's anchor #<rule-id>


def test_opctl_rules_rule_explains_it() -> None:
    result = CliRunner().invoke(cli, ["rules", "dag-missing-dependency"])
    assert result.exit_code == 0
    rule = RULES["dag-missing-dependency"]
    assert result.output.startswith("# dag-missing-dependency\n")
    assert "fixable: yes" in result.output
    assert rule.explanation is not None and rule.explanation in result.output
    assert rule.bad is not None and rule.bad.rstrip("\n") in result.output


def test_opctl_rules_rule_json() -> None:
    result = CliRunner().invoke(cli, ["rules", "dag-cycle", "-o", "json"])
    data = json.loads(result.output)
    assert data["id"] == "dag-cycle" and data["explanation"] == RULES["dag-cycle"].explanation
    assert data["help_uri"].endswith("docs/rules.md#dag-cycle")
    assert {"bad", "good", "fixable", "configurable", "severity", "family", "summary"} <= set(data)


def test_unknown_rule_is_a_usage_error_with_a_suggestion() -> None:
    result = CliRunner().invoke(cli, ["rules", "dag-cyle"])
    assert result.exit_code == 2
    assert "did you mean 'dag-cycle'" in result.output


def test_sarif_rules_carry_help_and_a_help_uri_into_these_docs() -> None:
    from opctl.report import Report, RuleInfo
    from opctl.report.sarif import to_data

    report = Report([], rules={r.id: RuleInfo(r.id, r.severity, r.summary) for r in RULES.values()})
    descriptors = to_data(report)["runs"][0]["tool"]["driver"]["rules"]
    assert {d["id"] for d in descriptors} == set(RULES)
    for descriptor in descriptors:
        rule = RULES[descriptor["id"]]
        assert descriptor["helpUri"].endswith(f"docs/rules.md#{rule.id}")
        assert descriptor["name"] != rule.id  # SARIF validators warn when name == id
        assert descriptor["fullDescription"]["text"] == rule.explanation
        assert descriptor["help"]["markdown"].startswith(f"# {rule.id}\n")
