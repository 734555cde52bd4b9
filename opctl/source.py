"""Reading inputs: files, directories, stdin; YAML to plain data with a position for every node.

YAML is read with YAML 1.1 scalar rules (``yes``/``on`` are booleans, ``0123`` is octal), as
Kubernetes' and Onepanel's Go decoders read it, from the event stream of ruamel.yaml's C parser
(pure-Python parser when the C extension is missing). Building the data ourselves gives us
positions, duplicate-key findings and hard limits against hostile input (alias bombs, deep
nesting, huge files) without a recursive constructor.
"""

from __future__ import annotations

import codecs
import fnmatch
import math
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opctl.catalogue import Rule, register
from opctl.diagnostics import Diagnostic, Severity
from opctl.pointer import escape


# The ids reading and parsing can print. All but yaml-duplicate-key stop the run (exit 2), so
# configuration can neither disable nor re-grade them.
def _fatal(rule_id: str, family: str, summary: str) -> Rule:
    return register(rule_id, family, Severity.ERROR, summary, disableable=False)


INPUT_NOT_FOUND = _fatal("input-not-found", "input", "an input path does not exist")
INPUT_UNREADABLE = _fatal("input-unreadable", "input", "an input cannot be read")
INPUT_EMPTY = _fatal("input-empty", "input", "an input is empty")
INPUT_TOO_LARGE = _fatal("input-too-large", "input", "an input is over the size limit")
INPUT_BINARY = _fatal("input-binary", "input", "an input is a binary file")
INPUT_ENCODING = _fatal("input-encoding", "input", "an input is not valid UTF-8 (or UTF-16/32 with a BOM)")
YAML_SYNTAX = _fatal("yaml-syntax", "yaml", "an input is not valid YAML")
YAML_TOO_DEEP = _fatal("yaml-too-deep", "yaml", "an input nests deeper than the limit")
YAML_TOO_COMPLEX = _fatal("yaml-too-complex", "yaml", "an input expands to too many nodes (YAML alias bomb)")
YAML_COMPLEX_KEY = _fatal("yaml-complex-key", "yaml", "a mapping or sequence used as a mapping key")
YAML_DUPLICATE_KEY = register("yaml-duplicate-key", "yaml", Severity.ERROR, "a mapping has the same key twice")


STDIN = "-"
YAML_SUFFIXES = (".yaml", ".yml", ".json")
CONFIG_FILE_NAMES = frozenset({"opctl.yaml", "opctl.yml"})

# (line, column, end_line, end_column), 1-based; kept as tuples because a large file has 10^5 nodes.
Position = tuple[int, int, int, int]


@dataclass(frozen=True)
class Limits:
    """Hard limits that turn hostile input into a clear error instead of a hang or a crash."""

    max_bytes: int = 16 * 1024 * 1024
    max_depth: int = 256
    max_nodes: int = 5_000_000  # after alias expansion: stops "billion laughs"


DEFAULT_LIMITS = Limits()


@dataclass
class SourceFile:
    """The text of one input, kept for code frames and inline suppressions."""

    name: str
    text: str
    _lines: list[str] | None = field(default=None, repr=False)

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines

    def line(self, number: int) -> str:
        lines = self.lines
        return lines[number - 1] if 0 < number <= len(lines) else ""


@dataclass
class ParsedDocument:
    """One YAML document: plain data plus where each node came from."""

    data: Any
    index: int
    positions: dict[str, Position]  # JSON pointer -> value node
    key_positions: dict[str, Position]  # JSON pointer -> the key that introduces the value
    start: Position


@dataclass
class LoadResult:
    source: SourceFile | None
    documents: list[ParsedDocument]
    diagnostics: list[Diagnostic]
    fatal: bool = False  # the input could not be read or parsed: exit 2


class InputLimitError(Exception):
    def __init__(self, rule: Rule, message: str, hint: str, position: Position) -> None:
        super().__init__(message)
        self.rule = rule.id
        self.catalogue_rule = rule
        self.message = message
        self.hint = hint
        self.position = position


# --------------------------------------------------------------------------------------------
# discovery


def is_excluded(path: str, patterns: Iterable[str]) -> bool:
    """Whether ``path``, its name or one of its directories matches one of the glob ``patterns``."""
    norm = path[2:] if path.startswith("./") else path
    parts = Path(norm).parts
    return any(
        fnmatch.fnmatch(norm, pat)
        or fnmatch.fnmatch(Path(norm).name, pat)
        or any(fnmatch.fnmatch(part, pat) for part in parts)
        for pat in patterns
    )


def discover(paths: Iterable[str], exclude: Iterable[str] = ()) -> tuple[list[str], list[Diagnostic]]:
    """Expand files and directories (recursive ``*.yaml``/``*.yml``/``*.json``) in a stable order.

    Returns the inputs and a diagnostic for each path that does not exist.
    """
    patterns = list(exclude)
    found: list[str] = []
    problems: list[Diagnostic] = []
    seen: set[str] = set()

    def excluded(path: str) -> bool:
        return is_excluded(path, patterns)

    def add(path: str) -> None:
        if path not in seen:
            seen.add(path)
            found.append(path)

    for raw in paths:
        if raw == STDIN:
            add(STDIN)
            continue
        if os.path.isdir(raw):
            for root, dirs, files in os.walk(raw):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not excluded(os.path.join(root, d)))
                for name in sorted(files):
                    full = os.path.join(root, name)
                    # Hidden files (.opctl.yaml, .pre-commit-config.yaml) and opctl.yaml (namespace
                    # defaults) are configuration, not templates; a file named explicitly is still read.
                    if name.startswith(".") or name in CONFIG_FILE_NAMES:
                        continue
                    if name.lower().endswith(YAML_SUFFIXES) and not excluded(full):
                        add(full)
        elif os.path.exists(raw):
            if not excluded(raw):
                add(raw)
        else:
            problems.append(
                INPUT_NOT_FOUND.finding(
                    message=f"no such file or directory: {raw}",
                    hint="check the path; directories are searched for *.yaml, *.yml and *.json",
                    file=raw,
                )
            )
    return found, problems


# --------------------------------------------------------------------------------------------
# reading and decoding


def read_bytes(path: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Read a file (or stdin for ``-``), refusing anything over ``limits.max_bytes`` before reading it."""
    if path == STDIN:
        data = sys.stdin.buffer.read(limits.max_bytes + 1)
    else:
        size = os.stat(path).st_size
        if size > limits.max_bytes:
            raise InputLimitError(
                INPUT_TOO_LARGE,
                f"file is {size:,} bytes, over the limit of {limits.max_bytes:,} bytes",
                "split the file (opctl lint can raise the limit with --max-bytes)",
                (1, 1, 1, 1),
            )
        with open(path, "rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise InputLimitError(
            INPUT_TOO_LARGE,
            f"input is over the limit of {limits.max_bytes:,} bytes",
            "split the input (opctl lint can raise the limit with --max-bytes)",
            (1, 1, 1, 1),
        )
    return data


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes) -> str:
    """Decode as YAML allows (UTF-8, or UTF-16/32 with a BOM); binary or invalid bytes are an error."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise _decode_error(data, exc.start, encoding) from None
    nul = data.find(b"\x00")
    if nul != -1:
        line, column = _byte_position(data, nul)
        raise InputLimitError(
            INPUT_BINARY,
            "file is binary (it contains a NUL byte), not a YAML or JSON text",
            "pass only YAML or JSON files, or exclude this one with --exclude",
            (line, column, line, column),
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _decode_error(data, exc.start, "utf-8") from None


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def _decode_error(data: bytes, offset: int, encoding: str) -> InputLimitError:
    line, column = _byte_position(data, offset)
    return InputLimitError(
        INPUT_ENCODING,
        f"file is not valid {encoding.upper()} (byte 0x{data[offset]:02x} at offset {offset})",
        "save the file as UTF-8",
        (line, column, line, column),
    )


# --------------------------------------------------------------------------------------------
# YAML 1.1 scalars, as Go's yaml.v2 resolves plain scalars

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})
_FALSE = frozenset({"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"})
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)\Z")
_OCT = re.compile(r"[-+]?0[0-7_]+\Z")
_OCT_O = re.compile(r"[-+]?0o[0-7_]+\Z")
_HEX = re.compile(r"[-+]?0x[0-9a-fA-F_]+\Z")
_BIN = re.compile(r"[-+]?0b[01_]+\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?\Z|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+\Z")
_INF = frozenset({".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"})
_NINF = frozenset({"-.inf", "-.Inf", "-.INF"})
_NAN = frozenset({".nan", ".NaN", ".NAN"})
_STR_TAGS = frozenset({"tag:yaml.org,2002:str", "!!str", "tag:yaml.org,2002:binary", "!!binary"})


def _signed(text: str, base: int, prefix_len: int) -> int:
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")[prefix_len:].replace("_", "")
    return sign * int(body, base)


def resolve_plain(text: str) -> Any:
    """The value of an untagged plain scalar under YAML 1.1 (go-yaml v2) rules."""
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    first = text[0]
    if not (first.isdigit() or first in "+-."):
        return text
    if _INT.match(text):
        return int(text.replace("_", ""))
    if _OCT.match(text):
        return _signed(text, 8, 1)
    if _OCT_O.match(text):
        return _signed(text, 8, 2)
    if _HEX.match(text):
        return _signed(text, 16, 2)
    if _BIN.match(text):
        return _signed(text, 2, 2)
    if _FLOAT.match(text) and any(c.isdigit() for c in text):
        return float(text.replace("_", ""))
    if text in _INF:
        return math.inf
    if text in _NINF:
        return -math.inf
    if text in _NAN:
        return math.nan
    return text


def _scalar_value(event: Any) -> Any:
    tag = event.tag
    value = event.value
    if tag and tag not in ("!", "tag:yaml.org,2002:"):
        short = tag.replace("tag:yaml.org,2002:", "!!")
        if short in ("!!str", "!!binary"):
            return value
        if short == "!!int":
            resolved = resolve_plain(value)
            return resolved if isinstance(resolved, int) and not isinstance(resolved, bool) else value
        if short == "!!float":
            try:
                return float(value.replace("_", ""))
            except ValueError:
                return value
        if short == "!!bool":
            return value in _TRUE if value in _TRUE | _FALSE else value
        if short == "!!null":
            return None
        return value  # unknown local tags: keep the text, as Kubernetes' decoders do for strings
    if event.implicit[0]:  # plain (unquoted) scalar
        return resolve_plain(value)
    return value


def _key_text(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)


escape_pointer_token = escape  # the name other modules used; opctl.pointer is the one escaper


# --------------------------------------------------------------------------------------------
# events -> data


def _parser(text: str) -> Any:
    try:
        from _ruamel_yaml import CParser  # C extension from ruamel.yaml.clib: ~15x faster

        return CParser(text)
    except ImportError:  # pragma: no cover - exercised only where the C extension is missing
        from ruamel.yaml import YAML

        yaml = YAML(typ="safe", pure=True)
        return yaml.parse(text)


def _events(text: str) -> Iterator[Any]:
    parser = _parser(text)
    if hasattr(parser, "get_event"):
        while True:
            event = parser.get_event()
            yield event
            if type(event).__name__ == "StreamEndEvent":
                return
    else:  # pragma: no cover
        yield from parser


def _pos(event: Any) -> Position:
    start, end = event.start_mark, event.end_mark
    return (start.line + 1, start.column + 1, end.line + 1, end.column + 1)


class _Frame:
    __slots__ = ("container", "pointer", "is_map", "key", "key_pos", "size", "anchor", "merge_sources", "start")

    def __init__(self, container: Any, pointer: str, is_map: bool, anchor: str | None, start: Position) -> None:
        self.start = start
        self.container = container
        self.pointer = pointer
        self.is_map = is_map
        self.key: Any = _NO_KEY
        self.key_pos: Position | None = None
        self.size = 1
        self.anchor = anchor
        self.merge_sources: list[dict[str, Any]] | None = None


_NO_KEY = object()


def parse_documents(
    text: str, source_name: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[list[ParsedDocument], list[Diagnostic]]:
    """Parse every document of ``text``. Raises ``InputLimitError`` or ruamel's ``MarkedYAMLError``."""
    documents: list[ParsedDocument] = []
    diagnostics: list[Diagnostic] = []
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int]] = {}
    positions: dict[str, Position] = {}
    key_positions: dict[str, Position] = {}
    root: Any = None
    doc_start: Position = (1, 1, 1, 1)

    def place(value: Any, pos: Position, size: int) -> str | None:
        """Attach a finished value to its parent; returns its pointer (None when it was a key)."""
        nonlocal root
        if not stack:
            root = value
            positions[""] = pos
            return ""
        frame = stack[-1]
        frame.size += size
        if frame.size > limits.max_nodes:
            raise InputLimitError(
                YAML_TOO_COMPLEX,
                f"document expands to more than {limits.max_nodes:,} nodes (YAML aliases)",
                "this looks like an alias bomb; write the data out without nested aliases",
                pos,
            )
        if not frame.is_map:
            pointer = f"{frame.pointer}/{len(frame.container)}"
            frame.container.append(value)
            positions[pointer] = pos
            return pointer
        if frame.key is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise InputLimitError(
                    YAML_COMPLEX_KEY,
                    "a mapping or sequence used as a key is not supported by Kubernetes",
                    "use a plain string key",
                    pos,
                )
            frame.key = value
            frame.key_pos = pos
            return None
        key = frame.key
        frame.key = _NO_KEY
        if key == "<<" and isinstance(value, (dict, list)):  # YAML 1.1 merge key, as go-yaml v2
            sources = value if isinstance(value, list) else [value]
            frame.merge_sources = (frame.merge_sources or []) + [s for s in sources if isinstance(s, dict)]
            return None
        text_key = _key_text(key)
        pointer = f"{frame.pointer}/{escape_pointer_token(text_key)}"
        if text_key in frame.container:
            first = key_positions.get(pointer)
            where = f" (first defined at line {first[0]})" if first else ""
            diagnostics.append(
                YAML_DUPLICATE_KEY.finding(
                    message=f"duplicate key '{text_key}'{where}",
                    hint="remove one of them: Kubernetes' strict decoding rejects duplicate keys and "
                    "Onepanel silently kept the last one",
                    file=source_name,
                    line=frame.key_pos[0] if frame.key_pos else pos[0],
                    column=frame.key_pos[1] if frame.key_pos else pos[1],
                    end_line=frame.key_pos[2] if frame.key_pos else None,
                    end_column=frame.key_pos[3] if frame.key_pos else None,
                    path=pointer,
                    document=len(documents),
                )
            )
        frame.container[text_key] = value
        positions[pointer] = pos
        if frame.key_pos is not None:
            key_positions[pointer] = frame.key_pos
        return pointer

    def child_pointer() -> str:
        if not stack:
            return ""
        frame = stack[-1]
        if not frame.is_map:
            return f"{frame.pointer}/{len(frame.container)}"
        if frame.key is _NO_KEY:
            return frame.pointer  # a key node: never addressed by pointer
        return f"{frame.pointer}/{escape_pointer_token(_key_text(frame.key))}"

    for event in _events(text):
        kind = type(event).__name__
        if kind == "ScalarEvent":
            # Keys keep their text (`on:` stays "on"): a resolved key would only confuse messages.
            expecting_key = bool(stack) and stack[-1].is_map and stack[-1].key is _NO_KEY
            value = event.value if expecting_key else _scalar_value(event)
            place(value, _pos(event), 1)
            if event.anchor:
                anchors[event.anchor] = (value, 1)
        elif kind in ("MappingStartEvent", "SequenceStartEvent"):
            if len(stack) >= limits.max_depth:
                raise InputLimitError(
                    YAML_TOO_DEEP,
                    f"nesting is deeper than {limits.max_depth} levels",
                    "no workflow needs this much nesting; check the file was generated correctly",
                    _pos(event),
                )
            is_map = kind == "MappingStartEvent"
            stack.append(_Frame({} if is_map else [], child_pointer(), is_map, event.anchor, _pos(event)))
        elif kind in ("MappingEndEvent", "SequenceEndEvent"):
            frame = stack.pop()
            start = frame.start
            end = event.end_mark
            pos = (start[0], start[1], end.line + 1, end.column + 1)
            value = frame.container
            if frame.merge_sources:
                for source in frame.merge_sources:
                    for merged_key, merged_value in source.items():
                        value.setdefault(merged_key, merged_value)
            pointer = place(value, pos, frame.size)
            if pointer is not None:
                positions[pointer] = pos
            if frame.anchor:
                anchors[frame.anchor] = (value, frame.size)
        elif kind == "AliasEvent":
            if event.anchor not in anchors:
                raise InputLimitError(
                    YAML_SYNTAX,
                    f"found undefined alias '*{event.anchor}'",
                    "define the anchor (&name) before using the alias",
                    _pos(event),
                )
            value, size = anchors[event.anchor]
            place(value, _pos(event), size)
        elif kind == "DocumentStartEvent":
            root = None
            positions = {}
            key_positions = {}
            anchors = {}
            doc_start = _pos(event)
        elif kind == "DocumentEndEvent":
            documents.append(ParsedDocument(root, len(documents), positions, key_positions, doc_start))
    return documents, diagnostics


def load_text(text: str, name: str, limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    """Parse already-decoded text. Never raises for bad input: problems become diagnostics."""
    source = SourceFile(name, text)
    if not text.strip():
        return LoadResult(
            source,
            [],
            [
                INPUT_EMPTY.finding(
                    message="file is empty: it holds no template",
                    hint="add a workflow template, or remove the file from the inputs",
                    file=name,
                )
            ],
            fatal=True,
        )
    try:
        documents, diagnostics = parse_documents(text, name, limits)
    except InputLimitError as exc:
        return LoadResult(source, [], [_limit_diagnostic(exc, name)], fatal=True)
    except RecursionError:
        return LoadResult(
            source,
            [],
            [
                YAML_TOO_DEEP.finding(
                    message="nesting is too deep to parse",
                    hint="no workflow needs this much nesting",
                    file=name,
                )
            ],
            fatal=True,
        )
    except Exception as exc:  # ruamel's MarkedYAMLError family (scanner, parser, reader errors)
        return LoadResult(source, [], [_syntax_diagnostic(exc, name, source)], fatal=True)
    return LoadResult(source, documents, diagnostics)


def load_path(path: str, limits: Limits = DEFAULT_LIMITS, name: str | None = None) -> LoadResult:
    """Read, decode and parse one input; every failure is a diagnostic with ``fatal=True``.

    ``name`` is what findings call the input (``--stdin-filename``); by default its path."""
    name = name or ("<stdin>" if path == STDIN else path)
    try:
        data = read_bytes(path, limits)
        text = decode(data)
    except InputLimitError as exc:
        return LoadResult(None, [], [_limit_diagnostic(exc, name)], fatal=True)
    except OSError as exc:
        return LoadResult(
            None,
            [],
            [
                INPUT_UNREADABLE.finding(
                    message=f"cannot read file: {exc.strerror or exc}",
                    hint="check the path and its permissions",
                    file=name,
                )
            ],
            fatal=True,
        )
    return load_text(text, name, limits)


def _limit_diagnostic(exc: InputLimitError, name: str) -> Diagnostic:
    line, column, end_line, end_column = exc.position
    return exc.catalogue_rule.finding(
        message=exc.message,
        hint=exc.hint,
        file=name,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
    )


def _syntax_diagnostic(exc: Exception, name: str, source: SourceFile | None = None) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {problem}"
    if context:
        message += f" ({context})"
    line = mark.line + 1 if mark is not None else 1
    column = mark.column + 1 if mark is not None else 1
    position = getattr(exc, "position", None)
    if mark is None and isinstance(position, int) and source is not None:
        # A ReaderError (a control character, say) carries a character offset instead of a mark.
        before = source.text[:position]
        line = before.count("\n") + 1
        column = position - before.rfind("\n")
    hint = "fix the YAML at this position; a file that does not parse cannot be linted"
    if source is not None and "document start" in message:
        # A '...' line ends a YAML document: elided examples pasted from docs hit this.
        for number in range(line - 1, 0, -1):
            text = source.line(number).strip()
            if text == "...":
                hint = (
                    f"line {number} is '...', which ends a YAML document; remove it, or start a new "
                    "document with '---'"
                )
                break
            if text and not text.startswith("#"):
                break
    return YAML_SYNTAX.finding(
        message=message,
        hint=hint,
        file=name,
        line=line,
        column=column,
    )
