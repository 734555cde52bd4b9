"""``opctl lint``: parse options, call the library, choose the exit code."""

from __future__ import annotations

import sys

import click

from opctl.diagnostics import ExitCode, Severity


@click.command("lint")
@click.argument("paths", nargs=-1, required=True)
@click.option("--dialect", type=click.Choice(["onepanel", "argo"]), default="onepanel", show_default=True)
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip paths matching GLOB (repeatable).")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
def lint(paths: tuple[str, ...], dialect: str, exclude: tuple[str, ...], strict: bool) -> None:
    """Lint Onepanel workflow templates and Argo manifests offline."""
    from opctl.inputs import load_inputs
    from opctl.lint import lint_documents

    inputs = load_inputs(paths, exclude)
    diagnostics = sorted(inputs.diagnostics + lint_documents(inputs.documents, dialect), key=lambda d: d.sort_key())
    for d in diagnostics:
        click.echo(f"{d.file}:{d.line}:{d.column}: {d.severity}: {d.message} [{d.rule}]")
    if inputs.fatal or not inputs.documents:
        sys.exit(ExitCode.USAGE)
    failing = [d for d in diagnostics if not d.suppressed and (d.severity is Severity.ERROR or strict)]
    sys.exit(ExitCode.FINDINGS if failing else ExitCode.OK)
