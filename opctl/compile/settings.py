"""Namespace defaults: what Onepanel kept per namespace and cluster, as ``opctl compile`` needs it.

Onepanel read its ``onepanel`` ConfigMaps (system: platform URLs and node pools; namespace: the
artifact repository) and Secrets at execution time (onepanel-semantics.md §5). opctl reads the
same facts from one YAML file (``schemas/namespace-defaults.schema.json``, docs/compile.md), found by:
``--defaults FILE`` > ``$OPCTL_DEFAULTS`` > ``opctl.yaml`` in the working directory or a parent >
the built-in defaults below.

The file may also be (or contain, as further ``---`` documents) the ConfigMaps copied from a cluster
(``kubectl get configmap onepanel -o yaml``): the namespace one gives ``artifactRepository`` and the
ConfigMap reference, the system one gives the ``ONEPANEL_*`` platform values and the node pools.
The ``artifactRepository`` value may be the YAML text copied from the ConfigMap.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from opctl.catalogue import Rule
from opctl.compile.rules import DEFAULTS_INVALID, DEFAULTS_NOT_FOUND
from opctl.diagnostics import Diagnostic, Severity
from opctl.document import Document, documents_from
from opctl.facts import PLATFORM_ENV
from opctl.pointer import join
from opctl.source import SourceFile, load_path, load_text

DEFAULTS_FILE = "opctl.yaml"
DEFAULTS_ENV = "OPCTL_DEFAULTS"
SCHEMA_FILE = "namespace-defaults.schema.json"
BUILTIN_SOURCE = "built-in defaults"



@dataclass(frozen=True)
class NodePoolOption:
    name: str
    value: str
    resources: dict[str, Any] | None = None


@dataclass(frozen=True)
class S3Repository:
    """The fields Onepanel copied into a key-only S3 artifact (§4.9d)."""

    bucket: str | None = None
    endpoint: str | None = None
    region: str | None = None
    insecure: bool | None = None
    key_format: str | None = None
    access_key_secret: dict[str, Any] | None = None
    secret_key_secret: dict[str, Any] | None = None


@dataclass(frozen=True)
class NamespaceDefaults:
    """Resolved defaults. ``None`` means "not configured": the matching injection is skipped."""

    namespace: str | None = None
    platform: dict[str, str] = field(default_factory=dict)  # ONEPANEL_* name -> value
    node_pool_label: str | None = None
    node_pool_options: tuple[NodePoolOption, ...] = ()
    s3: S3Repository | None = None
    artifact_repository_ref: dict[str, str] | None = None
    env_secret: str | None = "onepanel-default-env"
    pod_gc: dict[str, Any] | None = field(default_factory=lambda: {"strategy": "OnPodCompletion"})
    volume_claim_gc: dict[str, Any] | None = field(default_factory=lambda: {"strategy": "OnWorkflowCompletion"})
    service_account_name: str | None = None
    source: str = BUILTIN_SOURCE

    @property
    def default_node_pool(self) -> NodePoolOption | None:
        return self.node_pool_options[0] if self.node_pool_options else None

    def node_pool_option(self, value: str) -> NodePoolOption | None:
        for option in self.node_pool_options:
            if option.value == value:
                return option
        return None


BUILTIN = NamespaceDefaults()


@dataclass
class DefaultsResult:
    defaults: NamespaceDefaults
    diagnostics: list[Diagnostic] = field(default_factory=list)
    source: SourceFile | None = None  # the file's text, for code frames in messages

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


# --------------------------------------------------------------------------------------------
# finding the file


def find_defaults_file(explicit: str | None, env: dict[str, str] | None = None, cwd: str | None = None) -> str | None:
    """``--defaults`` > ``$OPCTL_DEFAULTS`` > ``opctl.yaml`` in cwd or a parent > None (built-in)."""
    if explicit:
        return explicit
    environ = os.environ if env is None else env
    if environ.get(DEFAULTS_ENV):
        return environ[DEFAULTS_ENV]
    directory = Path(cwd or os.getcwd()).resolve()
    for candidate in (directory, *directory.parents):
        path = candidate / DEFAULTS_FILE
        if path.is_file():
            # relative to the working directory, as messages show it ("../opctl.yaml:3:5: ...")
            return os.path.relpath(path) if cwd is None else str(path)
    return None


def load_defaults(
    explicit: str | None = None, env: dict[str, str] | None = None, cwd: str | None = None
) -> DefaultsResult:
    """Find and load the defaults; errors (unreadable file, schema violations) are diagnostics."""
    path = find_defaults_file(explicit, env, cwd)
    if path is None:
        return DefaultsResult(BUILTIN)
    if not os.path.isfile(path):
        origin = "--defaults" if explicit else f"${DEFAULTS_ENV}"
        return DefaultsResult(
            BUILTIN,
            [
                DEFAULTS_NOT_FOUND.finding(
                    f"namespace-defaults file not found: {path} (from {origin})",
                    "check the path, or unset it to use opctl.yaml or the built-in defaults",
                    file=path,
                )
            ],
        )
    result = load_path(path)
    if result.fatal:
        return DefaultsResult(BUILTIN, list(result.diagnostics), result.source)
    parsed = parse_defaults(documents_from(result), list(result.diagnostics))
    parsed.source = result.source
    return parsed


def parse_defaults_text(text: str, name: str = "<defaults>") -> DefaultsResult:
    """Defaults from YAML text (library use and tests)."""
    result = load_text(text, name)
    if result.fatal:
        return DefaultsResult(BUILTIN, list(result.diagnostics))
    return parse_defaults(documents_from(result), list(result.diagnostics))


# --------------------------------------------------------------------------------------------
# parsing


@cache
def load_schema() -> dict[str, Any]:
    from importlib import resources

    return json.loads(resources.files("opctl").joinpath("schemas", SCHEMA_FILE).read_text(encoding="utf-8"))


def _error(
    doc: Document,
    pointer: str,
    message: str,
    hint: str | None = None,
    *,
    key: bool = False,
    rule: Rule = DEFAULTS_INVALID,
) -> Diagnostic:
    return doc.finding(rule, pointer, message, hint, key=key)


def parse_defaults(docs: list[Document], diagnostics: list[Diagnostic] | None = None) -> DefaultsResult:
    """Merge every document of a defaults file (later documents override earlier ones)."""
    found: list[Diagnostic] = list(diagnostics or [])
    merged: dict[str, Any] = {}
    if not docs:
        return DefaultsResult(BUILTIN, found)
    source = docs[0].file
    for doc in docs:
        if doc.data is None:
            continue
        for item_doc, pointer in _expand_lists(doc):
            data = _as_defaults(item_doc, pointer, found)
            if data is None:
                continue
            merged.update(data)
    if any(d.severity is Severity.ERROR for d in found):
        return DefaultsResult(BUILTIN, found)
    return DefaultsResult(_build(merged, source), found)


def _expand_lists(doc: Document) -> list[tuple[Document, str]]:
    """A ``kind: List`` (``kubectl get -o yaml`` of several objects) gives each item."""
    data = doc.data
    if isinstance(data, dict) and data.get("kind") == "List" and isinstance(data.get("items"), list):
        return [(doc, f"/items/{i}") for i in range(len(data["items"]))]
    return [(doc, "")]


def _as_defaults(doc: Document, pointer: str, found: list[Diagnostic]) -> dict[str, Any] | None:
    """One document (or List item) as a validated defaults mapping; None after an error."""
    data = doc.get(pointer)
    if not isinstance(data, dict):
        found.append(
            _error(
                doc,
                pointer,
                "the namespace-defaults file must be a mapping (namespace:, artifactRepository:, nodePool:, ...)",
                "see docs/compile.md for the format",
            )
        )
        return None
    if data.get("kind") == "ConfigMap":
        return _from_configmap(doc, pointer, data, found)
    if "s3" in data and not ({"artifactRepository", "namespace", "nodePool", "platform"} & data.keys()):
        # the bare value of the ConfigMap's artifactRepository key, saved as a file
        repo = _artifact_repository(doc, pointer, data, found)
        return None if repo is None else {"artifactRepository": repo}
    errors = _schema_errors(doc, pointer, data, None)
    if errors:
        found.extend(errors)
        return None
    result = dict(data)
    if isinstance(data.get("artifactRepository"), str):
        repo = _embedded(doc, f"{pointer}/artifactRepository", found)
        if repo is None:
            return None
        result["artifactRepository"] = repo
    return result


def _artifact_repository(doc: Document, pointer: str, data: Any, found: list[Diagnostic]) -> dict[str, Any] | None:
    errors = _schema_errors(doc, pointer, data, "artifactRepository")
    if errors:
        found.extend(errors)
        return None
    return data


def _from_configmap(
    doc: Document, pointer: str, data: dict[str, Any], found: list[Diagnostic]
) -> dict[str, Any] | None:
    """Onepanel's namespace ConfigMap (artifactRepository) or system ConfigMap (platform, node pools)."""
    cm_data = data.get("data")
    metadata: dict[str, Any] = data["metadata"] if isinstance(data.get("metadata"), dict) else {}
    if not isinstance(cm_data, dict):
        found.append(
            _error(
                doc,
                f"{pointer}/data",
                "this ConfigMap has no data",
                "copy Onepanel's 'onepanel' ConfigMap with `kubectl get configmap onepanel -n NAMESPACE -o yaml`",
            )
        )
        return None
    result: dict[str, Any] = {}
    used = False
    if "artifactRepository" in cm_data:
        used = True
        repo = _embedded(doc, f"{pointer}/data/artifactRepository", found)
        if repo is None:
            return None
        name = metadata.get("name") if isinstance(metadata.get("name"), str) else "onepanel"
        repo.setdefault("ref", {"configMap": name, "key": "artifactRepository"})
        result["artifactRepository"] = repo
        if isinstance(metadata.get("namespace"), str):
            result["namespace"] = metadata["namespace"]
    platform = {key: cm_data[env] for env, key in PLATFORM_ENV.items() if isinstance(cm_data.get(env), str)}
    if platform:
        used = True
        result["platform"] = platform
    if "applicationNodePoolLabel" in cm_data or "applicationNodePoolOptions" in cm_data:
        used = True
        pool: dict[str, Any] = {"label": cm_data.get("applicationNodePoolLabel")}
        if "applicationNodePoolOptions" in cm_data:
            options = _embedded(doc, f"{pointer}/data/applicationNodePoolOptions", found, expect=list)
            if options is None:
                return None
            pool["options"] = options
        result["nodePool"] = pool
    if not used:
        found.append(
            _error(
                doc,
                f"{pointer}/data",
                "this ConfigMap is not one of Onepanel's 'onepanel' ConfigMaps "
                "(no artifactRepository, ONEPANEL_* or applicationNodePool* keys)",
                "use the 'onepanel' ConfigMap of the namespace or of the 'onepanel' namespace",
            )
        )
        return None
    errors = _schema_errors(doc, pointer, result, None, locate=False)
    if errors:
        found.extend(errors)
        return None
    return result


def _embedded(doc: Document, pointer: str, found: list[Diagnostic], expect: type = dict) -> Any:
    """Parse YAML text held in a string value, reporting errors at their place in the outer file."""
    text = doc.get(pointer)
    if not isinstance(text, str):
        found.append(_error(doc, pointer, "expected YAML text here"))
        return None
    line_offset, column_offset = _text_origin(doc, pointer)

    def shifted(d: Diagnostic, path: str) -> Diagnostic:
        """A finding inside the embedded text, moved to where that text sits in the file."""
        return d.with_changes(
            line=d.line + line_offset, column=d.column + column_offset, end_line=None, end_column=None, path=path
        )

    inner = load_text(text, doc.file)
    if inner.fatal or len(inner.documents) != 1:
        if inner.fatal and inner.diagnostics:
            found.append(shifted(inner.diagnostics[0], pointer))
        else:
            found.append(_error(doc, pointer, "expected one YAML document in this value"))
        return None
    parsed = inner.documents[0]
    found.extend(shifted(d, pointer) for d in inner.diagnostics)
    data = parsed.data
    if not isinstance(data, expect):
        what = "a mapping (s3: ...)" if expect is dict else "a list of node-pool options"
        found.append(_error(doc, pointer, f"this value must be {what}"))
        return None
    if expect is dict:
        inner_doc = Document(data, doc.file, doc.index, doc.source, parsed.positions, parsed.key_positions)
        errors = _schema_errors(inner_doc, "", data, "artifactRepository")
        if errors:
            found.extend(shifted(e, pointer + e.path) for e in errors)
            return None
    return dict(data) if isinstance(data, dict) else data


def _text_origin(doc: Document, pointer: str) -> tuple[int, int]:
    """(line, column) offsets from positions in a block scalar's text to positions in the file."""
    line, column, _, _ = doc.span(pointer)
    first = doc.source.line(line)[column - 1 :].lstrip()
    if first.startswith(("|", ">")):  # block scalar: text starts on the next line, at its indentation
        for number in range(line + 1, len(doc.source.lines) + 1):
            content = doc.source.line(number)
            if content.strip():
                return line, len(content) - len(content.lstrip())
        return line, 0
    return line - 1, column  # quoted or plain: approximate with the value's own position


def _schema_errors(
    doc: Document, pointer: str, data: Any, definition: str | None, *, locate: bool = True
) -> list[Diagnostic]:
    import jsonschema

    schema = load_schema()
    if definition is not None:
        schema = {**schema["$defs"][definition], "$defs": schema["$defs"]}
    validator = jsonschema.Draft202012Validator(schema)
    errors: list[Diagnostic] = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        where = join(pointer, *error.absolute_path)
        message = _schema_message(error)
        field_name = "/".join(map(str, error.absolute_path)) or "(top level)"
        key = error.validator == "additionalProperties"
        if error.validator == "additionalProperties":
            extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            if extra:
                where = f"{where}/{extra[0]}"
        if not locate:
            where = pointer
        errors.append(
            _error(
                doc,
                where,
                f"{field_name}: {message}",
                "see docs/compile.md and schemas/namespace-defaults.schema.json",
                key=key,
            )
        )
    return errors


def _schema_message(error: Any) -> str:
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        known = ", ".join(sorted(error.schema.get("properties", {})))
        return f"unknown field {', '.join(map(repr, extra))} (known: {known})"
    if error.validator == "oneOf" and error.context:
        # the branch whose type matched says the useful thing
        best = min(error.context, key=lambda e: (e.validator == "type", len(e.absolute_path) * -1))
        return _schema_message(best)
    if error.validator == "enum":
        return f"{error.instance!r} is not one of {', '.join(map(str, error.validator_value))}"
    if error.validator == "type":
        expected = (
            error.validator_value
            if isinstance(error.validator_value, str)
            else " or ".join(t for t in error.validator_value if t != "null")
        )
        return f"expected {expected}, got {type(error.instance).__name__} {error.instance!r}"
    return error.message


# --------------------------------------------------------------------------------------------
# building the resolved defaults


def _gc(value: Any, builtin: dict[str, Any] | None, present: bool) -> dict[str, Any] | None:
    if not present:
        return builtin
    if value is None:
        return None
    return {"strategy": value} if isinstance(value, str) else dict(value)


def _build(data: dict[str, Any], source: str) -> NamespaceDefaults:
    platform_data = data.get("platform") or {}
    platform = {env: str(platform_data[key]) for env, key in PLATFORM_ENV.items() if platform_data.get(key)}
    pool = data.get("nodePool") or {}
    options = tuple(
        NodePoolOption(str(o["name"]), str(o["value"]), o.get("resources") or None) for o in pool.get("options") or ()
    )
    repo = data.get("artifactRepository") or {}
    s3_data = repo.get("s3")
    s3 = None
    if isinstance(s3_data, dict):
        s3 = S3Repository(
            bucket=s3_data.get("bucket") or None,
            endpoint=s3_data.get("endpoint"),
            region=s3_data.get("region"),
            insecure=s3_data.get("insecure"),
            key_format=s3_data.get("keyFormat"),
            access_key_secret=s3_data.get("accessKeySecret"),
            secret_key_secret=s3_data.get("secretKeySecret"),
        )
    ref = repo.get("ref")
    return replace(
        BUILTIN,
        namespace=data.get("namespace") or None,
        platform=platform,
        node_pool_label=pool.get("label") or None,
        node_pool_options=options,
        s3=s3,
        artifact_repository_ref=dict(ref) if isinstance(ref, dict) and ref else None,
        env_secret=data.get("envSecret", BUILTIN.env_secret),
        pod_gc=_gc(data.get("podGC"), BUILTIN.pod_gc, "podGC" in data),
        volume_claim_gc=_gc(data.get("volumeClaimGC"), BUILTIN.volume_claim_gc, "volumeClaimGC" in data),
        service_account_name=data.get("serviceAccountName") or None,
        source=source,
    )
