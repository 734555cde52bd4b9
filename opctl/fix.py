"""``opctl lint --fix`` / ``--diff``: apply the safe fixes findings carry, re-lint, repeat.

A check attaches a :class:`~opctl.diagnostics.Fix` only when the correction is unambiguous (see
:mod:`opctl.edits`). Here the fixes of one input are applied as text edits on the exact spans the
loader recorded, after checking that each span still holds the text the check saw; edits that
overlap an edit already taken wait for the next round. The text is then linted again (a fix can
reveal the next one: a renamed ``dependencies`` key exposes a misspelt task name) until nothing is
left to fix, at most :data:`MAX_ROUNDS` times. A round whose result the loader cannot read is
dropped. Findings that are suppressed (``# opctl: ignore``) or disabled by configuration are not
fixed. Running it again on its own output changes nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from opctl.diagnostics import Diagnostic, Edit
from opctl.lint.registry import Dialect, LintConfig
from opctl.source import DEFAULT_LIMITS, STDIN, Limits

MAX_ROUNDS = 10
_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # the line breaks YAML (and the loader's positions) count


@dataclass
class FixResult:
    """What fixing one input did."""

    path: str
    original: str
    fixed: str
    fixes: list[Diagnostic] = field(default_factory=list)  # the findings whose fix was applied
    note: str | None = None  # why the input was left alone (not UTF-8, unreadable, ...)

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    def diff(self) -> str:
        """A unified diff of the change (empty when nothing changed)."""
        import difflib

        if not self.changed:
            return ""
        name = self.path.removeprefix("./").lstrip("/")
        lines = difflib.unified_diff(
            self.original.splitlines(keepends=True),
            self.fixed.splitlines(keepends=True),
            f"a/{name}",
            f"b/{name}",
        )
        missing_newline = "\n\\ No newline at end of file\n"
        return "".join(line if line.endswith(("\n", "\r")) else line + missing_newline for line in lines)


def _line_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in _BREAK.finditer(text))]


def _span(starts: list[int], text: str, edit: Edit) -> tuple[int, int] | None:
    """Offsets of an edit in ``text``; None when its positions or its expected text do not match."""
    if not (0 < edit.line <= len(starts) and 0 < edit.end_line <= len(starts)):
        return None
    start = starts[edit.line - 1] + edit.column - 1
    end = starts[edit.end_line - 1] + edit.end_column - 1
    if not 0 <= start <= end <= len(text) or text[start:end] != edit.old:
        return None
    return start, end


def apply_fixes(text: str, diagnostics: Iterable[Diagnostic]) -> tuple[str, list[Diagnostic]]:
    """Apply every fix whose edits all still match and do not collide with one already taken.

    Returns the new text and the findings whose fix was applied (a fix identical to one taken, as
    for two findings of the same misspelt key reached through a YAML alias, counts as applied)."""
    starts = _line_starts(text)
    taken: dict[tuple[int, int], str] = {}
    applied: list[Diagnostic] = []
    for diag in diagnostics:
        if diag.fix is None:
            continue
        spans = [_span(starts, text, edit) for edit in diag.fix.edits]
        if any(span is None for span in spans):
            continue
        wanted = {span: edit.new for span, edit in zip(spans, diag.fix.edits, strict=True) if span is not None}
        if all(taken.get(span) == new for span, new in wanted.items()):
            applied.append(diag)  # the same edits are already taken
            continue
        if any(_collides(span, taken) for span in wanted):
            continue
        taken.update(wanted)
        applied.append(diag)
    if not taken:
        return text, []
    result = text
    for (start, end), new in sorted(taken.items(), reverse=True):
        result = result[:start] + new + result[end:]
    return result, applied


def _collides(span: tuple[int, int], taken: dict[tuple[int, int], str]) -> bool:
    start, end = span
    for other_start, other_end in taken:
        if (start, end) == (other_start, other_end):
            return True
        if start < other_end and other_start < end:  # overlapping ranges
            return True
        if start == end and other_start < start < other_end:  # an insertion inside a replaced range
            return True
        if other_start == other_end and start < other_start < end:
            return True
    return False


def fix_text(
    text: str,
    name: str,
    dialect: Dialect = "onepanel",
    config: LintConfig | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> FixResult:
    """Fix one input's text as far as its findings allow (nothing is written anywhere)."""
    from opctl.api import lint_source

    current = text
    applied: list[Diagnostic] = []
    for _ in range(MAX_ROUNDS):
        found, fatal = lint_source(current, name, dialect, config, limits)
        if fatal:
            break
        candidates = [d for d in found if d.fix is not None and not d.suppressed]
        new_text, done = apply_fixes(current, candidates)
        if not done or new_text == current:
            break
        after, fatal = lint_source(new_text, name, dialect, config, limits)
        if fatal or _count(after, "yaml-duplicate-key") > _count(found, "yaml-duplicate-key"):
            break  # never hand back a text the loader cannot read, or with a key written twice
        current = new_text
        applied.extend(done)
    return FixResult(name, text, current, applied)


def _count(found: list[Diagnostic], rule: str) -> int:
    return sum(1 for d in found if d.rule == rule)


def fix_files(
    paths: Sequence[str],
    *,
    dialect: Dialect = "onepanel",
    config: LintConfig | None = None,
    exclude: Sequence[str] = (),
    limits: Limits = DEFAULT_LIMITS,
    write: bool = True,
) -> list[FixResult]:
    """Fix every input file found under ``paths`` (stdin excluded: see :func:`fix_text`).

    With ``write`` the changed files are rewritten in place (atomically, mode kept, UTF-8 with its
    byte-order mark if it had one); files in other encodings are left alone with a note."""
    from opctl.source import decode, discover, read_bytes

    found, _missing = discover(paths, exclude)
    results: list[FixResult] = []
    for path in found:
        if path == STDIN:
            continue
        try:
            data = read_bytes(path, limits)
            text = decode(data)
        except Exception:  # unreadable inputs are the lint report's findings, not a fixing problem
            continue
        bom = data.startswith(b"\xef\xbb\xbf")
        try:
            data[3 if bom else 0 :].decode("utf-8")
        except UnicodeDecodeError:  # UTF-16/32 with a byte-order mark
            results.append(FixResult(path, text, text, note="not fixed: only UTF-8 files are rewritten"))
            continue
        result = fix_text(text, path, dialect, config, limits)
        if write and result.changed:
            _write_back(path, ("\ufeff" if bom else "") + result.fixed)
        results.append(result)
    return results


def _write_back(path: str, text: str) -> None:
    """Replace a file's content through a temporary file beside it, keeping its permissions."""
    import tempfile

    from opctl.diagnostics import OpctlError

    target = os.path.realpath(path)
    mode = os.stat(target).st_mode & 0o7777
    try:
        handle, temporary = tempfile.mkstemp(prefix=".opctl-fix-", suffix=".tmp", dir=os.path.dirname(target))
    except OSError as exc:
        raise OpctlError(f"cannot fix {path}: {exc.strerror or exc}", hint="check the directory is writable") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
