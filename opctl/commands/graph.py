"""``opctl graph``: draw the entrypoint DAG (or a named DAG template) of one workflow."""

from __future__ import annotations

import shutil
import sys

import click

from opctl.commands.common import exit_with_error, write_atomically
from opctl.diagnostics import OpctlError

EPILOG = """\b
Examples:
  opctl graph train.yaml                    # Mermaid: paste into a README or a PR comment
  opctl graph train.yaml -o dot | dot -Tsvg > train.svg
  opctl graph train.yaml -o ascii           # by layers, fits the terminal
  opctl graph train.yaml --template inner -o json

\b
Edges carry the `depends` condition when it is not plain success (C.Failed); `when` is shown on
the guarded task; loops are drawn as a stacked box; nested DAGs as subgraphs; exit handlers and
lifecycle hooks as dashed edges.

\b
Exit codes:
  0  drawn
  2  usage error, unreadable input, no such DAG template
"""


@click.command("graph", epilog=EPILOG)
@click.argument("path", metavar="FILE")
@click.option("--template", "template", metavar="NAME", help="Draw this DAG template instead of the entrypoint.")
@click.option(
    "-o",
    "--output",
    "output_format",
    type=click.Choice(["mermaid", "dot", "ascii", "json"]),
    default="mermaid",
    show_default=True,
    help="Drawing format.",
)
@click.option(
    "--output-file", metavar="FILE", type=click.Path(dir_okay=False), help="Write the drawing to FILE (atomically)."
)
@click.option("--width", type=click.IntRange(min=20), help="Line width of -o ascii (default: the terminal's, or 80).")
def graph_command(
    path: str, template: str | None, output_format: str, output_file: str | None, width: int | None
) -> None:
    """Draw the entrypoint DAG of FILE (an Onepanel template or an Argo manifest; - for stdin)."""
    from opctl.commands.documents import load_one_spec
    from opctl.graph import GraphError, build_graph, render

    try:
        doc = load_one_spec(path)
        assert doc.spec is not None
        try:
            graph = build_graph(doc.spec, doc.spec_pointer, template)
        except GraphError as exc:
            raise OpctlError(f"{doc.file}: {exc.message}", hint=exc.hint) from None
        if width is None:
            width = shutil.get_terminal_size((80, 24)).columns if sys.stdout.isatty() else 80
        text = render(output_format, graph, width=width)
        if output_file and output_file != "-":
            write_atomically(output_file, text)
            return
    except OpctlError as exc:
        exit_with_error(exc)
    sys.stdout.write(text)
    sys.stdout.flush()
