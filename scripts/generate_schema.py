#!/usr/bin/env python3
"""Generate ``schemas/argo-workflow.schema.json`` from hera's pydantic models of Argo Workflows.

Usage: ``.venv/bin/python scripts/generate_schema.py [--check]``

hera (pinned in the ``test`` extra) ships models generated from Argo's OpenAPI spec, including the
Kubernetes types Argo embeds. This script walks them from the four manifest kinds and writes one
JSON schema (draft 2020-12) that is strict where Argo's own ``schema.json`` is permissive and
permissive where Argo's schema has false positives:

* every Go struct is an object with ``additionalProperties: false`` (maps stay maps), because
  ``argo lint``/``argo submit`` and Onepanel decode strictly and reject unknown fields;
* ``null`` is accepted everywhere: Go's JSON decoding treats ``null`` as "not set";
* a string field also accepts numbers and booleans: Argo and Onepanel decode YAML with
  ``sigs.k8s.io/yaml``, which converts a scalar to a string when the Go field is a string
  (``value: 10`` in an env var works); other types are not converted (``containerPort: "80"`` fails);
* IntOrString is integer-or-string, Quantity number-or-string, ``withItems`` entries anything;
* ``required`` follows the OpenAPI spec minus the fields Argo does not enforce (see REQUIRED_NOT_ENFORCED);
* an overlay adds what hera's models lack: fields of Argo releases newer than the models
  (NEWER_STRUCTS, NEWER_FIELDS) and the allowed values of enum-like strings (ENUMS).

The same file also holds the Onepanel dialect: ``$defs/OnepanelWorkflowSpec`` is WorkflowSpec whose
``arguments.parameters[*]`` additionally allow Onepanel's UI fields (displayName, type, options,
visibility, hint, required). Nothing else accepts them, as in Onepanel, which strips them only there.

The output is deterministic (sorted keys, no descriptions); ``tests/test_schema.py`` checks
that the committed file equals a fresh run.
"""

from __future__ import annotations

import argparse
import enum
import importlib.metadata
import inspect
import json
import re
import sys
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, RootModel

OUTPUT = Path(__file__).resolve().parent.parent / "schemas" / "argo-workflow.schema.json"
DEFS = "#/$defs/"
API_VERSION = "argoproj.io/v1alpha1"

# Scalar types. The first entry is the type named in "expected ..." messages.
STRING = {"type": ["string", "number", "boolean", "null"]}
INTEGER = {"type": ["integer", "null"]}
NUMBER = {"type": ["number", "null"]}
BOOLEAN = {"type": ["boolean", "null"]}
ANY: dict[str, Any] = {}
INT_OR_STRING = {"type": ["integer", "string", "null"]}
QUANTITY = {"type": ["number", "string", "null"]}

# Fields the OpenAPI spec marks required but Argo does not enforce (argo-reference.md §b, §f).
REQUIRED_NOT_ENFORCED = {
    # validation accepts a manifest without metadata; the server only needs name or generateName
    "Workflow": {"metadata"},
    "WorkflowTemplate": {"metadata"},
    "ClusterWorkflowTemplate": {"metadata"},
    "CronWorkflow": {"metadata"},
    # the image may come from spec.templateDefaults
    "Container": {"image"},
    "ScriptTemplate": {"image"},
    # realtime defaults to false
    "Gauge": {"realtime"},
    # key-only Azure artifacts: container and endpoint come from the artifact repository
    "AzureArtifact": {"container", "endpoint"},
    # a data template's source artifact: validate.go never looks at its name, the executor loads it
    # by location alone
    "ArtifactPaths": {"name"},
}

# Structs that hold arbitrary JSON in Go (json.RawMessage / Object), so any keys are fine.
FREE_FORM = {"FieldsV1", "Plugin"}

# Names in messages ("unknown field 'x' in DAG task"); others come from splitting the class name.
TITLES = {
    "ObjectMeta": "metadata",
    "UserContainer": "container",
    "ContainerNode": "containerSet container",
    "AppArmorProfile": "AppArmor profile",
    "CephFSVolumeSource": "CephFS volume source",
    "FieldsV1": "managed fields",
    "OAuth2Auth": "OAuth2 auth",
    "OAuth2EndpointParam": "OAuth2 endpoint param",
    "SELinuxOptions": "SELinux options",
    "OnepanelParameter": "workflow parameter",
    "OnepanelParameterOption": "parameter option",
    "OnepanelWorkflowArguments": "workflow arguments",
    "OnepanelWorkflowSpec": "workflow spec",
    "OnepanelStoredTemplate": "Onepanel template",
}

# Onepanel's parameter fields (onepanel-semantics.md §3.1), allowed only in spec.arguments.parameters.
ONEPANEL_PARAMETER_FIELDS = {
    "displayName": STRING,
    "hint": STRING,
    "options": {"items": {"$ref": DEFS + "OnepanelParameterOption"}, "type": ["array", "null"]},
    "required": BOOLEAN,
    "type": STRING,
    "visibility": STRING,
}


# --- Overlay: what hera 7.1.0's models (Argo 4.0.5) lack --------------------------------------------
# Users of current Argo write fields added after 4.0.5; without these entries opctl would call them
# unknown. Names, types and places follow Argo's schema at main f016ad89 (after v4.1.0, 4.2 development;
# argo-reference.md §0). Kubernetes fields arrive with the k8s.io/api version Argo builds against.
# Types: "string", "boolean", "integer", a definition name, "[T]" a list of T, "{T}" a map of T.

# New structs: name -> ({field: type}, required fields).
NEWER_STRUCTS: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
    # Argo 4.1/4.2 (after 4.0.5): workflow-level executor plugins (ARGO_WORKFLOW_LEVEL_EXECUTOR_PLUGINS gate)
    "ExecutorPlugin": ({"metadata": "ObjectMeta", "spec": "ExecutorPluginSpec"}, ("metadata", "spec")),
    "ExecutorPluginSpec": ({"sidecar": "ExecutorPluginSidecar"}, ("sidecar",)),
    "ExecutorPluginSidecar": ({"automountServiceAccountToken": "boolean", "container": "Container"}, ("container",)),
    # Argo 4.1/4.2 with Kubernetes 1.34's API (ContainerRestartRules, alpha)
    "ContainerRestartRule": ({"action": "string", "exitCodes": "ContainerRestartRuleOnExitCodes"}, ("action",)),
    "ContainerRestartRuleOnExitCodes": ({"operator": "string", "values": "[integer]"}, ("operator",)),
    # Argo 4.1/4.2 with Kubernetes 1.34's API (EnvFiles, alpha)
    "FileKeySelector": (
        {"key": "string", "optional": "boolean", "path": "string", "volumeName": "string"},
        ("key", "path", "volumeName"),
    ),
    # Argo 4.1/4.2 with Kubernetes 1.34's API (PodCertificateRequest, alpha)
    "PodCertificateProjection": (
        {
            "certificateChainPath": "string",
            "credentialBundlePath": "string",
            "keyPath": "string",
            "keyType": "string",
            "maxExpirationSeconds": "integer",
            "signerName": "string",
            "userAnnotations": "{string}",
        },
        ("keyType", "signerName"),
    ),
    # Argo 4.2 development (main after v4.1.0): template/workflow resourceClaims (dynamic resource allocation)
    "PodResourceClaim": (
        {"name": "string", "resourceClaimName": "string", "resourceClaimTemplateName": "string"},
        ("name",),
    ),
}

CONTAINER_TYPES = ("Container", "ContainerNode", "ScriptTemplate", "UserContainer")

# New fields of existing structs: (definitions, field, type).
NEWER_FIELDS: list[tuple[tuple[str, ...], str, str]] = [
    # Argo 4.2 development (main after v4.1.0), leaf templates only (argo-reference.md §a rule 25)
    (("Template",), "pendingTimeout", "string"),
    # Argo 4.2 development: pod-level resources (Kubernetes 1.34 PodLevelResources, beta), rule 17
    (("Template", "WorkflowSpec"), "podResources", "ResourceRequirements"),
    # Argo 4.2 development: dynamic resource allocation claims, rule 28
    (("Template", "WorkflowSpec"), "resourceClaims", "[PodResourceClaim]"),
    # Argo 4.1/4.2: workflow-level executor plugins, rule 6
    (("WorkflowSpec",), "executorPlugins", "[ExecutorPlugin]"),
    # Argo 4.1/4.2 with Kubernetes 1.34's API
    (CONTAINER_TYPES, "restartPolicyRules", "[ContainerRestartRule]"),
    (("EnvVarSource",), "fileKeyRef", "FileKeySelector"),
    (("VolumeProjection",), "podCertificate", "PodCertificateProjection"),
    # Argo 4.1/4.2: buffer HTTP uploads so a 307/308 redirect (webHDFS) can be followed
    (("HTTPArtifact",), "saveStreamViaFile", "boolean"),
    # Argo 4.1/4.2: path- or virtual-hosted-style buckets for S3-compatible stores
    (("S3Artifact", "S3ArtifactRepository"), "addressingStyle", "string"),
]

# Enum-like strings Go models as plain strings: (definitions, field, allowed values). Every entry
# also accepts "" (Go's zero value: unset, so the default applies), null, and any string with "{{":
# Argo substitutes variables in most of these before they are used, and a linter cannot know which.
# A list field constrains its items.
ENUMS: list[tuple[tuple[str, ...], str, tuple[str, ...]]] = [
    (CONTAINER_TYPES, "imagePullPolicy", ("Always", "IfNotPresent", "Never")),
    (CONTAINER_TYPES, "restartPolicy", ("Always", "OnFailure", "Never")),
    (CONTAINER_TYPES, "terminationMessagePolicy", ("File", "FallbackToLogsOnError")),
    (("ContainerPort",), "protocol", ("TCP", "UDP", "SCTP")),
    (("HTTPGetAction",), "scheme", ("HTTP", "HTTPS")),
    (("PodGC",), "strategy", ("OnPodCompletion", "OnPodSuccess", "OnWorkflowCompletion", "OnWorkflowSuccess")),
    (("VolumeClaimGC",), "strategy", ("OnWorkflowCompletion", "OnWorkflowSuccess")),
    (("ArtifactGC", "WorkflowLevelArtifactGC"), "strategy", ("OnWorkflowCompletion", "OnWorkflowDeletion", "Never")),
    (("RetryStrategy",), "retryPolicy", ("Always", "OnFailure", "OnError", "OnTransientError")),
    (("ResourceTemplate",), "action", ("get", "create", "apply", "delete", "replace", "patch")),
    (("ResourceTemplate",), "mergeStrategy", ("strategic", "merge", "json")),
    (("CronWorkflowSpec",), "concurrencyPolicy", ("Allow", "Forbid", "Replace")),
    (("WorkflowSpec",), "dnsPolicy", ("ClusterFirst", "ClusterFirstWithHostNet", "Default", "None")),
    (("Toleration",), "operator", ("Exists", "Equal", "Lt", "Gt")),
    (("Toleration",), "effect", ("NoSchedule", "PreferNoSchedule", "NoExecute")),
    (("NodeSelectorRequirement",), "operator", ("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt")),
    (("LabelSelectorRequirement",), "operator", ("In", "NotIn", "Exists", "DoesNotExist")),
    (
        ("PersistentVolumeClaimSpec",),
        "accessModes",
        ("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"),
    ),
    (("PersistentVolumeClaimSpec",), "volumeMode", ("Filesystem", "Block")),
    (("SeccompProfile", "AppArmorProfile"), "type", ("RuntimeDefault", "Unconfined", "Localhost")),
    (("VolumeMount",), "mountPropagation", ("None", "HostToContainer", "Bidirectional")),
    (("VolumeMount",), "recursiveReadOnly", ("Disabled", "IfPossible", "Enabled")),
    (("PodSecurityContext",), "fsGroupChangePolicy", ("OnRootMismatch", "Always")),
    (("PodSecurityContext",), "supplementalGroupsPolicy", ("Merge", "Strict")),
    (("SecurityContext",), "procMount", ("Default", "Unmasked")),
    (("ContainerResizePolicy",), "restartPolicy", ("NotRequired", "RestartContainer")),
    # the overlay's own fields
    (("S3Artifact", "S3ArtifactRepository"), "addressingStyle", ("path", "virtual-hosted")),
    (("ContainerRestartRule",), "action", ("Restart",)),
    (("ContainerRestartRuleOnExitCodes",), "operator", ("In", "NotIn")),
    (
        ("PodCertificateProjection",),
        "keyType",
        ("RSA3072", "RSA4096", "ECDSAP256", "ECDSAP384", "ECDSAP521", "ED25519"),
    ),
]

# A string with an Argo variable, accepted by every enum above.
VARIABLE = {"pattern": r"\{\{", "type": "string"}
SCALARS = {"string": STRING, "boolean": BOOLEAN, "integer": INTEGER}


def overlay_type(text: str) -> dict[str, Any]:
    if text.startswith("["):
        return {"items": overlay_type(text[1:-1]), "type": ["array", "null"]}
    if text.startswith("{"):
        return {"additionalProperties": overlay_type(text[1:-1]), "type": ["object", "null"]}
    return SCALARS.get(text) or {"$ref": DEFS + text}


def apply_overlay(defs: dict[str, dict[str, Any]]) -> None:
    """Add NEWER_STRUCTS, NEWER_FIELDS and ENUMS to the definitions generated from hera's models."""
    for name, (fields, required) in NEWER_STRUCTS.items():
        if name in defs:
            raise ValueError(f"{name} is in hera's models now: drop it from NEWER_STRUCTS")
        defs[name] = {
            "additionalProperties": False,
            "properties": {field: overlay_type(text) for field, text in fields.items()},
            "required": sorted(required),
            "title": title_of(name),
            "type": ["object", "null"],
        }
    for names, field, text in NEWER_FIELDS:
        for name in names:
            if field in defs[name]["properties"]:
                raise ValueError(f"{name}.{field} is in hera's models now: drop it from NEWER_FIELDS")
            defs[name]["properties"][field] = overlay_type(text)
    for names, field, values in ENUMS:
        for name in names:
            schema = defs[name]["properties"][field]  # a KeyError here: the entry names no real field
            target = schema.get("items", schema)
            if target != STRING:
                raise ValueError(f"{name}.{field} is not a plain string field: {target}")
            enum = {"anyOf": [{"enum": ["", *values, None]}, VARIABLE]}
            if "items" in schema:
                schema["items"] = enum
            else:
                defs[name]["properties"][field] = enum


def title_of(name: str) -> str:
    if name in TITLES:
        return TITLES[name]
    words = re.findall(r"[A-Z]+\d*(?=[A-Z][a-z]|$)|[A-Z]?[a-z]+\d*|[A-Z]+\d*|\d+", name)
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words)


class Generator:
    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}
        self.names: dict[type, str] = {}

    def def_name(self, model: type) -> str:
        return self.names[model]

    def schema_for(self, annotation: Any) -> dict[str, Any]:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            return self.schema_for(args[0])
        if origin in (typing.Union, types.UnionType):
            members = [a for a in args if a is not type(None)]
            if len(members) != 1:
                raise TypeError(f"unsupported union {annotation!r}")
            return self.schema_for(members[0])
        if origin is list:
            return {"items": self.schema_for(args[0]), "type": ["array", "null"]}
        if origin is dict:
            if args[0] is not str:
                raise TypeError(f"unsupported map key in {annotation!r}")
            return {"additionalProperties": self.schema_for(args[1]), "type": ["object", "null"]}
        if origin is typing.Literal:
            return {"enum": [*args, None]}
        if annotation is Any:
            return ANY
        if annotation is str:
            return STRING
        if annotation is bool:
            return BOOLEAN
        if annotation is int:
            return INTEGER
        if annotation is float:
            return NUMBER
        if inspect.isclass(annotation) and issubclass(annotation, enum.Enum):
            return {"enum": [m.value for m in annotation] + [None]}
        if inspect.isclass(annotation) and issubclass(annotation, RootModel):
            return self.root_model(annotation)
        if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
            return {"$ref": DEFS + self.def_name(annotation)}
        if getattr(annotation, "__name__", "") == "AwareDatetime":
            return STRING
        raise TypeError(f"unsupported type {annotation!r}")

    def root_model(self, model: type) -> dict[str, Any]:
        match model.__name__:
            case "IntOrString":
                return INT_OR_STRING
            case "Quantity":
                return QUANTITY
            case "Amount":  # a json.Number; Go also decodes it from a numeric string
                return QUANTITY
            case "Time" | "MicroTime":
                return STRING
            case "Item":  # withItems entries: any JSON value
                return ANY
        return self.schema_for(model.model_fields["root"].annotation)

    def struct(self, model: type) -> dict[str, Any]:
        name = self.names[model]
        schema: dict[str, Any] = {"title": title_of(model.__name__), "type": ["object", "null"]}
        if model.__name__ in FREE_FORM:
            return schema
        properties = {}
        required = []
        for attribute, field in model.model_fields.items():
            key = field.alias or attribute
            properties[key] = self.schema_for(field.annotation)
            if field.is_required() and key not in REQUIRED_NOT_ENFORCED.get(name, ()):
                required.append(key)
        if model.__name__ == "Parameter":
            # Argo's AnyString: a string, number or boolean (argo-reference.md §b); null means unset
            properties["value"] = properties["default"] = STRING
        schema["additionalProperties"] = False
        schema["properties"] = properties
        if required:
            schema["required"] = sorted(required)
        return schema

    def run(self, roots: list[type]) -> None:
        models = reachable_models(roots)
        short_names = [model.__name__ for model in models]
        for model in models:
            name = model.__name__
            if short_names.count(name) > 1 and ".argoproj." not in model.__module__:
                # two Go types share a short name (Argo's and core/v1's HTTPHeader): qualify the Kubernetes one
                name = model.__module__.removeprefix("hera.workflows.models.") + "." + name
            self.names[model] = name
        for model in models:
            self.defs[self.names[model]] = self.struct(model)


def reachable_models(roots: list[type]) -> list[type]:
    """Every struct model reachable from ``roots``, in a stable order."""
    seen: dict[type, None] = {}

    def visit(annotation: Any) -> None:
        for arg in typing.get_args(annotation):
            visit(arg)
        if not (inspect.isclass(annotation) and issubclass(annotation, BaseModel)) or annotation in seen:
            return
        if issubclass(annotation, RootModel):
            visit(annotation.model_fields["root"].annotation)
            return
        seen[annotation] = None
        for field in annotation.model_fields.values():
            visit(field.annotation)

    for root in roots:
        visit(root)
    return list(seen)


def onepanel_defs(defs: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """WorkflowSpec -> Arguments -> Parameter, copied with Onepanel's parameter fields added."""

    def copy(name: str, new_name: str) -> dict[str, Any]:
        schema = json.loads(json.dumps(defs[name]))
        schema["title"] = title_of(new_name)
        return schema

    spec = copy("WorkflowSpec", "OnepanelWorkflowSpec")
    spec["properties"]["arguments"] = {"$ref": DEFS + "OnepanelWorkflowArguments"}
    arguments = copy("Arguments", "OnepanelWorkflowArguments")
    arguments["properties"]["parameters"]["items"] = {"$ref": DEFS + "OnepanelParameter"}
    parameter = copy("Parameter", "OnepanelParameter")
    parameter["properties"].update(ONEPANEL_PARAMETER_FIELDS)
    option = {
        "additionalProperties": False,
        "properties": {"name": STRING, "value": STRING},
        "title": title_of("OnepanelParameterOption"),
        "type": ["object", "null"],
    }
    stored = {
        # Onepanel's stored form (`metadata:` + `spec:`); its metadata is Onepanel's own, not Kubernetes'.
        "additionalProperties": False,
        "properties": {"metadata": {"type": ["object", "null"]}, "spec": {"$ref": DEFS + "OnepanelWorkflowSpec"}},
        "required": ["spec"],
        "title": title_of("OnepanelStoredTemplate"),
        "type": "object",
    }
    return {
        "OnepanelParameter": parameter,
        "OnepanelParameterOption": option,
        "OnepanelStoredTemplate": stored,
        "OnepanelWorkflowArguments": arguments,
        "OnepanelWorkflowSpec": spec,
    }


def kind_root(defs: dict[str, dict[str, Any]], kind: str) -> None:
    schema = defs[kind]
    schema["type"] = "object"
    schema["properties"]["apiVersion"] = {"enum": [API_VERSION]}
    schema["properties"]["kind"] = {"enum": [kind]}
    schema["required"] = sorted({*schema.get("required", []), "apiVersion", "kind"})


def build() -> dict[str, Any]:
    from hera.workflows.models.io.argoproj.workflow import v1alpha1

    kinds = ["ClusterWorkflowTemplate", "CronWorkflow", "Workflow", "WorkflowTemplate"]
    generator = Generator()
    generator.run([getattr(v1alpha1, kind) for kind in kinds])
    defs = generator.defs
    apply_overlay(defs)
    for kind in kinds:
        kind_root(defs, kind)
    defs.update(onepanel_defs(defs))
    hera_version = importlib.metadata.version("hera")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": (
            f"Generated by scripts/generate_schema.py from hera {hera_version} (Argo Workflows models); "
            "do not edit. The root validates an Argo manifest by its kind; an Onepanel template body "
            "validates against #/$defs/OnepanelWorkflowSpec, the stored form against "
            "#/$defs/OnepanelStoredTemplate."
        ),
        "title": "Argo Workflows manifests and Onepanel workflow templates",
        "type": "object",
        "required": ["apiVersion", "kind"],
        "properties": {"apiVersion": {"enum": [API_VERSION]}, "kind": {"enum": kinds}},
        "allOf": [
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {"$ref": DEFS + kind},
            }
            for kind in kinds
        ],
        "$defs": defs,
    }


def render(schema: dict[str, Any]) -> str:
    """Sorted keys, one key per line, short lists of scalars on one line: stable and diff-friendly."""

    def emit(value: Any, indent: str) -> str:
        if isinstance(value, dict) and value:
            inner = indent + " "
            items = (f"{inner}{json.dumps(k)}: {emit(value[k], inner)}" for k in sorted(value))
            return "{\n" + ",\n".join(items) + "\n" + indent + "}"
        if isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
            inner = indent + " "
            return "[\n" + ",\n".join(inner + emit(v, inner) for v in value) + "\n" + indent + "]"
        return json.dumps(value, ensure_ascii=False)

    return emit(schema, "") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file is not current")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    text = render(build())
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is not current; run scripts/generate_schema.py", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({len(text):,} bytes, {len(json.loads(text)['$defs'])} definitions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
