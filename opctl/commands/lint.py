"""``opctl lint``: parse options, run the lint (``run_lint``), write the report, choose the exit code."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import click

from opctl.commands.common import color_option, exit_with_error, use_color, write_atomically
from opctl.commands.connection import connection_options, settings_from_kwargs
from opctl.diagnostics import Diagnostic, ExitCode, OpctlError, Severity

FORMAT_NAMES = ("human", "json", "github", "sarif", "junit")  # == opctl.report.FORMATS, kept here for --help speed

HELP = """Lint Onepanel workflow templates and Argo manifests offline.

PATHS are files, directories (searched recursively for *.yaml, *.yml and *.json) or - for stdin.
Every finding is reported at file:line:col with a rule id and a hint; `opctl rules` lists the rules.

\b
Formats (-o/--format):
  human   compiler-style, with code frames (default); colour only on a
          terminal, never with NO_COLOR
  json    one JSON object; schema: schemas/lint-report.schema.json
  github  GitHub Actions annotations (default when GITHUB_ACTIONS=true)
  sarif   SARIF 2.1.0 for code scanning
  junit   JUnit XML for GitLab, Jenkins and other CI test reports
The report goes to stdout (or --output FILE); the summary line and notes
go to stderr.

\b
Configuration: .opctl.yaml, .opctl.yml or [tool.opctl] in pyproject.toml,
found by walking up from the working directory (keys: disable, severity,
exclude, dialect, strict). Inline suppression: `# opctl: ignore[rule-id]`
on the line at fault.

\b
Exit codes:
  0  no findings at error level (no warnings either with --strict)
  1  findings at error level (or warnings with --strict)
  2  usage or configuration error, an input that cannot be read or
     parsed, or nothing to lint
  3  --server: the Argo Server or the network failed
"""


@dataclass
class LintOptions:
    paths: Sequence[str]
    dialect: str | None = None  # None: the configuration's, else onepanel
    strict: bool = False
    exclude: Sequence[str] = ()
    config: str | None = None
    no_config: bool = False
    max_bytes: int | None = None
    server: object | None = None  # opctl.argo.settings.ConnectionSettings: also lint on that Argo Server


@dataclass
class LintOutcome:
    report: object  # opctl.report.Report (imported lazily)
    exit_code: ExitCode
    notes: list[str] = field(default_factory=list)  # for stderr: why the exit code is 2


def run_lint(options: LintOptions) -> LintOutcome:
    """Lint the inputs as configured; raises ``OpctlError`` for usage and configuration errors."""
    from opctl import __version__
    from opctl.config import resolve_config
    from opctl.inputs import load_inputs
    from opctl.lint import all_rules, apply_config, is_lintable, lint_documents
    from opctl.lint.server import lint_documents_on_server
    from opctl.report import STDIN_NAME, Report, RuleInfo
    from opctl.source import DEFAULT_LIMITS, STDIN, Limits

    project = resolve_config(options.config, no_config=options.no_config)
    lint_config = project.lint_config()
    dialect = options.dialect or project.dialect or "onepanel"
    strict = options.strict or bool(project.strict)
    limits = Limits(max_bytes=options.max_bytes) if options.max_bytes else DEFAULT_LIMITS

    inputs = load_inputs(options.paths, (*project.exclude, *options.exclude), limits)
    findings = lint_documents(inputs.documents, dialect, lint_config)  # type: ignore[arg-type]
    # Read/parse findings of readable files (duplicate keys) obey configuration and suppressions
    # too; those of unreadable files always stand.
    unreadable = set(inputs.unreadable)
    by_file = {doc.file: doc for doc in inputs.documents}
    loader = [d for d in inputs.diagnostics if d.file not in unreadable]
    fatal = [d for d in inputs.diagnostics if d.file in unreadable]
    diagnostics = sorted([*findings, *apply_config(loader, lint_config, by_file), *fatal], key=Diagnostic.sort_key)

    if options.server is not None and not inputs.unreadable:
        diagnostics = sorted(
            [*diagnostics, *lint_documents_on_server(inputs.documents, diagnostics, options.server, lint_config)],
            key=Diagnostic.sort_key,
        )

    files = [STDIN_NAME if name == STDIN else name for name in inputs.files]
    rules = {r.id: RuleInfo(r.id, r.severity, r.summary) for r in all_rules().values()}  # type: ignore[attr-defined]
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
    failing = any(
        not d.suppressed and (d.severity is Severity.ERROR or (strict and d.severity is Severity.WARNING))
        for d in diagnostics
    )
    return LintOutcome(report, ExitCode.FINDINGS if failing else ExitCode.OK, notes)


def choose_format(requested: str | None) -> str:
    if requested:
        return requested
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "human"


def _stream_is_utf8(stream: object) -> bool:
    encoding = getattr(stream, "encoding", None) or ""
    return encoding.lower().replace("-", "") in ("utf8", "utf_8")


@click.command("lint", help=HELP, short_help="Lint templates offline; every finding at file:line:col.")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-f",
    "-o",
    "--format",
    "output_format",
    type=click.Choice(FORMAT_NAMES),
    default=None,
    help="Output format [default: human; github when GITHUB_ACTIONS=true].",
)
@click.option("--output", metavar="FILE", help="Write the report to FILE (atomically); - is stdout.")
@click.option(
    "--dialect",
    type=click.Choice(["onepanel", "argo"]),
    default=None,
    help="onepanel: Onepanel templates (DAG entrypoints only); argo: plain Argo manifests. [default: onepanel]",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip paths matching GLOB (repeatable).")
@click.option("--config", "config_file", metavar="FILE", help="Use this configuration file; no search.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files.")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    metavar="N",
    help="Refuse inputs larger than N bytes [default: 16 MiB].",
)
@click.option("-q", "--quiet", is_flag=True, help="No summary line on stderr.")
@click.option(
    "--server",
    "on_server",
    is_flag=True,
    help="Also lint each template (compiled as `opctl compile` does) on the Argo Server's lint endpoint; "
    "connection as for `opctl submit` (ARGO_SERVER, ARGO_TOKEN, ...).",
)
@connection_options
@color_option("human output")
def lint(
    paths: tuple[str, ...],
    output_format: str | None,
    output: str | None,
    dialect: str | None,
    strict: bool,
    exclude: tuple[str, ...],
    config_file: str | None,
    no_config: bool,
    max_bytes: int | None,
    quiet: bool,
    color: str,
    on_server: bool,
    **connection: Any,
) -> None:
    if config_file and no_config:
        raise click.UsageError("--config and --no-config exclude each other")
    options = LintOptions(paths, dialect, strict, exclude, config_file, no_config, max_bytes)
    try:
        if on_server:
            options.server = settings_from_kwargs(connection)
        outcome = run_lint(options)
        from opctl.report import render, summary_line

        fmt = choose_format(output_format)
        to_file = output not in (None, "-")  # --output - is stdout, as in compile
        painted = fmt == "human" and not to_file and use_color(color, sys.stdout)
        text = render(fmt, outcome.report, color=painted)  # type: ignore[arg-type]
        if to_file:
            write_atomically(output, text)  # type: ignore[arg-type]
        elif text:
            # color=True: click would otherwise strip the escapes when stdout is not a terminal
            click.echo(text, nl=False, color=painted or None)
    except OpctlError as exc:
        exit_with_error(exc)
    for note in outcome.notes:
        click.echo(f"opctl: {note}", err=True)
    # With nothing checked the note says it all; a "no problems" line would contradict it.
    if not quiet and (outcome.report.diagnostics or outcome.exit_code != ExitCode.USAGE):  # type: ignore[attr-defined]
        painted = use_color(color, sys.stderr)
        line = summary_line(outcome.report.summary(), unicode=_stream_is_utf8(sys.stderr), color=painted)  # type: ignore[attr-defined]
        click.echo(line, err=True, color=painted or None)
    sys.exit(outcome.exit_code)
