"""``opctl rules``: the rule catalogue, for people choosing what to disable."""

from __future__ import annotations

import json

import click


@click.command("rules")
@click.option("-o", "--output", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules(output: str) -> None:
    """List every lint rule: id, family, default severity, summary."""
    from opctl.lint import all_rules

    catalogue = sorted(all_rules().values(), key=lambda r: (r.family, r.id))  # type: ignore[attr-defined]
    if output == "json":
        click.echo(
            json.dumps(
                [
                    {"id": r.id, "family": r.family, "severity": str(r.severity), "summary": r.summary}
                    for r in catalogue
                ],
                indent=2,
            )
        )
        return
    width = max(len(r.id) for r in catalogue)
    for r in catalogue:
        click.echo(f"{r.id:<{width}}  {r.family:<10}  {str(r.severity):<7}  {r.summary}")
