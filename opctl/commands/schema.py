"""``opctl schema``: print a standalone JSON Schema for editors and generic validators."""

from __future__ import annotations

import click

from opctl.commands.common import exit_with_error, write_atomically
from opctl.diagnostics import OpctlError

HELP = """Print a JSON Schema (draft 2020-12) for Onepanel templates or Argo manifests.

\b
Editors (yaml-language-server: VS Code, Neovim, JetBrains) complete and
check fields with it; so do generic validators such as check-jsonschema:
  opctl schema --output-file .schemas/onepanel.json
  # yaml-language-server: $schema=.schemas/onepanel.json   (first line of a template)
  check-jsonschema --schemafile .schemas/onepanel.json templates/*.yaml
See docs/editors.md. The schema checks structure only (unknown fields, types);
`opctl lint` checks everything else.
"""


@click.command("schema", help=HELP, short_help="Print a JSON Schema for editors and validators.")
@click.option(
    "--for",
    "target",
    type=click.Choice(["onepanel", "argo"]),
    default="onepanel",
    show_default=True,
    help="onepanel: a bare Onepanel template (or its metadata + spec form); argo: Argo workflow manifests.",
)
@click.option("--output-file", metavar="FILE", help="Write the schema to FILE (atomically) instead of stdout.")
def schema(target: str, output_file: str | None) -> None:
    import json

    from opctl.schema import editor_schema

    text = json.dumps(editor_schema(target), indent=2, ensure_ascii=False) + "\n"  # type: ignore[arg-type]
    if output_file in (None, "-"):
        click.echo(text, nl=False)
        return
    try:
        write_atomically(output_file, text)
    except OpctlError as exc:
        exit_with_error(exc)
