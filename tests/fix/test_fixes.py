"""`--fix`: each fixable rule's edit, exactly; what stays unfixed because it is ambiguous or unsafe."""

from __future__ import annotations

import textwrap

import pytest

from opctl.fix import fix_text
from opctl.lint.registry import LintConfig


def fixed(text: str, **kwargs: object) -> str:
    """The text after --fix; also checks that a second run changes nothing (idempotence)."""
    once = fix_text(textwrap.dedent(text), "t.yaml", **kwargs).fixed  # type: ignore[arg-type]
    assert fix_text(once, "t.yaml", **kwargs).fixed == once  # type: ignore[arg-type]
    return once


def rules_fixed(text: str) -> list[str]:
    return sorted(d.rule for d in fix_text(textwrap.dedent(text), "t.yaml").fixes)


DAG = """\
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - name: prepare
      template: echo
    - name: train
      template: echo
      {extra}
- name: echo
  container:
    image: alpine
"""


def dag(extra: str) -> str:
    return DAG.format(extra=extra)


@pytest.mark.parametrize(
    ("before", "after", "rule"),
    [
        ("dependecies: [prepare]", "dependencies: [prepare]", "unknown-field"),
        ('"dependecies": [prepare]  # keep me', '"dependencies": [prepare]  # keep me', "unknown-field"),
        ("Dependencies: [prepare]", "dependencies: [prepare]", "unknown-field"),
        ("dependencies: [prepar]", "dependencies: [prepare]", "dag-missing-dependency"),
        ("dependencies: ['Prepare']", "dependencies: ['prepare']", "dag-missing-dependency"),
        ('depends: "prepar.Succeeded"', 'depends: "prepare.Succeeded"', "dag-missing-dependency"),
        ("depends: prepare.Succeded", "depends: prepare.Succeeded", "dag-depends-result"),
        (
            'depends: "prepare.succeeded || prepare.failed"',
            'depends: "prepare.Succeeded || prepare.Failed"',
            "dag-depends-result",
        ),
    ],
)
def test_dag_task_fixes(before: str, after: str, rule: str) -> None:
    assert fixed(dag(before)) == dag(after)
    assert rule in rules_fixed(dag(before))


def test_template_names() -> None:
    good = dag("dependencies: [prepare]")
    assert fixed(good.replace("template: echo\n    - name: train", "template: ehco\n    - name: train")) == good
    assert fixed(good.replace("entrypoint: main", "entrypoint: mian")) == good


PARAMETERS = """\
entrypoint: main
arguments:
  parameters:
  - name: size
    value: small
    visibility: {visibility}
    type: {type}
    options: [{{name: Small, value: small}}]
templates:
- name: main
  dag:
    tasks:
    - name: a
      template: echo
      arguments: {{parameters: [{{name: s, value: '{{{{workflow.parameters.size}}}}'}}]}}
- name: echo
  inputs: {{parameters: [{{name: s}}]}}
  container:
    image: alpine
    args: ['{{{{inputs.parameters.s}}}}']
"""


@pytest.mark.parametrize(
    ("visibility", "kind", "good_visibility", "good_kind"),
    [
        ("Public", "select.select", "public", "select.select"),
        ("privat", "select.selct", "private", "select.select"),
        ("'PUBLIC'", "Select.Select", "'public'", "select.select"),
    ],
)
def test_onepanel_parameter_values(visibility: str, kind: str, good_visibility: str, good_kind: str) -> None:
    before = PARAMETERS.format(visibility=visibility, type=kind)
    assert fixed(before) == PARAMETERS.format(visibility=good_visibility, type=good_kind)


def test_parameter_type_fix_keeps_the_compiled_manifest() -> None:
    from opctl.api import compile_text

    before = PARAMETERS.format(visibility="public", type="select.selct")  # a warning: it compiles
    after = fixed(before)
    assert after != before
    assert compile_text(before, no_config=True).manifest == compile_text(after, no_config=True).manifest


METRICS = """\
entrypoint: main
templates:
- name: main
  dag:
    tasks: [{{name: a, template: train}}]
- name: train
  {kind}:
    image: python
    {field}
"""


def test_stale_metrics_path_in_a_container() -> None:
    field = "command: [sh, -c, 'echo {} > /tmp/sys-metrics.json && cat /tmp/sys-metrics.json']"
    good = field.replace("/tmp/", "/mnt/tmp/")
    assert fixed(METRICS.format(kind="container", field=field)) == METRICS.format(kind="container", field=good)


def test_stale_metrics_path_in_a_script_is_left_alone() -> None:
    # script templates have no /mnt/tmp mount in Onepanel: the new path would not exist
    before = METRICS.format(kind="script", field="source: |\n      open('/tmp/sys-metrics.json', 'w')")
    assert fixed(before) == textwrap.dedent(before)


STEPS = """\
# the comment stays
entrypoint: main
templates:
  - name: main   # steps
    steps:
    - - name: a
        template: echo
  - name: echo
    container: {image: alpine}
"""


def test_steps_entrypoint_is_wrapped_in_a_one_task_dag() -> None:
    assert (
        fixed(STEPS)
        == """\
# the comment stays
entrypoint: main-dag
templates:
  - name: main-dag
    dag:
      tasks:
      - name: main
        template: main
  - name: main   # steps
    steps:
    - - name: a
        template: echo
  - name: echo
    container: {image: alpine}
"""
    )


def test_steps_onexit_is_wrapped_and_crlf_kept() -> None:
    before = STEPS.replace("entrypoint: main\n", "entrypoint: echo-dag\nonExit: main\n").replace(
        "templates:\n", "templates:\n  - name: echo-dag\n    dag: {tasks: [{name: e, template: echo}]}\n"
    )
    after = fixed(before.replace("\n", "\r\n"))
    assert "\r\nonExit: main-dag\r\n" in after
    assert "  - name: main-dag\r\n    dag:\r\n      tasks:\r\n      - name: main\r\n        template: main\r\n" in after
    assert "\n" not in after.replace("\r\n", "")


def test_a_steps_entrypoint_with_inputs_is_not_wrapped() -> None:
    before = STEPS.replace("    steps:\n", "    inputs: {parameters: [{name: x}]}\n    steps:\n")
    assert "onepanel-entrypoint-not-dag" not in rules_fixed(before)


@pytest.mark.parametrize(
    "extra",
    [
        "dependencies: [t]",  # no close task name
        "imagePullpolicy: Always\n      imagePulPolicy: Always",  # two spellings of one field: which one?
        "dependecies: [prepare]\n      dependencies: [prepare]",  # the right key is there already
    ],
)
def test_ambiguous_findings_are_not_fixed(extra: str) -> None:
    text = dag(extra)
    assert fixed(text) == text


def test_a_close_call_between_two_names_is_not_fixed() -> None:
    text = dag("dependencies: [task]").replace("name: prepare", "name: task1").replace("name: train", "name: task2")
    assert fixed(text) == text


def test_suppressed_and_disabled_findings_are_not_fixed() -> None:
    suppressed = dag("dependecies: [prepare]  # opctl: ignore[unknown-field]")
    assert fixed(suppressed) == suppressed
    disabled = dag("dependecies: [prepare]")
    assert fixed(disabled, config=LintConfig(disable=frozenset({"unknown-field"}))) == disabled


def test_fixes_chain_across_rounds() -> None:
    # the key is renamed first; then the misspelt task name inside it is seen and fixed
    assert fixed(dag("dependecies: [prepar]")) == dag("dependencies: [prepare]")


def test_unparseable_text_is_left_alone() -> None:
    assert fixed("entrypoint: [main\n") == "entrypoint: [main\n"


REFS = """\
entrypoint: main
arguments:
  parameters: [{name: epochs, value: '3'}]
templates:
- name: main
  dag: {tasks: [{name: a, template: echo, arguments: {parameters: [{name: count, value: "{{workflow.parameters.%s}}"}]}}]}
- name: echo
  inputs: {parameters: [{name: count}]}
  container: {image: alpine, args: ['{{inputs.parameters.%s}}', '{{ workflow.parameters.%s }}']}
"""  # noqa: E501 - a template line as written


def test_parameter_names_in_tags() -> None:
    assert fixed(REFS % ("epoch", "cont", "Epochs")) == REFS % ("epochs", "count", "epochs")
    # no close name: left alone
    assert fixed(REFS % ("batch", "count", "epochs")) == REFS % ("batch", "count", "epochs")
