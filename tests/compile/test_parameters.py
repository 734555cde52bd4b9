"""Parameters: UI fields stripped, overrides in Onepanel's merge order, node pools, namespace, scalars."""

from __future__ import annotations

from pathlib import Path

import pytest

from opctl.compile.passes import go_string
from opctl.compile.settings import NamespaceDefaults
from tests.compile.helpers import compile_text, messages

TEMPLATE = """
entrypoint: main
arguments:
  parameters:
  - name: a
    value: x
    displayName: A
    type: input.text
    visibility: public
    hint: <b>html</b>
    required: true
  - name: b
    value: y
  - name: c
templates:
- name: main
  dag:
    tasks:
    - name: t
      template: echo
- name: echo
  container:
    image: alpine
    command: [echo, '{{workflow.parameters.a}} {{workflow.parameters.b}} {{workflow.parameters.c}}']
"""


def params(result) -> list[tuple[str, str]]:
    return [(p["name"], p.get("value")) for p in result.manifests[0]["spec"]["arguments"]["parameters"]]


def test_merge_order_is_passed_parameters_first_then_the_rest_in_template_order() -> None:
    # onepanel-semantics.md §3.5: template [a=x, b=y, c] + request [b=Y, z=Z] -> [b=Y, z=Z, a=x, c]
    result = compile_text(TEMPLATE, parameters=[("b", "Y"), ("z", "Z"), ("c", "C")])
    assert result.ok, result.diagnostics
    assert params(result) == [("b", "Y"), ("z", "Z"), ("c", "C"), ("a", "x")]
    assert messages(result, "compile-parameter-undeclared") == [
        "parameter 'z' (from -p) is not declared by the template; it is added"
    ]


def test_ui_fields_are_stripped() -> None:
    result = compile_text(TEMPLATE, parameters=[("c", "C")])
    assert result.manifests[0]["spec"]["arguments"]["parameters"][-2] == {"name": "a", "value": "x"}


def test_parameter_without_value_and_override_is_an_error_naming_it() -> None:
    result = compile_text(TEMPLATE)
    assert not result.ok and result.manifests == []
    [error] = [d for d in result.diagnostics if d.is_error]
    assert (error.rule, error.line, error.column) == ("compile-parameter-missing-value", 13, 5)
    assert error.message == "parameter 'c' has no value and none was passed"
    assert error.hint.startswith("pass -p c=VALUE or --parameter-file")


def test_a_workflowtemplate_may_leave_a_parameter_open() -> None:
    result = compile_text(TEMPLATE, kind="workflowtemplate")
    assert result.ok
    assert params(result)[-1] == ("c", None)
    assert "value" not in result.manifests[0]["spec"]["arguments"]["parameters"][-1]


def test_parameter_file_map_and_list_and_p_wins(tmp_path: Path) -> None:
    as_map = tmp_path / "params.yaml"
    as_map.write_text("c: 10\nb: from-file\n")
    as_list = tmp_path / "params.json"
    as_list.write_text('[{"name": "a", "value": true}]')
    result = compile_text(TEMPLATE, parameters=[("b", "from-p")], parameter_files=[str(as_map), str(as_list)])
    assert result.ok, result.diagnostics
    assert params(result) == [("b", "from-p"), ("c", "10"), ("a", "true")]


def test_parameter_file_errors_have_positions(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: 1\nb: [1, 2]\n")
    result = compile_text(TEMPLATE, parameter_files=[str(bad)])
    assert result.fatal and result.exit_code == 2
    [error] = result.diagnostics
    assert (error.rule, error.file, error.line, error.column) == ("compile-parameter-file", str(bad), 2, 4)
    assert error.message == "parameter 'b' has a list value; parameter values are strings"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, "true"),
        (False, "false"),
        (10, "10"),
        (1e3, "1000"),
        (0.5, "0.5"),
        (1.0, "1"),
        (123456789.125, "123456789.125"),
        (1e-7, "0.0000001"),
        (2.5e20, "250000000000000000000"),
        ("x", "x"),
    ],
)
def test_scalars_are_normalised_as_argo_prints_them(value: object, expected: str) -> None:
    assert go_string(value) == expected


def test_yaml_scalars_in_template_values_are_normalised() -> None:
    result = compile_text("""
        entrypoint: main
        arguments:
          parameters:
          - {name: flag, value: yes}
          - {name: count, value: 010}
          - {name: ratio, value: 1e3}
          - {name: plain, value: '007'}
        templates:
        - name: main
          dag:
            tasks:
            - {name: t, template: echo}
        - name: echo
          container:
            image: alpine
            command:
            - echo
            - '{{workflow.parameters.flag}} {{workflow.parameters.count}}'
            - '{{workflow.parameters.ratio}} {{workflow.parameters.plain}}'
        """)
    assert params(result) == [("flag", "true"), ("count", "8"), ("ratio", "1000"), ("plain", "007")]


NODEPOOL = """
entrypoint: main
arguments:
  parameters:
  - name: sys-node-pool
    value: default
    type: select.nodepool
    options: [{name: ignored, value: ignored}]
templates:
- name: main
  dag:
    tasks:
    - name: t
      template: work
- name: work
  nodeSelector:
    node.kubernetes.io/instance-type: '{{workflow.parameters.sys-node-pool}}'
  container:
    image: alpine
    resources: {limits: {cpu: '1'}}
"""


def test_nodepool_default_takes_the_first_option_and_its_resources_apply_only_with_limits() -> None:
    result = compile_text(NODEPOOL)
    assert result.ok
    assert params(result) == [("sys-node-pool", "m5.xlarge")]
    work = result.manifests[0]["spec"]["templates"][1]
    assert work["container"]["resources"] == {"limits": {"cpu": "1"}}  # CPU pool: no limits, untouched


def test_gpu_pool_resources_replace_the_users_with_a_warning() -> None:
    result = compile_text(NODEPOOL, parameters=[("sys-node-pool", "p3.2xlarge")])
    assert result.ok
    work = result.manifests[0]["spec"]["templates"][1]
    assert work["container"]["resources"] == {"limits": {"nvidia.com/gpu": 1}}
    [warning] = [d for d in result.diagnostics if d.rule == "compile-resources-replaced"]
    assert (warning.line, warning.column) == (19, 5)
    assert warning.message == (
        "template 'work': resources replaced by those of node pool 'GPU: 1xV100' (p3.2xlarge), as Onepanel did"
    )


def test_nodepool_value_that_is_not_an_option_is_a_warning() -> None:
    result = compile_text(NODEPOOL, parameters=[("sys-node-pool", "m9.huge")])
    assert result.ok
    assert messages(result, "compile-nodepool-unknown-value") == [
        "select.nodepool parameter 'sys-node-pool' has value 'm9.huge', which is not a configured node pool"
    ]


def test_nodepool_default_without_node_pools_is_an_error() -> None:
    result = compile_text(NODEPOOL, defaults=NamespaceDefaults())
    assert not result.ok
    [error] = [d for d in result.diagnostics if d.is_error]
    assert (error.rule, error.line, error.column) == ("compile-nodepool-unconfigured", 4, 5)
    assert error.message == (
        "select.nodepool parameter 'sys-node-pool' is 'default' but no node pools are configured (built-in defaults)"
    )


NAMESPACED = """
entrypoint: main
arguments:
  parameters:
  - name: path
    value: 'artifacts/{{workflow.namespace}}/x/{{ workspace.namespace }}'
templates:
- name: main
  dag:
    tasks:
    - name: t
      template: echo
- name: echo
  container:
    image: alpine
    command: [echo, '{{workflow.parameters.path}} {{workflow.namespace}}']
"""


def test_namespace_is_pre_substituted_in_parameter_values_only() -> None:
    result = compile_text(NAMESPACED, namespace="team-b")
    assert params(result) == [("path", "artifacts/team-b/x/team-b")]
    manifest = result.manifests[0]
    assert manifest["metadata"]["namespace"] == "team-b"
    assert manifest["spec"]["templates"][1]["container"]["command"][1].endswith("{{workflow.namespace}}")


def test_namespace_comes_from_the_defaults_when_not_given() -> None:
    assert params(compile_text(NAMESPACED)) == [("path", "artifacts/team-a/x/team-a")]


WORKSPACE_UID = """
entrypoint: main
arguments:
  parameters:
  - name: sys-name
    value: My Workspace
  - name: path
    value: '{{workspace.namespace}}/workspaces/{{ workspace.uid }}'
templates:
- name: main
  dag:
    tasks:
    - name: t
      template: echo
- name: echo
  container:
    image: alpine
    command: [echo, '{{workflow.parameters.path}}']
"""


def test_workspace_uid_in_a_parameter_value_is_the_uid_of_sys_name() -> None:
    expected = [("sys-name", "My Workspace"), ("path", "team-a/workspaces/my-workspace")]
    assert params(compile_text(WORKSPACE_UID)) == expected
    passed = compile_text(WORKSPACE_UID, parameters=[("sys-name", "cvat_1")])
    assert ("path", "team-a/workspaces/cvat-1") in params(passed)
    without = compile_text(WORKSPACE_UID.replace("sys-name", "other"))
    assert ("path", "team-a/workspaces/{{ workspace.uid }}") in params(without)


def test_unknown_namespace_is_an_error() -> None:
    result = compile_text(NAMESPACED, defaults=NamespaceDefaults())
    [error] = [d for d in result.diagnostics if d.is_error]
    assert (error.rule, error.line, error.column) == ("compile-namespace-unknown", 4, 5)
    assert error.hint == "pass --namespace NAME or set namespace: in opctl.yaml"


def test_argo_parameter_fields_are_dropped_with_a_warning() -> None:
    result = compile_text("""
        entrypoint: main
        arguments:
          parameters:
          - name: mode
            value: fast
            enum: [fast, slow]
        templates:
        - name: main
          dag:
            tasks:
            - {name: t, template: echo}
        - name: echo
          container: {image: alpine, command: [echo, '{{workflow.parameters.mode}}']}
        """)
    assert params(result) == [("mode", "fast")]
    [warning] = [d for d in result.diagnostics if d.rule == "compile-parameter-field-dropped"]
    assert (warning.line, warning.column, warning.message) == (6, 5, "parameter 'mode': enum dropped, as Onepanel did")


ARGO_WORKFLOW = """
apiVersion: argoproj.io/v1alpha1
kind: {kind}
metadata: {{generateName: w-}}
spec:
  entrypoint: main
  arguments:
    parameters:
    - name: epochs
  templates:
  - name: main
    container: {{image: alpine, args: ['{{{{workflow.parameters.epochs}}}}']}}
"""


def test_an_argo_workflow_parameter_without_value_is_refused_unless_passed() -> None:
    """argo lint accepts it (lint warns: spec-argument-no-value); Argo's create refuses it."""
    result = compile_text(ARGO_WORKFLOW.format(kind="Workflow"))
    [diag] = [d for d in result.diagnostics if d.rule == "compile-parameter-missing-value"]
    assert (diag.line, diag.column) == (8, 7) and "-p epochs=VALUE" in (diag.hint or "")
    assert result.manifests == []
    passed = compile_text(ARGO_WORKFLOW.format(kind="Workflow"), parameters=[("epochs", "3")])
    assert [d.rule for d in passed.diagnostics if d.rule.startswith(("compile-", "spec-"))] == []
    assert passed.manifests[0]["spec"]["arguments"]["parameters"] == [{"name": "epochs", "value": "3"}]


def test_an_argo_workflowtemplate_may_leave_its_parameter_open() -> None:
    result = compile_text(ARGO_WORKFLOW.format(kind="WorkflowTemplate").replace("generateName: w-", "name: w"))
    assert messages(result, "compile-parameter-missing-value") == []
    assert result.manifests
