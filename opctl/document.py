"""A parsed input document: its data, where each node came from, and what kind of thing it is."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePath
from typing import Any

from opctl.catalogue import Rule, get_rule
from opctl.diagnostics import Diagnostic
from opctl.pointer import split
from opctl.source import LoadResult, ParsedDocument, Position, SourceFile

ARGO_API_VERSION = "argoproj.io/v1alpha1"


class Shape(StrEnum):
    """What a document is. The value is the name used in messages."""

    ONEPANEL_TEMPLATE = "Onepanel workflow template"
    ONEPANEL_STORED = "Onepanel stored workflow template"
    WORKFLOW = "Workflow"
    WORKFLOW_TEMPLATE = "WorkflowTemplate"
    CLUSTER_WORKFLOW_TEMPLATE = "ClusterWorkflowTemplate"
    CRON_WORKFLOW = "CronWorkflow"
    UNKNOWN = "unknown"  # looks like a workflow that is broken: linted, reported as document-kind
    NOT_WORKFLOW = "not a workflow"  # some other file (ConfigMap, Helm values, CI config): skipped, as argo lint does

    @property
    def is_onepanel(self) -> bool:
        return self in (Shape.ONEPANEL_TEMPLATE, Shape.ONEPANEL_STORED)

    @property
    def is_argo(self) -> bool:
        return self in (
            Shape.WORKFLOW,
            Shape.WORKFLOW_TEMPLATE,
            Shape.CLUSTER_WORKFLOW_TEMPLATE,
            Shape.CRON_WORKFLOW,
        )


_ARGO_KINDS = {
    "Workflow": Shape.WORKFLOW,
    "WorkflowTemplate": Shape.WORKFLOW_TEMPLATE,
    "ClusterWorkflowTemplate": Shape.CLUSTER_WORKFLOW_TEMPLATE,
    "CronWorkflow": Shape.CRON_WORKFLOW,
}
# Argo objects that are not workflows: Argo Workflows' own other kinds (WorkflowEventBinding: see
# docs/lint.md), Argo Events, Argo Rollouts and Argo CD. Any other argoproj.io kind is taken for a
# misspelt workflow kind and linted.
_OTHER_ARGO_KINDS = frozenset(
    {
        "WorkflowEventBinding",
        "WorkflowTaskSet",
        "WorkflowTaskResult",
        "WorkflowArtifactGCTask",
        "EventSource",
        "Sensor",
        "EventBus",
        "Rollout",
        "AnalysisTemplate",
        "ClusterAnalysisTemplate",
        "AnalysisRun",
        "Experiment",
        "Application",
        "ApplicationSet",
        "AppProject",
    }
)
# Top-level keys of an Onepanel *workspace* template (a different product, not a workflow).
_WORKSPACE_KEYS = frozenset({"containers", "ports", "routes", "volumeClaimTemplates"})
_SPEC_KEYS = frozenset({"entrypoint", "templates"})
_SCALAR_NAMES = {str: "string", int: "number", float: "number", bool: "boolean"}


@dataclass
class Document:
    """One document of one input, with positions by JSON pointer."""

    data: Any
    file: str
    index: int
    source: SourceFile
    positions: dict[str, Position]
    key_positions: dict[str, Position]
    shape: Shape = Shape.UNKNOWN
    looks_like: str = ""  # for UNKNOWN shapes: what the document appears to be
    spec_pointer: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def spec(self) -> dict[str, Any] | None:
        node = self.get(self.spec_pointer)
        return node if isinstance(node, dict) else None

    def get(self, pointer: str) -> Any:
        """The node at a JSON pointer, or None."""
        node = self.data
        if not pointer:
            return node
        for token in split(pointer):
            if isinstance(node, dict):
                node = node.get(token)
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return None
        return node

    # -- positions inside a scalar: the one way findings point into a string -------------------

    def occurrences(self, pointer: str, pattern: str | re.Pattern[str], *, key: bool = False) -> list[Position]:
        """Where ``pattern`` (text, or a regular expression) is written inside the source span of the
        scalar at ``pointer`` (its key with ``key=True``), in file order; cached per scalar and
        pattern, so a scalar with thousands of findings is scanned once."""
        cache: dict[tuple[str, bool, str | re.Pattern[str]], list[Position]] = self.extra.setdefault("occurrences", {})
        entry = cache.get((pointer, key, pattern))
        if entry is not None:
            return entry
        pos = (self.key_positions if key else self.positions).get(pointer)
        found: list[Position] = []
        if pos is not None:
            regex = pattern if isinstance(pattern, re.Pattern) else re.compile(re.escape(pattern))
            line, column, end_line, end_column = pos
            for number in range(line, end_line + 1):
                text = self.source.line(number)
                low = column - 1 if number == line else 0
                high = end_column - 1 if number == end_line else len(text)
                for match in regex.finditer(text, low, high):
                    found.append((number, match.start() + 1, number, match.end() + 1))
        cache[(pointer, key, pattern)] = found
        return found

    def locate(
        self, pointer: str, value: str, offset: int, length: int, *, key: bool = False, verbatim: bool = False
    ) -> Position | None:
        """The file position of ``value[offset:offset + length]``, where ``value`` is the string at
        ``pointer`` (the key's text with ``key=True``); None when it cannot be told (the caller then
        points at the whole scalar).

        The text is looked up in the scalar's source span (the n-th occurrence in the file for the
        n-th in the value), which works for plain, quoted and block scalars, one line or many, as long
        as that text is written without escapes or line breaks. With ``verbatim`` (and for an empty
        text: a syntax error at the end of an expression) the offset is placed only when the scalar is
        written on one line exactly as its value."""
        if not 0 <= offset <= len(value):
            return None
        text = value[offset : offset + length]
        if not text or verbatim:
            return self._locate_on_one_line(pointer, value, offset, length, key)
        cache: dict[tuple[str, bool, str], list[int]] = self.extra.setdefault("offsets", {})
        in_value = cache.get((pointer, key, text))
        if in_value is None:
            in_value = cache[(pointer, key, text)] = [m.start() for m in re.finditer(re.escape(text), value)]
        in_file = self.occurrences(pointer, text, key=key)
        wanted = bisect.bisect_left(in_value, offset)
        return in_file[wanted] if wanted < len(in_file) else None

    def _locate_on_one_line(self, pointer: str, value: str, offset: int, length: int, key: bool) -> Position | None:
        pos = (self.key_positions if key else self.positions).get(pointer)
        if pos is None:
            return None
        line = pos[0]
        text = self.source.line(line)
        start = pos[1] - 1
        opener = text[start : start + 1]
        if opener in ("'", '"'):
            start += 1
        elif opener in ("|", ">"):
            # Block scalar: the content starts on a following line; accept one content line only.
            content = value.rstrip("\n")
            if "\n" in content:
                return None
            for number in range(line + 1, pos[2] + 1):
                candidate = self.source.line(number)
                if candidate.strip():
                    line, text = number, candidate
                    start = len(candidate) - len(candidate.lstrip())
                    value = content
                    break
            else:
                return None
        if text[start : start + len(value)] != value:
            return None  # escapes, folding or a multi-line scalar: the raw text is not the value
        first = start + offset + 1
        return (line, first, line, first + max(1, length))

    @property
    def name(self) -> str:
        """A name for messages: metadata.name, generateName, else the file's stem."""
        metadata = self.data.get("metadata") if isinstance(self.data, dict) else None
        if isinstance(metadata, dict):
            for key in ("name", "generateName"):
                if isinstance(metadata.get(key), str) and metadata[key]:
                    return str(metadata[key])
        if self.file in ("-", "<stdin>"):
            return "stdin"
        return PurePath(self.file).stem

    def span(self, pointer: str, *, key: bool = False) -> Position:
        """Position of the node at ``pointer`` (its key with ``key=True``), else its nearest ancestor."""
        table = self.key_positions if key else self.positions
        if pointer in table:
            return table[pointer]
        if key and pointer in self.positions:
            return self.positions[pointer]
        while pointer:
            pointer = pointer.rsplit("/", 1)[0]
            if pointer in self.positions:
                return self.positions[pointer]
        return self.positions.get("", (1, 1, 1, 1))

    def finding(
        self,
        rule: Rule | str,
        pointer: str,
        message: str,
        hint: str | None = None,
        *,
        key: bool = False,
        position: Position | None = None,
    ) -> Diagnostic:
        """A finding of ``rule`` (severity from the catalogue) at the node at ``pointer`` (its key with
        ``key=True``), or at ``position`` inside it."""
        line, column, end_line, end_column = position or self.span(pointer, key=key)
        return get_rule(rule).finding(
            message,
            hint,
            file=self.file,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            path=pointer,
            document=self.index,
        )


def classify(data: Any) -> tuple[Shape, str, str]:
    """Return (shape, spec pointer, what it looks like) for a document's data.

    A document that is no workflow (a ConfigMap, a Helm values file, a CI configuration, a
    package.json) is ``NOT_WORKFLOW`` and skipped; one that looks like a broken workflow (it has
    ``templates`` or ``entrypoint``, an argoproj.io apiVersion, a workflow kind, or Onepanel's
    stored ``metadata`` + ``spec`` form) is ``UNKNOWN`` and reported."""
    if isinstance(data, list):
        return Shape.NOT_WORKFLOW, "", "a YAML list, not a workflow template"
    if data is None:
        return Shape.UNKNOWN, "", "an empty document"
    if not isinstance(data, dict):
        scalar = _SCALAR_NAMES.get(type(data), type(data).__name__)
        return Shape.NOT_WORKFLOW, "", f"a single {scalar} value, not a workflow template"
    api_version = data.get("apiVersion")
    kind = data.get("kind")
    kind_name = kind if isinstance(kind, str) else ""
    spec = data.get("spec")
    has_spec_keys = bool(_SPEC_KEYS & data.keys()) or (isinstance(spec, dict) and bool(_SPEC_KEYS & spec.keys()))
    if api_version is not None or kind is not None:
        if api_version == ARGO_API_VERSION and isinstance(kind, str) and kind in _ARGO_KINDS:
            shape = _ARGO_KINDS[kind]
            return shape, "/spec/workflowSpec" if shape is Shape.CRON_WORKFLOW else "/spec", ""
        argo = isinstance(api_version, str) and api_version.startswith("argoproj.io/")
        if argo and kind_name in _OTHER_ARGO_KINDS and not has_spec_keys:
            return Shape.NOT_WORKFLOW, "", f"an Argo {kind}, not a workflow"
        if argo:
            return Shape.UNKNOWN, "", f"an Argo {kind or 'object without kind'} ({api_version}), not a workflow kind"
        if kind_name in _ARGO_KINDS or has_spec_keys:
            return Shape.UNKNOWN, "", f"a {kind or 'object'} with apiVersion {api_version or '(none)'}"
        return Shape.NOT_WORKFLOW, "", f"a Kubernetes {kind or 'object'} ({api_version or 'no apiVersion'})"
    if isinstance(spec, dict) and "metadata" in data:
        if _SPEC_KEYS & spec.keys():
            return Shape.ONEPANEL_STORED, "/spec", ""
        if _WORKSPACE_KEYS & spec.keys():
            return Shape.NOT_WORKFLOW, "", "an Onepanel workspace template (stored form), not a workflow template"
        return (
            Shape.UNKNOWN,
            "",
            "a mapping with metadata and spec (Onepanel's stored form), and no entrypoint or templates",
        )
    if _SPEC_KEYS & data.keys():
        return Shape.ONEPANEL_TEMPLATE, "", ""
    if _WORKSPACE_KEYS & data.keys() and "containers" in data:
        return Shape.NOT_WORKFLOW, "", "an Onepanel workspace template, not a workflow template"
    keys = ", ".join(sorted(map(str, data))[:5]) or "no keys"
    return Shape.NOT_WORKFLOW, "", f"a mapping with {keys}, and no entrypoint or templates"


def documents_from(result: LoadResult) -> list[Document]:
    """Wrap parsed documents, classifying each one."""
    assert result.source is not None or not result.documents
    docs: list[Document] = []
    for parsed in result.documents:
        docs.append(from_parsed(parsed, result.source))  # type: ignore[arg-type]
    return docs


def from_parsed(parsed: ParsedDocument, source: SourceFile) -> Document:
    shape, spec_pointer, looks_like = classify(parsed.data)
    return Document(
        data=parsed.data,
        file=source.name,
        index=parsed.index,
        source=source,
        positions=parsed.positions,
        key_positions=parsed.key_positions,
        shape=shape,
        looks_like=looks_like,
        spec_pointer=spec_pointer,
    )
