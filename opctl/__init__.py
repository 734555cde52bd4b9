"""opctl: lint, compile and submit Onepanel workflow templates as native Argo Workflows.

The library API (docs/api.md) is what ``__all__`` lists; every other module is internal::

    from opctl import compile_text, lint_text

    findings = lint_text(Path("train.yaml").read_text(), "train.yaml")
    manifests, findings = compile_text(text, parameters={"epochs": "5"})

The names load on first use, so ``import opctl`` (and ``opctl --version``) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"  # the one place: pyproject.toml reads it (dynamic version)
# The canonical repository: README install lines, SARIF informationUri, reviewdog's source.url,
# rule documentation links (opctl.rule_docs) and [project.urls] in pyproject.toml name it.
HOMEPAGE = "https://github.com/onepanel-opctl/opctl"

if TYPE_CHECKING:
    from opctl.api import Compiled, compile_text, lint_paths, lint_text
    from opctl.diagnostics import Diagnostic, Edit, Fix, Severity

__all__ = [
    "Compiled",
    "Diagnostic",
    "Edit",
    "Fix",
    "Severity",
    "__version__",
    "compile_text",
    "lint_paths",
    "lint_text",
]
_HOMES = {
    "Compiled": "opctl.api",
    "compile_text": "opctl.api",
    "lint_paths": "opctl.api",
    "lint_text": "opctl.api",
    "Diagnostic": "opctl.diagnostics",
    "Edit": "opctl.diagnostics",
    "Fix": "opctl.diagnostics",
    "Severity": "opctl.diagnostics",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'opctl' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
