"""The ``structure`` family: unknown-field, wrong-type, missing-field, at the exact line and column."""

from __future__ import annotations

import json
import textwrap

import jsonschema
import pytest

from opctl.diagnostics import Severity
from opctl.inputs import load_inputs
from opctl.lint.structure import find_problems, root_definition
from opctl.schema import load_schema
from tests.conftest import EXAMPLES, yaml_doc
from tests.lint.rulecheck import check

STRUCTURE_RULES = {"unknown-field", "wrong-type", "missing-field"}


LEAF_CONTAINER = "templates:\n- name: leaf\n  container:\n    image: alpine\n"


def container_with(fields: str) -> str:
    """A template whose container has ``fields`` (dedented YAML) after its image: they start on line 5."""
    return LEAF_CONTAINER + textwrap.indent(textwrap.dedent(fields).lstrip("\n"), "    ")


DAG_TYPO = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - name: a
          template: leaf
        - name: b
          template: leaf
          dependecies: [a]
    - name: leaf
      container:
        image: alpine:3.19
"""


# --- unknown-field ------------------------------------------------------------------------------


def test_unknown_field_points_at_the_key_and_suggests_the_right_spelling():
    [diag] = check(DAG_TYPO, ("unknown-field", 10, 7), rule=STRUCTURE_RULES)
    assert (diag.rule, diag.severity, diag.line, diag.column) == ("unknown-field", Severity.ERROR, 10, 7)
    assert diag.message == "unknown field 'dependecies' in DAG task"
    assert diag.hint == "did you mean 'dependencies'?"
    assert diag.path == "/templates/0/dag/tasks/1/dependecies"


def test_correct_spelling_passes():
    check(DAG_TYPO.replace("dependecies", "dependencies"), rule=STRUCTURE_RULES)


def test_unknown_container_field_matches_case_insensitively_first():
    text = """
        entrypoint: main
        templates:
        - name: main
          container:
            image: alpine
            imagepullpolicy: Always
    """
    [diag] = check(text, ("unknown-field", 6, 5), rule=STRUCTURE_RULES)
    assert diag.message == "unknown field 'imagepullpolicy' in container"
    assert diag.hint == "did you mean 'imagePullPolicy'?"
    check(text.replace("imagepullpolicy", "imagePullPolicy"), rule=STRUCTURE_RULES)


def test_field_in_the_wrong_place_says_where_it_belongs():
    [diag] = check(
        """
        templates:
        - name: leaf
          image: alpine
          container:
            command: [echo]
        """,
        ("unknown-field", 3, 3),
        rule=STRUCTURE_RULES,
    )
    assert diag.message == "unknown field 'image' in template"
    assert "indent it under 'container' or 'script'" in diag.hint


def test_pod_fields_are_checked_too():
    [diag] = check(
        container_with(
            """
                volumeMounts:
                - name: data
                  mountpath: /data
            """
        ),
        ("unknown-field", 7, 7),
        rule=STRUCTURE_RULES,
    )
    assert diag.message == "unknown field 'mountpath' in volume mount"
    assert diag.hint == "did you mean 'mountPath'?"


ONEPANEL_PARAMETERS = """
    arguments:
      parameters:
      - name: epochs
        value: 10
        displayName: Epochs
        type: input.number
        visibility: public
        hint: how many
        required: true
      - name: model
        value: a
        type: select.select
        options:
        - name: A
          value: a
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - name: a
          template: leaf
    - name: leaf
      inputs:
        parameters:
        - name: x
          value: "{{workflow.parameters.epochs}}"
      container:
        image: alpine
"""


def test_onepanel_parameter_fields_pass_in_the_workflow_parameters():
    check(ONEPANEL_PARAMETERS, rule=STRUCTURE_RULES)


def test_onepanel_parameter_fields_elsewhere_are_unknown_with_a_hint():
    text = ONEPANEL_PARAMETERS.replace(
        '          value: "{{workflow.parameters.epochs}}"',
        '          value: "{{workflow.parameters.epochs}}"\n          displayName: X',
    )
    [diag] = check(text, ("unknown-field", 28, 7), rule=STRUCTURE_RULES)
    assert diag.message == "unknown field 'displayName' in parameter"
    assert "only in the workflow's own parameters (spec.arguments.parameters)" in diag.hint


def test_onepanel_option_entries_are_checked():
    [diag] = check(
        ONEPANEL_PARAMETERS.replace("          value: a\n", "          valeu: a\n"),
        ("unknown-field", 15, 7),
        rule=STRUCTURE_RULES,
    )
    assert diag.message == "unknown field 'valeu' in parameter option"
    assert diag.hint == "did you mean 'value'?"


def test_argo_dialect_rejects_every_onepanel_field():
    found = check(
        ONEPANEL_PARAMETERS,
        ("unknown-field", 5, 5),
        ("unknown-field", 6, 5),
        ("unknown-field", 7, 5),
        ("unknown-field", 8, 5),
        ("unknown-field", 9, 5),
        ("unknown-field", 12, 5),
        ("unknown-field", 13, 5),
        rule=STRUCTURE_RULES,
        dialect="argo",
    )
    assert [(d.rule, d.line, d.column, d.message.split("'")[1]) for d in found] == [
        ("unknown-field", 5, 5, "displayName"),
        ("unknown-field", 6, 5, "type"),
        ("unknown-field", 7, 5, "visibility"),
        ("unknown-field", 8, 5, "hint"),
        ("unknown-field", 9, 5, "required"),
        ("unknown-field", 12, 5, "type"),
        ("unknown-field", 13, 5, "options"),
    ]
    assert all("--dialect onepanel" in d.hint for d in found)


def test_argo_dialect_onepanel_field_on_template_inputs_is_simply_wrong():
    text = ONEPANEL_PARAMETERS.replace(
        '          value: "{{workflow.parameters.epochs}}"',
        '          value: "{{workflow.parameters.epochs}}"\n          hint: X',
    )
    found = check(
        text,
        *[("unknown-field", line, 5) for line in (5, 6, 7, 8, 9, 12, 13)],  # as in the test above
        ("unknown-field", 28, 7),
        rule=STRUCTURE_RULES,
        dialect="argo",
    )
    diag = found[-1]
    assert diag.hint == "'hint' is an Onepanel parameter field; neither Argo nor Onepanel allow it here: remove it"


def test_argo_manifest_is_argo_even_in_the_onepanel_dialect():
    text = """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata:
          generateName: x-
        spec:
          arguments:
            parameters:
            - name: p
              value: "1"
              displayName: P
          entrypoint: main
          templates:
          - name: main
            container:
              image: alpine
    """
    [diag] = check(text, ("unknown-field", 10, 7), rule=STRUCTURE_RULES, dialect="onepanel")
    assert "which an Argo manifest cannot carry" in diag.hint
    check("\n".join(line for line in text.splitlines() if "displayName" not in line), rule=STRUCTURE_RULES)


def test_argo_manifests_are_validated_by_kind():
    [diag] = check(
        """
        apiVersion: argoproj.io/v1alpha1
        kind: CronWorkflow
        metadata:
          name: nightly
        spec:
          schedules: ["0 3 * * *"]
          workflowSpec:
            entrypoint: main
            templates:
            - name: main
              container:
                image: alpine
            onexit: cleanup
        """,
        ("unknown-field", 13, 5),
        rule=STRUCTURE_RULES,
    )
    assert diag.message == "unknown field 'onexit' in workflow spec"
    assert diag.hint == "did you mean 'onExit'?"


def test_manifest_keys_in_a_bare_template_get_a_hint_about_the_shape():
    found = check(
        """
        metadata:
          name: my-template
        entrypoint: main
        templates:
        - name: main
          container:
            image: alpine
        """,
        ("unknown-field", 1, 1),
        rule=STRUCTURE_RULES,
    )
    assert [(d.rule, d.line, d.column, d.message) for d in found] == [
        ("unknown-field", 1, 1, "unknown field 'metadata' in workflow spec")
    ]
    assert "stored form ('metadata:' + 'spec:')" in found[0].hint


def test_a_field_one_level_too_high_in_an_argo_manifest():
    [diag] = check(
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        name: hello
        spec:
          entrypoint: main
          templates:
          - name: main
            container:
              image: alpine
        """,
        ("unknown-field", 3, 1),
        rule=STRUCTURE_RULES,
    )
    assert diag.message == "unknown field 'name' in workflow"
    assert diag.hint == "'name' is a field of 'metadata': did you mean to indent it under 'metadata'?"


def test_did_you_mean_suggests_typos_not_other_fields():
    problems = find_problems(
        {"templates": [{"name": "a", "retry": {}, "inptus": {}, "metadat": {}, "zzz": 1}]}, "OnepanelWorkflowSpec"
    )
    assert [p.suggestion for p in problems] == ["retryStrategy", "inputs", "metadata", None]


def test_fields_current_argo_dropped_say_what_replaced_them():
    found = check(
        """
        entrypoint: main
        ttlSecondsAfterFinished: 60
        templates:
        - name: main
          synchronization:
            semaphore: {configMapKeyRef: {name: c, key: k}}
          container:
            image: alpine
        """,
        ("unknown-field", 2, 1),
        ("unknown-field", 6, 5),
        rule=STRUCTURE_RULES,
    )
    assert [(d.rule, d.line, d.column, d.message) for d in found] == [
        ("unknown-field", 2, 1, "unknown field 'ttlSecondsAfterFinished' in workflow spec"),
        ("unknown-field", 6, 5, "unknown field 'semaphore' in synchronization"),
    ]
    assert found[0].hint.endswith("use 'ttlStrategy: {secondsAfterCompletion: N}'")
    assert found[1].hint.endswith("use 'semaphores', a list of semaphore references")


def test_stored_form_top_level_and_metadata():
    text = """
        metadata:
          name: My template
          kind: Workflow
          version: 20210118175809
        spec:
          entrypoint: main
          templates:
          - name: main
            container:
              image: alpine
        status: {}
    """
    [diag] = check(text, ("unknown-field", 11, 1), rule=STRUCTURE_RULES)
    assert diag.message == "unknown field 'status' in Onepanel template"
    check(text.replace("status: {}\n", ""), rule=STRUCTURE_RULES)


# --- wrong-type ---------------------------------------------------------------------------------

PORTS = container_with(
    """
    ports:
    - containerPort: "abc"
    """
)


def test_wrong_type_points_at_the_value():
    [diag] = check(PORTS, ("wrong-type", 6, 22), rule=STRUCTURE_RULES)
    assert (diag.rule, diag.severity, diag.line, diag.column) == ("wrong-type", Severity.ERROR, 6, 22)
    assert diag.message == "'containerPort' in container port must be an integer, not the string \"abc\""
    assert diag.hint == "give 'containerPort' an integer, without quotes"
    check(PORTS.replace('"abc"', "6006"), rule=STRUCTURE_RULES)


def test_quoted_number_gets_a_remove_the_quotes_hint():
    [diag] = check(PORTS.replace('"abc"', '"6006"'), ("wrong-type", 6, 22), rule=STRUCTURE_RULES)
    assert diag.hint.startswith("remove the quotes")


def test_string_where_a_list_is_expected():
    [diag] = check(container_with("command: python train.py"), ("wrong-type", 5, 14), rule=STRUCTURE_RULES)
    assert diag.message == "'command' in container must be a list, not the string \"python train.py\""
    assert "make it a list" in diag.hint


def test_wrong_type_in_a_map_value_with_a_slash_in_its_key():
    [diag] = check(
        container_with(
            """
                resources:
                  limits:
                    nvidia.com/gpu: [1]
            """
        ),
        ("wrong-type", 7, 25),
        rule=STRUCTURE_RULES,
    )
    assert diag.path == "/templates/0/container/resources/limits/nvidia.com~1gpu"
    assert diag.message == "'limits.nvidia.com/gpu' in resource requirements must be a number or a string, not a list"


def test_wrong_type_of_a_list_item():
    [diag] = check(
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - a
        """,
        ("wrong-type", 6, 7),
        rule=STRUCTURE_RULES,
    )
    assert diag.message == "'tasks[0]' in DAG template must be a mapping (DAG task), not the string \"a\""


def test_argo_types_that_argos_own_schema_gets_wrong_pass():
    text = """
        arguments:
          parameters:
          - name: n
            value: 3
          - name: flag
            value: true
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - name: a
              template: leaf
              withSequence: {count: 5}
        - name: leaf
          activeDeadlineSeconds: 10
          retryStrategy: {limit: 3}
          container:
            image: alpine
            env: [{name: N, value: 3}]
            resources: {limits: {cpu: 1, memory: 1Gi}}
            readinessProbe: {httpGet: {port: 8080}}
          metrics:
            prometheus:
            - {name: m, help: h, gauge: {value: "1"}}
    """
    check(text, rule=STRUCTURE_RULES)
    check(text.replace("{limit: 3}", "{limit: 3.5}"), ("wrong-type", 17, 26), rule=STRUCTURE_RULES)


def test_null_means_unset():
    check(
        "entrypoint: main\ntemplates:\n- name: main\n  container:\n    image: alpine\n    env:\n", rule=STRUCTURE_RULES
    )


# --- missing-field ------------------------------------------------------------------------------

MISSING_NAME = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - template: leaf
          arguments:
            parameters:
            - value: x
"""


def test_missing_required_field_points_at_the_object():
    found = check(MISSING_NAME, ("missing-field", 6, 7), ("missing-field", 9, 11), rule=STRUCTURE_RULES)
    assert [(d.rule, d.severity, d.line, d.column, d.message) for d in found] == [
        ("missing-field", Severity.ERROR, 6, 7, "missing required field 'name' in DAG task"),
        ("missing-field", Severity.ERROR, 9, 11, "missing required field 'name' in parameter"),
    ]
    assert found[0].hint == "add 'name:' to this DAG task"


def test_required_fields_present_pass():
    text = """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - name: a
              template: leaf
              arguments:
                parameters:
                - name: p
                  value: x
    """
    check(text, rule=STRUCTURE_RULES)


def test_a_misspelt_required_field_is_one_problem():
    [diag] = check(
        """
        templates:
        - name: main
          dag:
            tasks:
            - nmae: a
        """,
        ("unknown-field", 5, 7),
        rule=STRUCTURE_RULES,
    )
    assert diag.hint == "did you mean 'name'?"


def test_a_data_source_artifact_needs_no_name_as_argo_never_checks_it():
    # validate.go does not look at data.source.artifactPaths.name; the executor loads by location
    text = """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata: {generateName: d-}
        spec:
          entrypoint: main
          templates:
          - name: main
            data:
              source: {artifactPaths: {s3: {bucket: b, key: k}}}
              transformation: [{expression: "filter(data, {# endsWith 'main.log'})"}]
    """
    check(text, rule=STRUCTURE_RULES, dialect="argo")
    check(text.replace("{s3:", "{name: logs, s3:"), rule=STRUCTURE_RULES, dialect="argo")


def test_container_image_is_not_required_because_template_defaults_can_set_it():
    text = """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        spec:
          templateDefaults:
            container: {image: alpine}
          entrypoint: main
          templates:
          - name: main
            container: {command: [echo]}
    """
    check(text, rule=STRUCTURE_RULES, dialect="argo")


# --- one finding per problem --------------------------------------------------------------------


def test_no_cascades_below_a_wrong_type_or_an_unknown_key():
    found = check(
        """
        templates:
        - name: leaf
          container: [image, alpine]
          contaner:
            imagge: alpine
            bogus: 1
        """,
        ("wrong-type", 3, 14),
        ("unknown-field", 4, 3),
        rule=STRUCTURE_RULES,
    )
    assert [(d.rule, d.line, d.column) for d in found] == [("wrong-type", 3, 14), ("unknown-field", 4, 3)]
    assert found[1].hint == "did you mean 'container'?"


def test_every_problem_is_reported():
    found = check(
        """
        entrypoint: main
        templates:
        - name: a
          container: {image: x, imagepullpolicy: Always}
        - name: b
          dag:
            tasks:
            - {name: t, dependecies: [x]}
            - {template: a}
        - name: c
          script: {image: x, source: 1, sorce: y}
          retryStrategy: {limit: [1]}
        """,
        ("unknown-field", 4, 25),
        ("unknown-field", 8, 17),
        ("missing-field", 9, 7),
        ("unknown-field", 11, 33),
        ("wrong-type", 12, 26),
        rule=STRUCTURE_RULES,
    )
    assert [(d.rule, d.line, d.column) for d in found] == [
        ("unknown-field", 4, 25),
        ("unknown-field", 8, 17),
        ("missing-field", 9, 7),
        ("unknown-field", 11, 33),
        ("wrong-type", 12, 26),
    ]


# --- enum-like strings (wrong-type with a did-you-mean) ------------------------------------------


def test_enum_value_in_the_wrong_case_suggests_the_right_one():
    [diag] = check(container_with("imagePullPolicy: always"), ("wrong-type", 5, 22), rule=STRUCTURE_RULES)
    assert (diag.rule, diag.severity, diag.line, diag.column) == ("wrong-type", Severity.ERROR, 5, 22)
    assert diag.message == (
        '\'imagePullPolicy\' in container must be one of "Always", "IfNotPresent", "Never", not the string "always"'
    )
    assert diag.hint == "did you mean 'Always'? (the values are case-sensitive)"
    assert diag.path == "/templates/0/container/imagePullPolicy"


@pytest.mark.parametrize("value", ["Always", "IfNotPresent", "Never", '""', "null", '"{{workflow.parameters.pull}}"'])
def test_enum_accepts_its_values_empty_null_and_argo_variables(value: str):
    check(container_with(f"imagePullPolicy: {value}"), rule=STRUCTURE_RULES)


def test_enum_value_that_resembles_nothing_lists_the_values():
    [diag] = check(container_with("imagePullPolicy: 1"), ("wrong-type", 5, 22), rule=STRUCTURE_RULES)
    assert diag.message.endswith("not the integer 1")
    assert diag.hint == (
        'use one of "Always", "IfNotPresent", "Never", or an Argo variable (\'{{...}}\') that gives one'
    )


def test_enum_check_describes_scalars_other_callers_pass():
    import datetime

    data = {"templates": [{"name": "m", "container": {"image": "x", "imagePullPolicy": datetime.date(2024, 1, 2)}}]}
    [problem] = find_problems(data, "OnepanelWorkflowSpec")
    assert problem.rule == "wrong-type" and problem.message.endswith('not the string "2024-01-02"')


@pytest.mark.parametrize(
    ("fields", "line", "column", "suggestion"),
    [
        ("ports: [{containerPort: 80, protocol: tcp}]", 5, 43, "TCP"),
        ("restartPolicy: on-failure", 5, 20, "OnFailure"),
        ("terminationMessagePolicy: fallback_to_logs_on_error", 5, 31, "FallbackToLogsOnError"),
        ("readinessProbe: {httpGet: {port: 80, scheme: https}}", 5, 50, "HTTPS"),
        ("volumeMounts: [{name: d, mountPath: /d, mountPropagation: none}]", 5, 63, "None"),
    ],
)
def test_container_enums(fields: str, line: int, column: int, suggestion: str):
    [diag] = check(container_with(fields), ("wrong-type", line, column), rule=STRUCTURE_RULES)
    assert diag.hint.startswith(f"did you mean '{suggestion}'?")
    check(container_with(fields.replace(diag.message.rsplit('"', 2)[1], suggestion)), rule=STRUCTURE_RULES)


WORKFLOW_ENUMS = """
    entrypoint: main
    podGC: {strategy: OnPodSucess}
    volumeClaimGC: {strategy: "{{workflow.parameters.gc}}"}
    volumeClaimTemplates:
    - metadata: {name: data}
      spec: {accessModes: [ReadWriteOnly], resources: {requests: {storage: 1Gi}}}
    templates:
    - name: main
      retryStrategy: {retryPolicy: always}
      tolerations: [{key: gpu, operator: exists, effect: NoSchedule}]
      resource: {action: Create, manifest: "kind: ConfigMap"}
"""


def test_argo_enums_in_a_workflow_spec():
    found = check(
        WORKFLOW_ENUMS,
        ("wrong-type", 2, 19),
        ("wrong-type", 6, 24),
        ("wrong-type", 9, 32),
        ("wrong-type", 10, 38),
        ("wrong-type", 11, 22),
        rule=STRUCTURE_RULES,
    )
    assert [(d.rule, d.line, d.column, d.hint.split("?")[0]) for d in found] == [
        ("wrong-type", 2, 19, "did you mean 'OnPodSuccess'"),
        ("wrong-type", 6, 24, "did you mean 'ReadWriteOnce'"),
        ("wrong-type", 9, 32, "did you mean 'Always'"),
        ("wrong-type", 10, 38, "did you mean 'Exists'"),
        ("wrong-type", 11, 22, "did you mean 'create'"),
    ]
    assert found[0].hint == "did you mean 'OnPodSuccess'?"  # a typo, not a matter of case
    fixed = (
        WORKFLOW_ENUMS.replace("OnPodSucess", "OnPodSuccess")
        .replace("ReadWriteOnly", "ReadWriteOnce")
        .replace("always", "Always")
        .replace("exists", "Exists")
        .replace("Create", "create")
    )
    check(fixed, rule=STRUCTURE_RULES)


def test_enums_in_an_argo_manifest_in_the_argo_dialect():
    text = """
        apiVersion: argoproj.io/v1alpha1
        kind: CronWorkflow
        metadata: {name: c}
        spec:
          schedules: ["0 * * * *"]
          concurrencyPolicy: forbid
          workflowSpec: {entrypoint: m, templates: [{name: m, container: {image: x}}]}
    """
    [diag] = check(text, ("wrong-type", 6, 22), rule=STRUCTURE_RULES, dialect="argo")
    assert diag.hint.startswith("did you mean 'Forbid'?")


# --- fields newer than hera's models (Argo 4.1/4.2) ----------------------------------------------

NEWER_FIELDS = """
    entrypoint: main
    podResources: {limits: {cpu: 2, memory: 4Gi}}
    resourceClaims: [{name: gpu, resourceClaimTemplateName: one-gpu}]
    executorPlugins:
    - metadata: {name: hello}
      spec: {sidecar: {container: {name: hello, image: "hello:1"}}}
    templates:
    - name: main
      pendingTimeout: 5m
      podResources: {requests: {cpu: 1}}
      resourceClaims: [{name: gpu}]
      volumes:
      - name: certs
        projected: {sources: [{podCertificate: {signerName: example.com/s, keyType: ED25519}}]}
      outputs:
        artifacts:
        - {name: o, path: /o, http: {url: "http://h/o", saveStreamViaFile: true}}
        - {name: s, path: /s, s3: {key: k, addressingStyle: path}}
      container:
        image: alpine
        restartPolicyRules: [{action: Restart, exitCodes: {operator: NotIn, values: [0]}}]
        env: [{name: A, valueFrom: {fileKeyRef: {volumeName: env, path: a.env, key: A}}}]
"""


@pytest.mark.parametrize("dialect", ["onepanel", "argo"])
def test_fields_of_newer_argo_are_known(dialect: str):
    check(NEWER_FIELDS, rule=STRUCTURE_RULES, dialect=dialect)


@pytest.mark.parametrize(
    ("old", "new", "finding"),
    [
        ("pendingTimeout: 5m", "pendingTimeout: [5m]", ("wrong-type", 9, 19)),
        ("resourceClaims: [{name: gpu}]", "resourceClaims: [{name: gpu, claim: x}]", ("unknown-field", 11, 32)),
        ("resourceClaims: [{name: gpu}]", "resourceClaims: [{resourceClaimName: gpu}]", ("missing-field", 11, 20)),
        ("action: Restart", "action: restart", ("wrong-type", 21, 35)),
        ("keyType: ED25519", "keyType: ed25519", ("wrong-type", 14, 81)),
        ("addressingStyle: path", "addressingStyle: virtual", ("wrong-type", 18, 57)),
        ("saveStreamViaFile: true", "saveStreamViaFile: yes please", ("wrong-type", 17, 72)),
        ("path: a.env, key: A", "path: a.env", ("missing-field", 22, 45)),
        ("spec: {sidecar:", "spec: {sidcar:", ("unknown-field", 6, 10)),
    ],
)
def test_fields_of_newer_argo_are_checked(old: str, new: str, finding: tuple[str, int, int]):
    assert old in NEWER_FIELDS
    check(NEWER_FIELDS.replace(old, new), finding, rule=STRUCTURE_RULES)


# --- the walker and the schema agree --------------------------------------------------------------

AGREEMENT_CASES = [
    DAG_TYPO,
    PORTS,
    MISSING_NAME,
    ONEPANEL_PARAMETERS,
    "templates:\n- name: a\n  container: {image: x, command: python, ports: [1, {containerPort: x}]}\n",
    "templates:\n- name: a\n  inputs: {parameters: [{name: p, type: x, options: []}]}\n  archiveLocation: {s3: {}}\n",
    "templates:\n- name: a\n  outputs: {artifacts: [{name: a, archive: {none: {}, bogus: {}}}]}\n",
    "templates:\n- {name: a, plugin: {anything: {goes: [1]}}, metadata: {labels: {a: 1}}}\n",
    WORKFLOW_ENUMS,
    NEWER_FIELDS.replace("Restart", "restart").replace("gpu}]\n", "gpu, x: 1}]\n"),
]


def _schema_verdicts(data, definition: str, dialect: str) -> list[str]:
    schema = load_schema()
    root = {"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]}
    if dialect == "argo" and definition == "OnepanelWorkflowSpec":
        root["$ref"] = "#/$defs/WorkflowSpec"
    verdicts = []

    def token(part: object) -> str:  # RFC 6901
        return str(part).replace("~", "~0").replace("/", "~1")

    for error in jsonschema.Draft202012Validator(root).iter_errors(data):
        pointer = "".join(f"/{token(p)}" for p in error.absolute_path)
        if error.validator == "additionalProperties":
            extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            verdicts += [f"{pointer}/{token(key)}" for key in extra]
        elif error.validator == "required":
            verdicts.append(pointer)
        else:
            verdicts.append(pointer)
    return sorted(verdicts)


@pytest.mark.parametrize("dialect", ["onepanel", "argo"])
@pytest.mark.parametrize("text", AGREEMENT_CASES)
def test_walker_finds_what_jsonschema_finds(text: str, dialect: str):
    doc = yaml_doc(text)
    definition = root_definition(str(doc.shape), dialect)  # type: ignore[arg-type]
    ours = sorted(p.pointer for p in find_problems(doc.data, definition, dialect))  # type: ignore[arg-type]
    assert ours == _schema_verdicts(doc.data, definition, dialect)


def test_problems_are_plain_data():
    problems = find_problems({"templates": [{"name": "a", "contaner": {}}]}, "OnepanelWorkflowSpec")
    assert json.loads(json.dumps([p.__dict__ for p in problems])) == [
        {
            "rule": "unknown-field",
            "pointer": "/templates/0/contaner",
            "message": "unknown field 'contaner' in template",
            "hint": "did you mean 'container'?",
            "key": True,
            "suggestion": "container",
            "fixable": True,
        }
    ]


def test_the_walker_refuses_schema_keywords_it_does_not_interpret():
    from opctl.lint.structure import _compile

    with pytest.raises(ValueError, match="anyOf"):
        _compile({"X": {"anyOf": [{"type": "string"}]}}, {})


def _mutations(data, rng, count: int):
    """``count`` copies of ``data``, each with one random node replaced or one unknown key added."""
    nodes = []

    def collect(node, path):
        nodes.append(path)
        if isinstance(node, dict):
            for key, child in node.items():
                collect(child, (*path, key))
        elif isinstance(node, list):
            for i, child in enumerate(node):
                collect(child, (*path, i))

    collect(data, ())
    for _ in range(count):
        copy = json.loads(json.dumps(data))
        path = rng.choice(nodes)
        parent = copy
        for token in path[:-1]:
            parent = parent[token]
        target = parent[path[-1]] if path else copy
        if isinstance(target, dict) and rng.random() < 0.5:
            target["zzqx"] = 1
        elif path:
            parent[path[-1]] = rng.choice([[1], {"a": 1}, "text", 7, 2.5, True, None])
        yield copy


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_walker_agrees_with_jsonschema_on_mutated_examples(path):
    """The conformance suite does the same on the reference corpus."""
    import random

    inputs = load_inputs([str(path)])
    assert inputs.documents
    for doc in inputs.documents:
        rng = random.Random(path.name)  # deterministic per file
        definition = root_definition(str(doc.shape), "onepanel")
        for mutated in _mutations(doc.data, rng, 40):
            ours = sorted(p.pointer for p in find_problems(mutated, definition))
            assert ours == _schema_verdicts(mutated, definition, "onepanel")


def test_artifact_repository_type_placeholder_is_an_s3_location_in_onepanel_templates() -> None:
    from opctl.lint import lint_document
    from tests.conftest import yaml_doc

    text = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - {name: a, template: train}
    - name: train
      outputs:
        artifacts:
        - name: model
          path: /mnt/output
          "{{.ArtifactRepositoryType}}":
            key: "{{workflow.namespace}}/model"
            bucket: [3]
      container: {image: alpine}
    """
    found = [d for d in lint_document(yaml_doc(text)) if d.rule in ("unknown-field", "wrong-type")]
    assert [(d.rule, d.line, d.column) for d in found] == [("wrong-type", 14, 17)]
