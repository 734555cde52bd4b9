"""The project's schema (schemas/argo-workflow.schema.json) against Argo's own schema.json, and every
template of the reference corpus against the project's schema.

Argo's schema is read at test time from ../shared, never copied into the project.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from opctl.inputs import load_inputs
from opctl.schema import load_schema
from tests.conformance.reference import ARGO_SCHEMA, CORPUS_FILES, UNPARSEABLE
from tests.test_schema import errors


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
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
    assert len(CORPUS_FILES) == 20


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
    return json.loads(ARGO_SCHEMA.read_text(encoding="utf-8"))["definitions"]


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
    # exactly the false positives of argo-reference.md §b, key-only Azure artifacts (§f) and the
    # name of a data template's source artifact, which validate.go never checks
    assert relaxed == {
        "ArtifactPaths": {"name"},
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
