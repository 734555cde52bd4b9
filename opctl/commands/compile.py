"""``opctl compile``: parse options, call opctl.compile, write the manifest, choose the exit code."""

from __future__ import annotations

import sys

import click

from opctl.commands.common import color_option, compile_paths, exit_with_error, print_findings, write_atomically
from opctl.commands.compile_options import compile_options, options_from_kwargs
from opctl.diagnostics import ExitCode, OpctlError

EPILOG = """\b
Examples:
  opctl compile template.yaml > argo.yaml
  opctl compile template.yaml -p epochs=5 --parameter-file params.yaml --namespace team-a
  opctl compile template.yaml --defaults opctl.yaml --output argo.yaml
  opctl compile template.yaml --check argo.yaml          # in CI: exit 1 and a diff when stale
  opctl compile template.yaml --kind cronworkflow --schedule '0 2 * * *' --name nightly

\b
Exit codes:
  0  compiled (warnings are printed on stderr); with --check: the file is up to date
  1  the template has lint or compile errors; with --check: the file is stale (diff on stdout)
  2  usage error, unreadable or unparseable input or defaults file, nothing to compile
"""


@click.command("compile", epilog=EPILOG)
@click.argument("paths", nargs=-1, required=True, metavar="FILE...")
@click.option(
    "-o",
    "--output-format",
    "output_format",
    type=click.Choice(["yaml", "json"]),
    default="yaml",
    show_default=True,
    help="Manifest format.",
)
@click.option(
    "--output",
    "output_file",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Write the manifest to FILE (atomically) instead of stdout.",
)
@click.option(
    "--check",
    "check_file",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Compare with a committed manifest: exit 1 with a unified diff when it is stale.",
)
@color_option("the findings on stderr")
@compile_options
def compile_command(
    paths: tuple[str, ...],
    output_format: str,
    output_file: str | None,
    check_file: str | None,
    color: str,
    **kwargs: object,
) -> None:
    """Compile Onepanel workflow templates into native Argo manifests.

    FILE may be a file, a directory (its *.yaml, *.yml and *.json files) or - for stdin. Several
    templates give a multi-document output. See docs/compile.md for the namespace-defaults file and
    what each compiler pass does.
    """
    from opctl.compile.emit import to_json

    if output_file and check_file:
        raise click.UsageError("--output and --check cannot be used together")
    try:
        result = compile_paths(paths, options_from_kwargs(kwargs), verb="compile", color=color)
        if not result.ok:
            sys.exit(result.exit_code)
        text = to_json(result.manifests) if output_format == "json" else result.to_yaml()
        if check_file:
            sys.exit(check_against(check_file, text))
        if output_file and output_file != "-":
            write_atomically(output_file, text)
            return
    except OpctlError as exc:
        exit_with_error(exc)
    sys.stdout.write(text)
    sys.stdout.flush()


def check_against(path: str, text: str) -> int:
    """0 when ``path`` holds the same manifests as ``text``, else 1 with a unified diff on stdout.

    The comparison is on the parsed data (YAML or JSON), so re-indenting or re-quoting a committed
    file does not make it stale; the diff shows the text."""
    import difflib

    from opctl.inputs import load_string
    from opctl.source import load_path

    committed = load_path(path)
    if committed.fatal:
        print_findings(committed.diagnostics, {path: committed.source} if committed.source else {})
        click.echo(f"{path}: the committed manifest cannot be read; write it with --output {path}", err=True)
        return ExitCode.FINDINGS
    fresh = load_string(text, "compiled")
    old = [d.data for d in committed.documents]
    new = [d.data for d in fresh.documents]
    if old == new:
        click.echo(f"{path}: up to date", err=True)
        return ExitCode.OK
    assert committed.source is not None
    diff = difflib.unified_diff(
        committed.source.text.splitlines(keepends=True),
        text.splitlines(keepends=True),
        fromfile=path,
        tofile=f"{path} (compiled now)",
    )
    sys.stdout.writelines(line if line.endswith("\n") else line + "\n" for line in diff)
    click.echo(
        f"{path}: stale: the template compiles to a different manifest; update it with --output {path}", err=True
    )
    return ExitCode.FINDINGS
