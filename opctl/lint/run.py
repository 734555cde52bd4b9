"""What ``opctl lint`` does, as one library function: load, lint, apply configuration and
suppressions, decide the exit code. The command only parses options, calls :func:`run_lint` and
renders; ``opctl compile`` makes the same decisions through :func:`settle` and
``opctl.lint.apply_config``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from opctl.diagnostics import Diagnostic, ExitCode, Severity

if TYPE_CHECKING:
    from opctl.argo.settings import ConnectionSettings
    from opctl.inputs import Inputs
    from opctl.lint.registry import LintConfig
    from opctl.report import Report


@dataclass
class LintOptions:
    paths: Sequence[str]
    dialect: str | None = None  # None: the configuration's, else onepanel
    strict: bool = False
    exclude: Sequence[str] = ()
    config: str | None = None
    no_config: bool = False
    max_bytes: int | None = None
    server: ConnectionSettings | None = None  # also lint on that Argo Server


@dataclass
class LintOutcome:
    report: Report
    exit_code: ExitCode
    notes: list[str] = field(default_factory=list)  # for stderr: why the exit code is 2


def settle(inputs: Inputs, found: Iterable[Diagnostic], config: LintConfig | None) -> list[Diagnostic]:
    """The findings of a run, sorted: ``found`` (lint's or compile's, configuration already applied)
    and the loader's findings about ``inputs`` with configuration and ``# opctl: ignore`` applied.

    Read/parse findings of readable files (duplicate keys) obey configuration and suppressions as
    every other finding does; those of unreadable files always stand.
    """
    from opctl.lint import apply_config

    unreadable = set(inputs.unreadable)
    by_file = {doc.file: doc for doc in inputs.documents}
    loader = [d for d in inputs.diagnostics if d.file not in unreadable]
    fatal = [d for d in inputs.diagnostics if d.file in unreadable]
    return sorted([*found, *apply_config(loader, config, by_file), *fatal], key=Diagnostic.sort_key)


def run_lint(options: LintOptions) -> LintOutcome:
    """Lint the inputs as configured; raises ``OpctlError`` for usage and configuration errors."""
    from opctl import __version__
    from opctl.catalogue import all_rules
    from opctl.config import resolve_config
    from opctl.inputs import load_inputs
    from opctl.lint import is_lintable, lint_documents
    from opctl.lint.server import lint_documents_on_server
    from opctl.report import STDIN_NAME, Report, RuleInfo
    from opctl.source import DEFAULT_LIMITS, STDIN, Limits

    project = resolve_config(options.config, no_config=options.no_config)
    lint_config = project.lint_config()
    dialect = "argo" if (options.dialect or project.dialect) == "argo" else "onepanel"
    strict = options.strict or bool(project.strict)
    limits = Limits(max_bytes=options.max_bytes) if options.max_bytes else DEFAULT_LIMITS

    inputs = load_inputs(options.paths, (*project.exclude, *options.exclude), limits)
    diagnostics = settle(inputs, lint_documents(inputs.documents, dialect, lint_config), lint_config)

    if options.server is not None and not inputs.unreadable:
        on_server = lint_documents_on_server(inputs.documents, diagnostics, options.server, lint_config)
        diagnostics = sorted([*diagnostics, *settle_extra(on_server, lint_config, inputs)], key=Diagnostic.sort_key)

    files = [STDIN_NAME if name == STDIN else name for name in inputs.files]
    rules = {r.id: RuleInfo(r.id, r.severity, r.summary) for r in all_rules().values()}
    report = Report(diagnostics, files, inputs.sources, list(inputs.unreadable), rules, __version__)

    notes: list[str] = []
    if inputs.unreadable:
        count = len(inputs.unreadable)
        notes.append(
            f"{count} input{'s' if count != 1 else ''} could not be read or parsed: " + ", ".join(inputs.unreadable)
        )
        return LintOutcome(report, ExitCode.USAGE, notes)
    if not inputs.files:
        where = ", ".join(options.paths)
        notes.append(
            f"nothing to lint: no *.yaml, *.yml or *.json files in {where}"
            + (" (after excludes)" if project.exclude or options.exclude else "")
        )
        return LintOutcome(report, ExitCode.USAGE, notes)
    if not any(is_lintable(doc) for doc in inputs.documents):
        docs, count = len(inputs.documents), len(files)
        notes.append(
            "nothing to lint: no Onepanel workflow template or Argo workflow manifest in "
            f"{docs} document{'s' if docs != 1 else ''} of {count} file{'s' if count != 1 else ''} "
            "(see the document-kind findings)"
        )
        return LintOutcome(report, ExitCode.USAGE, notes)
    return LintOutcome(report, ExitCode.FINDINGS if failing(diagnostics, strict) else ExitCode.OK, notes)


def settle_extra(found: Iterable[Diagnostic], config: LintConfig | None, inputs: Inputs) -> list[Diagnostic]:
    """Configuration and suppressions for findings made after :func:`settle` (``--server``)."""
    from opctl.lint import apply_config

    return apply_config(found, config, {doc.file: doc for doc in inputs.documents})


def failing(diagnostics: Iterable[Diagnostic], strict: bool = False) -> bool:
    """Whether findings fail the run: an error, or with ``strict`` a warning (suppressed ones never)."""
    return any(
        not d.suppressed and (d.severity is Severity.ERROR or (strict and d.severity is Severity.WARNING))
        for d in diagnostics
    )
