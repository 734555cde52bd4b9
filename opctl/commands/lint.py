"""``opctl lint``: parse options, call ``opctl.lint.run.run_lint``, write the report, exit with its code."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import click

from opctl.commands.common import (
    Progress,
    color_option,
    exit_with_error,
    output_options,
    use_color,
    write_atomically,
)
from opctl.commands.connection import connection_options, settings_from_kwargs
from opctl.diagnostics import ExitCode, OpctlError

if TYPE_CHECKING:
    from opctl.lint.run import LintOutcome

# == opctl.report.FORMATS, kept here for --help speed
FORMAT_NAMES = ("human", "json", "github", "sarif", "junit", "gitlab", "rdjson")

HELP = """Lint Onepanel workflow templates and Argo manifests offline.

PATHS are files, directories (searched recursively for *.yaml, *.yml and *.json) or - for stdin;
none means the current directory. Every finding is reported at file:line:col with a rule id and a
hint; `opctl rules` lists the rules.

Files that hold no workflow (a ConfigMap, a Helm values file, a CI configuration, a package.json)
are skipped, as `argo lint` skips them, and counted in the summary ("3 files skipped: not
workflows"); a document that looks like a broken workflow (templates or entrypoint, an
argoproj.io apiVersion, a workflow kind) is still linted. When nothing is left to lint the run
exits 0 with a note, unless the only inputs were named by hand (exit 2).

\b
Formats (-o/--output FORMAT):
  human   compiler-style, with code frames (default); colour on a
          terminal or with FORCE_COLOR, never with NO_COLOR
  json    one JSON object; schema: schemas/lint-report.schema.json
  github  GitHub Actions annotations (default when GITHUB_ACTIONS=true)
  sarif   SARIF 2.1.0 for GitHub code scanning (rules with help and links)
  junit   JUnit XML for CI test reports (warnings as skipped test cases)
  gitlab  GitLab Code Quality JSON (merge-request widget)
  rdjson  reviewdog's Diagnostic Format (reviewdog -f=rdjson)
The report goes to stdout (or --output-file FILE); the summary line and
notes go to stderr.

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


def choose_format(requested: str | None) -> str:
    if requested:
        return requested
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "human"


def _stream_is_utf8(stream: object) -> bool:
    encoding = getattr(stream, "encoding", None) or ""
    return encoding.lower().replace("-", "") in ("utf8", "utf_8")


@click.command("lint", help=HELP, short_help="Lint templates offline; every finding at file:line:col.")
@click.argument("paths", nargs=-1)
@output_options(
    FORMAT_NAMES, None, "Report format [default: human; github when GITHUB_ACTIONS=true]; see the list above."
)
@click.option("-f", "--format", "legacy_format", type=click.Choice(FORMAT_NAMES), hidden=True)
@click.option(
    "--select",
    multiple=True,
    metavar="RULE",
    help="Report only these rules (repeatable or comma-separated); rules that stop the run always stand.",
)
@click.option("--disable", multiple=True, metavar="RULE", help="Turn these rules off (repeatable or comma-separated).")
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
    "--hook",
    is_flag=True,
    help="The paths come from a hook that passes every changed file (implied by PRE_COMMIT=1): "
    "an empty file is skipped too, and nothing left to lint is exit 0.",
)
@click.option(
    "--server",
    "on_server",
    is_flag=True,
    help="Also lint each template (compiled as `opctl compile` does) on the Argo Server's lint endpoint; "
    "connection as for `opctl submit` (ARGO_SERVER, ARGO_TOKEN, ...).",
)
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="With - (stdin): the file the text comes from (editors); findings name PATH and its configuration applies.",
)
@click.option(
    "--fix",
    is_flag=True,
    help="Apply the safe fixes (rules marked fixable in `opctl rules`), then report what is left; "
    "with - the fixed text goes to stdout and the report to stderr.",
)
@click.option("--diff", is_flag=True, help="Print what --fix would change as a unified diff; write nothing.")
@connection_options
@color_option("human output")
def lint(
    paths: tuple[str, ...],
    output_format: str | None,
    output_file: str | None,
    legacy_format: str | None,
    select: tuple[str, ...],
    disable: tuple[str, ...],
    dialect: str | None,
    strict: bool,
    exclude: tuple[str, ...],
    config_file: str | None,
    no_config: bool,
    max_bytes: int | None,
    quiet: bool,
    color: str,
    on_server: bool,
    hook: bool,
    stdin_filename: str | None,
    fix: bool,
    diff: bool,
    **connection: Any,
) -> None:
    if config_file and no_config:
        raise click.UsageError("--config and --no-config exclude each other")
    if fix and diff:
        raise click.UsageError("--fix and --diff exclude each other: --diff shows what --fix would change")
    if stdin_filename and "-" not in paths:
        raise click.UsageError("--stdin-filename names standard input: pass - as the path")
    from opctl.lint.run import LintOptions, run_lint  # imported when linting, not for --help

    options = LintOptions(paths or (".",), dialect, strict, exclude, config_file, no_config, max_bytes)
    options.hook = hook or os.environ.get("PRE_COMMIT") == "1"
    options.select, options.disable = select, disable
    options.stdin_filename, options.fix, options.diff = stdin_filename, fix, diff
    try:
        if on_server:
            options.server = settings_from_kwargs(connection)
        options.progress = progress = Progress()
        try:
            outcome = run_lint(options)
        finally:
            progress.close()
        from opctl.report import render, summary_line

        if diff:
            _print_diff(outcome, quiet)
        if outcome.fixed_stdin is not None:
            click.echo(outcome.fixed_stdin, nl=False)

        fmt = choose_format(output_format or legacy_format)
        to_file = output_file if output_file not in (None, "-") else None
        # stdout carries the diff or the fixed stdin text: the report moves to stderr
        to_stderr = outcome.fixed_stdin is not None and not to_file
        painted = fmt == "human" and not to_file and use_color(color, sys.stderr if to_stderr else sys.stdout)
        text = "" if diff else render(fmt, outcome.report, color=painted)
        if to_file:
            write_atomically(to_file, text)
        elif text:
            # color=True: click would otherwise strip the escapes when stdout is not a terminal
            click.echo(text, nl=False, color=painted or None, err=to_stderr)
    except OpctlError as exc:
        exit_with_error(exc)
    if diff:
        sys.exit(ExitCode.FINDINGS if any(result.changed for result in outcome.fixes) else outcome.exit_code)
    if fix:
        _fix_summary(outcome, quiet)
    for note in outcome.notes:
        click.echo(note.replace("hint: ", "  hint: ", 1) if note.startswith("hint: ") else f"opctl: {note}", err=True)
    # With nothing checked the note says it all; a "no problems" line would add nothing.
    if not quiet and (outcome.report.diagnostics or outcome.report.files):
        painted = use_color(color, sys.stderr)
        line = summary_line(outcome.report.summary(), unicode=_stream_is_utf8(sys.stderr), color=painted)
        click.echo(line, err=True, color=painted or None)
    sys.exit(outcome.exit_code)


def _print_diff(outcome: LintOutcome, quiet: bool) -> None:
    """--diff: the unified diff of every input --fix would change on stdout, a count on stderr."""
    from opctl.report import plural

    changed = [result for result in outcome.fixes if result.changed]
    for result in changed:
        click.echo(result.diff(), nl=False)
    for result in outcome.fixes:
        if result.note:
            click.echo(f"opctl: {result.path}: {result.note}", err=True)
    if not quiet:
        count = sum(len(result.fixes) for result in changed)
        if count:
            files = plural(len(changed), "file")
            click.echo(f"would fix {plural(count, 'finding')} in {files} (run with --fix)", err=True)
        else:
            click.echo("nothing to fix", err=True)


def _fix_summary(outcome: LintOutcome, quiet: bool) -> None:
    from opctl.report import plural

    for result in outcome.fixes:
        if result.note:
            click.echo(f"opctl: {result.path}: {result.note}", err=True)
    changed = [result for result in outcome.fixes if result.changed]
    if changed and not quiet:
        count = sum(len(result.fixes) for result in changed)
        click.echo(f"fixed {plural(count, 'finding')} in {plural(len(changed), 'file')}", err=True)
