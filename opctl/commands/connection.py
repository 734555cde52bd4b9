"""Click options for talking to an Argo Server (shared by ``submit``, the workflow commands and
``lint --server``), and the ``--timeout`` deadline of a command."""

from __future__ import annotations

import contextlib
import math
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import click

from opctl.argo.settings import ConnectionSettings
from opctl.diagnostics import ExitCode

if TYPE_CHECKING:
    from opctl.argo.deadline import Deadline

CONNECTION_PARAMS = (
    "argo_server",
    "secure",
    "insecure_skip_verify",
    "argo_base_href",
    "header",
    "namespace",
    "ca_cert",
    "request_timeout",
)


class DurationType(click.ParamType):
    """``30s``, ``5m``, ``1h30m``, ``250ms`` or a number of seconds, as a float of seconds."""

    name = "duration"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, int | float):
            return float(value)
        from opctl.argo.wait import parse_duration

        try:
            return parse_duration(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DURATION = DurationType()


def connection_options(
    func: Callable[..., Any] | None = None, *, namespace: bool = True
) -> Callable[..., Any]:
    """Add the argo CLI's connection flags. Each one overrides its environment variable.

    ``namespace=False`` leaves out ``-n/--namespace`` for commands that already have one (submit takes
    the compile option, which also sets metadata.namespace).
    """
    if func is None:
        return lambda f: connection_options(f, namespace=namespace)
    options = [
        click.option(
            "-s",
            "--argo-server",
            metavar="HOST:PORT",
            help="Argo Server address, no scheme [env ARGO_SERVER].",
        ),
        click.option(
            "--secure/--insecure",
            "secure",
            default=None,
            help="Use TLS (the default) or plain HTTP [env ARGO_SECURE, TLS unless 'false'].",
        ),
        click.option(
            "-k",
            "--insecure-skip-verify",
            is_flag=True,
            default=None,
            help="Do not verify the server's TLS certificate [env ARGO_INSECURE_SKIP_VERIFY=true].",
        ),
        click.option(
            "--argo-base-href",
            metavar="PATH",
            help="Path prefix of the Argo Server, e.g. /argo [env ARGO_BASE_HREF].",
        ),
        click.option(
            "-H",
            "--header",
            multiple=True,
            metavar="'NAME: VALUE'",
            help="Extra HTTP header (repeatable).",
        ),
        click.option(
            "--ca-cert",
            metavar="FILE",
            help="PEM file of the CA that signed the server's certificate (private CAs).",
        ),
        click.option(
            "--request-timeout",
            type=DURATION,
            metavar="DURATION",
            help="How long to wait for the server to answer one request [default 60s].",
        ),
    ]
    if namespace:
        options.append(
            click.option(
                "-n",
                "--namespace",
                metavar="NS",
                help="Namespace [env ARGO_NAMESPACE; else metadata.namespace; else default].",
            )
        )
    for option in reversed(options):
        func = option(func)
    return func


def settings_from_kwargs(kwargs: dict[str, Any]) -> ConnectionSettings:
    """Build ``ConnectionSettings`` from the flags (popped from ``kwargs``) and the environment.

    The token comes only from ARGO_TOKEN: a command-line token would show in ``ps`` and shell history.
    """
    from opctl.argo.settings import resolve_settings

    values = {name: kwargs.pop(name, None) for name in CONNECTION_PARAMS}
    settings = resolve_settings(
        server=values["argo_server"],
        secure=values["secure"],
        insecure_skip_verify=values["insecure_skip_verify"] or None,
        base_href=values["argo_base_href"],
        namespace=values["namespace"],
        headers=values["header"] or (),
        ca_cert=values["ca_cert"],
    )
    if values["request_timeout"]:
        from dataclasses import replace

        timeout = float(values["request_timeout"])
        if not math.isfinite(timeout):  # DURATION refuses these; a library caller might not
            raise ValueError(f"request timeout {timeout!r} is not a finite number of seconds")
        settings = replace(settings, read_timeout=timeout, connect_timeout=min(settings.connect_timeout, timeout))
    return settings


# How long past --timeout the process may live at most: the orderly path (report, exit 4) normally
# finishes well before; the watchdog guarantees "within a second" whatever a server or thread does.
WATCHDOG_GRACE = 0.75


@contextlib.contextmanager
def command_deadline(seconds: float | None, *, what: str = "opctl") -> Iterator[Deadline | None]:
    """The ``--timeout`` deadline of a whole command, with a watchdog that ends the process with exit 4
    ``WATCHDOG_GRACE`` seconds after it should anything still be blocked then; disarmed when the
    command returns (or raises) in time. The watchdog is armed only when opctl is the process
    (``opctl.cli.main``), never inside a test runner or another program."""
    if seconds is None:
        yield None
        return
    import time

    from opctl.argo.deadline import Deadline
    from opctl.commands import stdio

    # counted from the start of the command line (option parsing and imports included) when known
    process = stdio.started
    deadline = Deadline(end=(process if process is not None else time.monotonic()) + seconds, seconds=seconds)
    if process is None:  # inside another program (a test runner): never end its process
        yield deadline
        return
    timer = threading.Timer(max(0.0, deadline.remaining()) + WATCHDOG_GRACE, _watchdog, args=(what, seconds))
    timer.daemon = True
    timer.start()
    try:
        yield deadline
    finally:
        timer.cancel()


def _watchdog(what: str, seconds: float) -> None:
    import os
    import sys

    from opctl.argo.wait import format_timeout

    with contextlib.suppress(Exception):  # stdout may be closed or full: the exit code still counts
        sys.stdout.flush()
    with contextlib.suppress(OSError):
        os.write(2, f"opctl: error: {what} timed out after {format_timeout(seconds)} (--timeout)\n".encode())
    os._exit(int(ExitCode.TIMEOUT))
