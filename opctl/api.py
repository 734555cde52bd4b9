"""The library API: what ``opctl lint`` and ``opctl compile`` do, callable from Python (docs/api.md).

Everything a user can get wrong comes back as :class:`~opctl.diagnostics.Diagnostic` findings, as
on the command line (YAML syntax errors, unreadable files, unknown fields alike); exceptions are
only for misuse of the API itself (an unknown dialect) and for a configuration file that cannot be
used (:class:`~opctl.diagnostics.OpctlError`, as ``opctl`` exits 2 for it).

Configuration: by default the project's configuration applies as on the command line
(``.opctl.yaml``/``[tool.opctl]`` found walking up from the file's directory, or from the working
directory for text without a file); ``config=PATH`` names the file; ``no_config=True`` ignores any.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from opctl.diagnostics import Diagnostic

if TYPE_CHECKING:
    from opctl.config import ProjectConfig
    from opctl.lint.registry import LintConfig
    from opctl.source import Limits

DialectName = Literal["onepanel", "argo"]
PathLike = str | os.PathLike[str]
TEXT_NAME = "<string>"


class Compiled(NamedTuple):
    """What :func:`compile_text` gives: the Argo manifests and every finding on the way.

    ``manifests`` is empty when the template was refused (a finding at error level says why)."""

    manifests: list[dict[str, Any]]
    findings: list[Diagnostic]

    @property
    def ok(self) -> bool:
        """True when nothing at error level was found (the manifests are complete)."""
        return bool(self.manifests) and not any(d.is_error for d in self.findings)

    @property
    def manifest(self) -> dict[str, Any]:
        """The one manifest of a one-template text; ValueError when there is none or several."""
        if len(self.manifests) != 1:
            errors = "; ".join(d.message for d in self.findings if d.is_error)
            raise ValueError(f"expected one manifest, got {len(self.manifests)}" + (f": {errors}" if errors else ""))
        return self.manifests[0]

    def to_yaml(self) -> str:
        """The manifests as ``opctl compile`` prints them (stable key order, ``---`` between)."""
        from opctl.compile.emit import to_yaml

        return to_yaml(self.manifests)


def _project(config: PathLike | None, no_config: bool, near: str | None) -> ProjectConfig:
    from opctl.config import resolve_config

    start = None
    if near is not None and near not in ("-", TEXT_NAME, "<stdin>"):
        start = Path(near).resolve().parent
    return resolve_config(os.fspath(config) if config is not None else None, no_config=no_config, start=start)


def _dialect(requested: str | None, project: ProjectConfig) -> DialectName:
    value = requested or project.dialect or "onepanel"
    if value not in ("onepanel", "argo"):
        raise ValueError(f"unknown dialect {value!r}: use 'onepanel' or 'argo'")
    return value  # type: ignore[return-value]


def lint_source(
    text: str, name: str, dialect: DialectName, config: LintConfig | None, limits: Limits | None = None
) -> tuple[list[Diagnostic], bool]:
    """Lint one input's text with a resolved configuration: (sorted findings, unreadable?)."""
    from opctl.inputs import load_string
    from opctl.lint import lint_documents
    from opctl.lint.run import settle
    from opctl.source import DEFAULT_LIMITS

    inputs = load_string(text, name, limits or DEFAULT_LIMITS)
    return settle(inputs, lint_documents(inputs.documents, dialect, config), config), inputs.fatal


def lint_text(
    text: str,
    path: str = TEXT_NAME,
    *,
    dialect: DialectName | None = None,
    config: PathLike | None = None,
    no_config: bool = False,
) -> list[Diagnostic]:
    """Lint YAML ``text`` as if it were the file ``path`` (findings carry that name).

    ``dialect``: ``onepanel`` (default: Onepanel templates, DAG entrypoints only) or ``argo`` (plain
    Argo manifests); the configuration's ``dialect`` applies when not given. Returns the findings
    sorted by position, suppressed ones included (``Diagnostic.suppressed``)."""
    project = _project(config, no_config, path)
    found, _ = lint_source(text, path, _dialect(dialect, project), project.lint_config())
    return found


def lint_paths(
    paths: Iterable[PathLike],
    *,
    dialect: DialectName | None = None,
    config: PathLike | None = None,
    no_config: bool = False,
    exclude: Sequence[str] = (),
) -> list[Diagnostic]:
    """Lint files and directories (searched for ``*.yaml``, ``*.yml``, ``*.json``) as ``opctl lint`` does.

    A path that does not exist or cannot be parsed is a finding (``input-not-found``,
    ``yaml-syntax``, ...), as on the command line."""
    from opctl.lint.run import LintOptions, run_lint

    options = LintOptions([os.fspath(p) for p in paths], dialect, False, tuple(exclude), _str(config), no_config)
    if dialect is not None and dialect not in ("onepanel", "argo"):
        raise ValueError(f"unknown dialect {dialect!r}: use 'onepanel' or 'argo'")
    return list(run_lint(options).report.diagnostics)


def _str(path: PathLike | None) -> str | None:
    return os.fspath(path) if path is not None else None


def compile_text(
    text: str,
    path: str = TEXT_NAME,
    *,
    parameters: Mapping[str, str] | None = None,
    defaults: PathLike | None = None,
    kind: Literal["workflow", "workflowtemplate", "cronworkflow"] | None = None,
    schedules: Sequence[str] = (),
    name: str | None = None,
    generate_name: str | None = None,
    namespace: str | None = None,
    config: PathLike | None = None,
    no_config: bool = False,
) -> Compiled:
    """Compile an Onepanel template (or pass an Argo manifest through) as ``opctl compile`` does.

    ``parameters`` override parameter values (``-p name=value``); ``defaults`` is a namespace-defaults
    file (``--defaults``; else ``$OPCTL_DEFAULTS``, an ``opctl.yaml`` found walking up, built-in
    defaults). A template with lint errors is refused: ``manifests`` is empty, the findings say why."""
    from opctl.compile.api import CompileOptions, compile_documents
    from opctl.inputs import load_string

    project = _project(config, no_config, path)
    inputs = load_string(text, path)
    if inputs.fatal:
        return Compiled([], list(inputs.diagnostics))
    options = CompileOptions(
        parameters=list((parameters or {}).items()),
        defaults_file=_str(defaults),
        kind=kind,
        schedules=list(schedules),
        name=name,
        generate_name=generate_name,
        namespace=namespace,
        lint_config=project.lint_config(),
    )
    result = compile_documents(inputs.documents, options)
    findings = sorted([*inputs.diagnostics, *result.diagnostics], key=Diagnostic.sort_key)
    return Compiled(result.manifests if result.ok else [], findings)
