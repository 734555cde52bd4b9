"""``github``: GitHub Actions workflow commands, shown as annotations on the pull request.

::

    ::error file=t.yaml,line=4,col=3,endLine=4,endColumn=6,title=opctl yaml-duplicate-key::duplicate key 'name'

Chosen automatically when ``GITHUB_ACTIONS=true`` and no ``--format`` is given. Suppressed
findings are not annotated. ``endColumn`` is inclusive here (GitHub's convention), unlike the
exclusive ``end_column`` of the json format.
"""

from __future__ import annotations

import os

from opctl.diagnostics import Severity
from opctl.report import Report, printable

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message as the Actions runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: the message escapes plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workspace_path(file: str) -> str:
    """The path GitHub matches against the checkout: relative, without a leading ``./``."""
    if os.path.isabs(file):
        relative = os.path.relpath(file)
        return file if relative.startswith("..") else relative
    return os.path.normpath(file) if file.startswith("./") else file


def render(report: Report, *, color: bool = False) -> str:
    out: list[str] = []
    for diag in report.visible:
        path = escape_property(printable(workspace_path(diag.file)))
        props = [f"file={path}", f"line={diag.line}", f"col={diag.column}"]
        if diag.end_line is not None and diag.end_column is not None:
            if diag.end_line > diag.line and diag.end_column == 1:
                # a block node ends where the next line starts: the span ends on the line before
                props.append(f"endLine={diag.end_line - 1}")
            else:
                floor = diag.column if diag.end_line == diag.line else 1
                props += [f"endLine={diag.end_line}", f"endColumn={max(diag.end_column - 1, floor)}"]
        props.append(f"title={escape_property(f'opctl {diag.rule}')}")
        # printable(): a YAML key can carry terminal escapes, and runner logs render them
        message = printable(diag.message) + (f"\nhint: {printable(diag.hint)}" if diag.hint else "")
        out.append(f"::{COMMAND[diag.severity]} {','.join(props)}::{escape_data(message)}\n")
    return "".join(out)
