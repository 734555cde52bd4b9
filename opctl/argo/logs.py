"""Follow a workflow's main-container logs in the background, each line labelled with its DAG task."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from opctl.argo.client import ArgoClient
from opctl.argo.errors import ArgoServerError
from opctl.argo.render import task_for_pod


class LogFollower:
    """Streams ``<task>: <line>`` to ``emit`` from a daemon thread until ``stop``.

    ``latest`` returns the newest workflow object the caller has seen (the wait loop's), used to name
    the task of each pod; an unknown pod triggers one GET. ``warn`` gets one line if following fails
    before the workflow is done.
    """

    def __init__(
        self,
        client: ArgoClient,
        namespace: str,
        name: str,
        *,
        emit: Callable[[str], None],
        warn: Callable[[str], None],
        latest: Callable[[], dict[str, Any] | None] = lambda: None,
        container: str = "main",
    ) -> None:
        # A client of its own: a requests session is not meant to be shared between threads.
        self.client = client.sibling()
        self.namespace, self.name, self.container = namespace, name, container
        self.emit, self.warn, self.latest = emit, warn, latest
        self.done = threading.Event()
        self._tasks: dict[str, str] = {}
        self._workflow: dict[str, Any] | None = None
        self._thread = threading.Thread(target=self._run, name=f"logs-{name}", daemon=True)

    def start(self) -> LogFollower:
        self._thread.start()
        return self

    def stop(self, grace: float) -> None:
        """The workflow is done: let the server finish the stream for ``grace`` seconds (never past the
        client's deadline), then cut it; never waits on a blocked read."""
        self.done.set()
        if self.client.deadline is not None:
            grace = min(grace, self.client.deadline.remaining())
        self._thread.join(grace)
        self.client.close()

    def task_name(self, pod: str) -> str:
        if pod in self._tasks:
            return self._tasks[pod]
        task = task_for_pod(self.latest(), pod) or task_for_pod(self._workflow, pod)
        if task is None:
            try:
                self._workflow = self.client.get_workflow(self.namespace, self.name)
            except ArgoServerError:
                return pod
            task = task_for_pod(self._workflow, pod)
        if task is None:
            return pod
        self._tasks[pod] = task
        return task

    def _run(self) -> None:
        try:
            for entry in self.client.follow_logs(
                self.namespace, self.name, container=self.container, workflow_done=self.done.is_set
            ):
                self.emit(f"{self.task_name(entry['podName'])}: {entry['content']}")
        except ArgoServerError as err:
            if not self.done.is_set():
                self.warn(f"stopped following logs of {self.name}: {err.message}")
        except Exception as err:  # noqa: BLE001 - a stream closed under us while stopping is expected
            if not self.done.is_set() and not self.client.closed.is_set():
                self.warn(f"stopped following logs of {self.name}: {type(err).__name__}")
        finally:
            self.client.close()
