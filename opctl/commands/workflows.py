"""The follow-up commands argo users expect after ``submit``: ``get``, ``watch``, ``logs``,
``terminate`` and ``list``, with submit's connection settings, ``--timeout``, ``-o`` and exit codes."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from opctl.commands.common import FormatChoice, exit_with_error
from opctl.commands.connection import CONNECTION_PARAMS, DURATION, command_deadline, connection_options
from opctl.diagnostics import ExitCode, OpctlError

EPILOG = """\b
Connection (as the argo CLI): ARGO_SERVER=host:port, ARGO_SECURE, ARGO_INSECURE_SKIP_VERIFY,
ARGO_BASE_HREF, ARGO_NAMESPACE and ARGO_TOKEN (never printed).

\b
Exit codes:
  0  done (watch: the workflow Succeeded)
  1  watch: the workflow Failed, Error or was deleted
  2  usage error (an unknown --task, say)
  3  Argo Server or network error (a workflow that does not exist)
  4  --timeout reached
"""


def workflow_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Connection flags (with -n), ``--timeout`` and ``-v``: the same as ``submit``'s."""
    func = click.option("-v", "--verbose", is_flag=True, help="Trace requests to stderr (the token is redacted).")(func)
    func = click.option(
        "--timeout", type=DURATION, metavar="DURATION", help="Hard limit for the whole command, e.g. 30s, 5m (exit 4)."
    )(func)
    return connection_options(func)


def _run(what: str, kwargs: dict[str, Any], body: Callable[[Any, str], int | None]) -> None:
    """Build the client under the command's deadline, run ``body(client, namespace)``, exit with its code."""
    from opctl.argo.client import ArgoClient
    from opctl.commands.connection import settings_from_kwargs

    code: int | None = None
    try:
        with command_deadline(kwargs.pop("timeout"), what=what) as deadline:
            verbose = kwargs.pop("verbose")
            settings = settings_from_kwargs({k: kwargs.pop(k) for k in list(kwargs) if k in CONNECTION_PARAMS})
            trace = (lambda line: click.echo(line, err=True)) if verbose else None
            client = ArgoClient(settings, trace=trace, deadline=deadline)
            try:
                code = body(client, settings.effective_namespace)
            finally:
                client.close()
    except OpctlError as err:
        exit_with_error(err)
    sys.exit(int(code or 0))


def _echo(client: Any, text: str) -> None:
    click.echo(client.redactor.text(text))


@click.command("get", epilog=EPILOG)
@click.argument("name")
@workflow_options
@click.option(
    "-o", "--output", "output_format", type=FormatChoice(["summary", "name", "json", "yaml"]), default="summary",
    show_default=True, help="summary (header and node tree, as argo get), name, json or yaml.",
)  # fmt: skip
def get_command(name: str, output_format: str, **kwargs: Any) -> None:
    """Show a workflow: phase, start, duration, progress and every node (duration, pod, message)."""

    def body(client: Any, namespace: str) -> int:
        workflow = client.get_workflow(namespace, name)
        _echo(client, render_workflow(workflow, output_format))
        return ExitCode.OK

    _run("get", kwargs, body)


def render_workflow(workflow: dict[str, Any], output_format: str) -> str:
    from opctl.argo.render import workflow_text
    from opctl.compile.emit import to_json, to_yaml

    if output_format == "name":
        return str((workflow.get("metadata") or {}).get("name") or "")
    if output_format == "json":
        return to_json([workflow]).rstrip("\n")
    if output_format == "yaml":
        return to_yaml([workflow]).rstrip("\n")
    return workflow_text(workflow)


@click.command("watch", epilog=EPILOG)
@click.argument("name")
@workflow_options
@click.option("--terminate-on-timeout", is_flag=True, help="Terminate the workflow when --timeout is reached.")
def watch_command(name: str, terminate_on_timeout: bool, **kwargs: Any) -> None:
    """Follow a running workflow (a live tree on a terminal, one line per change otherwise) until it
    ends; the exit code follows its final phase, as `submit --wait`."""
    if terminate_on_timeout and kwargs.get("timeout") is None:
        exit_with_error(OpctlError("--terminate-on-timeout needs --timeout", exit_code=ExitCode.USAGE))

    def body(client: Any, namespace: str) -> int:
        from opctl.commands.submit import Printer, follow_one

        workflow = client.get_workflow(namespace, name)
        printer = Printer(None, client.redactor)
        opts = {"watch": True, "log": False, "terminate_on_timeout": terminate_on_timeout}
        result = follow_one(client, namespace, name, workflow, opts, printer)
        return int(result.exit_code)

    _run("watch", kwargs, body)


@click.command("logs", epilog=EPILOG)
@click.argument("name")
@workflow_options
@click.option("-f", "--follow", is_flag=True, help="Keep printing new lines until the workflow ends.")
@click.option("--task", metavar="TASK", help="Only this DAG task's pod(s) (as shown by opctl get).")
@click.option("-c", "--container", default="main", show_default=True, help="Container of the pods.")
def logs_command(name: str, follow: bool, task: str | None, container: str, **kwargs: Any) -> None:
    """Print a workflow's logs, each line prefixed by its task (only the lines with --task)."""

    def body(client: Any, namespace: str) -> int:
        from opctl.argo.render import task_for_pod, task_pods
        from opctl.argo.wait import is_finished

        workflow = client.get_workflow(namespace, name)
        pods: set[str] | None = None
        if task is not None:
            pods = task_pods(workflow, task)
        single = next(iter(pods)) if pods is not None and len(pods) == 1 else None

        def done() -> bool:
            try:
                return is_finished(client.get_workflow(namespace, name))
            except OpctlError:
                return True

        for entry in client.follow_logs(
            namespace, name, container=container, pod_name=single, follow=follow, workflow_done=done
        ):
            pod = entry["podName"]
            if pods is not None and pod not in pods:
                continue
            if task is not None:
                _echo(client, entry["content"])
            else:
                _echo(client, f"{task_for_pod(workflow, pod) or pod}: {entry['content']}")
        return ExitCode.OK

    _run("logs", kwargs, body)


@click.command("terminate", epilog=EPILOG)
@click.argument("name")
@workflow_options
def terminate_command(name: str, **kwargs: Any) -> None:
    """Stop a running workflow now (exit handlers still run), as `argo terminate`."""

    def body(client: Any, namespace: str) -> int:
        client.terminate_workflow(namespace, name)
        _echo(client, f"workflow {name} terminated")
        return ExitCode.OK

    _run("terminate", kwargs, body)


@click.command("list", epilog=EPILOG)
@workflow_options
@click.option("-l", "--selector", metavar="KEY=VALUE[,...]", help="Only workflows with these labels.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True, help="At most this many.")
@click.option(
    "-o", "--output", "output_format", type=FormatChoice(["table", "wide", "name", "json", "yaml"]), default="table",
    show_default=True, help="table (name, status, age, duration, progress), wide (with message), name, json or yaml.",
)  # fmt: skip
def list_command(selector: str | None, limit: int, output_format: str, **kwargs: Any) -> None:
    """List recent workflows of the namespace, newest first, with phase and duration."""

    def body(client: Any, namespace: str) -> int:
        from opctl.argo.render import workflow_table
        from opctl.compile.emit import to_json, to_yaml

        items = client.list_workflows(namespace, limit=limit, label_selector=selector)
        items.sort(key=lambda w: str((w.get("metadata") or {}).get("creationTimestamp") or ""), reverse=True)
        if output_format == "name":
            text = "\n".join(str((w.get("metadata") or {}).get("name") or "") for w in items)
        elif output_format == "json":
            text = to_json([{"items": items}]).rstrip("\n")
        elif output_format == "yaml":
            text = to_yaml([{"items": items}]).rstrip("\n")
        else:
            text = workflow_table(items, wide=output_format == "wide")
        if text:
            _echo(client, text)
        elif output_format in ("table", "wide"):
            click.echo(f"no workflows in namespace {namespace}", err=True)
        return ExitCode.OK

    _run("list", kwargs, body)
