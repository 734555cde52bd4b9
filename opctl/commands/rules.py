"""``opctl rules``: the catalogue of every id opctl can print, for people choosing what to disable."""

from __future__ import annotations

import json

import click

from opctl.commands.common import FormatChoice


@click.command("rules")
@click.argument("rule_ids", nargs=-1, metavar="[RULE]...")
@click.option(
    "-o",
    "--output",
    type=FormatChoice(["human", "json", "markdown"], aliases={"text": "human"}),  # `text` was its name in 0.1
    default="human",
    show_default=True,
    help="Output format, named as in `opctl lint`; markdown: the documentation page (docs/rules.md).",
)
def rules(rule_ids: tuple[str, ...], output: str) -> None:
    """List every id opctl can print: id, family, default severity, summary; with RULE, explain it.

    Lint rules, input and YAML findings, compile and namespace-defaults findings, server findings:
    each can be named in `disable:`/`severity:` and in `# opctl: ignore[...]`, except those marked
    as not configurable (input that cannot be read, usage errors).

    `opctl rules dag-cycle` explains one: what it checks, why it matters on Argo/Onepanel, a failing
    and a fixed example, whether `opctl lint --fix` fixes it."""
    from opctl.catalogue import all_rules
    from opctl.rule_docs import render_markdown, render_text, to_data

    known = all_rules()
    if rule_ids:
        unknown = [rule_id for rule_id in rule_ids if rule_id not in known]
        if unknown:
            from opctl.suggest import did_you_mean

            raise click.BadParameter(
                f"unknown rule id '{unknown[0]}'{did_you_mean(unknown[0], known)}; `opctl rules` lists them all",
                param_hint="RULE",
            )
        chosen = [known[rule_id] for rule_id in rule_ids]
    else:
        chosen = sorted(known.values(), key=lambda r: (r.family, r.id))
    if output == "markdown":
        click.echo(render_markdown(chosen), nl=False)
    elif output == "json" and rule_ids:
        data = [to_data(rule) for rule in chosen]
        click.echo(json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False))
    elif output == "json":
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
                    for r in chosen
                ],
                indent=2,
            )
        )
    elif rule_ids:
        click.echo("\n".join(render_text(rule) for rule in chosen), nl=False)
    else:
        width = max(len(r.id) for r in chosen)
        for r in chosen:
            fixed = "" if r.disableable else "  (not configurable)"
            click.echo(f"{r.id:<{width}}  {r.family:<10}  {str(r.severity):<7}  {r.summary}{fixed}")
