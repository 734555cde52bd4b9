"""The ``references`` family: every {{...}} tag names something in scope, at the tag's line and column."""

from __future__ import annotations

import pytest

from opctl.diagnostics import Severity
from opctl.lint import all_rules, lint_documents
from opctl.lint.registry import Dialect
from tests.conftest import yaml_doc
from tests.lint.rulecheck import DIALECTS, check

# What the references checker reports: its own family and the runtime family's ref-item-key.
REFS = ("references", "runtime")


def drop_line(text: str, content: str) -> str:
    """``text`` without the one line whose content (indentation aside) is ``content``."""
    lines = text.split("\n")
    kept = [line for line in lines if line.strip() != content]
    assert len(kept) == len(lines) - 1, content
    return "\n".join(kept)


# A DAG calling a leaf that takes one parameter; `{ARG}` is the value passed (line 13, after `value: `).
CALL = """
    entrypoint: main
    arguments:
      parameters:
      - name: epochs
        value: 10
    templates:
    - name: main
      dag:
        tasks:
        - name: a
          template: echo
          arguments:
            parameters: [{name: msg, value: "{ARG}"}]
    - name: echo
      inputs:
        parameters:
        - name: msg
      container:
        image: alpine:3.19
        command: [echo, "{{inputs.parameters.msg}}", "{{workflow.parameters.epochs}}"]
"""


def call(arg: str) -> str:
    return CALL.replace("{ARG}", arg)


# --- ref-workflow-parameter ---------------------------------------------------------------------


def test_undeclared_workflow_parameter_points_at_the_tag_inside_the_string_and_suggests_the_name() -> None:
    [diag] = check(call("run {{workflow.parameters.epoch}} times"), ("ref-workflow-parameter", 13, 46), family=REFS)
    assert diag.end_column == 46 + len("{{workflow.parameters.epoch}}")
    assert diag.severity is Severity.ERROR
    assert "'epoch'" in diag.message and "did you mean 'epochs'?" in diag.message
    assert "epochs" in (diag.hint or "")


def test_declared_workflow_parameter_passes() -> None:
    check(call("run {{workflow.parameters.epochs}} times"), family=REFS)


def test_tag_position_in_a_block_scalar_is_the_line_inside_the_block() -> None:
    text = """
        entrypoint: main
        templates:
        - name: main
          script:
            image: python:3.12
            source: |
              import sys
              epochs = int("{{workflow.parameters.epochs}}")
              print(epochs)
    """
    check(text, ("ref-workflow-parameter", 8, 21), family=REFS)


def test_tag_position_after_escapes_in_a_quoted_scalar_and_in_a_key() -> None:
    text = """
        entrypoint: main
        arguments:
          parameters: [{name: pool, value: a}]
        templates:
        - name: main
          nodeSelector:
            "{{workflow.parameters.label}}": "{{workflow.parameters.pool}}"
          container:
            image: alpine:3.19
            args: ['it''s {{workflow.parameters.who}}', "tab\\t{{workflow.parameters.who}}"]
    """
    check(
        text,
        ("ref-workflow-parameter", 7, 6),
        ("ref-workflow-parameter", 10, 19),
        ("ref-workflow-parameter", 10, 55),
        family=REFS,
    )


def test_tag_position_in_a_plain_scalar_folded_over_lines_and_fallback_for_an_alias() -> None:
    text = """
        entrypoint: main
        templates:
        - name: main
          container:
            image: alpine:3.19
            command: &cmd echo a long plain scalar
              folded {{workflow.parameters.x}} here
            args: [*cmd]
    """
    # The alias has no text of its own to search: the finding points at `*cmd` itself.
    check(text, ("ref-workflow-parameter", 7, 14), ("ref-workflow-parameter", 8, 12), family=REFS)


def test_two_identical_tags_in_one_string_get_their_own_columns() -> None:
    check(
        call("{{workflow.parameters.x}}-{{workflow.parameters.x}}"),
        ("ref-workflow-parameter", 13, 42),
        ("ref-workflow-parameter", 13, 68),
        family=REFS,
    )


def test_workflow_template_kind_accepts_any_workflow_parameter() -> None:
    text = """
        apiVersion: argoproj.io/v1alpha1
        kind: WorkflowTemplate
        metadata: {name: wt}
        spec:
          entrypoint: main
          templates:
          - name: main
            container: {image: alpine, args: ["{{workflow.parameters.supplied-at-submit}}"]}
    """
    check(text, family=REFS, dialect="argo")


# --- ref-workflow-variable ----------------------------------------------------------------------


def test_unknown_workflow_variable_is_an_error_with_a_suggestion() -> None:
    [diag] = check(call("{{workflow.nmae}}"), ("ref-workflow-variable", 13, 42), family=REFS)
    assert "did you mean 'workflow.name'?" in diag.message


@pytest.mark.parametrize(
    "tag",
    [
        "{{workflow.name}}",
        "{{ workflow.namespace }}",
        "{{workflow.uid}}",
        "{{workflow.serviceAccountName}}",
        "{{workflow.mainEntrypoint}}",
        "{{workflow.status}}",
        "{{workflow.duration}}",
        "{{workflow.creationTimestamp.Y}}",
        "{{workflow.creationTimestamp.RFC3339}}",
        "{{workflow.labels.team}}",
        "{{workflow.annotations.json}}",
        "{{workflow.parameters.json}}",
    ],
)
def test_workflow_variables_argo_knows_pass(tag: str) -> None:
    check(call(tag), family=REFS)


def test_workflow_failures_needs_an_exit_handler() -> None:
    [diag] = check(call("{{workflow.failures}}"), ("ref-workflow-variable", 13, 42), family=REFS)
    assert "spec.onExit" in diag.message
    with_exit = call("{{workflow.failures}}").replace("entrypoint: main\n", "entrypoint: main\n    onExit: main\n", 1)
    check(with_exit, family=REFS)


def test_workflow_output_needs_a_global_name() -> None:
    check(call("{{workflow.outputs.parameters.best}}"), ("ref-workflow-variable", 13, 42), family=REFS)
    declared = call("{{workflow.outputs.parameters.best}}").replace(
        "      inputs:\n", "      outputs:\n        parameters:\n        - {name: b, globalName: best}\n      inputs:\n"
    )
    assert "globalName: best" in declared
    check(declared, family=REFS)


# --- ref-input-parameter / ref-input-artifact ---------------------------------------------------

LEAF = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - name: a
          template: leaf
          arguments:
            parameters: [{name: message, value: hi}]
            artifacts: [{name: data, raw: {data: x}}]
    - name: leaf
      inputs:
        parameters: [{name: message}]
        artifacts: [{name: data, path: /tmp/data}]
      container:
        image: alpine:3.19
        args: ["cat {{inputs.artifacts.data.path}}; echo {{inputs.parameters.message}}"]
"""


def test_declared_inputs_pass() -> None:
    check(LEAF, family=REFS)


def test_undeclared_input_parameter_is_an_error_with_a_suggestion() -> None:
    [diag] = check(
        LEAF.replace("{{inputs.parameters.message}}", "{{inputs.parameters.mesage}}"),
        ("ref-input-parameter", 17, 54),
        family=REFS,
    )
    assert "template 'leaf'" in diag.message and "did you mean 'message'?" in diag.message


def test_undeclared_input_artifact_is_an_error() -> None:
    [diag] = check(
        LEAF.replace("{{inputs.artifacts.data.path}}", "{{inputs.artifacts.dataset.path}}"),
        ("ref-input-artifact", 17, 17),
        family=REFS,
    )
    assert "'dataset'" in diag.message


def test_a_dag_task_argument_uses_the_inputs_of_the_dag_template() -> None:
    text = """
        entrypoint: main
        arguments:
          parameters: [{name: m, value: x}]
        templates:
        - name: main
          inputs:
            parameters: [{name: m}]
          dag:
            tasks:
            - name: a
              template: leaf
              arguments:
                parameters: [{name: message, value: "{{inputs.parameters.m}}"}]
                artifacts: [{name: data, raw: {data: "{{inputs.parameters.n}}"}}]
        - name: leaf
          inputs:
            parameters: [{name: message}]
            artifacts: [{name: data, path: /tmp/data}]
          container: {image: alpine}
    """
    check(text, ("ref-input-parameter", 14, 47), family=REFS)


# --- ref-task-undefined / ref-task-output -------------------------------------------------------

DAG = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - name: gen
          template: gen
        - name: use
          dependencies: [gen]
          template: echo
          arguments:
            parameters: [{name: msg, value: "{USE}"}]
    - name: gen
      outputs:
        parameters: [{name: out, valueFrom: {path: /tmp/out}}]
        artifacts: [{name: file, path: /tmp/file}]
      script: {image: alpine, source: echo}
    - name: echo
      inputs:
        parameters: [{name: msg}]
      container: {image: alpine}
"""


def dag(use: str) -> str:
    return DAG.replace("{USE}", use)


@pytest.mark.parametrize(
    "tag",
    [
        "{{tasks.gen.outputs.parameters.out}}",
        "{{tasks.gen.outputs.artifacts.file}}",
        "{{tasks.gen.outputs.result}}",
        "{{tasks.gen.exitCode}}",
        "{{tasks.gen.status}}",
        "{{tasks.gen.startedAt}}",
        "{{tasks.name}}",
    ],
)
def test_task_variables_of_a_dependency_pass(tag: str) -> None:
    check(dag(tag), family=REFS)


def test_unknown_task_is_an_error_with_a_suggestion() -> None:
    [diag] = check(dag("{{tasks.gne.outputs.result}}"), ("ref-task-undefined", 12, 42), family=REFS)
    assert "no task 'gne'" in diag.message and "did you mean 'gen'?" in diag.message


def test_task_reference_outside_a_dag_is_an_error() -> None:
    text = """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{tasks.a.outputs.result}}"]}
    """
    check(text, ("ref-task-undefined", 4, 38), family=REFS)


def test_undeclared_task_output_parameter_is_an_error() -> None:
    [diag] = check(dag("{{tasks.gen.outputs.parameters.result}}"), ("ref-task-output", 12, 42), family=REFS)
    assert "no output parameter 'result'" in diag.message and "out" in (diag.hint or "")


def test_result_of_a_template_without_output_is_an_error() -> None:
    text = """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: inner, template: inner}
            - {name: b, dependencies: [inner], template: main2, when: "{{tasks.inner.outputs.result}} == x"}
        - name: inner
          dag:
            tasks: [{name: x, template: main2}]
        - name: main2
          suspend: {}
    """
    [diag] = check(text, ("ref-task-output", 7, 64), family=REFS)
    assert "a dag template" in diag.message


SYS_METRICS = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - {name: train, template: train}
        - name: report
          dependencies: [train]
          template: report
          arguments:
            artifacts: [{name: metrics, from: "{{tasks.train.outputs.artifacts.sys-metrics}}"}]
    - name: train
      container: {image: alpine}
    - name: report
      inputs:
        artifacts: [{name: metrics, path: /tmp/metrics.json}]
      container: {image: alpine}
"""


def test_onepanel_injected_sys_metrics_output_counts_in_the_onepanel_dialect() -> None:
    check(SYS_METRICS, family=REFS, dialect="onepanel")


def test_sys_metrics_is_not_an_argo_output() -> None:
    [diag] = check(SYS_METRICS, ("ref-task-output", 11, 44), family=REFS, dialect="argo")
    assert "injected by Onepanel" in diag.message


# --- ref-task-not-ancestor / ref-task-unordered -------------------------------------------------

ORDER = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - {name: a, template: gen}
        - {name: b, template: gen, dependencies: [a]}
        - {name: c, template: gen, depends: "b.Succeeded || b.Failed"}
        - name: d
          template: echo
          {LINK}
          arguments:
            parameters: [{name: msg, value: "{USE}"}]
    - name: gen
      script: {image: alpine, source: echo}
    - name: echo
      inputs:
        parameters: [{name: msg}]
      container: {image: alpine}
"""


def order(link: str, use: str) -> str:
    return ORDER.replace("{LINK}", link).replace("{USE}", use)


def test_argument_from_a_transitive_ancestor_passes() -> None:
    check(order("depends: c", "{{tasks.a.outputs.result}}"), family=REFS)
    check(order("dependencies: [c]", "{{tasks.b.status}}"), family=REFS)


def test_argument_value_starting_with_a_task_that_is_not_an_ancestor_is_an_error() -> None:
    [diag] = check(
        order("dependencies: [b]", "{{tasks.c.outputs.result}}"), ("ref-task-not-ancestor", 13, 42), family=REFS
    )
    assert "missing dependency 'c'" in diag.message
    assert "add 'c' to the dependencies" in (diag.hint or "")


def test_status_of_a_task_that_is_not_an_ancestor_is_an_error_anywhere_in_the_task() -> None:
    check(order("when: '{{tasks.c.status}} == Succeeded'", "x"), ("ref-task-not-ancestor", 11, 14), family=REFS)


def test_embedded_reference_to_a_task_that_is_not_an_ancestor_is_a_warning() -> None:
    [diag] = check(
        order("dependencies: [a]", "got {{tasks.c.outputs.result}}"),
        ("ref-task-unordered", 13, 46),
        family=REFS,
    )
    assert diag.severity is Severity.WARNING
    check(order("depends: c.Succeeded", "got {{tasks.a.outputs.result}}"), family=REFS)


STEPS = """
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata: {generateName: s-}
    spec:
      entrypoint: main
      templates:
      - name: main
        steps:
        - - {name: one, template: gen}
        - - name: two
            template: echo
            arguments: {parameters: [{name: msg, value: "{{steps.{STEP}.outputs.result}}"}]}
      - name: gen
        script: {image: alpine, source: echo}
      - name: echo
        inputs: {parameters: [{name: msg}]}
        container: {image: alpine}
"""


def test_steps_may_use_earlier_groups_only() -> None:
    check(STEPS.replace("{STEP}", "one"), family=REFS, dialect="argo")
    check(STEPS.replace("{STEP}", "two"), ("ref-task-not-ancestor", 12, 54), family=REFS, dialect="argo")


# --- ref-variable-scope -------------------------------------------------------------------------


def test_item_outside_a_loop_is_an_error_and_inside_one_passes() -> None:
    check(call("{{item.name}}"), ("ref-variable-scope", 13, 42), family=REFS)
    looped = call("{{item.name}}").replace("template: echo\n", "template: echo\n          withItems: [{name: x}]\n")
    check(looped, family=REFS)


INLINE = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - name: each
          withItems: [{size: 1}, {size: 2}]
          arguments: {parameters: [{name: count, value: "{{item.size}}"}]}
          inline:
            inputs: {parameters: [{name: count}]}
            container: {image: alpine, args: ["{{inputs.parameters.count}}", "{{item.size}}"]}
"""


def test_inline_template_has_its_own_inputs_and_its_task_s_items() -> None:
    check(INLINE, family=REFS)
    found = check(
        drop_line(INLINE, "withItems: [{size: 1}, {size: 2}]").replace("parameters.count}}", "parameters.cnt}}"),
        ("ref-variable-scope", 7, 54),
        ("ref-input-parameter", 10, 44),
        ("ref-variable-scope", 10, 73),
        family=REFS,
    )
    assert "this inline template" in found[1].message


def test_unknown_pod_and_input_variables_are_errors() -> None:
    text = """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{pod.name}}", "{{pod.ip}}", "{{inputs.foo}}"]}
    """
    check(text, ("ref-variable-scope", 4, 54), ("ref-variable-scope", 4, 68), family=REFS)


def test_tags_argo_does_not_check_are_left_alone() -> None:
    text = """
        entrypoint: main
        templates:
        - name: main
          nodeSelector:
            "{{.NodePoolLabel}}": "{{.DefaultNodePoolOption}}"
          container:
            image: alpine:3.19
            args: ["{{item}}", "{{node.name}}", "{{retries}}", "{{=sprig.upper('x')}}", "{{outputs.result}}"]
    """
    check(text, family=REFS)


# --- ref-artifact-from --------------------------------------------------------------------------


FROM = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - {name: gen, template: gen}
        - name: a
          dependencies: [gen]
          template: take
          arguments:
            artifacts:
            - {name: f, from: "{F}"}
            - {name: g, from: "{G}"}
    - name: gen
      outputs:
        parameters: [{name: out, valueFrom: {path: /tmp/out}}]
        artifacts: [{name: file, path: /tmp/file}]
      container: {image: alpine}
    - name: take
      inputs:
        artifacts: [{name: f, path: /f}, {name: g, path: /g}]
      container: {image: alpine}
"""


def test_artifact_from_must_be_one_artifact_reference() -> None:
    text = FROM.replace('"{F}"', "tasks.gen.outputs.artifacts.file").replace(
        "{G}", "{{tasks.gen.outputs.parameters.out}}"
    )
    found = check(text, ("ref-artifact-from", 12, 27), ("ref-artifact-from", 13, 28), family=REFS)
    assert "exactly one {{...}} reference" in found[0].message
    assert "not an artifact" in found[1].message


def test_artifact_from_a_task_artifact_passes() -> None:
    text = FROM.replace("{F}", "{{tasks.gen.outputs.artifacts.file}}").replace(
        "{G}", " {{tasks.gen.outputs.artifacts.file}} "
    )
    check(text, family=REFS)


# --- ref-missing-argument / ref-extra-argument --------------------------------------------------


def test_missing_input_without_default_is_an_error_at_the_call() -> None:
    text = drop_line(LEAF, "parameters: [{name: message, value: hi}]")
    [diag] = check(text, ("ref-missing-argument", 7, 17), family=REFS)
    assert "input parameter 'message'" in diag.message


def test_missing_input_artifact_is_an_error_and_a_default_or_location_satisfies_it() -> None:
    text = drop_line(LEAF, "artifacts: [{name: data, raw: {data: x}}]")
    [diag] = check(text, ("ref-missing-argument", 7, 17), family=REFS)
    assert "input artifact 'data'" in diag.message
    optional = text.replace("{name: data, path: /tmp/data}", "{name: data, path: /tmp/data, optional: true}")
    check(optional, family=REFS)
    defaulted = drop_line(LEAF, "parameters: [{name: message, value: hi}]").replace(
        "parameters: [{name: message}]", "parameters: [{name: message, default: hello}]"
    )
    check(defaulted, family=REFS)


def test_entrypoint_inputs_must_come_from_spec_arguments() -> None:
    text = """
        entrypoint: main
        templates:
        - name: main
          inputs:
            parameters: [{name: size}]
          container: {image: alpine, args: ["{{inputs.parameters.size}}"]}
    """
    check(text, ("ref-missing-argument", 1, 13), family=REFS)
    supplied = text.replace("main\n", "main\n        arguments: {parameters: [{name: size, value: 1}]}\n", 1)
    check(supplied, family=REFS)


def test_argument_the_template_does_not_declare_is_a_warning() -> None:
    text = LEAF.replace("[{name: message, value: hi}]", "[{name: message, value: hi}, {name: mesage, value: x}]")
    [diag] = check(text, ("ref-extra-argument", 9, 57), family=REFS)
    assert diag.severity is Severity.WARNING
    assert "did you mean 'message'?" in diag.message


# --- ref-unused-parameter -----------------------------------------------------------------------

PARAMS = """
    entrypoint: main
    arguments:
      parameters:
      - name: used
        value: "{{workflow.parameters.indirect}}"
      - name: indirect
        value: x
      - name: spare
        value: y
      - name: sys-node-pool
        type: select.nodepool
        value: default
    templates:
    - name: main
      container: {image: alpine, args: ["{{workflow.parameters.used}}"]}
"""


def test_unused_workflow_parameter_is_a_warning_at_its_name() -> None:
    [diag] = check(PARAMS, ("ref-unused-parameter", 8, 11), family=REFS)
    assert diag.severity is Severity.WARNING and "'spare'" in diag.message


def test_nodepool_parameter_is_used_by_onepanel_but_not_in_the_argo_dialect() -> None:
    unused = [("ref-unused-parameter", 8, 11), ("ref-unused-parameter", 10, 11)]
    check(PARAMS, *unused, family=REFS, dialect="argo")


@pytest.mark.parametrize(
    "use",
    ["{{workflow.parameters.spare}}", "{{workflow.parameters}}", "{{= workflow.parameters['spare'] }}"],
)
def test_parameter_used_by_tag_json_or_expression_passes(use: str) -> None:
    used = PARAMS.replace(
        'args: ["{{workflow.parameters.used}}"]', f'args: ["{{{{workflow.parameters.used}}}}", "{use}"]'
    )
    check(used, family=REFS)


WORKFLOW_TEMPLATE_ENTRY_INPUT = """
    apiVersion: argoproj.io/v1alpha1
    kind: WorkflowTemplate
    metadata:
      name: submittable
    spec:
      entrypoint: print-message
      arguments:
        parameters:
        - name: message
          value: hello world
      templates:
      - name: print-message
        inputs:
          parameters:
          - name: message
        container:
          image: busybox
          args: ["{{inputs.parameters.message}}"]
"""


@pytest.mark.parametrize("dialect", DIALECTS)
def test_workflow_template_parameter_passed_to_the_entrypoint_inputs_is_used(dialect: Dialect) -> None:
    # Argo gives spec.arguments to the entrypoint as its arguments (Argo's workflow-template-submittable
    # example): the parameter is used by name, in a WorkflowTemplate as in a Workflow.
    check(WORKFLOW_TEMPLATE_ENTRY_INPUT, rule="ref-unused-parameter", dialect=dialect)
    check(
        WORKFLOW_TEMPLATE_ENTRY_INPUT.replace("- name: message\n        container", "- name: other\n        container"),
        ("ref-unused-parameter", 9, 13),
        rule="ref-unused-parameter",
        dialect=dialect,
    )


def test_parameters_of_a_workflow_running_a_workflow_template_ref_are_not_unused() -> None:
    # They are the referenced template's arguments (Argo's workflow-template-ref example).
    text = """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata:
          generateName: from-template-
        spec:
          arguments:
            parameters:
            - name: message
              value: from workflow
          workflowTemplateRef:
            name: workflow-template-submittable
    """
    check(text, rule="ref-unused-parameter", dialect="argo")


# --- ref-workspace-variable ---------------------------------------------------------------------


def test_workspace_variable_is_a_warning_in_the_onepanel_dialect_only() -> None:
    [diag] = check(call("Workspace {{workspace.name}}"), ("ref-workspace-variable", 13, 52), family=REFS)
    assert diag.severity is Severity.WARNING and "post-execution" in diag.message
    check(call("Workspace {{workspace.name}}"), family=REFS, dialect="argo")


def test_workspace_namespace_in_a_parameter_value_is_substituted_by_onepanel() -> None:
    text = CALL.replace("value: 10", "value: '{{workspace.namespace}}/x'").replace(
        "{ARG}", "{{workflow.parameters.epochs}}"
    )
    check(text, family=REFS)


# --- the family as a whole ----------------------------------------------------------------------


def test_suggestions_stop_when_the_comparison_budget_is_spent(monkeypatch: pytest.MonkeyPatch) -> None:
    # The DAG has four tasks: a suggestion costs 4 comparisons, so a budget of 5 allows one.
    monkeypatch.setattr("opctl.lint.references.walker.SUGGESTION_BUDGET", 5)
    text = order("dependencies: [c]", "{{tasks.aa.outputs.result}}")
    text = text.replace("{name: c, template: gen,", "{name: c, template: gen, when: '{{tasks.bb.status}}',")
    found = check(text, ("ref-task-undefined", 8, 39), ("ref-task-undefined", 13, 42), family=REFS)
    assert "did you mean 'b'?" in found[0].message
    assert "did you mean" not in found[1].message


def test_every_rule_is_registered_with_a_ref_prefix_and_a_summary() -> None:
    rules = {rule_id: rule for rule_id, rule in all_rules().items() if rule.family == "references"}  # type: ignore[attr-defined]
    assert len(rules) == 14
    for rule_id, rule in rules.items():
        assert rule_id.startswith("ref-") and rule_id == rule_id.lower()
        assert rule.summary and "\n" not in rule.summary


def test_findings_go_through_lint_documents_and_inline_suppression() -> None:
    text = call("{{workflow.parameters.nope}}").replace(
        'value: "{{workflow.parameters.nope}}"}]',
        'value: "{{workflow.parameters.nope}}"}]  # opctl: ignore[ref-workflow-parameter]',
    )
    found = [d for d in lint_documents([yaml_doc(text)]) if d.rule == "ref-workflow-parameter"]
    assert [(d.line, d.column, d.suppressed) for d in found] == [(13, 42, True)]


def test_pod_name_in_a_steps_or_dag_template_is_out_of_scope():
    # validate.go gives {{pod.name}} only to pod templates: passed from a step it fails to resolve
    text = """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - name: a
              template: echo
              arguments: {parameters: [{name: m, value: "{{pod.name}}"}]}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine, args: ["{{inputs.parameters.m}}", "{{pod.name}}"]}
    """
    check(text, ("ref-variable-scope", 7, 50), rule="ref-variable-scope", dialect="argo")
    check(text.replace('"{{pod.name}}"}', '"x"}'), rule="ref-variable-scope", dialect="argo")
