"""What the commands share: colour choice, atomic output files, findings printed to stderr."""

from __future__ import annotations

import os
import sys

import click

from opctl.diagnostics import Diagnostic, OpctlError


def use_color(mode: str, stream: object) -> bool:
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def write_atomically(path: str, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same directory, then rename."""
    import tempfile

    directory = os.path.dirname(os.path.abspath(path))
    try:
        handle, temporary = tempfile.mkstemp(prefix=".opctl-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OpctlError(
            f"cannot write --output {path}: {exc.strerror or exc}", hint="check the directory exists and is writable"
        ) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        # mkstemp creates the file 0600; give it the mode a plain open() would have
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except OSError as exc:
        os.unlink(temporary)
        raise OpctlError(f"cannot write --output {path}: {exc.strerror or exc}") from None
    except BaseException:
        os.unlink(temporary)
        raise


def print_findings(diagnostics: list[Diagnostic], sources: dict[str, object], color: str = "auto") -> None:
    """Compiler-style findings on stderr, with code frames (opctl.report's human format)."""
    if not diagnostics:
        return
    from opctl.report import Report, render

    painted = use_color(color, sys.stderr)
    report = Report(sorted(diagnostics, key=Diagnostic.sort_key), sources=sources)  # type: ignore[arg-type]
    click.echo(render("human", report, color=painted), err=True, nl=False, color=painted or None)
