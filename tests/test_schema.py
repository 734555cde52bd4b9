"""The committed structural schema: current, accepting what Argo accepts, rejecting known-bad input.

The conformance suite checks it against Argo's own schema.json and the reference corpus.

These tests check the schema file itself with the generic ``jsonschema`` validator, independently of
opctl's own walker (tests/lint/test_structure.py checks that one).
"""

from __future__ import annotations

import importlib.util
import textwrap

import jsonschema
import pytest

from opctl.inputs import load_string
from opctl.schema import load_schema
from tests.conftest import REPO

SCHEMA_PATH = REPO / "schemas" / "argo-workflow.schema.json"


def _generator():
    spec = importlib.util.spec_from_file_location("generate_schema", REPO / "scripts" / "generate_schema.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def validator(definition: str | None = None) -> jsonschema.Draft202012Validator:
    schema = load_schema()
    if definition is not None:
        schema = {"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]}
    return jsonschema.Draft202012Validator(schema)


def errors(data, definition: str | None = None) -> list[str]:
    return [f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(definition).iter_errors(data)]


def load(text: str):
    inputs = load_string(textwrap.dedent(text).lstrip("\n"), "t.yaml")
    assert not inputs.fatal, inputs.diagnostics
    return inputs.documents[0].data


def test_committed_schema_is_what_the_generator_produces():
    generator = _generator()
    assert SCHEMA_PATH.read_text(encoding="utf-8") == generator.render(generator.build()), (
        "schemas/argo-workflow.schema.json is stale: run .venv/bin/python scripts/generate_schema.py"
    )


def test_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(load_schema())
    assert load_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_struct_is_closed_and_maps_stay_open():
    defs = load_schema()["$defs"]
    free_form = {name for name, d in defs.items() if "properties" not in d}
    assert free_form == {"FieldsV1", "Plugin"}  # Go json.RawMessage-like objects
    for name, definition in defs.items():
        if name not in free_form:
            assert definition["additionalProperties"] is False, name
    # maps are maps: labels, nodeSelector, resource limits
    assert defs["Template"]["properties"]["nodeSelector"]["additionalProperties"] != {}
    assert defs["ResourceRequirements"]["properties"]["limits"]["additionalProperties"]["type"][:2] == [
        "number",
        "string",
    ]


# Argo manifests that Argo accepts and Argo's own schema.json rejects (argo-reference.md §b).
ARGO_MANIFESTS = {
    "workflow-steps-int-or-string": """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata: {generateName: steps-}
        spec:
          entrypoint: main
          templateDefaults:
            container: {image: "alpine:3.19"}
          arguments:
            parameters:
            - {name: count, value: 3}
            - {name: flag, value: true}
          templates:
          - name: main
            steps:
            - - name: hello
                template: leaf
                withSequence: {count: 5}
          - name: leaf
            activeDeadlineSeconds: 10
            retryStrategy: {limit: 3, retryPolicy: OnFailure}
            container:
              command: [echo, hi]
              resources: {limits: {cpu: 1, memory: 1Gi}, requests: {cpu: "500m"}}
              readinessProbe: {httpGet: {port: 8080, path: /}}
            metrics:
              prometheus:
              - name: duration
                help: how long
                gauge: {value: "{{duration}}"}
    """,
    "workflow-without-metadata": """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        spec:
          entrypoint: main
          templates:
          - name: main
            script: {source: echo hi}
    """,
    "compiled-workflow": """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata:
          generateName: train-
          labels: {app.kubernetes.io/managed-by: opctl}
          annotations: {opctl.dev/source: template.yaml}
          creationTimestamp: null
        spec:
          entrypoint: main
          arguments:
            parameters: [{name: epochs, value: "10"}]
          artifactRepositoryRef: {key: default}
          volumeClaimTemplates:
          - metadata: {name: data}
            spec:
              accessModes: [ReadWriteOnce]
              resources: {requests: {storage: 200Gi}}
          templates:
          - name: main
            dag:
              tasks:
              - name: train
                template: train
                arguments: {parameters: [{name: e, value: "{{workflow.parameters.epochs}}"}]}
              - name: report
                depends: train.Succeeded
                template: train
                arguments:
                  parameters: [{name: e, value: "1"}]
                  artifacts: [{name: m, from: "{{tasks.train.outputs.artifacts.model}}"}]
          - name: train
            inputs:
              parameters: [{name: e}]
              artifacts: [{name: m, path: /in, optional: true, s3: {key: models/x.tgz}}]
            outputs:
              artifacts:
              - {name: model, path: /out, archive: {none: {}}, s3: {key: "{{workflow.name}}/model.tgz"}}
            nodeSelector: {node.kubernetes.io/instance-type: Standard_NC6}
            container:
              image: python:3.12
              imagePullPolicy: IfNotPresent
              command: [python, train.py]
              env: [{name: EPOCHS, value: "{{inputs.parameters.e}}"}, {name: N, value: 3}]
              ports: [{containerPort: 6006, name: tensorboard}]
              volumeMounts: [{name: data, mountPath: /mnt/data}]
            sidecars:
            - name: tensorboard
              image: tensorflow/tensorflow:2.15.0
              command: [sh, -c]
              args: [tensorboard --logdir /mnt/output]
            tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
    """,
    "workflow-template": """
        apiVersion: argoproj.io/v1alpha1
        kind: WorkflowTemplate
        metadata: {name: wt}
        spec:
          templates:
          - name: hello
            inputs: {parameters: [{name: p, enum: [a, b], default: a, description: which}]}
            container: {image: alpine, args: ["{{inputs.parameters.p}}"]}
    """,
    "cluster-workflow-template": """
        apiVersion: argoproj.io/v1alpha1
        kind: ClusterWorkflowTemplate
        metadata: {name: cwt}
        spec:
          templates:
          - name: r
            resource:
              action: create
              successCondition: status.phase == Succeeded
              manifest: |
                apiVersion: v1
                kind: ConfigMap
    """,
    "cron-workflow": """
        apiVersion: argoproj.io/v1alpha1
        kind: CronWorkflow
        metadata: {name: nightly}
        spec:
          schedules: ["0 3 * * *"]
          timezone: UTC
          concurrencyPolicy: Forbid
          workflowSpec:
            entrypoint: main
            templates:
            - name: main
              suspend: {duration: "10"}
    """,
}


@pytest.mark.parametrize("name", sorted(ARGO_MANIFESTS))
def test_argo_manifests_that_argo_accepts_match_the_schema(name: str):
    assert errors(load(ARGO_MANIFESTS[name])) == []


ONEPANEL_TEMPLATE = """
    arguments:
      parameters:
      - name: image
        value: alpine
        displayName: Image
        type: select.select
        visibility: public
        hint: <b>which</b> image
        required: true
        options: [{name: Alpine, value: alpine}, {name: Ubuntu, value: ubuntu}]
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks: [{name: a, template: leaf}]
    - name: leaf
      container: {image: "{{workflow.parameters.image}}"}
"""


def test_onepanel_parameter_fields_are_allowed_in_workflow_parameters():
    assert errors(load(ONEPANEL_TEMPLATE), "OnepanelWorkflowSpec") == []


def test_onepanel_parameter_fields_are_unknown_to_plain_argo():
    found = errors(load(ONEPANEL_TEMPLATE), "WorkflowSpec")
    assert len(found) == 1 and found[0].startswith("/arguments/parameters/0: Additional properties")
    for field in ("displayName", "type", "visibility", "hint", "required", "options"):
        assert f"'{field}'" in found[0]


# (description, YAML, definition, JSON pointer the error is reported at)
BAD = [
    (
        "typo dependecies",
        "entrypoint: m\ntemplates:\n- name: m\n  dag:\n    tasks:\n    - {name: a, template: b, dependecies: [c]}\n",
        "OnepanelWorkflowSpec",
        "/templates/0/dag/tasks/0",
    ),
    (
        "imagepullpolicy in lower case",
        "templates:\n- name: b\n  container: {image: x, imagepullpolicy: Always}\n",
        "OnepanelWorkflowSpec",
        "/templates/0/container",
    ),
    (
        "containerPort as a string",
        "templates:\n- name: b\n  container:\n    image: x\n    ports: [{containerPort: abc}]\n",
        "OnepanelWorkflowSpec",
        "/templates/0/container/ports/0/containerPort",
    ),
    (
        "Onepanel fields on a template's inputs.parameters",
        "templates:\n- name: b\n  inputs:\n    parameters: [{name: p, displayName: P}]\n",
        "OnepanelWorkflowSpec",
        "/templates/0/inputs/parameters/0",
    ),
    (
        "Onepanel fields on a DAG task's arguments",
        "templates:\n- name: m\n  dag:\n    tasks:\n"
        "    - {name: a, arguments: {parameters: [{name: p, type: input.text}]}}\n",
        "OnepanelWorkflowSpec",
        "/templates/0/dag/tasks/0/arguments/parameters/0",
    ),
    (
        "command as a string",
        "templates:\n- name: b\n  container: {image: x, command: python}\n",
        "OnepanelWorkflowSpec",
        "/templates/0/container/command",
    ),
    (
        "task without a name",
        "templates:\n- name: m\n  dag:\n    tasks: [{template: b}]\n",
        "OnepanelWorkflowSpec",
        "/templates/0/dag/tasks/0",
    ),
    (
        "Onepanel fields in an Argo Workflow's arguments",
        "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec:\n  arguments:\n"
        "    parameters: [{name: p, value: '1', displayName: P}]\n",
        None,
        "/spec/arguments/parameters/0",
    ),
    (
        "bool as a resource quantity",
        "templates:\n- name: b\n  container: {image: x, resources: {limits: {cpu: true}}}\n",
        "OnepanelWorkflowSpec",
        "/templates/0/container/resources/limits/cpu",
    ),
    (
        "unknown top-level field in the stored form",
        "metadata: {name: x}\nspec: {entrypoint: m, templates: []}\nstatus: {}\n",
        "OnepanelStoredTemplate",
        "",
    ),
]


@pytest.mark.parametrize(("text", "definition", "pointer"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_known_bad_input_is_rejected_at_the_right_place(text: str, definition: str | None, pointer: str):
    found = errors(load(text), definition)
    assert [e.split(":", 1)[0] for e in found] == [pointer or "/"], found


NEWER_MANIFEST = """
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata: {generateName: new-}
    spec:
      entrypoint: main
      podResources: {limits: {cpu: 2, memory: 4Gi}}
      resourceClaims: [{name: gpu, resourceClaimTemplateName: one-gpu}]
      executorPlugins:
      - metadata: {name: hello}
        spec:
          sidecar:
            automountServiceAccountToken: true
            container: {name: hello, image: "hello:1", ports: [{containerPort: 4355}]}
      templates:
      - name: main
        pendingTimeout: 5m
        podResources: {requests: {cpu: 1}}
        resourceClaims: [{name: gpu, resourceClaimName: claim-1}]
        volumes:
        - name: certs
          projected:
            sources:
            - podCertificate: {signerName: example.com/signer, keyType: ED25519, credentialBundlePath: b.pem}
        inputs:
          artifacts:
          - name: in
            path: /in
            s3: {key: data.csv, addressingStyle: virtual-hosted}
        outputs:
          artifacts:
          - {name: out, path: /out, http: {url: "http://hdfs:9870/out", saveStreamViaFile: true}}
        container:
          image: alpine
          imagePullPolicy: "{{workflow.parameters.pull}}"
          restartPolicy: Never
          restartPolicyRules: [{action: Restart, exitCodes: {operator: In, values: [42]}}]
          env: [{name: A, valueFrom: {fileKeyRef: {volumeName: env, path: a.env, key: A}}}]
"""


def test_fields_newer_than_our_models_are_accepted():
    assert errors(load(NEWER_MANIFEST)) == []


@pytest.mark.parametrize(
    ("text", "pointer"),
    [
        ("imagePullPolicy: always", "/spec/templates/0/container/imagePullPolicy"),
        ("restartPolicyRules: [{action: restart}]", "/spec/templates/0/container/restartPolicyRules/0/action"),
        ("restartPolicyRules: [{exitCodes: {operator: In}}]", "/spec/templates/0/container/restartPolicyRules/0"),
        ("ports: [{containerPort: 80, protocol: tcp}]", "/spec/templates/0/container/ports/0/protocol"),
    ],
)
def test_enums_and_new_structs_reject_bad_values(text: str, pointer: str):
    manifest = (
        "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec:\n  templates:\n  - name: m\n"
        f"    container:\n      image: x\n      {text}\n"
    )
    found = errors(load(manifest))
    assert [e.split(":", 1)[0] for e in found] == [pointer], found


def test_enums_accept_empty_and_argo_variables():
    manifest = """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        spec:
          podGC: {strategy: "{{workflow.parameters.gc}}"}
          volumeClaimGC: {strategy: ""}
          templates:
          - name: m
            retryStrategy: {retryPolicy: OnTransientError}
            container: {image: x, imagePullPolicy: null}
    """
    assert errors(load(manifest)) == []
