"""``opctl compile DIR --check OUT/``: which committed manifest belongs to which template.

Each template found under a directory argument keeps its path relative to that directory, with the
suffix of the output format: ``templates/team/train.yml`` → ``OUT/team/train.yaml``; a file argument
maps to ``OUT/<its name>``. Files that hold no workflow (see ``opctl.inputs.set_aside_non_workflows``)
have no manifest; nor does anything already under ``OUT``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from opctl.inputs import load_inputs, set_aside_non_workflows
from opctl.source import discover


def manifest_path(template: str, root: str | None, target: str, fmt: str) -> str:
    relative = Path(os.path.relpath(template, root)) if root is not None else Path(Path(template).name)
    return str(Path(target) / relative.with_suffix(".json" if fmt == "json" else ".yaml"))


def manifest_pairs(paths: Sequence[str], target: str, fmt: str) -> list[tuple[str, str]]:
    """(template, manifest) for every template in ``paths``, in discovery order."""
    out = os.path.realpath(target)
    pairs: list[tuple[str, str]] = []
    for path in paths:
        root = path if os.path.isdir(path) else None
        found, missing = discover([path])
        if missing:  # compiling it reports the missing path
            pairs.append((path, manifest_path(path, None, target, fmt)))
            continue
        for template in found:
            if os.path.realpath(template).startswith(out + os.sep):
                continue
            inputs = load_inputs([template])
            set_aside_non_workflows(inputs, empty_files=[template])
            if inputs.skipped:
                continue
            pairs.append((template, manifest_path(template, root, target, fmt)))
    return pairs
