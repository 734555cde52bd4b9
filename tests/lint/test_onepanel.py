"""The ``onepanel`` family: each rule fails on one fixture at the exact line and column, and passes on its fix."""

from __future__ import annotations

import textwrap

import pytest

from opctl.diagnostics import Severity
from opctl.lint import all_rules, lint_document
from tests.conftest import yaml_doc
from tests.lint.rulecheck import check


def prepend(lines: str, text: str) -> str:
    """Top-level ``lines`` before an indented fixture."""
    return lines + textwrap.dedent(text).lstrip("\n")


LEAF = """
    - name: leaf
      container:
        image: alpine:3.19
"""

# --- entrypoint-missing / entrypoint-undefined / onexit-undefined (both dialects) ------------------


NO_ENTRYPOINT = """
    templates:
    - name: main
      dag:
        tasks:
        - name: a
          template: main
"""


@pytest.mark.parametrize("dialect", ["onepanel", "argo"])
def test_entrypoint_missing(dialect: str) -> None:
    [diag] = check(NO_ENTRYPOINT, ("entrypoint-missing", 1, 1), rule="entrypoint-missing", dialect=dialect)
    assert diag.severity is Severity.ERROR
    assert diag.message == "entrypoint is required: it names the template the workflow starts with"
    assert diag.hint == "add `entrypoint: main` (the DAG that runs the others)"
    check(prepend("entrypoint: main\n", NO_ENTRYPOINT), rule="entrypoint-missing", dialect=dialect)


def test_empty_entrypoint_is_missing_at_its_key() -> None:
    check(prepend("entrypoint: ''\n", NO_ENTRYPOINT), ("entrypoint-missing", 1, 1), rule="entrypoint-missing")


def test_entrypoint_is_optional_in_a_workflow_template_but_not_a_workflow() -> None:
    manifest = """
        apiVersion: argoproj.io/v1alpha1
        kind: {kind}
        metadata:
          name: x
        spec:
          templates:
          - name: main
            container:
              image: alpine
    """
    check(manifest.format(kind="WorkflowTemplate"), rule="entrypoint-missing", dialect="argo")
    [diag] = check(
        manifest.format(kind="Workflow"), ("entrypoint-missing", 6, 3), rule="entrypoint-missing", dialect="argo"
    )  # the spec mapping
    assert diag.message.startswith("spec.entrypoint is required")


@pytest.mark.parametrize("dialect", ["onepanel", "argo"])
def test_entrypoint_undefined_suggests_the_closest_template(dialect: str) -> None:
    text = prepend("entrypoint: mian\n", NO_ENTRYPOINT)
    [diag] = check(text, ("entrypoint-undefined", 1, 13), rule="entrypoint-undefined", dialect=dialect)
    assert diag.message == "entrypoint 'mian' names no template"
    assert diag.hint == "did you mean 'main'?"
    check(text.replace("mian", "main"), rule="entrypoint-undefined", dialect=dialect)


def test_onexit_undefined() -> None:
    text = prepend("entrypoint: main\nonExit: exit\n", NO_ENTRYPOINT)
    check(text, ("onexit-undefined", 2, 9), rule="onexit-undefined")
    check(text.replace("onExit: exit", "onExit: main"), rule="onexit-undefined")


# --- onepanel-entrypoint-not-dag / onepanel-onexit-not-dag ----------------------------------------

STEPS_ENTRY = (
    """
    entrypoint: main
    templates:
    - name: main
      steps:
      - - name: a
          template: leaf
"""
    + LEAF
)


def test_steps_entrypoint_is_rejected_with_a_wrapping_hint() -> None:
    [diag] = check(STEPS_ENTRY, ("onepanel-entrypoint-not-dag", 1, 13), rule="onepanel-entrypoint-not-dag")
    assert diag.severity is Severity.ERROR
    assert "is a Steps template, but Onepanel runs only DAG entrypoints" in diag.message
    assert "(line 3)" in diag.message
    assert diag.hint == (
        "wrap it in a one-task DAG and use that as the entrypoint: add the template "
        "`{name: main-dag, dag: {tasks: [{name: main, template: main}]}}` and set `entrypoint: main-dag`"
    )


def test_wrapped_steps_entrypoint_passes() -> None:
    wrapped = (
        STEPS_ENTRY.replace("entrypoint: main", "entrypoint: main-dag")
        + """
    - name: main-dag
      dag:
        tasks:
        - name: main
          template: main
"""
    )
    check(wrapped, rule="onepanel-entrypoint-not-dag")


def test_steps_entrypoint_is_legal_in_the_argo_dialect() -> None:
    check(STEPS_ENTRY, rule="onepanel-entrypoint-not-dag", dialect="argo")


def test_leaf_entrypoint_is_rejected() -> None:
    text = prepend("entrypoint: leaf\ntemplates:\n", LEAF)
    [diag] = check(text, ("onepanel-entrypoint-not-dag", 1, 13), rule="onepanel-entrypoint-not-dag")
    assert "is a Container template" in diag.message


ONEXIT_STEPS = (
    """
    entrypoint: main
    onExit: cleanup
    templates:
    - name: main
      dag:
        tasks:
        - name: a
          template: leaf
    - name: cleanup
      steps:
      - - name: notify
          template: leaf
"""
    + LEAF
)


def test_steps_onexit_is_rejected() -> None:
    [diag] = check(ONEXIT_STEPS, ("onepanel-onexit-not-dag", 2, 9), rule="onepanel-onexit-not-dag")
    assert "`onExit: cleanup-dag`" in (diag.hint or "")
    fixed = ONEXIT_STEPS.replace("steps:\n      - - name: notify", "dag:\n        tasks:\n        - name: notify")
    check(fixed, rule="onepanel-onexit-not-dag")
    check(ONEXIT_STEPS, rule="onepanel-onexit-not-dag", dialect="argo")


# --- parameters ----------------------------------------------------------------------------------


def params(body: str) -> str:
    """A minimal valid template with ``body`` as its spec.arguments.parameters list (4-space indented)."""
    return (
        """
    entrypoint: main
    arguments:
      parameters:
"""
        + body
        + """
    templates:
    - name: main
      dag:
        tasks:
        - name: a
          template: leaf
"""
        + LEAF
    )


def test_visibility_must_be_one_of_four() -> None:
    text = params("""
      - name: size
        value: '1'
        visibility: Public
""")
    [diag] = check(text, ("onepanel-parameter-visibility", 7, 17), rule="onepanel-parameter-visibility")
    assert diag.severity is Severity.ERROR
    assert diag.message.startswith("invalid visibility 'Public' for parameter 'size'")
    assert (diag.hint or "").startswith("did you mean 'public'?")
    check(text.replace("Public", "public"), rule="onepanel-parameter-visibility")


def test_visibility_rule_is_onepanel_only() -> None:
    text = params("      - name: size\n        value: '1'\n        visibility: secret\n")
    check(text, rule="onepanel-parameter-visibility", dialect="argo")


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("hidden", "legacy `type: hidden`"),
        ("select.selct", "unknown type 'select.selct'"),
        ("input.txt", "'txt' is not an HTML input type"),
    ],
)
def test_unknown_parameter_type(kind: str, expected: str) -> None:
    text = params(f"      - name: size\n        value: '1'\n        type: {kind}\n")
    [diag] = check(text, ("onepanel-parameter-type", 6, 11), rule="onepanel-parameter-type")
    assert diag.severity is Severity.WARNING
    assert expected in diag.message


@pytest.mark.parametrize(
    "kind", ["input.text", "input.number", "input.checkbox", "input.hidden", "textarea.textarea", "editor.yaml"]
)
def test_known_parameter_types_pass(kind: str) -> None:
    text = params(f"      - name: size\n        value: '1'\n        type: {kind}\n")
    check(text, rule="onepanel-parameter-type")


def test_select_without_options() -> None:
    text = params("      - name: size\n        value: s\n        type: select.select\n")
    [diag] = check(text, ("onepanel-parameter-options", 6, 11), rule="onepanel-parameter-options")
    assert diag.message == "select.select parameter 'size' has no options: the form offers nothing to choose"


def test_radio_option_without_value_and_default_outside_the_options() -> None:
    text = params("""
      - name: size
        value: m
        type: input.radio
        options:
        - name: Small
          value: s
        - name: Large
""")
    rule = "onepanel-parameter-options"
    found = check(text, (rule, 6, 12), (rule, 11, 7), rule=rule)
    assert sorted(((d.line, d.column), d.message) for d in found) == [
        (
            (6, 12),
            "value 'm' of input.radio parameter 'size' is not one of its options ('s'): "
            "the form shows no choice selected but submits 'm' unless the user picks one",
        ),
        ((11, 7), "option 2 of parameter 'size' has no value: the form submits an empty value"),
    ]


def test_well_formed_select_passes() -> None:
    text = params("""
      - name: size
        value: s
        type: select.select
        options:
        - name: Small
          value: s
        - name: Large
          value: l
""")
    check(text, rule="onepanel-parameter-options")


def test_options_on_a_text_parameter_are_ignored() -> None:
    text = params("      - name: size\n        value: s\n        options:\n        - {name: S, value: s}\n")
    [diag] = check(text, ("onepanel-parameter-options", 6, 5), rule="onepanel-parameter-options")
    assert "the form ignores them" in diag.message


NODEPOOL = """
    entrypoint: main
    arguments:
      parameters:
      - name: sys-node-pool
        type: select.nodepool
        value: {value}
{options}
    templates:
    - name: main
      dag:
        tasks:
        - name: a
          template: leaf
    - name: leaf
      nodeSelector:
        node.kubernetes.io/instance-type: '{{{{workflow.parameters.sys-node-pool}}}}'
      container:
        image: alpine:3.19
"""


def test_nodepool_options_are_replaced_by_the_platform() -> None:
    text = NODEPOOL.format(value="default", options="        options:\n        - {name: CPU, value: m5.xlarge}")
    check(text, ("onepanel-nodepool-options", 7, 5), rule="onepanel-nodepool-options")
    check(NODEPOOL.format(value="default", options=""), rule="onepanel-nodepool-options")


def test_nodepool_value_other_than_default() -> None:
    [diag] = check(
        NODEPOOL.format(value="p3.2xlarge", options=""),
        ("onepanel-nodepool-value", 6, 12),
        rule="onepanel-nodepool-value",
    )
    assert diag.severity is Severity.INFO
    for value in ("default", "'{{.DefaultNodePoolOption}}'"):
        check(NODEPOOL.format(value=value, options=""), rule="onepanel-nodepool-value")
    listed = NODEPOOL.format(value="m5.xlarge", options="        options:\n        - {name: CPU, value: m5.xlarge}")
    check(listed, rule="onepanel-nodepool-value")


def test_nodepool_parameter_used_in_no_node_selector() -> None:
    text = NODEPOOL.format(value="default", options="").replace(
        "      nodeSelector:\n        node.kubernetes.io/instance-type:",
        "      metadata:\n        annotations:\n          pool:",
    )
    check(text, ("onepanel-nodepool-unused", 4, 11), rule="onepanel-nodepool-unused")
    check(NODEPOOL.format(value="default", options=""), rule="onepanel-nodepool-unused")


@pytest.mark.parametrize(
    ("field", "hint"),
    [
        ("enum: [a, b]", "to restrict the choices in the form use `type: select.select` with `options`"),
        ("default: a", "put the default in `value`"),
        ("description: the size", "use `hint` to describe the parameter in the Onepanel form"),
        ("globalName: size", "remove it: workflow parameters are global already ({{workflow.parameters.NAME}})"),
    ],
)
def test_argo_parameter_fields_onepanel_drops(field: str, hint: str) -> None:
    text = params(f"      - name: size\n        value: a\n        {field}\n")
    [diag] = check(text, ("onepanel-parameter-field-dropped", 6, 5), rule="onepanel-parameter-field-dropped")
    assert diag.hint == hint
    check(params("      - name: size\n        value: a\n"), rule="onepanel-parameter-field-dropped")


def test_parameter_without_value() -> None:
    text = params("      - name: size\n        displayName: Size\n")
    [diag] = check(text, ("onepanel-parameter-no-value", 4, 5), rule="onepanel-parameter-no-value")
    assert "literal text '<value>'" in diag.message
    assert "`-p size=VALUE`" in (diag.hint or "")
    check(params("      - name: size\n        value: ''\n"), rule="onepanel-parameter-no-value")
    check(text, rule="onepanel-parameter-no-value", dialect="argo")


def test_workflow_execution_name_parameter() -> None:
    text = params("      - name: workflow-execution-name\n        value: run\n")
    check(text, ("onepanel-reserved-parameter", 4, 11), rule="onepanel-reserved-parameter")
    check(params("      - name: run-name\n        value: run\n"), rule="onepanel-reserved-parameter")


# --- reserved names ----------------------------------------------------------------------------

SYS_METRICS_OUTPUT = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - name: a
          template: leaf
    - name: leaf
      container:
        image: alpine:3.19
      outputs:
        artifacts:
        - name: sys-metrics
          path: /mnt/tmp/sys-metrics.json
"""


def test_user_sys_metrics_output_collides_with_onepanels() -> None:
    [diag] = check(SYS_METRICS_OUTPUT, ("onepanel-reserved-output", 13, 13), rule="onepanel-reserved-output")
    assert "'sys-metrics' is not unique" in diag.message
    check(SYS_METRICS_OUTPUT.replace("name: sys-metrics", "name: metrics"), rule="onepanel-reserved-output")
    check(SYS_METRICS_OUTPUT, rule="onepanel-reserved-output", dialect="argo")


def test_user_sys_metrics_output_is_an_error_as_onepanel_refuses_to_save_it() -> None:
    [diag] = check(SYS_METRICS_OUTPUT, ("onepanel-reserved-output", 13, 13), rule="onepanel-reserved-output")
    assert diag.severity is Severity.ERROR


def test_sidecar_url_output_parameter_is_a_warning() -> None:
    text = SYS_METRICS_OUTPUT.replace("artifacts:", "parameters:").replace(
        "path: /mnt/tmp/sys-metrics.json", "value: x"
    ).replace("name: sys-metrics", "name: sys-sidecar-url--ui")
    [diag] = check(text, ("onepanel-reserved-sidecar-url", 13, 13), rule="onepanel-reserved-sidecar-url")
    assert diag.severity is Severity.WARNING
    check(text.replace("sys-sidecar-url--ui", "ui-url"), rule="onepanel-reserved-sidecar-url")


def test_sys_metrics_input_artifact_is_fine() -> None:
    text = SYS_METRICS_OUTPUT.replace("outputs:", "inputs:")
    check(text, rule="onepanel-reserved-output")


def test_reserved_template_names() -> None:
    text = """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - name: a
              template: sys-send-status
            - name: b
              template: exit-handler
        - name: sys-send-status
          container:
            image: alpine:3.19
        - name: exit-handler
          container:
            image: alpine:3.19
    """
    found = check(
        text,
        ("onepanel-reserved-template-name", 10, 9),
        ("onepanel-reserved-template-name", 13, 9),
        rule="onepanel-reserved-template-name",
    )
    assert "'not unique'" in found[0].message
    assert "without `onExit`" in found[1].message
    renamed = text.replace("sys-send-status", "send-status")
    check(renamed, ("onepanel-reserved-template-name", 13, 9), rule="onepanel-reserved-template-name")
    with_exit = renamed.replace("entrypoint: main\n", "entrypoint: main\n        onExit: exit-handler\n")
    check(with_exit, rule="onepanel-reserved-template-name")


def test_reserved_task_names_in_the_entrypoint_dag() -> None:
    text = """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - name: sys-send-status
              template: leaf
    """
    text = textwrap.dedent(text) + textwrap.dedent(LEAF)
    check(text, ("onepanel-reserved-task-name", 6, 13), rule="onepanel-reserved-task-name")
    check(text.replace("name: sys-send-status", "name: send"), rule="onepanel-reserved-task-name")


ENV = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - name: a
          template: leaf
    - name: leaf
      container:
        image: alpine:3.19
        env:
        - name: ONEPANEL_API_URL
          value: http://example.com/api
      sidecars:
      - name: side
        image: alpine:3.19
        env:
        - name: ONEPANEL_API_URL
          value: http://example.com/api
"""


def test_user_set_onepanel_env_in_the_main_container() -> None:
    [diag] = check(
        ENV, ("onepanel-reserved-env", 12, 13), rule="onepanel-reserved-env"
    )  # the main container's, not the sidecar's (Onepanel injects none there)
    assert "your value wins" in diag.message
    check(ENV.replace("ONEPANEL_API_URL", "API_URL"), rule="onepanel-reserved-env")


VOLUMES = """
    entrypoint: main
    volumes:
    - name: tmp
      emptyDir: {}
    volumeClaimTemplates:
    - metadata:
        name: sys-dshm
    templates:
    - name: main
      dag:
        tasks:
        - name: a
          template: leaf
    - name: leaf
      container:
        image: alpine:3.19
        volumeMounts:
        - name: tmp
          mountPath: /dev/shm
"""


def test_reserved_volume_names() -> None:
    check(
        VOLUMES,
        ("onepanel-reserved-volume", 3, 9),
        ("onepanel-reserved-volume", 7, 11),
        rule="onepanel-reserved-volume",
    )
    renamed = VOLUMES.replace("name: tmp", "name: scratch").replace("name: sys-dshm", "name: data")
    check(renamed, rule="onepanel-reserved-volume")


def test_reserved_mount_paths_in_container_templates() -> None:
    [diag] = check(VOLUMES, ("onepanel-reserved-mount-path", 19, 18), rule="onepanel-reserved-mount-path")
    assert "'already mounted'" in diag.message
    check(VOLUMES.replace("/dev/shm", "/scratch"), rule="onepanel-reserved-mount-path")
    # Onepanel mounts nothing into script templates
    check(VOLUMES.replace("container:", "script:"), rule="onepanel-reserved-mount-path")


# --- template display name, depends, metrics path, interactive sidecars ----------------------------

STORED = """
    metadata:
      name: {name}
    spec:
      entrypoint: main
      templates:
      - name: main
        dag:
          tasks:
          - name: a
            template: main
"""


def test_display_name_longer_than_30_as_a_uid() -> None:
    text = STORED.format(name="Mask RCNN Training with Augmentations")
    [diag] = check(text, ("onepanel-template-name-too-long", 2, 9), rule="onepanel-template-name-too-long")
    assert "'mask-rcnn-training-with-augmentations' (37 characters)" in diag.message
    check(STORED.format(name="MaskRCNN Training"), rule="onepanel-template-name-too-long")


DEPENDS = (
    """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - name: a
          template: leaf
        - name: b
          depends: a
          template: leaf
"""
    + LEAF
)


def test_depends_in_the_entrypoint_dag_breaks_on_onepanel() -> None:
    check(DEPENDS, ("onepanel-depends", 9, 7), rule="onepanel-depends")
    check(DEPENDS.replace("depends: a", "dependencies: [a]"), rule="onepanel-depends")
    check(DEPENDS, rule="onepanel-depends", dialect="argo")


ONEXIT_DEPENDS = """
    entrypoint: main
    onExit: cleanup
    templates:
    - name: main
      dag:
        tasks:
        - name: a
          template: leaf
    - name: cleanup
      dag:
        tasks:
        - name: a
          template: leaf
        - name: b
          depends: a.Failed
          template: leaf
    - name: leaf
      container:
        image: alpine:3.19
"""


def test_depends_in_the_onexit_dag_breaks_only_with_interactive_sidecars() -> None:
    check(ONEXIT_DEPENDS, rule="onepanel-depends")  # Onepanel's exit task has no dependencies
    mounted = ONEXIT_DEPENDS + "        volumeMounts:\n        - {name: data, mountPath: /data}\n"
    [diag] = check(mounted, ("onepanel-depends", 15, 7), rule="onepanel-depends")
    assert "to delete the Services of interactive sidecars" in diag.message


STALE = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - name: a
          template: write
    - name: write
      script:
        image: python:3.11-alpine
        command: [python]
        source: |
          import json
          # metrics go to /tmp/sys-metrics.json
          with open('/tmp/sys-metrics.json', 'w') as f:
              json.dump([{'name': 'accuracy', 'value': 0.9}], f)
"""


def test_stale_metrics_path_points_at_the_code_line() -> None:
    [diag] = check(
        STALE, ("onepanel-stale-metrics-path", 15, 18), rule="onepanel-stale-metrics-path"
    )  # the open() line, not the comment above it
    assert "create the directory first" in (diag.hint or "")
    check(STALE.replace("/tmp/sys", "/mnt/tmp/sys"), rule="onepanel-stale-metrics-path")


def test_reading_a_downloaded_artifact_from_tmp_is_not_stale() -> None:
    text = STALE.replace(
        "      script:",
        "      inputs:\n        artifacts:\n        - name: m\n          path: /tmp/sys-metrics.json\n      script:",
    )
    check(text, rule="onepanel-stale-metrics-path")


SIDECAR = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - name: a
          template: leaf
    - name: leaf
      container:
        image: alpine:3.19
      sidecars:
      - name: tensorboard
        image: tensorflow/tensorflow
        env:
        - name: ONEPANEL_INTERACTIVE_SIDECAR
          value: 'true'
"""


def test_interactive_sidecar_without_ports() -> None:
    [diag] = check(SIDECAR, ("onepanel-sidecar-no-ports", 12, 11), rule="onepanel-sidecar-no-ports")
    assert "'sidecar tensorboard must have at least one port.'" in diag.message
    with_port = SIDECAR + "        ports:\n        - containerPort: 6006\n"
    check(with_port, rule="onepanel-sidecar-no-ports")


def test_interactive_flag_must_be_exactly_true_on_a_sidecar() -> None:
    text = SIDECAR.replace("value: 'true'", "value: 'True'") + "        ports:\n        - containerPort: 6006\n"
    [diag] = check(text, ("onepanel-interactive-flag", 16, 14), rule="onepanel-interactive-flag")
    assert "only for the exact value 'true'" in diag.message
    check(SIDECAR, rule="onepanel-interactive-flag")


def test_interactive_flag_on_the_main_container_has_no_effect() -> None:
    text = SIDECAR.replace(
        "        image: alpine:3.19\n",
        "        image: alpine:3.19\n        env:\n"
        "        - name: ONEPANEL_INTERACTIVE_SIDECAR\n          value: 'true'\n",
        1,
    )
    [diag] = check(text, ("onepanel-interactive-flag", 12, 13), rule="onepanel-interactive-flag")
    assert "has no effect" in diag.message


# --- dialects and the corpus ---------------------------------------------------------------------

ONEPANEL_ONLY = sorted(
    rule.id for rule in all_rules().values() if rule.family == "onepanel" and rule.id.startswith("onepanel-")
)


def test_argo_dialect_runs_no_onepanel_only_rule() -> None:
    texts = [STEPS_ENTRY, ONEXIT_STEPS, SYS_METRICS_OUTPUT, ENV, VOLUMES, DEPENDS, STALE, SIDECAR]
    for text in texts:
        assert [d for d in lint_document(yaml_doc(text), "argo") if d.rule in ONEPANEL_ONLY] == []
        assert [d for d in lint_document(yaml_doc(text), "onepanel") if d.rule in ONEPANEL_ONLY] != []


def test_argo_manifests_get_no_onepanel_only_rule_in_the_onepanel_dialect() -> None:
    manifest = """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata:
          generateName: steps-
        spec:
          entrypoint: main
          templates:
          - name: main
            steps:
            - - name: a
                template: main
    """
    assert [d for d in lint_document(yaml_doc(manifest)) if d.rule in ONEPANEL_ONLY] == []


MALFORMED = [
    "entrypoint: [a]\ntemplates: {a: 1}\n"
    "arguments: {parameters: [1, {name: p, visibility: [1], type: [2], options: x}]}\n",
    "entrypoint: main\nonExit: 5\ntemplates:\n- name: main\n  dag: {tasks: [1, {name: 2, depends: 3}]}\n"
    "  sidecars: [1, {name: x, env: 3}, {env: [1, {name: ONEPANEL_INTERACTIVE_SIDECAR, value: 'true'}]}]\n"
    "  outputs: {artifacts: 3, parameters: [1]}\n- 7\n- name: c\n"
    "  container: {env: {a: 1}, volumeMounts: [1, {mountPath: 3}], args: [1], command: x}\n"
    "  inputs: {artifacts: [1], parameters: {a: 1}}\nvolumes: [1]\nvolumeClaimTemplates: [1, {metadata: 3}]\n",
    "metadata: {name: [1]}\nspec: {entrypoint: main, templates: []}\n",
    "metadata: 3\nspec: {templates: 4}\n",
    "entrypoint: main\narguments: {parameters: [{name: p, type: select.nodepool, options: [1, {value: [1]}], "
    "value: {a: 1}}]}\ntemplates:\n- name: main\n  steps: [1, [1, {name: [1]}]]\n",
]


@pytest.mark.parametrize("text", MALFORMED)
@pytest.mark.parametrize("dialect", ["onepanel", "argo"])
def test_malformed_documents_do_not_crash_the_family(text: str, dialect: str) -> None:
    found = lint_document(yaml_doc(text), dialect)  # type: ignore[arg-type]
    assert all(d.line >= 1 and d.column >= 1 for d in found)
    # wrong types are the structure family's findings, not repeated as visibility or entrypoint problems
    assert not [d for d in found if d.rule in ("onepanel-parameter-visibility", "onexit-undefined")]
