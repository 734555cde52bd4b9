"""The ``structure`` family: unknown fields, wrong types and missing required fields.

Everything comes from ``schemas/argo-workflow.schema.json``. Generic JSON-schema validators are too
slow for 5,000-task DAGs and report oneOf noise, so this module compiles the small subset of JSON
Schema the generator emits (type, properties, additionalProperties, items, required, enum, $ref)
into nodes once and walks a document with an explicit stack: one finding per problem, never a
cascade (a node of the wrong type, or under an unknown key, is not looked into). The one ``anyOf``
it knows is the generator's enum-like string: ``anyOf: [{enum: [...]}, {type: string, pattern: "\\{\\{"}]``,
a listed value or any string with an Argo variable.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from opctl.diagnostics import Diagnostic, Fix, Severity
from opctl.edits import rename
from opctl.facts import LOCATION_PLACEHOLDERS
from opctl.lint.registry import Change, Dialect, LintContext, check, register
from opctl.pointer import escape
from opctl.schema import (
    ARGO_KIND_DEFS,
    ONEPANEL_STORED_DEF,
    ONEPANEL_TEMPLATE_DEF,
    load_schema,
    onepanel_parameter_fields,
)
from opctl.suggest import closest, unique_match

UNKNOWN_FIELD = register(
    "unknown-field",
    "structure",
    Severity.ERROR,
    "a field Argo does not know (a typo, a field in the wrong place, or an Onepanel-only field)",
    fixable=True,
    explanation=(
        "Argo and Onepanel decode strictly: a field the Go types do not have (a typo such as "
        "`dependecies`, a field at the wrong level, an Onepanel form field outside "
        "spec.arguments.parameters) makes `argo submit` refuse the workflow, or is dropped silently by "
        "older servers, so what it should do never happens. Fixable when one field is clearly meant."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo}\n"
        "    - {name: b, template: echo, dependecies: [a]}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "    - {name: b, template: echo, dependecies: [a]}\n",
        "    - {name: b, template: echo, dependencies: [a]}\n",
    ),
)
WRONG_TYPE = register(
    "wrong-type",
    "structure",
    Severity.ERROR,
    "a value of the wrong type, or not one of the values a field allows",
    explanation=(
        "A value of the wrong type (a list where a mapping belongs, text where a number belongs, a value "
        "outside a field's allowed set) cannot be decoded; Argo refuses the workflow. Strings accept "
        "numbers and booleans, as Kubernetes' YAML decoding converts them."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: t}\n"
        "- name: t\n"
        "  container: {image: alpine, imagePullPolicy: always}\n"
    ),
    good=Change(
        "  container: {image: alpine, imagePullPolicy: always}\n",
        "  container: {image: alpine, imagePullPolicy: Always}\n",
    ),
)
MISSING_FIELD = register(
    "missing-field",
    "structure",
    Severity.ERROR,
    "a required field is missing",
    explanation=(
        "Argo decodes templates into its Go types and refuses a document without a field they require (a "
        "parameter's name, a container's image source, a volume's name, ...)."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: t}\n"
        "- name: t\n"
        "  container: {image: alpine}\n"
        "  inputs:\n"
        "    parameters: [{value: '1'}]\n"
    ),
    good=Change(
        "    parameters: [{value: '1'}]\n",
        "    parameters: [{name: num, value: '1'}]\n",
    ),
)

# What a compiled node looks into.
_SCALAR, _STRUCT, _MAP, _ARRAY, _ANY = range(5)
_ARTICLE = {"integer": "an integer", "object": "a mapping", "array": "a list", "boolean": "true or false"}


class _Node:
    """One compiled schema node."""

    __slots__ = (
        "accepts",
        "closed",
        "def_name",
        "enum",
        "expected",
        "items",
        "kind",
        "props",
        "required",
        "title",
        "values",
        "variables",
    )

    def __init__(self) -> None:
        self.kind = _ANY
        self.accepts: frozenset[str] | None = None  # JSON types accepted (None = anything)
        self.expected = ""  # the main type, for messages
        self.title = ""  # struct title, for messages ("DAG task")
        self.def_name = ""
        self.props: dict[str, _Node] = {}
        self.required: tuple[str, ...] = ()
        self.closed = False  # a struct with additionalProperties: false
        self.values: _Node | None = None  # map values, or a struct's other keys
        self.items: _Node | None = None  # array items
        self.enum: tuple[Any, ...] | None = None
        self.variables = False  # an enum that also accepts any string containing "{{"


# The JSON Schema keywords the generator emits, which is all this walker understands.
_KEYWORDS = frozenset(
    {"$ref", "$comment", "type", "enum", "title", "properties", "required", "additionalProperties", "items", "anyOf"}
)
# The generator's "or an Argo variable" branch of an enum (see the module docstring).
_VARIABLE = {"pattern": r"\{\{", "type": "string"}


def _compile(defs: dict[str, Any], aliases: dict[str, str]) -> dict[str, _Node]:
    nodes = {name: _Node() for name in defs}
    for alias, target in aliases.items():
        nodes[alias] = nodes[target]

    def build(schema: dict[str, Any], node: _Node | None = None) -> _Node:
        if "$ref" in schema:
            return nodes[schema["$ref"].removeprefix("#/$defs/")]
        unsupported = schema.keys() - _KEYWORDS
        if unsupported:  # the schema is the source of truth: never skip part of it silently
            raise ValueError(f"schema keyword(s) {sorted(unsupported)} not supported by opctl.lint.structure")
        node = node or _Node()
        if "anyOf" in schema:
            branches = schema["anyOf"]
            if len(branches) != 2 or branches[0].keys() != {"enum"} or branches[1] != _VARIABLE:
                raise ValueError(f"anyOf other than enum-or-variable not supported by opctl.lint.structure: {branches}")
            node.enum = tuple(branches[0]["enum"])
            node.variables = True
        types = schema.get("type")
        if types is not None:
            types = [types] if isinstance(types, str) else list(types)
            node.expected = types[0]
            node.accepts = frozenset(types) | ({"integer"} if "number" in types else frozenset())
        if "enum" in schema:
            node.enum = tuple(schema["enum"])
        node.title = schema.get("title", "")
        extra = schema.get("additionalProperties")
        if "properties" in schema or extra is False:
            node.kind = _STRUCT
            node.props = {key: build(sub) for key, sub in schema.get("properties", {}).items()}
            node.required = tuple(schema.get("required", ()))
            node.closed = extra is False
            node.values = build(extra) if isinstance(extra, dict) else None
        elif isinstance(extra, dict):
            node.kind = _MAP
            node.values = build(schema["additionalProperties"])
        elif "items" in schema:
            node.kind = _ARRAY
            node.items = build(schema["items"])
        elif types is not None and "object" not in types and "array" not in types:
            node.kind = _SCALAR
        return node

    for name, schema in defs.items():
        if name not in aliases:
            build(schema, nodes[name]).def_name = name
    return nodes


@cache
def _graph(dialect: Dialect) -> dict[str, _Node]:
    """Compiled definitions; in the argo dialect Onepanel's spec is plain Argo's."""
    aliases = {}
    if dialect == "argo":
        aliases = {"OnepanelWorkflowSpec": "WorkflowSpec"}
    return _compile(load_schema()["$defs"], aliases)


def _json_type(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return "string"
    if kind is dict:
        return "object"
    if kind is list:
        return "array"
    if kind is bool:
        return "boolean"
    if kind is int:
        return "integer"
    if kind is float:
        return "integer" if value.is_integer() else "number"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list | tuple):
        return "array"
    return "string"  # dates and other scalars a YAML loader may produce are text in Kubernetes' eyes


@dataclass(frozen=True)
class Problem:
    """One structural finding, before it is placed in a file."""

    rule: str
    pointer: str
    message: str
    hint: str | None = None
    key: bool = False  # position at the key (unknown fields) rather than the value
    suggestion: str | None = None  # unknown-field: the field the key probably meant
    fixable: bool = False  # the suggestion is the one close field: --fix renames the key


def root_definition(shape: str, dialect: Dialect) -> str | None:
    """The definition that validates a whole document of ``shape`` (an opctl.document.Shape value)."""
    if shape in ARGO_KIND_DEFS:
        return ARGO_KIND_DEFS[shape]
    if shape == "Onepanel workflow template":
        return ONEPANEL_TEMPLATE_DEF
    if shape == "Onepanel stored workflow template":
        return ONEPANEL_STORED_DEF
    return None


# Onepanel's system templates use a Go placeholder as an artifact-location key, substituted at
# migration time (onepanel-semantics.md §3.3); `opctl compile` substitutes it the same way.
MIGRATION_KEYS = LOCATION_PLACEHOLDERS


def find_problems(data: Any, definition: str, dialect: Dialect = "onepanel", pointer: str = "") -> list[Problem]:
    """Every structural problem of ``data`` against ``$defs/<definition>`` (unsorted).

    ``pointer`` is where ``data`` sits in its document; problem pointers extend it.
    """
    problems: list[Problem] = []
    graph = _graph(dialect)
    # who allows Onepanel's parameter fields: "template" (here, in the workflow parameters),
    # "manifest" (an Argo manifest in the onepanel dialect: nowhere), "argo" (the argo dialect: nowhere)
    if dialect == "argo":
        context = "argo"
    else:
        context = "template" if definition in (ONEPANEL_TEMPLATE_DEF, ONEPANEL_STORED_DEF) else "manifest"
    # (node, value, pointer, label of the value relative to its struct, title of that struct)
    stack: list[tuple[_Node, Any, str, str, str]] = [(graph[definition], data, pointer, "", "document")]
    pop, push = stack.pop, stack.append
    while stack:
        node, value, ptr, label, where = pop()
        accepts = node.accepts
        if accepts is not None:
            json_type = _json_type(value)
            if json_type not in accepts:
                problems.append(_wrong_type(node, value, json_type, ptr, label, where))
                continue
        if (
            node.enum is not None
            and value not in node.enum
            and not (node.variables and type(value) is str and "{{" in value)
        ):
            problems.append(_not_in_enum(node, value, ptr, label, where))
            continue
        kind = node.kind
        if kind in (_SCALAR, _ANY) or value is None:
            continue
        if kind == _STRUCT:
            if not isinstance(value, dict):
                continue
            props = node.props
            title = node.title
            children = []
            misspelt: set[str] = set()
            for key, child in value.items():
                if type(key) is not str:  # opctl's loader gives text keys; other callers may not
                    key = str(key)
                sub = props.get(key)
                if sub is None and context == "template" and key in MIGRATION_KEYS:
                    sub = props.get(MIGRATION_KEYS[key])
                child_ptr = f"{ptr}/{escape(key)}" if "/" in key or "~" in key else f"{ptr}/{key}"
                if sub is None and not node.closed:
                    if node.values is not None:
                        children.append((node.values, child, child_ptr, key, title))
                elif sub is None:
                    problem = _unknown_field(node, key, child_ptr, context)
                    problems.append(problem)
                    if problem.suggestion:
                        misspelt.add(problem.suggestion)
                elif sub.kind != _SCALAR or sub.enum is not None:
                    children.append((sub, child, child_ptr, key, title))
                elif _json_type(child) not in sub.accepts:  # type: ignore[operator]
                    problems.append(_wrong_type(sub, child, _json_type(child), child_ptr, key, title))
            for key in node.required:
                if key not in value and key not in misspelt:  # a misspelt key is one problem, not two
                    problems.append(
                        Problem(
                            MISSING_FIELD.id,
                            ptr,
                            f"missing required field '{key}' in {title}",
                            f"add '{key}:' to this {title}",
                        )
                    )
            stack.extend(reversed(children))
        elif kind == _MAP:
            if not isinstance(value, dict):
                continue
            values = node.values
            assert values is not None  # a map node always has a value schema
            for key, child in reversed(list(value.items())):
                text = str(key)
                child_ptr = f"{ptr}/{escape(text)}" if "/" in text or "~" in text else f"{ptr}/{text}"
                push((values, child, child_ptr, f"{label}.{text}" if label else text, where))
        elif kind == _ARRAY:
            if not isinstance(value, list):
                continue
            items = node.items
            assert items is not None  # an array node always has an item schema
            if items.kind == _ANY and items.accepts is None and items.enum is None:
                continue
            for i in range(len(value) - 1, -1, -1):
                push((items, value[i], f"{ptr}/{i}", f"{label}[{i}]", where))
    return problems


def _not_in_enum(node: _Node, value: Any, ptr: str, label: str, where: str) -> Problem:
    allowed = [v for v in node.enum or () if isinstance(v, str) and v]
    listed = ", ".join(json.dumps(v) for v in allowed)
    subject = f"'{label}' in {where}" if label else where
    json_type = _json_type(value)
    message = f"{subject} must be one of {listed}, not {_describe_value(value, json_type)}"
    match = _closest_value(str(value), allowed) if json_type not in ("object", "array") else None
    if match is not None:
        hint = f"did you mean '{match}'?"
        if match.lower() == str(value).lower():
            hint += " (the values are case-sensitive)"
    elif node.variables:
        hint = f"use one of {listed}, or an Argo variable ('{{{{...}}}}') that gives one"
    else:
        hint = None
    return Problem(WRONG_TYPE.id, ptr, message, hint)


def _closest_value(text: str, allowed: list[str]) -> str | None:
    """The allowed value ``text`` probably meant: another case or separator, else a close spelling."""
    if len(text) > 200:  # no enum value is that long; spare difflib the work
        return None
    return closest(text, allowed, normalise=_squashed, spell_normalised=True)


def _squashed(text: str) -> str:
    return _SEPARATORS.sub("", text.lower())


_SEPARATORS = re.compile(r"[\s_-]")


def _describe_expected(node: _Node) -> str:
    if node.kind == _STRUCT and node.title:
        return f"a mapping ({node.title})"
    if node.kind == _MAP:
        return "a mapping"
    if node.kind == _ARRAY:
        return "a list"
    name = node.expected
    if name == "integer" and "string" in (node.accepts or ()):
        return "an integer or a string"
    if name == "number" and "string" in (node.accepts or ()):
        return "a number or a string"
    return _ARTICLE.get(name, f"a {name}")


def _describe_value(value: Any, json_type: str) -> str:
    if json_type == "object":
        return "a mapping"
    if json_type == "array":
        return "a list"
    if json_type == "boolean":
        return f"the boolean {str(value).lower()}"
    if json_type == "string":
        text = str(value)  # a str from opctl's loader; dates and the like from other callers
        text = text if len(text) <= 40 else text[:37] + "..."
        return f"the string {json.dumps(text, ensure_ascii=False)}"
    return f"the {'integer' if json_type == 'integer' else 'number'} {value}"


def _wrong_type(node: _Node, value: Any, json_type: str, ptr: str, label: str, where: str) -> Problem:
    expected = _describe_expected(node)
    subject = f"'{label}' in {where}" if label else where
    message = f"{subject} must be {expected}, not {_describe_value(value, json_type)}"
    hint = None
    if json_type == "string" and node.expected in ("integer", "number"):
        if _is_number(value):
            hint = "remove the quotes: this field takes a number, not a string"
        elif "{{" in value:
            hint = "this field is decoded before Argo substitutes {{...}} variables: use a literal number"
        else:
            hint = f"give '{label.rsplit('.', 1)[-1]}' {_ARTICLE.get(node.expected, 'a number')}, without quotes"
    elif node.kind == _ARRAY and json_type in ("string", "integer", "number", "boolean"):
        hint = "make it a list, e.g. one '- item' per line, or [a, b] in flow style"
    elif node.kind in (_STRUCT, _MAP) and json_type == "array":
        hint = "remove the '-' list markers: this field is a single mapping, not a list"
    elif node.kind == _STRUCT and json_type in ("string", "integer", "number", "boolean"):
        if label.endswith("]"):
            hint = f"each item is a {node.title}: write it as 'key: value' pairs after the '-'"
        else:
            hint = "indent its fields under the key instead of giving a value on the same line"
    elif node.expected == "string" and json_type in ("object", "array"):
        hint = "quote the value, or use a block scalar ('|') for multi-line text"
    return Problem(WRONG_TYPE.id, ptr, message, hint)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _unknown_field(node: _Node, key: str, ptr: str, context: str) -> Problem:
    title = node.title
    message = f"unknown field '{key}' in {title}"
    onepanel_fields = onepanel_parameter_fields()
    if node.def_name == "Parameter" and key in onepanel_fields:
        fields = ", ".join(sorted(onepanel_fields))
        if context == "template":
            hint = (
                f"'{key}' is an Onepanel parameter field; Onepanel allows its parameter fields ({fields}) "
                "only in the workflow's own parameters (spec.arguments.parameters) and rejects them here"
            )
        elif not _WORKFLOW_PARAMETER.match(ptr):
            hint = f"'{key}' is an Onepanel parameter field; neither Argo nor Onepanel allow it here: remove it"
        elif context == "manifest":
            hint = (
                f"'{key}' is an Onepanel parameter field, which an Argo manifest cannot carry: remove it "
                "(Onepanel's fields belong in Onepanel templates, whose spec.arguments.parameters allow them)"
            )
        else:
            hint = (
                f"'{key}' is an Onepanel parameter field that Argo does not know: remove it "
                "(opctl compile does), or lint Onepanel templates with --dialect onepanel"
            )
        return Problem(UNKNOWN_FIELD.id, ptr, message, hint, key=True)
    argo_type = node.def_name.removeprefix("Onepanel")  # Onepanel's copies extend Argo's types
    if argo_type == "WorkflowSpec" and key in _MANIFEST_KEYS:
        return Problem(UNKNOWN_FIELD.id, ptr, message, _manifest_key_hint(key, ptr), key=True)
    replacement = _REPLACED.get((argo_type, key))
    if replacement is not None:
        hint = f"'{key}' is a field of older Argo versions that current Argo rejects: {replacement}"
        return Problem(UNKNOWN_FIELD.id, ptr, message, hint, key=True)
    match = _closest_field(node, key)
    if match is not None:
        fixable = unique_match(key, node.props) == match
        return Problem(
            UNKNOWN_FIELD.id, ptr, message, f"did you mean '{match}'?", key=True, suggestion=match, fixable=fixable
        )
    return Problem(UNKNOWN_FIELD.id, ptr, message, _where_it_belongs(node, key), key=True)


# A field of a workflow's own parameter: spec.arguments.parameters[i].<field>, wherever the spec is.
_WORKFLOW_PARAMETER = re.compile(r"^(?:/spec(?:/workflowSpec)?)?/arguments/parameters/\d+/[^/]+$")

# Fields of older Argo (2.x/3.x; Onepanel runs 2.12) that current Argo dropped, and what replaced them.
_REPLACED = {
    ("WorkflowSpec", "ttlSecondsAfterFinished"): "use 'ttlStrategy: {secondsAfterCompletion: N}'",
    ("WorkflowSpec", "podPriority"): "use 'podPriorityClassName' with a PriorityClass",
    ("Template", "priority"): "use 'priorityClassName' with a PriorityClass",
    ("Synchronization", "semaphore"): "use 'semaphores', a list of semaphore references",
    ("Synchronization", "mutex"): "use 'mutexes', a list of mutexes",
    ("CronWorkflowSpec", "schedule"): "use 'schedules', a list of cron expressions",
}

# Keys of a Kubernetes object written into a WorkflowSpec (a bare Onepanel template, or `spec:`).
_MANIFEST_KEYS = frozenset({"apiVersion", "kind", "metadata", "name", "generateName", "spec", "labels", "annotations"})


def _manifest_key_hint(key: str, ptr: str) -> str:
    at_top = ptr.count("/") == 1  # the document is the spec: a bare Onepanel template
    if not at_top:
        if key in ("name", "generateName", "labels", "annotations"):
            return f"'{key}' belongs under the manifest's 'metadata:', not inside the workflow spec"
        return f"'{key}' belongs at the top of the manifest, next to 'spec:', not inside the workflow spec"
    if key == "spec":
        return (
            "'spec:' wraps a template only in Onepanel's stored form, next to 'metadata:'; "
            "here the top level is already the spec (entrypoint, arguments, templates, ...)"
        )
    if key in ("apiVersion", "kind"):
        return (
            "an Onepanel template has no apiVersion or kind; an Argo manifest needs "
            "'apiVersion: argoproj.io/v1alpha1', a workflow kind, metadata and spec"
        )
    return (
        f"an Onepanel template body is the workflow spec itself and has no '{key}'; Onepanel names "
        "templates in the UI, or use the stored form ('metadata:' + 'spec:')"
    )


def _where_it_belongs(node: _Node, key: str) -> str | None:
    """A field of a child object written one level too high, else the valid fields when few."""
    fields = list(node.props)
    lower = key.lower()
    owners = [
        (name, field)
        for name, sub in node.props.items()
        if sub.kind == _STRUCT
        for field in sub.props
        if field.lower() == lower
    ]
    if owners:
        where = " or ".join(f"'{name}'" for name, _ in owners[:3])
        field = owners[0][1]
        return f"'{field}' is a field of {where}: did you mean to indent it under {where}?"
    if not fields:
        return f"a {node.title} has no fields: write it as '{{}}'"
    if len(fields) <= 12:
        return "valid fields: " + ", ".join(sorted(fields))
    return None


def _closest_field(node: _Node, key: str) -> str | None:
    """The field ``key`` probably meant: a typo, not a different field.

    The same letters in another case first (``imagepullpolicy``), then a close spelling of about
    the same length (``dependecies``), then a field the key begins (``serviceaccount``).
    """
    match = closest(key, node.props, cutoff=0.75, window=2, spell_normalised=True)
    if match is not None:
        return match
    by_lower = {f.lower(): f for f in node.props}
    lower = key.lower()
    if len(lower) >= 4:
        starts = sorted(f for f in by_lower if f.startswith(lower))
        if len(starts) == 1:
            return by_lower[starts[0]]
    return None


def _to_diagnostics(ctx: LintContext, problems: list[Problem]) -> Iterator[Diagnostic]:
    # Two misspellings of one field in one mapping: renaming both would write the key twice.
    targets = Counter((p.pointer.rpartition("/")[0], p.suggestion) for p in problems if p.fixable)
    for problem in problems:
        diag = ctx.diag(problem.rule, problem.pointer, problem.message, problem.hint, key=problem.key)
        target = (problem.pointer.rpartition("/")[0], problem.suggestion)
        if problem.fixable and problem.suggestion and targets[target] == 1:
            yield diag.with_changes(fix=_rename_key(ctx, problem.pointer, problem.suggestion))
        else:
            yield diag


def _rename_key(ctx: LintContext, pointer: str, field: str) -> Fix | None:
    """Rename a misspelt key, unless the mapping has the right one already (that is no typo)."""
    parent, _, token = pointer.rpartition("/")
    siblings = ctx.doc.get(parent)
    if not isinstance(siblings, dict) or field in siblings:
        return None
    return rename(ctx.doc, pointer, token.replace("~1", "/").replace("~0", "~"), field, key=True)


@check("structure")
def check_structure(ctx: LintContext) -> Iterator[Diagnostic]:
    definition = root_definition(str(ctx.doc.shape), ctx.dialect)
    if definition is None:
        return iter(())
    return _to_diagnostics(ctx, find_problems(ctx.doc.data, definition, ctx.dialect))
