"""What loading produces: source texts, parsed documents with positions, limits, results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from opctl.catalogue import Rule
from opctl.diagnostics import Diagnostic

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
