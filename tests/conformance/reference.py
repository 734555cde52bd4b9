"""Where the conformance suite finds the reference material, and the checks that read it.

The material is not part of the project: Argo's ``schema.json`` and ``swagger.json`` and a corpus of
real Onepanel templates, in ``../shared`` beside the checkout (or wherever ``$OPCTL_SHARED`` points).
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from tests.conftest import REPO

SHARED = Path(os.environ.get("OPCTL_SHARED") or REPO.parent / "shared")
CORPUS = SHARED / "corpus"
ARGO_SCHEMA = SHARED / "argo" / "schema.json"
SWAGGER = SHARED / "argo" / "swagger.json"
DEF = "io.argoproj.workflow.v1alpha1."

CORPUS_FILES = sorted(CORPUS.glob("*.yaml"))
# The corpus README lists this one as not valid YAML: an excerpt whose `...` lines end the document.
UNPARSEABLE = "docs__reference-workflows-hyperparameter-tuning-2.yaml"
# docs__reference-workflows-templates-4 calls template `echo`, defined in another block of the page.
UNDEFINED_TEMPLATE = "docs__reference-workflows-templates-4.yaml"
PARSEABLE = [p for p in CORPUS_FILES if p.name != UNPARSEABLE]


@cache
def argo_schema() -> dict[str, Any]:
    """Argo's schema.json with its known false positives patched (argo-reference.md §b):
    IntOrString and Quantity are declared as strings but Argo and Kubernetes take numbers
    (``nvidia.com/gpu: 1``, ``limit: 3``); Parameter value/default are AnyString (numbers and
    booleans allowed)."""
    schema: dict[str, Any] = json.loads(ARGO_SCHEMA.read_text())
    defs = schema["definitions"]
    defs["io.k8s.apimachinery.pkg.util.intstr.IntOrString"] = {"type": ["string", "integer"]}
    defs["io.k8s.apimachinery.pkg.api.resource.Quantity"] = {"type": ["string", "number"]}
    for field in ("value", "default"):
        defs[DEF + "Parameter"]["properties"][field] = {"type": ["string", "number", "boolean"]}
    return schema


def argo_schema_errors(manifest: dict[str, Any]) -> list[str]:
    """Where ``manifest`` breaks Argo's own schema for its kind (the root ``oneOf`` over kinds is skipped)."""
    import jsonschema

    root = {"$ref": f"#/definitions/{DEF}{manifest['kind']}", "definitions": argo_schema()["definitions"]}
    validator = jsonschema.Draft202012Validator(root)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(manifest)]


class SwaggerChecker:
    """Validates bodies against swagger definitions, strictly: unknown fields are errors too.

    Swagger types Kubernetes quantities and IntOrString as strings although the API server accepts
    numbers there (argo issues #4602, #6349); those two accept numbers here as well.
    """

    def __init__(self, path: Path = SWAGGER) -> None:
        assert path.is_file(), f"Argo swagger.json missing at {path}"
        spec = json.loads(path.read_text())
        self.definitions: dict[str, Any] = spec["definitions"]
        for name in ("resource.Quantity", "intstr.IntOrString"):
            name = "io.k8s.apimachinery.pkg.api." + name if name.startswith("resource") else (
                "io.k8s.apimachinery.pkg.util." + name
            )
            if name in self.definitions:
                self.definitions[name] = {"type": ["string", "integer", "number"]}
        self.paths: dict[str, Any] = spec["paths"]

    def errors(self, definition: str, body: Any) -> list[str]:
        from jsonschema import Draft4Validator

        definition = DEF + definition
        schema = {"$ref": f"#/definitions/{definition}", "definitions": self.definitions}
        validator = Draft4Validator(schema)
        found = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(body)]
        found.extend(self._unknown_fields({"$ref": f"#/definitions/{definition}"}, body, ""))
        return found

    def _resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.definitions[schema["$ref"].split("/")[-1]]
        return schema

    def _unknown_fields(self, schema: dict[str, Any], value: Any, where: str) -> list[str]:
        schema = self._resolve(schema)
        found: list[str] = []
        if isinstance(value, dict) and "properties" in schema:
            props = schema["properties"]
            for key, item in value.items():
                if key not in props:
                    found.append(f"{where}/{key}: unknown field")
                else:
                    found.extend(self._unknown_fields(props[key], item, f"{where}/{key}"))
        elif isinstance(value, dict) and isinstance(schema.get("additionalProperties"), dict):
            for key, item in value.items():
                found.extend(self._unknown_fields(schema["additionalProperties"], item, f"{where}/{key}"))
        elif isinstance(value, list) and isinstance(schema.get("items"), dict):
            for i, item in enumerate(value):
                found.extend(self._unknown_fields(schema["items"], item, f"{where}/{i}"))
        return found

    def has_path(self, template: str, method: str) -> bool:
        return method.lower() in self.paths.get(template, {})
