"""What the commands share: colour choice, atomic output files, findings and errors printed to stderr,
reading and compiling the inputs of compile and submit."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import click

from opctl.diagnostics import Diagnostic, ExitCode, OpctlError

if TYPE_CHECKING:
    from opctl.compile.api import CompileOptions, CompileResult
    from opctl.source import SourceFile


def color_option(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The ``--color auto|always|never`` flag; ``what`` says what gets coloured."""
    return click.option(
        "--color",
        type=click.Choice(["auto", "always", "never"]),
        default="auto",
        show_default=True,
        help=f"Colour {what}; auto = only on a terminal and when NO_COLOR is unset.",
    )


def use_color(mode: str, stream: object) -> bool:
    """``--color``, then NO_COLOR (https://no-color.org), then FORCE_COLOR, then whether it is a terminal."""
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0", "false"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """``reading files 120/5,000`` on one line of stderr, rewritten in place: only on a terminal, only
    once the work has taken ``delay`` seconds (short runs print nothing), at most ten times a second.
    :meth:`close` erases it before the report and the summary are printed."""

    def __init__(self, stream: Any = None, delay: float = 1.0) -> None:
        import time

        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"
        self.clock = time.monotonic
        self.start = self.clock()
        self.delay = delay
        self.last = 0.0
        self.shown = False

    def __call__(self, what: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if now - self.start < self.delay or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        self.stream.write(f"\r\x1b[K{what} {done:,}/{total:,}")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


class FormatChoice(click.Choice):
    """A format name for ``-o/--output``. Old names are accepted (``text`` for ``human``); a value
    that looks like a file name gets a hint to use ``--output-file`` (``--output`` named the file
    in opctl 0.1)."""

    name = "format"

    def __init__(self, choices: Sequence[str], aliases: dict[str, str] | None = None) -> None:
        super().__init__(list(choices))
        self.aliases = aliases or {}

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and value in self.aliases:
            return self.aliases[value]
        if isinstance(value, str) and value not in self.choices and ("." in value or "/" in value):
            self.fail(
                f"{value!r} is not a format ({', '.join(map(str, self.choices))}); "
                f"-o/--output names the format: write to a file with --output-file {value}",
                param,
                ctx,
            )
        return super().convert(value, param, ctx)


def command_line(*extra: str) -> str:
    """The command being run, as a user would type it again, with ``extra`` arguments appended."""
    import shlex

    ctx = click.get_current_context(silent=True)
    argv = ctx.find_root().meta.get("opctl.argv") if ctx is not None else None
    return shlex.join(["opctl", *(argv if argv is not None else sys.argv[1:]), *extra])


def output_options(
    formats: Sequence[str], default: str | None, help_text: str, *, aliases: dict[str, str] | None = None
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The flags every command shares: ``-o/--output FORMAT`` and ``--output-file FILE``."""

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        function = click.option(
            "--output-file",
            "output_file",
            metavar="FILE",
            type=click.Path(dir_okay=False),
            help="Write to FILE (atomically) instead of stdout; - is stdout.",
        )(function)
        return click.option(
            "-o",
            "--output",
            "output_format",
            type=FormatChoice(formats, aliases),
            default=default,
            show_default=default is not None,
            help=help_text,
        )(function)

    return decorate


def write_atomically(path: str, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same directory, then rename.

    A symlink keeps pointing where it did (its target is replaced); a device, FIFO or socket
    (``/dev/stdout``, ``/dev/null``, ``>(...)``) is written to directly, never replaced by a file."""
    import stat
    import tempfile

    try:
        mode = os.stat(path).st_mode  # through symlinks: /dev/stdout is one
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        try:
            with open(path, "w", encoding="utf-8", newline="") as out:
                out.write(text)
        except OSError as exc:
            raise OpctlError(f"cannot write --output-file {path}: {exc.strerror or exc}") from None
        return
    target = os.path.realpath(path)
    directory = os.path.dirname(target)
    try:
        handle, temporary = tempfile.mkstemp(prefix=".opctl-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OpctlError(
            f"cannot write --output-file {path}: {exc.strerror or exc}",
            hint="check the directory exists and is writable",
        ) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        # mkstemp creates the file 0600; give it the mode a plain open() would have
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except OSError as exc:
        os.unlink(temporary)
        raise OpctlError(f"cannot write --output-file {path}: {exc.strerror or exc}") from None
    except BaseException:
        os.unlink(temporary)
        raise


def print_findings(diagnostics: list[Diagnostic], sources: Mapping[str, SourceFile], color: str = "auto") -> None:
    """Compiler-style findings on stderr, with code frames (opctl.report's human format)."""
    if not diagnostics:
        return
    from opctl.report import Report, render

    painted = use_color(color, sys.stderr)
    report = Report(sorted(diagnostics, key=Diagnostic.sort_key), sources=sources)
    click.echo(render("human", report, color=painted), err=True, nl=False, color=painted or None)


def exit_with_error(err: OpctlError) -> NoReturn:
    """The one-line ``opctl: error:`` message and its hint on stderr, then the error's exit code.

    Control characters are shown as escapes: messages quote configuration files and server answers."""
    from opctl.report import printable

    click.echo(f"opctl: error: {printable(err.message)}", err=True)
    if err.hint:
        click.echo(f"  hint: {printable(err.hint)}", err=True)
    sys.exit(int(err.exit_code))


def compile_paths(paths: Sequence[str], options: CompileOptions, *, verb: str, color: str = "auto") -> CompileResult:
    """Compile ``paths`` (``opctl.compile.api.compile_paths``) and print the findings on stderr.

    Exits 2 when an input cannot be read or there is nothing to ``verb``; the caller decides what the
    result's errors mean. Raises ``OpctlError`` for a bad configuration file.
    """
    from opctl.compile.api import compile_paths as run

    outcome = run(paths, options)
    print_findings(outcome.diagnostics, outcome.sources, color)
    if outcome.result is None:
        if not outcome.diagnostics:
            exit_with_error(
                OpctlError(
                    f"nothing to {verb}: no *.yaml, *.yml or *.json files in {', '.join(paths)}",
                    hint="pass a template file, a directory holding templates, or - for stdin",
                )
            )
        sys.exit(ExitCode.USAGE)
    return outcome.result
