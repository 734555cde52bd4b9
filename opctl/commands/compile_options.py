"""The compile flags shared by ``opctl compile`` and ``opctl submit``.

@click.command()
@compile_options
def submit(paths, **kwargs):
    options = options_from_kwargs(kwargs)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from opctl.compile.api import CompileOptions

COMPILE_OPTION_NAMES = (
    "parameter",
    "parameter_file",
    "defaults",
    "kind",
    "schedule",
    "name",
    "generate_name",
    "namespace",
)


_PARAMETER_NAME = re.compile(r"^[-a-zA-Z0-9_]+$")  # Argo's parameter names (lint/names.py IO_NAME)


def _parse_parameter(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[tuple[str, str]]:
    pairs = []
    for raw in values:
        name, sep, value = raw.partition("=")
        if not sep or not name:
            # the argo CLI's message, so people recognise it
            raise click.BadParameter(f"expected parameter of the form: NAME=VALUE. Received: {raw}")
        if not _PARAMETER_NAME.match(name):
            # Argo refuses such a name (validate.go); it is a typo, not a compiler problem
            raise click.BadParameter(
                f"{name!r} is not a parameter name: use letters, digits, '_' and '-' (NAME=VALUE)"
            )
        pairs.append((name, value))
    return pairs


def compile_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the shared compile flags to a click command (they arrive as keyword arguments)."""
    decorators = [
        click.option(
            "-p",
            "--parameter",
            "parameter",
            multiple=True,
            metavar="NAME=VALUE",
            callback=_parse_parameter,
            help="Set a workflow parameter (repeatable); passed parameters come first, as in Onepanel.",
        ),
        click.option(
            "--parameter-file",
            "parameter_file",
            multiple=True,
            metavar="FILE",
            type=click.Path(dir_okay=False),
            help="YAML/JSON map of name: value, or list of {name, value}; -p wins (repeatable).",
        ),
        click.option(
            "--defaults",
            "defaults",
            metavar="FILE",
            type=click.Path(dir_okay=False),
            help="Namespace-defaults file [default: $OPCTL_DEFAULTS, else opctl.yaml in the working "
            "directory or a parent, else built-in defaults].",
        ),
        click.option(
            "--kind",
            "kind",
            type=click.Choice(["workflow", "workflowtemplate", "cronworkflow"], case_sensitive=False),
            default=None,
            help="Argo kind to emit [default: workflow; cronworkflow with --schedule].",
        ),
        click.option(
            "--schedule",
            "schedule",
            multiple=True,
            metavar="CRON",
            help="Cron schedule of a CronWorkflow (repeatable).",
        ),
        click.option("--name", "name", metavar="NAME", help="metadata.name instead of a generated name."),
        click.option("--generate-name", "generate_name", metavar="PREFIX", help="metadata.generateName."),
        click.option(
            "-n",
            "--namespace",
            "namespace",
            metavar="NAMESPACE",
            help="Namespace: metadata.namespace and {{workflow.namespace}} in parameter values "
            "[default: the defaults file's namespace].",
        ),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def options_from_kwargs(kwargs: dict[str, Any]) -> CompileOptions:
    """CompileOptions from a command's keyword arguments (the compile flags; others are ignored)."""
    from opctl.compile.api import CompileOptions  # not at import: `opctl compile --help` needs no compiler

    return CompileOptions(
        parameters=list(kwargs.get("parameter") or ()),  # (name, value) pairs from _parse_parameter
        parameter_files=list(kwargs.get("parameter_file") or ()),
        defaults_file=kwargs.get("defaults") or None,
        kind=kwargs.get("kind") or None,
        schedules=list(kwargs.get("schedule") or ()),
        name=kwargs.get("name") or None,
        generate_name=kwargs.get("generate_name") or None,
        namespace=kwargs.get("namespace") or None,
    )
