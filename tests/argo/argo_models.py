"""Request-body checks for the fake Argo Server, from hera's pydantic models of Argo's REST API.

hera (pinned in the ``test`` extra) ships models generated from Argo's swagger.json, request
wrappers included (``WorkflowCreateRequest``, ``LintCronWorkflowRequest``, ...). A body is checked
strictly, as argo-server's JSON decoding does:

* every field must be one the model knows (pydantic ignores extras, so a walk over the models finds
  them; argo-server rejects unknown fields);
* types are validated by pydantic in strict JSON mode (a number is not a string, "5" not an integer);
* Kubernetes quantities accept numbers as well as strings, as the API server does although the
  swagger types them as strings (argo issues #4602, #6349).

The conformance suite checks the same bodies against Argo's own swagger.json.
"""

from __future__ import annotations

import json
import types
import typing
from functools import cache
from typing import Any

from pydantic import BaseModel, RootModel, ValidationError


@cache
def _model(name: str) -> type[BaseModel]:
    from hera.workflows import models

    model = getattr(models, name)
    assert isinstance(model, type) and issubclass(model, BaseModel), name
    return model


@cache
def _quantity() -> type[BaseModel]:
    return _model("Quantity")


def preload_models() -> None:
    """Import hera's models now (about a second, once per process) rather than on the first request."""
    _quantity()


def _options(annotation: Any) -> list[Any]:
    """The types an annotation allows, with Optional/Annotated/unions flattened (None dropped)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _options(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _options(arg) if t is not type(None)]
    return [annotation]


def _fields(model: type[BaseModel]) -> dict[str, Any]:
    return {(info.alias or name): info.annotation for name, info in model.model_fields.items()}


def _walk(annotation: Any, value: Any, where: str, unknown: list[str]) -> Any:
    """``value`` with quantities given as numbers turned into strings; unknown fields appended."""
    for option in _options(annotation):
        origin = typing.get_origin(option)
        if option is _quantity() and isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        if isinstance(option, type) and issubclass(option, RootModel):
            return _walk(option.model_fields["root"].annotation, value, where, unknown)
        if isinstance(option, type) and issubclass(option, BaseModel) and isinstance(value, dict):
            fields = _fields(option)
            result = {}
            for key, item in value.items():
                if key not in fields:
                    unknown.append(f"{where}/{key}: unknown field")
                    result[key] = item
                else:
                    result[key] = _walk(fields[key], item, f"{where}/{key}", unknown)
            return result
        if origin is list and isinstance(value, list):
            (item_type,) = typing.get_args(option)
            return [_walk(item_type, item, f"{where}/{i}", unknown) for i, item in enumerate(value)]
        if origin is dict and isinstance(value, dict):
            _, item_type = typing.get_args(option)
            return {key: _walk(item_type, item, f"{where}/{key}", unknown) for key, item in value.items()}
    return value


def body_errors(model_name: str, body: Any) -> list[str]:
    """What argo-server would refuse in ``body`` sent as a ``model_name`` (a hera model of Argo's API)."""
    model = _model(model_name)
    unknown: list[str] = []
    normalised = _walk(model, body, "", unknown)
    try:
        model.model_validate_json(json.dumps(normalised), strict=True)
    except ValidationError as error:
        return unknown + [
            f"/{'/'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors(include_url=False)
        ]
    return unknown
