"""ruamel.yaml's C parser events to plain data with a position for every node (the event builder):
duplicate keys, merge keys and aliases as go-yaml v2 reads them, within the depth and node limits."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from opctl.diagnostics import Diagnostic
from opctl.pointer import escape
from opctl.source.base import DEFAULT_LIMITS, InputLimitError, Limits, ParsedDocument, Position
from opctl.source.ids import YAML_COMPLEX_KEY, YAML_DUPLICATE_KEY, YAML_SYNTAX, YAML_TOO_COMPLEX, YAML_TOO_DEEP
from opctl.source.yaml11 import key_text, scalar_value

# A JSON surrogate pair escape ("\ud83d\ude00", json.dumps' default for non-BMP characters) is legal
# JSON but not YAML: it is rewritten as the one 8-digit YAML escape of the same character (columns
# after it on its line move 2 to the left). An escaped backslash before the "u" is left alone.
_SURROGATE_PAIR = re.compile(r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE)


def _join_surrogates(text: str) -> str:
    if "\\u" not in text:
        return text

    def joined(match: re.Match[str]) -> str:
        high, low = int(match.group(2), 16), int(match.group(3), 16)
        code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        return f"{match.group(1)}\\U{code:08X}"

    return _SURROGATE_PAIR.sub(joined, text)


def _parser(text: str) -> Any:
    text = _join_surrogates(text)
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
        text_key = key_text(key)
        pointer = f"{frame.pointer}/{escape(text_key)}"
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
        return f"{frame.pointer}/{escape(key_text(frame.key))}"

    for event in _events(text):
        kind = type(event).__name__
        if kind == "ScalarEvent":
            # Keys keep their text (`on:` stays "on"): a resolved key would only confuse messages.
            expecting_key = bool(stack) and stack[-1].is_map and stack[-1].key is _NO_KEY
            value = event.value if expecting_key else scalar_value(event)
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
