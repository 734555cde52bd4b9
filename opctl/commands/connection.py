"""Click options for talking to an Argo Server (shared by ``submit`` and ``lint --server``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from opctl.argo.settings import ConnectionSettings

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
        settings = replace(settings, read_timeout=timeout, connect_timeout=min(settings.connect_timeout, timeout))
    return settings
