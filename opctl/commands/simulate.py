"""``opctl simulate``: parse the assumed outcomes, call opctl.simulate, render, choose the exit code."""

from __future__ import annotations

import sys

import click

from opctl.commands.common import color_option, exit_with_error, use_color, write_atomically
from opctl.diagnostics import ExitCode, OpctlError

EPILOG = """\b
Examples:
  opctl simulate train.yaml --fail train             # what runs when train fails?
  opctl simulate train.yaml --outcome train=Failed,Failed,Succeeded   # one result per retry attempt
  opctl simulate train.yaml --error 'fan(1:b)' --fail outer.inner --fail onExit
  opctl simulate train.yaml -p run-eval=false --assume check.outputs.parameters.ok=true
  opctl simulate train.yaml --fail train -o json     # {"phase", "tasks", "nodes"}
  opctl simulate train.yaml --fail train -o mermaid  # the graph coloured by the simulated phases
  opctl simulate wf.yaml --templates templates/      # resolve templateRef against WorkflowTemplates

\b
NODE: a task of the entrypoint DAG (train), a task of a DAG a task calls (outer.inner), a loop
child as Argo names it (fan(1:b); fan alone means every item), a task's exit handler
(train.onExit), a lifecycle hook (train.hooks.NAME), the workflow's exit handler (onExit).
Every leaf not named succeeds.

\b
Exit codes:
  0  the workflow would succeed
  1  the workflow would end Failed or Error, or never finish
  2  usage error, unreadable input, a template that cannot be simulated, or a `when`/withParam
     that reads a task output it does not know (give it with --assume)
"""

RESULTS = {"succeeded": "Succeeded", "failed": "Failed", "errored": "Error", "error": "Error"}


def _pairs(values: tuple[str, ...], flag: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name:
            raise click.UsageError(f"{flag} {value!r}: expected NAME=VALUE")
        pairs.append((name.strip(), rest))
    return pairs


@click.command("simulate", epilog=EPILOG)
@click.argument("path", metavar="FILE")
@click.option("--fail", "fail", multiple=True, metavar="NODE", help="Assume NODE fails (phase Failed).")
@click.option("--error", "error", multiple=True, metavar="NODE", help="Assume NODE errors (phase Error).")
@click.option(
    "--outcome",
    multiple=True,
    metavar="NODE=RESULT[,RESULT...]",
    help="Succeeded, Failed or Errored; a list gives one per retry attempt (the last repeats).",
)
@click.option("-p", "--parameter", "parameters", multiple=True, metavar="NAME=VALUE", help="Set a workflow parameter.")
@click.option(
    "--assume",
    multiple=True,
    metavar="TASK.outputs.parameters.P=VALUE",
    help="A task output the simulator cannot know (for a `when` or withParam that reads it).",
)
@click.option(
    "--templates",
    "template_paths",
    multiple=True,
    metavar="PATH",
    type=click.Path(),
    help="WorkflowTemplates that templateRef names (files or directories); other documents of FILE count too.",
)
@click.option(
    "-o",
    "--output",
    "output_format",
    type=click.Choice(["human", "json", "mermaid", "dot"]),
    default="human",
    show_default=True,
    help="Report format; mermaid and dot draw the graph coloured by the simulated phases.",
)
@click.option(
    "--output-file", metavar="FILE", type=click.Path(dir_okay=False), help="Write the report to FILE (atomically)."
)
@color_option("the human report")
def simulate_command(
    path: str,
    fail: tuple[str, ...],
    error: tuple[str, ...],
    outcome: tuple[str, ...],
    parameters: tuple[str, ...],
    assume: tuple[str, ...],
    template_paths: tuple[str, ...],
    output_format: str,
    output_file: str | None,
    color: str,
) -> None:
    """Simulate how Argo's controller runs the entrypoint DAG of FILE, offline.

    FILE is an Onepanel template or an Argo Workflow manifest (- for stdin). Prints which tasks
    run, which are Skipped or Omitted and why, every node's phase, the DAG's and the workflow's
    phase.
    """
    from opctl.commands.documents import load_one_spec, load_workflow_templates
    from opctl.document import Document
    from opctl.model import as_dict, templates_by_name
    from opctl.simulate import Scenario, SimulationError, simulate

    outcomes: dict[str, tuple[str, ...]] = {}
    for name in fail:
        outcomes[name] = ("Failed",)
    for name in error:
        outcomes[name] = ("Error",)
    for name, text in _pairs(outcome, "--outcome"):
        results = []
        for word in text.split(","):
            phase = RESULTS.get(word.strip().lower())
            if phase is None:
                raise click.UsageError(
                    f"--outcome {name}={text}: {word.strip()!r} is not a result; use Succeeded, Failed or Errored"
                )
            results.append(phase)
        outcomes[name] = tuple(results)
    scenario = Scenario(
        outcomes=outcomes,
        parameters=dict(_pairs(parameters, "-p")),
        assume={key.removeprefix("tasks."): value for key, value in _pairs(assume, "--assume")},
    )
    try:
        others: list[Document] = []
        doc = load_one_spec(path, color, others)
        assert doc.spec is not None
        library = {}
        for found in load_workflow_templates(template_paths, color, also=others):
            template_name = as_dict(found.data.get("metadata")).get("name")
            if isinstance(template_name, str) and found.spec is not None:
                library[template_name] = templates_by_name(found.spec, found.spec_pointer)
        try:
            result = simulate(doc.spec, scenario, spec_pointer=doc.spec_pointer, name=doc.name, library=library)
        except SimulationError as exc:
            raise OpctlError(f"{doc.file}: cannot simulate: {exc.message}", hint=exc.hint) from None
        if output_format == "json":
            import json

            text = json.dumps(result.to_json(), indent=2) + "\n"
        elif output_format in ("mermaid", "dot"):
            from opctl.graph import build_graph, render

            graph = build_graph(doc.spec, doc.spec_pointer)
            text = render(output_format, graph, phases=result)
        else:
            from opctl.simulate.report import human

            painted = output_file is None and use_color(color, sys.stdout)
            text = human(result, doc.file, scenario, color=painted)
        if output_file and output_file != "-":
            write_atomically(output_file, text)
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
    except OpctlError as exc:
        exit_with_error(exc)
    if result.undecidable:
        for why in dict.fromkeys(result.undecidable):
            click.echo(f"opctl: undecidable: {why}", err=True)
        sys.exit(ExitCode.USAGE)
    sys.exit(ExitCode.OK if result.phase == "Succeeded" else ExitCode.FINDINGS)
