"""What ``opctl lint`` does, as one library function: load, lint, apply configuration and
suppressions, decide the exit code. The command only parses options, calls :func:`run_lint` and
renders; ``opctl compile`` makes the same decisions through :func:`settle` and
``opctl.lint.apply_config``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from opctl.diagnostics import Diagnostic, ExitCode, Severity

if TYPE_CHECKING:
    from opctl.argo.settings import ConnectionSettings
    from opctl.fix import FixResult
    from opctl.inputs import Inputs
    from opctl.lint.registry import Dialect, LintConfig
    from opctl.report import Report
    from opctl.source import Limits, LoadResult


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
    hook: bool = False  # the paths come from a hook passing every changed file (--hook, or PRE_COMMIT=1)
    select: Sequence[str] = ()  # --select: only these rule ids (plus those that cannot be disabled)
    disable: Sequence[str] = ()  # --disable: added to the configuration's
    stdin_filename: str | None = None  # what stdin is called in findings; its configuration applies
    fix: bool = False  # apply safe fixes to the files (stdin: to the text reported as `fixed_stdin`)
    diff: bool = False  # compute the fixes without writing anything
    progress: Callable[[str, int, int], None] | None = None  # (what, done, total) while reading and linting


@dataclass
class LintOutcome:
    report: Report
    exit_code: ExitCode
    notes: list[str] = field(default_factory=list)  # for stderr: why the exit code is 2
    fixes: list[FixResult] = field(default_factory=list)  # --fix/--diff: what fixing did per input
    fixed_stdin: str | None = None  # --fix with stdin: the fixed text


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
    from opctl.inputs import load_inputs, set_aside_non_workflows
    from opctl.lint import lint_documents
    from opctl.lint.server import lint_documents_on_server
    from opctl.report import STDIN_NAME, Report, RuleInfo, capped, plural
    from opctl.source import DEFAULT_LIMITS, STDIN, Limits

    stdin_name = options.stdin_filename or STDIN_NAME
    # The configuration of the file stdin stands for: found from its directory, as editors expect.
    near = Path(options.stdin_filename).resolve().parent if options.stdin_filename else None
    project = resolve_config(options.config, no_config=options.no_config, start=near)
    lint_config = with_rule_flags(project.lint_config(), options.select, options.disable)
    dialect: Dialect = "argo" if (options.dialect or project.dialect) == "argo" else "onepanel"
    strict = options.strict or bool(project.strict)
    limits = Limits(max_bytes=options.max_bytes) if options.max_bytes else DEFAULT_LIMITS

    excludes = (*project.exclude, *options.exclude)
    paths = list(options.paths)
    stdin_excluded = []
    if options.stdin_filename and STDIN in paths and _stdin_excluded(options.stdin_filename, excludes):
        paths.remove(STDIN)
        stdin_excluded.append(options.stdin_filename)
    fixes, stdin = _fix(options, paths, dialect, lint_config, excludes, limits, stdin_name)
    inputs = load_inputs(paths, excludes, limits, stdin_name=stdin_name, stdin=stdin, progress=options.progress)
    named = {path for path in paths if path != STDIN and not os.path.isdir(path)}
    excluded = sorted(named - set(inputs.files) - set(inputs.unreadable)) + stdin_excluded
    # Files found in a directory or passed by a hook may be anything; a file named by hand is
    # expected to be a workflow, and an empty one stays an input error.
    set_aside_non_workflows(inputs, empty_files=set(inputs.files) if options.hook else set(inputs.files) - named)
    found = lint_documents(inputs.documents, dialect, lint_config, progress=options.progress)
    diagnostics = settle(inputs, found, lint_config)

    if options.server is not None and not inputs.unreadable:
        on_server = lint_documents_on_server(inputs.documents, diagnostics, options.server, lint_config)
        diagnostics = sorted([*diagnostics, *settle_extra(on_server, lint_config, inputs)], key=Diagnostic.sort_key)

    files = [stdin_name if name == STDIN else name for name in inputs.files]
    rules = {r.id: RuleInfo(r.id, r.severity, r.summary) for r in all_rules().values()}
    report = Report(diagnostics, files, inputs.sources, list(inputs.unreadable), rules, __version__)
    report.skipped = [stdin_name if name == STDIN else name for name in inputs.skipped]

    notes: list[str] = []
    if inputs.unreadable:
        count = len(inputs.unreadable)
        notes.append(f"{plural(count, 'input')} could not be read or parsed: {capped(inputs.unreadable)}")
        outcome = LintOutcome(report, ExitCode.USAGE, notes)
    elif not inputs.files:
        outcome = _nothing_to_lint(report, options, excluded, bool(excludes), inputs.looks_like)
    else:
        outcome = LintOutcome(report, ExitCode.FINDINGS if failing(diagnostics, strict) else ExitCode.OK, notes)
    outcome.fixes = fixes
    if options.fix and stdin is not None and stdin.source is not None:
        outcome.fixed_stdin = stdin.source.text
    return outcome


def _fix(
    options: LintOptions,
    paths: list[str],
    dialect: Dialect,
    config: LintConfig,
    excludes: Sequence[str],
    limits: Limits,
    stdin_name: str,
) -> tuple[list[FixResult], LoadResult | None]:
    """--fix/--diff: fix the files (written with --fix) and stdin; returns what fixing did and the
    content to lint for stdin when it had to be read here (the fixed text with --fix)."""
    from opctl.fix import fix_files, fix_text
    from opctl.source import STDIN, load_path, load_text

    if not (options.fix or options.diff):
        return [], None
    fixes = fix_files(paths, dialect=dialect, config=config, exclude=excludes, limits=limits, write=options.fix)
    if STDIN not in paths:
        return fixes, None
    stdin = load_path(STDIN, limits, stdin_name)
    if stdin.source is not None and not stdin.fatal:
        fixed = fix_text(stdin.source.text, stdin_name, dialect, config, limits)
        fixes.append(fixed)
        if options.fix:
            stdin = load_text(fixed.fixed, stdin_name, limits)
    return fixes, stdin


def _stdin_excluded(name: str, exclude: Sequence[str]) -> bool:
    """Whether the file stdin stands for matches ``exclude``: as given, or relative to the working
    directory or to the directory of the configuration that applies (editors pass absolute paths)."""
    from opctl.config import find_config
    from opctl.source import is_excluded

    path = Path(name).resolve()
    forms = [name]
    config = find_config(path.parent)
    for base in (Path.cwd().resolve(), config.parent if config is not None else None):
        if base is not None and path.is_relative_to(base):
            forms.append(path.relative_to(base).as_posix())
    return any(is_excluded(form, exclude) for form in forms)


def with_rule_flags(config: LintConfig, select: Sequence[str], disable: Sequence[str]) -> LintConfig:
    """``config`` with ``--select`` (every other rule off) and ``--disable`` applied; ids may be
    comma-separated. Unknown ids are a usage error with a suggestion, as in the configuration file."""
    from dataclasses import replace

    from opctl.config import known_rules
    from opctl.diagnostics import OpctlError
    from opctl.suggest import did_you_mean

    if not select and not disable:
        return config
    catalogue = known_rules()

    def ids(flag: str, values: Sequence[str]) -> set[str]:
        found = {part.strip() for value in values for part in value.split(",") if part.strip()}
        for rule_id in sorted(found - catalogue.keys()):
            raise OpctlError(
                f"{flag} {rule_id}: no such rule{did_you_mean(rule_id, catalogue)}",
                hint="`opctl rules` lists every rule id",
            )
        return found

    off = set(config.disable) | ids("--disable", disable)
    chosen = ids("--select", select)
    if chosen:
        off |= {rule_id for rule_id, rule in catalogue.items() if rule_id not in chosen and rule.disableable}
    return replace(config, disable=frozenset(off))


def _nothing_to_lint(
    report: Report, options: LintOptions, excluded: list[str], excludes: bool, looks_like: dict[str, str]
) -> LintOutcome:
    """Every input was skipped (no workflow in it) or excluded: exit 0 with a note when that is what a
    hook or a directory of mixed files gives, 2 when an input named by hand holds no workflow."""
    from opctl.report import NOT_A_WORKFLOW, NOT_WORKFLOWS, STDIN_NAME, capped, plural

    stdin_name = options.stdin_filename or STDIN_NAME
    by_hand = [] if options.hook else [p for p in options.paths if (stdin_name if p == "-" else p) in report.skipped]
    if by_hand:
        what = "; ".join(f"{name} is {looks_like.get(name, NOT_A_WORKFLOW)}" for name in by_hand[:5])
        hint = (
            "opctl lints Onepanel workflow templates (entrypoint + templates) and Argo Workflow, WorkflowTemplate, "
            "ClusterWorkflowTemplate and CronWorkflow manifests"
        )
        return LintOutcome(report, ExitCode.USAGE, [f"nothing to lint: {what}", f"hint: {hint}"])
    reasons = []
    if report.skipped:
        why = NOT_WORKFLOWS if len(report.skipped) > 1 else NOT_A_WORKFLOW
        reasons.append(f"{plural(len(report.skipped), 'file')} skipped: {why} ({capped(report.skipped, 5)})")
    if excluded:
        reasons.append(
            f"{plural(len(excluded), 'file')} excluded by configuration or --exclude ({capped(excluded, 5)})"
        )
    if reasons or excludes or options.hook:
        if not reasons:
            reasons.append(f"no *.yaml, *.yml or *.json files in {', '.join(options.paths)} after excludes")
        return LintOutcome(report, ExitCode.OK, ["nothing to lint: " + "; ".join(reasons)])
    note = f"nothing to lint: no *.yaml, *.yml or *.json files in {', '.join(options.paths)}"
    return LintOutcome(
        report, ExitCode.USAGE, [note, "hint: pass a template file, a directory holding templates, or - for stdin"]
    )


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
