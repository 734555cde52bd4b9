"""The ``opctl`` command line: a click group whose commands load lazily.

Exit codes: 0 clean; 1 lint errors (or warnings with --strict) or, with submit --wait, a Failed or
Error workflow; 2 usage error, unreadable or unparseable input, nothing to lint; 3 Argo Server or
network error; 4 --timeout reached.
"""

from __future__ import annotations

import gc
import importlib
import sys

import click

from opctl import __version__

# command name -> "module:attribute"; imported only when the command runs (fast --help/--version)
COMMANDS = {
    "lint": ("opctl.commands.lint:lint", "Lint templates offline; every finding at file:line:col."),
    "compile": ("opctl.commands.compile:compile_command", "Compile templates into native Argo manifests."),
    "submit": ("opctl.commands.submit:submit", "Compile and submit to an Argo Server; optionally wait."),
    "get": ("opctl.commands.workflows:get_command", "Show a workflow: phase, duration, progress, every node."),
    "watch": ("opctl.commands.workflows:watch_command", "Follow a running workflow; exit by its final phase."),
    "logs": ("opctl.commands.workflows:logs_command", "Print (or --follow) a workflow's logs, by task."),
    "terminate": ("opctl.commands.workflows:terminate_command", "Stop a running workflow."),
    "list": ("opctl.commands.workflows:list_command", "List recent workflows with phase and duration."),
    "rules": ("opctl.commands.rules:rules", "List every id opctl can print, with its severity and summary."),
    "schema": ("opctl.commands.schema:schema", "Print a JSON Schema for editors and validators."),
    "graph": ("opctl.commands.graph:graph_command", "Draw a DAG: mermaid, Graphviz dot, terminal layers, JSON."),
    "simulate": ("opctl.commands.simulate:simulate_command", "Simulate offline what Argo runs when tasks fail."),
    "completion": ("opctl.commands.completion:completion", "Print the shell completion script (bash, zsh, fish)."),
}

EPILOG = """\b
Exit codes:
  0  success, no findings at error level
  1  lint/compile errors (warnings too with --strict); submit --wait: workflow Failed/Error;
     simulate: the workflow would end Failed/Error or never finish
  2  usage error, unreadable or unparseable input, nothing to lint; simulate: undecidable
  3  Argo Server or network error
  4  --timeout reached (submit, get, watch, logs, terminate, list)
"""


class LazyGroup(click.Group):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["opctl.argv"] = list(args)  # for hints that print the exact command to run again
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target[0].split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            return None
        return getattr(module, attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Short help from the table above, so --help does not import every command.
        with formatter.section("Commands"):
            formatter.write_dl([(name, help_text) for name, (_, help_text) in COMMANDS.items()])


@click.group(cls=LazyGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="opctl")
def cli() -> None:
    """Lint, compile and submit Onepanel workflow templates as native Argo Workflows."""


def main() -> None:
    # A 20,000-task template allocates millions of containers that all live until exit; the default
    # thresholds rescan them over and over (about 10% of the run). Cycles are still collected.
    gc.set_threshold(100_000, 50, 1000)
    from opctl.commands.stdio import run_checked

    try:
        run_checked(lambda: cli.main(prog_name="opctl"))
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
