"""Building the text edits of ``opctl lint --fix`` from the spans the loader recorded.

A check that knows the one right correction of a finding attaches a :class:`~opctl.diagnostics.Fix`
made here. Every edit names the exact text it replaces, so :mod:`opctl.fix` applies it only where
the file still says that; nothing outside the span changes (comments, quoting, key order and
indentation elsewhere stay byte-identical). When a safe edit cannot be built (a multi-line or
escaped scalar, a value that would change type unquoted), these helpers return ``None`` and the
finding is reported as usual, without a fix.
"""

from __future__ import annotations

import re

from opctl.diagnostics import Edit, Fix
from opctl.document import Document
from opctl.source import Position, resolve_plain

# A plain scalar that stays the same string when written unquoted (no indicator, no YAML 1.1 bool/number).
SAFE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_./-]*")


def text_at(doc: Document, position: Position) -> str | None:
    """The source text of a one-line span, or None for a span over several lines."""
    line, column, end_line, end_column = position
    if line != end_line or end_column < column:
        return None
    return doc.source.line(line)[column - 1 : end_column - 1]


def replace_at(doc: Document, position: Position, old: str, new: str) -> Edit | None:
    """An edit of the text ``old`` found exactly at ``position`` (one line) into ``new``."""
    if text_at(doc, position) != old:
        return None
    line, column, end_line, end_column = position
    return Edit(line, column, end_line, end_column, old, new)


def rename_at(doc: Document, position: Position, old: str, new: str) -> Edit | None:
    """An edit of the word ``old`` at ``position`` (written plain or quoted) into ``new``, quoted alike.

    Unquoted, ``new`` must read back as the same string (``yes`` or ``1e3`` would not)."""
    raw = text_at(doc, position)
    if raw is None:
        return None
    if raw == old:
        if not SAFE_NAME.fullmatch(new) or resolve_plain(new) != new:
            return None
        return replace_at(doc, position, raw, new)
    for quote, forbidden in (('"', '"\\'), ("'", "'")):
        if raw == f"{quote}{old}{quote}" and not any(c in new for c in forbidden) and new.isprintable():
            return replace_at(doc, position, raw, f"{quote}{new}{quote}")
    return None


def replace_scalar(doc: Document, pointer: str, new: str, *, key: bool = False) -> Edit | None:
    """An edit that changes the string scalar at ``pointer`` (its key with ``key=True``) to ``new``,
    keeping its quoting; None when that cannot be done safely on one line."""
    table = doc.key_positions if key else doc.positions
    position = table.get(pointer)
    value = pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~") if key else doc.get(pointer)
    if position is None or not isinstance(value, str):
        return None
    return rename_at(doc, position, value, new)


def fix(description: str, *edits: Edit | None) -> Fix | None:
    """A fix made of ``edits``, or None when any of them could not be built."""
    if not edits or any(edit is None for edit in edits):
        return None
    return Fix(description, tuple(edit for edit in edits if edit is not None))


def rename(doc: Document, pointer: str, old: str, new: str, *, key: bool = False) -> Fix | None:
    """The fix that renames the scalar (or key) ``old`` at ``pointer`` to ``new``."""
    return fix(f"replace '{old}' with '{new}'", replace_scalar(doc, pointer, new, key=key))


def rename_word(doc: Document, position: Position | None, old: str, new: str | None) -> Fix | None:
    """The fix that replaces the word ``old`` at ``position`` (inside a scalar, or all of it) by ``new``."""
    if position is None or new is None:
        return None
    return fix(f"replace '{old}' with '{new}'", rename_at(doc, position, old, new))
