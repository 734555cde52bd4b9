"""``opctl submit``: compile, create on the Argo Server, optionally wait/watch/log; exit by the outcome."""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import replace
from typing import Any

import click

from opctl.argo.client import object_label
from opctl.argo.redact import Redactor
from opctl.commands.common import compile_paths, exit_with_error
from opctl.commands.compile_options import COMPILE_OPTION_NAMES, compile_options
from opctl.commands.connection import (
    CONNECTION_PARAMS,
    DURATION,
    command_deadline,
    connection_options,
    settings_from_kwargs,
)
from opctl.diagnostics import ExitCode, OpctlError

OUTPUTS = ("name", "json", "yaml", "wide")
LOG_GRACE_SECONDS = 5.0  # how long to keep printing logs after the workflow finished

EPILOG = """\b
Connection (as the argo CLI): ARGO_SERVER=host:port, ARGO_SECURE, ARGO_INSECURE_SKIP_VERIFY,
ARGO_BASE_HREF, ARGO_NAMESPACE and ARGO_TOKEN ("Bearer <token>"; a bare token gets "Bearer ").
The token is read only from the environment and never printed.

\b
Exit codes:
  0  created (with --wait/--watch: the workflow Succeeded)
  1  compile errors; with --wait/--watch: a workflow Failed or Error (or was deleted)
  2  usage error, unreadable input
  3  Argo Server or network error
  4  --timeout reached (with --terminate-on-timeout the workflow is stopped)
"""


class Printer:
    """Serialises output from the wait loop and the log thread; picks stdout or stderr for progress.

    With ``-o name|json|yaml`` stdout carries only that machine-readable output, so progress goes to
    stderr (argo #988: a status line on stdout broke ``-o name`` capture). Everything printed goes
    through the connection's ``Redactor`` (the client already redacts server answers; this is the
    last line of defence), and once ``seal`` is called (a timeout is being reported) threads that
    are still running print nothing more.
    """

    def __init__(self, output: str | None, redactor: Redactor | None = None) -> None:
        from opctl.argo.redact import NO_REDACTION

        self.machine = output in ("name", "json", "yaml")
        self.lock = threading.Lock()
        self.live: Any = None
        self.redactor = redactor or NO_REDACTION
        self._sealed_for: threading.Thread | None = None

    def _may_print(self) -> bool:
        return self._sealed_for is None or self._sealed_for is threading.current_thread()

    def seal(self) -> None:
        """From now on only the calling thread prints."""
        with self.lock:
            self._sealed_for = threading.current_thread()

    def result(self, text: str) -> None:
        with self.lock:
            if self._may_print():
                click.echo(self.redactor.text(text))

    def progress(self, text: str) -> None:
        text = self.redactor.text(text)
        with self.lock:
            if not self._may_print():
                return
            if self.live is not None:
                self.live.console.print(text, markup=False, highlight=False, soft_wrap=True)
            else:
                click.echo(text, err=self.machine)

    def error(self, text: str) -> None:
        with self.lock:
            if self._may_print():
                click.echo(self.redactor.text(text), err=True)

    @property
    def progress_stream(self) -> Any:
        return sys.stderr if self.machine else sys.stdout


def compile_for_submit(files: tuple[str, ...], compile_kwargs: dict[str, Any]) -> list[dict[str, Any]]:
    """Read and compile the inputs exactly as ``opctl compile`` does (findings on stderr with code
    frames); exit 2 on unreadable input or nothing to submit, 1 when the templates have errors."""
    from opctl.commands.compile_options import options_from_kwargs

    result = compile_paths(files, options_from_kwargs(compile_kwargs), verb="submit")
    if not result.ok:
        click.echo("opctl: error: nothing was submitted: fix the errors above", err=True)
        sys.exit(int(result.exit_code))
    if not result.manifests:
        click.echo(f"opctl: error: nothing to submit in {', '.join(files)}", err=True)
        sys.exit(ExitCode.USAGE)
    return result.manifests


def render_objects(
    objects: list[dict[str, Any]], output: str | None, *, default: str = "summary", ui_base: str | None = None
) -> str:
    """The objects as ``-o`` asks: name, json, yaml (as ``opctl compile`` writes them), wide, or the
    default summary (with a link into the Argo UI at ``ui_base``). No trailing newline."""
    from opctl.compile.emit import to_json, to_yaml

    fmt = output or default
    if fmt == "name":
        return "\n".join(object_label(o) for o in objects)
    if fmt == "json":
        return to_json(objects).rstrip("\n")
    if fmt == "yaml":
        return to_yaml(objects).rstrip("\n")
    return "\n\n".join(summary(o, wide=fmt == "wide", ui_base=ui_base) for o in objects)


def summary(obj: dict[str, Any], *, wide: bool = False, ui_base: str | None = None) -> str:
    """argo's ``Name:  value`` summary (``%-20s %v``), plus a link to the workflow in the Argo UI."""
    meta = obj.get("metadata") or {}
    spec = obj.get("spec") or {}
    kind = obj.get("kind") or "Workflow"
    rows: list[tuple[str, str]] = [("Name:", object_label(obj))]
    if meta.get("namespace"):
        rows.append(("Namespace:", str(meta["namespace"])))
    if kind != "Workflow":
        rows.append(("Kind:", str(kind)))
    if kind == "CronWorkflow":
        schedules = spec.get("schedules") or ([spec["schedule"]] if spec.get("schedule") else [])
        if schedules:
            rows.append(("Schedule:", ", ".join(map(str, schedules))))
    if kind == "Workflow":
        rows.append(("ServiceAccount:", str(spec.get("serviceAccountName") or "unset")))
        rows.append(("Status:", str((obj.get("status") or {}).get("phase") or "Pending")))
    if meta.get("creationTimestamp"):
        rows.append(("Created:", str(meta["creationTimestamp"])))
    if ui_base and kind == "Workflow" and meta.get("name") and meta.get("namespace"):
        # the Argo Server serves its UI beside the API: /workflows/<namespace>/<name>
        rows.append(("Link:", f"{ui_base}/workflows/{meta['namespace']}/{meta['name']}"))
    lines = [f"{label:<20} {value}" for label, value in rows]
    if wide:
        workflow_spec = spec.get("workflowSpec") if kind == "CronWorkflow" else spec
        parameters = ((workflow_spec or {}).get("arguments") or {}).get("parameters") or []
        if parameters:
            lines.append("Parameters:")
            for p in parameters:
                if isinstance(p, dict):
                    lines.append(f"  {str(p.get('name')) + ':':<18} {p.get('value', '')}")
    return "\n".join(lines)


def _check_conflicts(opts: dict[str, Any], manifests: list[dict[str, Any]] | None = None) -> None:
    def usage(message: str) -> OpctlError:
        return OpctlError(message, exit_code=ExitCode.USAGE)

    waits = opts["wait"] or opts["watch"] or opts["log"]
    if opts["dry_run"] and opts["server_dry_run"]:
        raise usage("--dry-run cannot be combined with --server-dry-run")
    if (opts["dry_run"] or opts["server_dry_run"]) and waits:
        raise usage("--dry-run and --server-dry-run cannot be combined with --wait, --watch or --log")
    if opts["terminate_on_timeout"] and opts["timeout"] is None:
        raise usage("--terminate-on-timeout needs --timeout")
    if opts["terminate_on_timeout"] and not waits:
        raise usage("--terminate-on-timeout needs --wait, --watch or --log")
    if manifests is not None and waits:
        others = [m for m in manifests if (m.get("kind") or "Workflow") != "Workflow"]
        if others:
            raise usage(
                f"--wait/--watch/--log follow Workflows, but {object_label(others[0]) or 'a document'} is a "
                f"{others[0].get('kind')}"
            )


SUBMIT_OPTIONS = ("service_account", "labels", "entrypoint")


@click.command("submit", epilog=EPILOG)
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@compile_options
@connection_options(namespace=False)
@click.option(
    "--serviceaccount", "service_account", metavar="NAME", help="Run the workflow's pods as this service account."
)  # fmt: skip
@click.option(
    "-l", "--labels", "labels", multiple=True, metavar="KEY=VALUE[,...]",
    help="Labels to add to the workflow (comma-separated, repeatable; override the template's).",
)  # fmt: skip
@click.option("--entrypoint", metavar="TEMPLATE", help="Start at this template instead of spec.entrypoint.")
@click.option("-o", "--output", type=click.Choice(OUTPUTS), help="Print the created object as name|json|yaml|wide.")
@click.option("--dry-run", is_flag=True, help="Print the compiled manifest; send nothing.")
@click.option("--server-dry-run", is_flag=True, help="Let the server validate it without creating it.")
@click.option("-w", "--wait", is_flag=True, help="Wait for the workflow; exit 0 Succeeded, 1 Failed/Error.")
@click.option("--watch", is_flag=True, help="Show the DAG nodes as they change (a live tree on a TTY); implies --wait.")
@click.option("--log", "follow_log", is_flag=True, help="Print main-container logs, each line prefixed by its task.")
@click.option(
    "--timeout", type=DURATION, metavar="DURATION",
    help="Hard limit for the whole command, create included, e.g. 30s, 5m, 1h (exit 4).",
)  # fmt: skip
@click.option("--terminate-on-timeout", is_flag=True, help="Terminate the workflow when --timeout is reached.")
@click.option("-v", "--verbose", is_flag=True, help="Trace requests to stderr (the token is redacted).")
def submit(files: tuple[str, ...], **kwargs: Any) -> None:
    """Compile FILE... (as `opctl compile`) and create the result on an Argo Server."""
    try:
        run_submit(files, kwargs)
    except OpctlError as err:
        exit_with_error(err)


def run_submit(files: tuple[str, ...], kwargs: dict[str, Any]) -> None:
    opts = {
        key: kwargs.pop(key)
        for key in (
            "output", "dry_run", "server_dry_run", "wait", "watch", "timeout", "terminate_on_timeout", "verbose"
        )
    }  # fmt: skip
    opts["log"] = kwargs.pop("follow_log")
    _check_conflicts(opts)
    # --timeout covers the whole command from here: compile, create, wait, logs.
    with command_deadline(opts["timeout"], what="submit") as deadline:
        _submit_within(files, kwargs, opts, deadline)


def _submit_within(files: tuple[str, ...], kwargs: dict[str, Any], opts: dict[str, Any], deadline: Any) -> None:
    overrides = {k: kwargs.pop(k) for k in SUBMIT_OPTIONS}
    compile_kwargs = {k: kwargs.pop(k) for k in list(kwargs) if k in COMPILE_OPTION_NAMES}
    connection_kwargs = {k: kwargs.pop(k) for k in list(kwargs) if k in CONNECTION_PARAMS}
    # -n (a compile option: metadata.namespace) > ARGO_NAMESPACE > the defaults file's namespace.
    # ARGO_NAMESPACE goes into the compile too, so that {{workflow.namespace}} is substituted right.
    env_namespace = os.environ.get("ARGO_NAMESPACE", "").strip()
    if not compile_kwargs.get("namespace") and env_namespace:
        compile_kwargs["namespace"] = env_namespace
    manifests = compile_for_submit(files, compile_kwargs)
    _check_conflicts(opts, manifests)
    from opctl.argo.submit_options import SubmitOverrides

    submit_overrides = SubmitOverrides.parse(**overrides)
    manifests = [submit_overrides.apply(m) for m in manifests]

    if opts["dry_run"]:
        Printer(opts["output"]).result(render_objects(manifests, opts["output"], default="yaml"))
        return

    from opctl.argo.client import ArgoClient

    # The request namespace is the manifest's own (compiled from -n/ARGO_NAMESPACE/defaults).
    settings = replace(settings_from_kwargs(connection_kwargs), namespace=None, namespace_source="manifest")
    printer = Printer(opts["output"], settings.redactor)
    _warn_plain_http_token(settings)
    trace = (lambda line: click.echo(line, err=True)) if opts["verbose"] else None
    client = ArgoClient(settings, trace=trace, deadline=deadline)
    try:
        created = _create_all(client, manifests, server_dry_run=opts["server_dry_run"], printer=printer)
        default = "yaml" if opts["server_dry_run"] else "summary"
        ui_base = None if opts["server_dry_run"] else settings.base_url
        printer.result(render_objects(created, opts["output"], default=default, ui_base=ui_base))
        if opts["wait"] or opts["watch"] or opts["log"]:
            code = _follow_all(client, created, opts, printer)
            sys.exit(int(code))
    finally:
        client.close()


def _warn_plain_http_token(settings: Any) -> None:
    """A token sent without TLS to another machine can be read on the way; say so (not for port-forwards)."""
    host = settings.server.rsplit(":", 1)[0].strip("[]")
    if settings.token and not settings.secure and host not in ("localhost", "127.0.0.1", "::1"):
        click.echo(
            f"opctl: warning: sending ARGO_TOKEN to {settings.server} without TLS (ARGO_SECURE=false/--insecure)",
            err=True,
        )


def _create_all(client: Any, manifests: list[dict[str, Any]], *, server_dry_run: bool, printer: Printer) -> list:
    """Create each manifest in turn (the client says when a lost answer may mean it exists anyway)."""
    from opctl.argo.deadline import DeadlineExceeded
    from opctl.argo.errors import ArgoServerError

    created: list[dict[str, Any]] = []
    for manifest in manifests:
        try:
            created.append(client.create(manifest, server_dry_run=server_dry_run))
        except (ArgoServerError, DeadlineExceeded) as err:
            if created:
                # What already exists must not go unreported: print it, then fail.
                printer.result(render_objects(created, "name"))
                err.message += f" ({len(created)} of {len(manifests)} created before this error, named above)"
            raise
    return created


def _follow_all(client: Any, created: list[dict[str, Any]], opts: dict[str, Any], printer: Printer) -> ExitCode:
    worst = ExitCode.OK
    for workflow in created:
        meta = workflow.get("metadata") or {}
        name, namespace = str(meta.get("name")), str(meta.get("namespace") or client.namespace_for(workflow))
        result = follow_one(client, namespace, name, workflow, opts, printer)
        if result.exit_code == ExitCode.TIMEOUT or worst == ExitCode.TIMEOUT:
            worst = ExitCode.TIMEOUT
        elif result.exit_code != ExitCode.OK:
            worst = ExitCode.FINDINGS
        if worst == ExitCode.TIMEOUT:
            break  # the deadline is spent for the others too
    return worst


# After a timeout, how long terminating the workflow may take (inside the second --timeout allows).
TERMINATE_GRACE = 0.6


def follow_one(
    client: Any,
    namespace: str,
    name: str,
    workflow: dict[str, Any],
    opts: dict[str, Any],
    printer: Printer,
) -> Any:
    """Wait for one workflow, printing progress and logs as asked; print and return the outcome.

    ``client.deadline`` bounds the wait; when it passes the workflow is terminated if asked (within
    ``TERMINATE_GRACE``), and threads still reading streams are left behind, never waited for."""
    from opctl.argo.wait import ProgressEvent, WaitResult, follow_workflow

    latest: dict[str, Any] = {"workflow": workflow}
    logs = None
    if opts.get("log"):
        from opctl.argo.logs import LogFollower

        logs = LogFollower(
            client,
            namespace,
            name,
            emit=printer.progress,
            warn=lambda text: printer.error(f"opctl: warning: {text}"),
            latest=lambda: latest["workflow"],
        ).start()

    watch = bool(opts.get("watch"))
    live = _start_live(printer) if watch and printer.progress_stream.isatty() else None
    plain = watch and live is None
    result: WaitResult | None = None

    def on_update(current: dict[str, Any]) -> None:
        latest["workflow"] = current
        if live is not None:
            from opctl.argo.render import workflow_view

            live.update(workflow_view(current))

    timeout = None if client.deadline is None else client.deadline.remaining()
    try:
        for item in follow_workflow(client, namespace, name, timeout=timeout, on_update=on_update):
            if isinstance(item, ProgressEvent):
                if plain:
                    from opctl.argo.render import plain_line

                    line = plain_line(item, latest["workflow"])
                    if line is not None:
                        printer.progress(line)
            else:
                result = item
    except KeyboardInterrupt:
        printer.error(
            f"opctl: stopped waiting; workflow {name} keeps running "
            f"(follow it again: opctl watch {name} -n {namespace}; stop it: opctl terminate {name} -n {namespace})"
        )
        raise
    finally:
        if live is not None:
            live.stop()
            printer.live = None
        if logs is not None:
            logs.stop(LOG_GRACE_SECONDS if result is not None and not result.timed_out else 0.0)

    assert result is not None
    if result.timed_out:
        result.timeout = client.deadline.seconds if client.deadline is not None else result.timeout
        printer.seal()  # a log thread still running prints nothing after the timeout report
        if opts.get("terminate_on_timeout"):
            _terminate_after_timeout(client, result)
    _report(result, printer)
    return result


def _terminate_after_timeout(client: Any, result: Any) -> None:
    from opctl.argo.deadline import Deadline, DeadlineExceeded
    from opctl.argo.errors import ArgoServerError

    grace = client.sibling(deadline=Deadline.after(TERMINATE_GRACE))
    try:
        grace.terminate_workflow(result.namespace, result.name)
        result.terminated = True
    except (ArgoServerError, DeadlineExceeded) as err:
        result.terminate_error = err.message
    finally:
        grace.close()


def _start_live(printer: Printer) -> Any:
    from rich.console import Console
    from rich.live import Live

    console = Console(file=printer.progress_stream)
    live = Live(console=console, refresh_per_second=4, transient=False, auto_refresh=True)
    live.start()
    printer.live = live
    return live


def _report(result: Any, printer: Printer) -> None:
    """The final line, argo-style, then why it failed."""
    printer.progress(result.summary())
    if result.timed_out:
        _annotate(result, printer)
        if result.terminate_error:
            printer.error(f"opctl: warning: could not terminate {result.name}: {result.terminate_error}")
        elif not result.terminated:
            printer.progress(f"  {result.name} is still running; add --terminate-on-timeout to stop it")
        return
    if result.exit_code == ExitCode.OK:
        return
    if result.message:
        printer.progress(f"  message: {result.message}")
    if result.failing_nodes:
        printer.progress("  failing nodes:")
        for node in result.failing_nodes:
            printer.progress(f"    {node.line()}")
        pods = [n for n in result.failing_nodes if n.node_type == "Pod"]
        if pods:
            printer.progress("  their logs:")
            for node in pods:
                printer.progress(f"    opctl logs {result.name} -n {result.namespace} --task {node.name}")
    _annotate(result, printer)


def _annotate(result: Any, printer: Printer) -> None:
    """On GitHub Actions, an error annotation per failing node, so the job summary says why."""
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return
    from opctl.report.github import escape_data, escape_property

    title = escape_property(f"{result.name} {result.phase}")
    lines = [node.line() for node in result.failing_nodes] or [result.message or result.summary()]
    for line in lines:
        printer.progress(f"::error title={title}::{escape_data(line)}")
