"""``opctl compile``: parse options, call opctl.compile, write the manifest, choose the exit code."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from opctl.commands.common import (
    color_option,
    command_line,
    compile_paths,
    exit_with_error,
    output_options,
    print_findings,
    write_atomically,
)
from opctl.commands.compile_options import compile_options, options_from_kwargs
from opctl.diagnostics import ExitCode, OpctlError

if TYPE_CHECKING:
    from opctl.compile.api import CompileOptions

EPILOG = """\b
Examples:
  opctl compile template.yaml > argo.yaml
  opctl compile template.yaml -p epochs=5 --parameter-file params.yaml --namespace team-a
  opctl compile template.yaml --defaults opctl.yaml --output-file argo.yaml
  opctl compile template.yaml -o json
  opctl compile template.yaml --check argo.yaml      # in CI: exit 1 and a diff when stale
  opctl compile templates/ --check argo/             # each templates/X.yaml against argo/X.yaml
  opctl compile templates/ --check argo/ --update    # rewrite the stale ones (exit 1 if any)
  opctl compile template.yaml --kind cronworkflow --schedule '0 2 * * *' --name nightly

\b
Exit codes:
  0  compiled (warnings are printed on stderr); with --check: up to date
  1  the template has lint or compile errors; with --check: stale or missing
     (a diff on stdout; with --update the files were rewritten)
  2  usage error, unreadable or unparseable input or defaults file, nothing to compile
"""


@click.command("compile", epilog=EPILOG)
@click.argument("paths", nargs=-1, required=True, metavar="FILE...")
@output_options(["yaml", "json"], "yaml", "Manifest format.")
@click.option(
    "--check",
    "check_path",
    metavar="PATH",
    type=click.Path(),
    help="Compare with committed manifests instead of printing: a FILE, or a DIRECTORY where each template "
    "FILE.../X.yaml has its manifest DIRECTORY/X.yaml. Exit 1 with a unified diff when one is stale or missing.",
)
@click.option(
    "--update",
    is_flag=True,
    help="With --check: rewrite stale or missing manifests, then exit 1 if any changed (as formatters do).",
)
@color_option("the findings on stderr")
@compile_options
def compile_command(
    paths: tuple[str, ...],
    output_format: str,
    output_file: str | None,
    check_path: str | None,
    update: bool,
    color: str,
    **kwargs: object,
) -> None:
    """Compile Onepanel workflow templates into native Argo manifests.

    FILE may be a file, a directory (its *.yaml, *.yml and *.json files) or - for stdin. Several
    templates give a multi-document output. See docs/compile.md for the namespace-defaults file and
    what each compiler pass does.
    """
    from opctl.compile.emit import to_json

    if output_file and check_path:
        raise click.UsageError("--output-file and --check cannot be used together")
    if update and not check_path:
        raise click.UsageError("--update needs --check PATH")
    try:
        options = options_from_kwargs(kwargs)
        if check_path and is_directory_target(check_path):
            sys.exit(check_directory(paths, check_path, options, output_format, update=update, color=color))
        result = compile_paths(paths, options, verb="compile", color=color)
        if not result.ok:
            sys.exit(result.exit_code)
        text = to_json(result.manifests) if output_format == "json" else result.to_yaml()
        if check_path:
            sys.exit(report_check(check_path, text, update=update))
        if output_file and output_file != "-":
            write_atomically(output_file, text)
            return
    except OpctlError as exc:
        exit_with_error(exc)
    sys.stdout.write(text)
    sys.stdout.flush()


def is_directory_target(path: str) -> bool:
    return os.path.isdir(path) or path.endswith(("/", os.sep))


def check_directory(
    paths: Sequence[str], target: str, options: CompileOptions, output_format: str, *, update: bool, color: str
) -> int:
    """``--check DIRECTORY``: compile each template on its own and compare it with its manifest."""
    import copy

    from opctl.compile.emit import to_json
    from opctl.compile.mapping import manifest_pairs
    from opctl.report import plural

    pairs = manifest_pairs(paths, target, "json" if output_format == "json" else "yaml")
    if not pairs:
        raise OpctlError(
            f"nothing to check: no workflow template in {', '.join(paths)}",
            hint="pass the directory holding the templates, then --check the directory of their manifests",
        )
    stale: list[str] = []
    failed = 0
    for template, manifest in pairs:
        result = compile_paths([template], copy.deepcopy(options), verb="compile", color=color)
        if not result.ok:
            failed += 1
            continue
        text = to_json(result.manifests) if output_format == "json" else result.to_yaml()
        if compare(manifest, text, update=update, quiet=True) != ExitCode.OK:
            stale.append(manifest)
    fresh = len(pairs) - len(stale) - failed
    if not stale and not failed:
        click.echo(f"✔ {plural(len(pairs), 'manifest')} up to date in {target}", err=True)
        return ExitCode.OK
    if stale:
        verb = "rewritten" if update else "stale or missing"
        click.echo(f"✖ {len(stale)} of {plural(len(pairs), 'manifest')} {verb}: {', '.join(stale)}", err=True)
        if not update:
            click.echo(f"  fix: {command_line('--update')}", err=True)
    if failed:
        click.echo(f"✖ {plural(failed, 'template')} did not compile ({fresh} up to date)", err=True)
    return ExitCode.FINDINGS


def report_check(path: str, text: str, *, update: bool) -> int:
    code = compare(path, text, update=update)
    if code != ExitCode.OK and not update:
        click.echo(f"  fix: {command_line('--update')}", err=True)
    return code


def compare(path: str, text: str, *, update: bool, quiet: bool = False) -> int:
    """0 when ``path`` holds the same manifests as ``text``, else 1 with a unified diff on stdout (with
    ``update``: the file rewritten instead).

    The comparison is on the parsed data (YAML or JSON), so re-indenting or re-quoting a committed
    file does not make it stale; the diff shows the text."""
    import difflib

    from opctl.inputs import load_string
    from opctl.source import load_path

    committed = load_path(path) if os.path.exists(path) else None
    if committed is not None and not committed.fatal:
        old = [d.data for d in committed.documents]
        if old == [d.data for d in load_string(text, "compiled").documents]:
            if not quiet:
                click.echo(f"{path}: up to date", err=True)
            return ExitCode.OK
    if update:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        write_atomically(path, text)
        click.echo(f"{path}: {'updated' if committed is not None else 'written'}", err=True)
        return ExitCode.FINDINGS
    if committed is None or committed.fatal or committed.source is None:
        if committed is not None:
            print_findings(committed.diagnostics, {path: committed.source} if committed.source else {})
        why = "is missing" if committed is None else "cannot be read"
        click.echo(f"{path}: the committed manifest {why}", err=True)
        return ExitCode.FINDINGS
    diff = difflib.unified_diff(
        committed.source.text.splitlines(keepends=True),
        text.splitlines(keepends=True),
        fromfile=path,
        tofile=f"{path} (compiled now)",
    )
    sys.stdout.writelines(line if line.endswith("\n") else line + "\n" for line in diff)
    click.echo(f"{path}: stale: the template compiles to a different manifest", err=True)
    return ExitCode.FINDINGS
