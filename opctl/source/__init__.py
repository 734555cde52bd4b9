"""Loading inputs: files, directories, stdin; YAML to plain data with a position for every node.

YAML is read with YAML 1.1 scalar rules (``yes``/``on`` are booleans, ``0123`` is octal), as
Kubernetes' and Onepanel's Go decoders read it, from the event stream of ruamel.yaml's C parser
(pure-Python parser when the C extension is missing). Building the data ourselves gives us
positions, duplicate-key findings and hard limits against hostile input (alias bombs, deep
nesting, huge files) without a recursive constructor.

The package: ``discover`` (paths to files), ``decode`` (bytes to text), ``yaml11`` (scalars),
``parse`` (events to data and positions), ``load`` (one input, every failure a diagnostic),
``base`` (the types), ``ids`` (the ids it prints). Everything is importable from ``opctl.source``.
"""

from __future__ import annotations

from opctl.pointer import escape
from opctl.source.base import (
    CONFIG_FILE_NAMES,
    DEFAULT_LIMITS,
    STDIN,
    YAML_SUFFIXES,
    InputLimitError,
    Limits,
    LoadResult,
    ParsedDocument,
    Position,
    SourceFile,
)
from opctl.source.decode import decode, read_bytes
from opctl.source.discover import discover, is_excluded
from opctl.source.ids import (
    INPUT_BINARY,
    INPUT_EMPTY,
    INPUT_ENCODING,
    INPUT_NOT_FOUND,
    INPUT_TOO_LARGE,
    INPUT_UNREADABLE,
    YAML_COMPLEX_KEY,
    YAML_DUPLICATE_KEY,
    YAML_SYNTAX,
    YAML_TOO_COMPLEX,
    YAML_TOO_DEEP,
)
from opctl.source.load import load_path, load_text
from opctl.source.parse import parse_documents
from opctl.source.yaml11 import resolve_plain

escape_pointer_token = escape  # the name other modules used; opctl.pointer is the one escaper

__all__ = [
    "CONFIG_FILE_NAMES",
    "DEFAULT_LIMITS",
    "INPUT_BINARY",
    "INPUT_EMPTY",
    "INPUT_ENCODING",
    "INPUT_NOT_FOUND",
    "INPUT_TOO_LARGE",
    "INPUT_UNREADABLE",
    "STDIN",
    "YAML_COMPLEX_KEY",
    "YAML_DUPLICATE_KEY",
    "YAML_SUFFIXES",
    "YAML_SYNTAX",
    "YAML_TOO_COMPLEX",
    "YAML_TOO_DEEP",
    "InputLimitError",
    "Limits",
    "LoadResult",
    "ParsedDocument",
    "Position",
    "SourceFile",
    "decode",
    "discover",
    "escape_pointer_token",
    "is_excluded",
    "load_path",
    "load_text",
    "parse_documents",
    "read_bytes",
    "resolve_plain",
]
