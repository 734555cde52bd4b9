"""``opctl completion bash|zsh|fish``: the shell's completion script, from click's shell completion."""

from __future__ import annotations

import click

SHELLS = ("bash", "zsh", "fish")
EPILOG = """\b
Install:
  bash  echo 'eval "$(opctl completion bash)"' >> ~/.bashrc
  zsh   echo 'eval "$(opctl completion zsh)"' >> ~/.zshrc
  fish  opctl completion fish > ~/.config/fish/completions/opctl.fish
"""


@click.command("completion", epilog=EPILOG)
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the completion script for SHELL (commands, options, rule ids are not completed)."""
    from click.shell_completion import get_completion_class

    from opctl.cli import cli

    completer = get_completion_class(shell)
    assert completer is not None  # every name in SHELLS is one of click's
    click.echo(completer(cli, {}, "opctl", "_OPCTL_COMPLETE").source())
