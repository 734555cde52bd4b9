"""Expanding command-line paths into input files: directories searched, excludes applied."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from pathlib import Path

from opctl.diagnostics import Diagnostic
from opctl.source.base import CONFIG_FILE_NAMES, STDIN, YAML_SUFFIXES
from opctl.source.ids import INPUT_NOT_FOUND


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
