"""The one finding type every check produces and every reporter renders, and the exit codes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum, StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class ExitCode(IntEnum):
    """Documented exit codes (README, `opctl --help`)."""

    OK = 0
    FINDINGS = 1  # lint errors (or warnings with --strict); submit --wait: workflow Failed/Error
    USAGE = 2  # usage error, unreadable or unparseable input, nothing to lint
    SERVER = 3  # Argo Server or network error
    TIMEOUT = 4  # submit --wait/--watch timed out


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``old`` between two 1-based (line, column) positions of an input (end exclusive) by ``new``.

    ``old`` is the text the check saw there: an edit whose ``old`` no longer matches is not applied."""

    line: int
    column: int
    end_line: int
    end_column: int
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Fix:
    """The one safe correction of a finding (``opctl lint --fix``): text edits on exact spans."""

    description: str  # what the fix does, for people: "rename 'dependecies' to 'dependencies'"
    edits: tuple[Edit, ...]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: what rule, how bad, what and where, and how to fix it.

    ``line``/``column`` are 1-based and point at the node at fault; ``path`` is a JSON pointer
    into the document; ``document`` is the 0-based index of the document in a multi-document file.
    """

    rule: str
    severity: Severity
    message: str
    hint: str | None = None
    file: str = "-"
    line: int = 1
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    path: str = ""
    document: int = 0
    suppressed: bool = False
    fix: Fix | None = None  # set only when the correction is safe and unambiguous

    def sort_key(self) -> tuple[str, int, int, int, str, str]:
        return (self.file, self.document, self.line, self.column, self.rule, self.message)

    def with_changes(self, **changes: Any) -> Diagnostic:
        return replace(self, **changes)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR and not self.suppressed


class OpctlError(Exception):
    """An error the user caused or can fix; the CLI prints ``message`` (and ``hint``), no traceback."""

    def __init__(self, message: str, *, exit_code: ExitCode = ExitCode.USAGE, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.hint = hint
