"""opctl/argo/ is a pure REST client: it imports nothing of opctl above ``diagnostics`` and no click
(the root package is allowed: it only holds ``__version__``, for the User-Agent)."""

from __future__ import annotations

import ast
from pathlib import Path

import opctl.argo

ARGO_DIR = Path(opctl.argo.__file__).parent
ALLOWED_OPCTL = ("opctl.argo", "opctl.diagnostics")
FORBIDDEN_THIRD_PARTY = ("click",)


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


def test_argo_package_imports_only_diagnostics_and_itself() -> None:
    offending = []
    for path in sorted(ARGO_DIR.glob("*.py")):
        for module in imported_modules(path):
            top = module.split(".")[0]
            if top == "opctl" and module != "opctl" and not module.startswith(ALLOWED_OPCTL):
                offending.append(f"{path.name}: {module}")
            if top in FORBIDDEN_THIRD_PARTY:
                offending.append(f"{path.name}: {module}")
    assert offending == []


def test_the_layering_check_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from opctl.lint import lint_documents\n    import click\n")
    assert imported_modules(bad) == ["opctl.lint", "click"]
