"""The committed structural schema: current, accepting every real template, rejecting known-bad input.

These tests check the schema file itself with the generic ``jsonschema`` validator, independently of
opctl's own walker (tests/lint/test_structure.py checks that one).
"""

from __future__ import annotations

import importlib.util
import json
import re
import textwrap
from pathlib import Path

import jsonschema
import pytest

from opctl.inputs import load_inputs, load_string
from opctl.schema import load_schema
from tests.conftest import CORPUS, REPO, SHARED

SCHEMA_PATH = REPO / "schemas" / "argo-workflow.schema.json"
UNPARSEABLE = "docs__reference-workflows-hyperparameter-tuning-2.yaml"  # corpus README: an excerpt, not YAML


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


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.yaml")), ids=lambda p: p.name)
def test_every_corpus_template_matches_the_onepanel_schema(path: Path):
    inputs = load_inputs([str(path)])
    if path.name == UNPARSEABLE:
        assert inputs.fatal and not inputs.documents
        return
    assert not inputs.fatal, inputs.diagnostics
    assert len(inputs.documents) == 1
    doc = inputs.documents[0]
    definition = {"Onepanel workflow template": "OnepanelWorkflowSpec"}.get(str(doc.shape), "OnepanelStoredTemplate")
    assert doc.shape.is_onepanel
    assert errors(doc.data, definition) == []


def test_corpus_has_the_twenty_files_the_readme_lists():
    assert len(list(CORPUS.glob("*.yaml"))) == 20


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


# --- against Argo's own schema.json (read at test time from ../shared, never copied) -------------

ARGO_PREFIXES = (
    "io.argoproj.workflow.v1alpha1.",
    "io.k8s.api.core.v1.",
    "io.k8s.apimachinery.pkg.apis.meta.v1.",
    "io.k8s.api.policy.v1.",
)
# Argo's schema is from a newer Argo (4.2 development) than hera 7.1.0's models (Argo 4.0.5); the
# generator's overlay adds what the models lack. These are the definitions templates are made of.
CORE_DEFINITIONS = (
    "Template",
    "DAGTask",
    "WorkflowStep",
    "WorkflowSpec",
    "Container",
    "UserContainer",
    "ScriptTemplate",
    "Artifact",
    "S3Artifact",
    "Parameter",
    "ValueFrom",
    "Inputs",
    "Outputs",
    "Arguments",
    "RetryStrategy",
    "ResourceTemplate",
    "EnvVarSource",
    "VolumeProjection",
    "HTTPArtifact",
)


@pytest.fixture(scope="module")
def argo_definitions() -> dict:
    path = SHARED / "argo" / "schema.json"
    assert path.is_file(), f"Argo's schema.json missing at {path}"
    return json.loads(path.read_text(encoding="utf-8"))["definitions"]


def counterpart(name: str, argo_definitions: dict) -> dict:
    candidates = [name] if name.startswith("io.") else [prefix + name for prefix in ARGO_PREFIXES]
    found = [argo_definitions[c] for c in candidates if c in argo_definitions]
    assert found, f"no definition for {name} in Argo's schema.json"
    return found[0]


def our_argo_definitions() -> dict:
    return {name: d for name, d in load_schema()["$defs"].items() if not name.startswith("Onepanel")}


def test_every_field_we_allow_exists_in_argos_schema(argo_definitions):
    for name, definition in our_argo_definitions().items():
        theirs = counterpart(name, argo_definitions)
        extra = set(definition.get("properties", {})) - set(theirs.get("properties", {}))
        assert not extra, f"{name}: {sorted(extra)} not in Argo's schema"


def test_we_know_every_field_of_argos_schema(argo_definitions):
    ours = our_argo_definitions()
    assert set(CORE_DEFINITIONS) <= set(ours)
    missing = {}
    for name, definition in ours.items():
        theirs = counterpart(name, argo_definitions)
        if set(theirs.get("properties", {})) - set(definition.get("properties", {})):
            missing[name] = set(theirs["properties"]) - set(definition.get("properties", {}))
    assert missing == {}


def shape(schema: dict, argo: bool) -> str:
    """A field's type in a form both schemas share: a definition name, [item], {value} or a JSON type."""
    if "$ref" in schema:
        return schema["$ref"].rsplit(".", 1)[-1] if argo else schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:  # our enums: a string
        return "string"
    types = schema.get("type")
    if types is None:
        return "any"
    kind = types if isinstance(types, str) else types[0]
    if kind == "array":
        return f"[{shape(schema['items'], argo)}]"
    if kind == "object":
        return f"{{{shape(schema['additionalProperties'], argo)}}}"
    return kind


# (definition, field) of the overlay: Argo >= 4.1 fields that users of current Argo write.
NEWER_FIELDS = [
    ("Template", "pendingTimeout"),
    ("Template", "podResources"),
    ("Template", "resourceClaims"),
    ("WorkflowSpec", "podResources"),
    ("WorkflowSpec", "resourceClaims"),
    ("WorkflowSpec", "executorPlugins"),
    ("Container", "restartPolicyRules"),
    ("ContainerNode", "restartPolicyRules"),
    ("ScriptTemplate", "restartPolicyRules"),
    ("UserContainer", "restartPolicyRules"),
    ("EnvVarSource", "fileKeyRef"),
    ("HTTPArtifact", "saveStreamViaFile"),
    ("S3Artifact", "addressingStyle"),
    ("S3ArtifactRepository", "addressingStyle"),
    ("VolumeProjection", "podCertificate"),
]


@pytest.mark.parametrize(("definition", "field"), NEWER_FIELDS, ids=lambda x: x)
def test_fields_newer_than_our_models_have_argos_type(argo_definitions, definition: str, field: str):
    ours = load_schema()["$defs"][definition]["properties"][field]
    theirs = counterpart(definition, argo_definitions)["properties"][field]
    assert shape(ours, argo=False) == shape(theirs, argo=True)


ARGO_KIND_NAMES = ("Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate", "CronWorkflow")


def test_every_definition_has_argos_field_types(argo_definitions):
    """Not only the names: each field's kind (definition, list, map, scalar) matches Argo's."""
    scalar = {"string", "integer", "number", "boolean"}
    for name, definition in our_argo_definitions().items():
        theirs = counterpart(name, argo_definitions).get("properties", {})
        for field, schema in definition.get("properties", {}).items():
            if name in ARGO_KIND_NAMES and field in ("apiVersion", "kind"):
                continue
            mine, argo = shape(schema, argo=False), shape(theirs[field], argo=True)
            inner = mine.strip("[]{}")
            if inner in scalar or inner == "any":
                continue  # scalars deliberately differ (AnyString, IntOrString, Quantity): tested below
            mine = mine.replace(inner, inner.rsplit(".", 1)[-1])  # a qualified Kubernetes name
            assert mine == argo.replace("ParallelSteps", "[WorkflowStep]"), (name, field)  # a Go []WorkflowStep


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


# Enum values that Argo's field descriptions do not spell out (Kubernetes documents them elsewhere).
UNDESCRIBED_VALUES = {
    ("Container", "restartPolicy"): {"OnFailure", "Never"},  # regular containers, Kubernetes 1.34
    ("ContainerNode", "restartPolicy"): {"OnFailure", "Never"},
    ("ScriptTemplate", "restartPolicy"): {"OnFailure", "Never"},
    ("UserContainer", "restartPolicy"): {"OnFailure", "Never"},
    ("ContainerResizePolicy", "restartPolicy"): {"RestartContainer"},
    ("HTTPGetAction", "scheme"): {"HTTPS"},
    ("PersistentVolumeClaimSpec", "volumeMode"): {"Block"},
    ("SecurityContext", "procMount"): {"Unmasked"},
    ("VolumeMount", "mountPropagation"): {"HostToContainer", "Bidirectional"},
}


def test_enum_values_are_the_ones_argos_descriptions_name(argo_definitions):
    """Where Argo's description of a field names its values, ours are spelt the same (a typo check)."""
    checked = 0
    for name, definition in our_argo_definitions().items():
        for field, schema in definition["properties"].items() if "properties" in definition else ():
            schema = schema.get("items", schema)
            if "anyOf" not in schema:
                continue
            values = {v for v in schema["anyOf"][0]["enum"] if v}
            text = counterpart(name, argo_definitions)["properties"][field].get("description", "")
            named = {v for v in values if re.search(rf"\b{re.escape(v)}\b", text)}
            if named:
                checked += 1
                assert values - named == UNDESCRIBED_VALUES.get((name, field), set()), (name, field)
    assert checked >= 30


def test_we_require_a_subset_of_what_argos_schema_requires(argo_definitions):
    relaxed = {}
    for name, definition in our_argo_definitions().items():
        ours = set(definition.get("required", []))
        if name in ("Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate", "CronWorkflow"):
            ours -= {"apiVersion", "kind"}  # the schema selects the definition by kind
        theirs = set(counterpart(name, argo_definitions).get("required", []))
        assert ours <= theirs, name
        if theirs - ours:
            relaxed[name] = theirs - ours
    # exactly the false positives of argo-reference.md §b and key-only Azure artifacts (§f)
    assert relaxed == {
        "AzureArtifact": {"container", "endpoint"},
        "ClusterWorkflowTemplate": {"metadata"},
        "Container": {"image"},
        "CronWorkflow": {"metadata"},
        "Gauge": {"realtime"},
        "Metrics": {"prometheus"},
        "ScriptTemplate": {"image", "source"},
        "Workflow": {"metadata"},
        "WorkflowTemplate": {"metadata"},
    }


def test_int_or_string_fields_take_integers_where_argos_schema_wrongly_says_string(argo_definitions):
    ours = load_schema()["$defs"]
    assert argo_definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]["type"] == "string"
    for definition, field in [("RetryStrategy", "limit"), ("Template", "activeDeadlineSeconds"), ("Sequence", "count")]:
        assert ours[definition]["properties"][field]["type"] == ["integer", "string", "null"]
        jsonschema.validate(5, ours[definition]["properties"][field])
    assert argo_definitions["io.argoproj.workflow.v1alpha1.Parameter"]["properties"]["value"]["type"] == "string"
    jsonschema.validate(3, ours["Parameter"]["properties"]["value"])
