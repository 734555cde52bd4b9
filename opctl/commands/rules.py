"""``opctl rules``: the catalogue of every id opctl can print, for people choosing what to disable."""

from __future__ import annotations

import json

import click

from opctl.commands.common import FormatChoice


@click.command("rules")
@click.option(
    "-o",
    "--output",
    type=FormatChoice(["human", "json"], aliases={"text": "human"}),  # `text` was its name in 0.1
    default="human",
    show_default=True,
    help="Output format, named as in `opctl lint`.",
)
def rules(output: str) -> None:
    """List every id opctl can print: id, family, default severity, summary.

    Lint rules, input and YAML findings, compile and namespace-defaults findings, server findings:
    each can be named in `disable:`/`severity:` and in `# opctl: ignore[...]`, except those marked
    as not configurable (input that cannot be read, usage errors)."""
    from opctl.catalogue import all_rules

    catalogue = sorted(all_rules().values(), key=lambda r: (r.family, r.id))
    if output == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "family": r.family,
                        "severity": str(r.severity),
                        "summary": r.summary,
                        "configurable": r.disableable,
                        "fixable": r.fixable,
                    }
                    for r in catalogue
                ],
                indent=2,
            )
        )
        return
    width = max(len(r.id) for r in catalogue)
    for r in catalogue:
        fixed = "" if r.disableable else "  (not configurable)"
        click.echo(f"{r.id:<{width}}  {r.family:<10}  {str(r.severity):<7}  {r.summary}{fixed}")
