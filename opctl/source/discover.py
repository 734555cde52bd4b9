"""Expanding command-line paths into input files: directories searched, excludes applied."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from pathlib import Path

from opctl.diagnostics import Diagnostic
from opctl.source.base import CONFIG_FILE_NAMES, STDIN, YAML_SUFFIXES
from opctl.source.ids import INPUT_NOT_FOUND, INPUT_UNREADABLE


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
            walk_errors: list[OSError] = []
            for root, dirs, files in os.walk(raw, onerror=walk_errors.append):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not excluded(os.path.join(root, d)))
                for name in sorted(files):
                    full = os.path.join(root, name)
                    # Hidden files (.opctl.yaml, .pre-commit-config.yaml) and opctl.yaml (namespace
                    # defaults) are configuration, not templates; a file named explicitly is still read.
                    if name.startswith(".") or name in CONFIG_FILE_NAMES:
                        continue
                    if name.lower().endswith(YAML_SUFFIXES) and not excluded(full):
                        special = _special_file(full)
                        if special:
                            # reading a FIFO found in a directory would wait forever for a writer
                            problems.append(
                                INPUT_UNREADABLE.finding(
                                    message=f"not a regular file ({special}): not read",
                                    hint="name it explicitly to read it, or --exclude it",
                                    file=full,
                                )
                            )
                        else:
                            add(full)
            for error in walk_errors:  # an unreadable sub-directory is never skipped in silence
                problems.append(
                    INPUT_UNREADABLE.finding(
                        message=f"cannot read directory: {error.strerror or error}",
                        hint="check its permissions, or --exclude it",
                        file=str(error.filename or raw),
                    )
                )
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


def _special_file(path: str) -> str | None:
    """What a directory entry is when it is not a regular file (a FIFO, socket or device), else None."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # a dangling link: reading it reports the problem
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return None
