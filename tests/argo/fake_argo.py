"""A real HTTP(S) server on 127.0.0.1 that plays the Argo Server for opctl's tests.

It answers the REST endpoints opctl uses the way argo-server does (argo-reference.md §c): JSON errors
``{"code": N, "message": ...}``, chunked streams in NDJSON or ``text/event-stream`` framing with ``:``
keep-alives and ``{"error": ...}`` chunks, and it scripts each created workflow through a list of
statuses. Every request body is checked against hera's models of Argo's REST API (or, in the
conformance suite, Argo's swagger.json); a body that does not conform is answered 400 and recorded
in ``schema_errors``, which the fixtures assert to be empty.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from tests.argo.argo_models import body_errors, preload_models

CREATED_AT = "2026-11-26T12:00:00Z"

Script = Callable[[str], list[dict[str, Any]]]


class BodyChecker(Protocol):
    """What the fake checks request bodies with: the names are Argo's (``WorkflowCreateRequest``, ...)."""

    def errors(self, definition: str, body: Any) -> list[str]: ...


class HeraChecker:
    """Bodies checked against hera's models of Argo's REST API (tests/argo/argo_models.py)."""

    def __init__(self) -> None:
        preload_models()  # hera's models take a while to import: not during a test's --timeout

    def errors(self, definition: str, body: Any) -> list[str]:
        return body_errors(definition, body)


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any


@dataclass
class Canned:
    method: str
    pattern: re.Pattern[str]
    status: int | None = None  # None: answer normally (after the delay)
    body: Any = None
    delay: float = 0.0
    count: int = 1
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class ScriptedWorkflow:
    name: str
    namespace: str
    manifest: dict[str, Any]
    statuses: list[dict[str, Any]]
    index: int = 0
    terminated: bool = False
    deleted: bool = False

    def current(self) -> dict[str, Any]:
        return {**self.manifest, "status": self.statuses[self.index]}

    @property
    def finished(self) -> bool:
        return bool(self.statuses[self.index].get("finishedAt"))


@dataclass
class StreamPlan:
    """How the next watch/log streams behave."""

    step_delay: float = 0.02  # between scripted states
    keepalive_every: float = 0.02  # SSE ':' comments while idle
    hold: float = 3.0  # how long an idle stream stays open before the server ends it
    drops: list[str] = field(default_factory=list)  # per connection: "eof-chunk", "abrupt", "" (none)
    drop_after: int = 2  # messages sent before a drop
    error_chunk: dict[str, Any] | None = None  # sent (then the stream ends) on the next connection


class FakeArgoServer:
    def __init__(
        self,
        *,
        ssl_context: ssl.SSLContext | None = None,
        token: str | None = None,
        base_href: str = "",
        checker: BodyChecker | None = None,
    ) -> None:
        self.checker: BodyChecker = checker or HeraChecker()
        self.base_href = base_href  # served under this prefix, like argo-server --basehref
        self.token = token  # when set, requests must carry "Authorization: Bearer <token>"
        self.requests: list[Recorded] = []
        self.schema_errors: list[str] = []
        self.canned: list[Canned] = []
        self.workflows: dict[tuple[str, str], ScriptedWorkflow] = {}
        self.objects: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.namespaces = {"default", "argo", "ci"}
        self.script: Script = success_script
        self.stream = StreamPlan()
        self.logs: dict[str, list[tuple[str, str]]] = {}  # workflow -> [(task, line)]
        self.lint_errors: dict[str, str] = {}  # generateName/name -> message the lint endpoint answers
        self.counter = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        handler = _make_handler(self)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        if ssl_context is not None:
            self.httpd.socket = ssl_context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> FakeArgoServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- test controls -----------------------------------------------------------------------

    def answer(
        self, method: str, path_regex: str, status: int, body: Any, count: int = 1, headers: dict | None = None
    ) -> None:
        """The next ``count`` requests matching answer ``status`` with ``body`` (a dict or raw text)."""
        self.canned.append(Canned(method, re.compile(path_regex), status, body, count=count, headers=headers or {}))

    def slow(self, method: str, path_regex: str, seconds: float, count: int = 1) -> None:
        self.canned.append(Canned(method, re.compile(path_regex), None, None, delay=seconds, count=count))

    def calls(self, method: str, path_regex: str = "") -> list[Recorded]:
        pattern = re.compile(path_regex)
        return [r for r in self.requests if r.method == method and pattern.search(r.path)]

    def _take_canned(self, method: str, path: str) -> Canned | None:
        with self.lock:
            for canned in self.canned:
                if canned.method == method and canned.pattern.search(path) and canned.count > 0:
                    canned.count -= 1
                    return canned
        return None

    def new_name(self, prefix: str) -> str:
        with self.lock:
            self.counter += 1
            return f"{prefix}x{self.counter:04d}"


# -- scripts: a diamond DAG a -> (b, c) -> d --------------------------------------------------

TASKS = {"a": ("echo", 11), "b": ("echo", 22), "c": ("fail", 33), "d": ("echo", 44)}


def node_id(workflow: str, task: str) -> str:
    return f"{workflow}-{TASKS[task][1]}"


def pod_name(workflow: str, task: str) -> str:
    template, number = TASKS[task]
    return f"{workflow}-{template}-{number}"


def _node(workflow: str, task: str, phase: str, *, message: str | None = None, children: tuple = ()) -> dict:
    template, number = TASKS[task]
    node = {
        "id": node_id(workflow, task),
        "name": f"{workflow}.{task}",
        "displayName": task,
        "type": "Pod",
        "templateName": template,
        "phase": phase,
        "startedAt": f"2026-11-26T12:00:{number:02d}Z",
        "boundaryID": workflow,
        "children": [node_id(workflow, c) for c in children],
    }
    if message:
        node["message"] = message
    if phase in ("Succeeded", "Failed", "Error", "Skipped", "Omitted"):
        node["finishedAt"] = f"2026-11-26T12:00:{number + 5:02d}Z"
    return node


def _root(workflow: str, phase: str, *, message: str | None = None) -> dict:
    node = {
        "id": workflow,
        "name": workflow,
        "displayName": workflow,
        "type": "DAG",
        "templateName": "main",
        "phase": phase,
        "startedAt": "2026-11-26T12:00:01Z",
        "children": [node_id(workflow, "a")],
    }
    if message:
        node["message"] = message
    return node


def _status(workflow: str, phase: str, nodes: list[dict], *, finished: bool = False, message: str | None = None):
    status: dict[str, Any] = {"phase": phase, "startedAt": "2026-11-26T12:00:01Z"}
    if nodes:
        status["nodes"] = {n["id"]: n for n in nodes}
    if finished:
        status["finishedAt"] = "2026-11-26T12:01:00Z"
    if message:
        status["message"] = message
    return status


def success_script(w: str) -> list[dict[str, Any]]:
    return [
        {},
        _status(w, "Running", [_root(w, "Running"), _node(w, "a", "Running")]),
        _status(
            w,
            "Running",
            [
                _root(w, "Running"),
                _node(w, "a", "Succeeded", children=("b", "c")),
                _node(w, "b", "Running"),
                _node(w, "c", "Running"),
            ],
        ),
        _status(
            w,
            "Succeeded",
            [
                _root(w, "Succeeded"),
                _node(w, "a", "Succeeded", children=("b", "c")),
                _node(w, "b", "Succeeded", children=("d",)),
                _node(w, "c", "Succeeded", children=("d",)),
                _node(w, "d", "Succeeded"),
            ],
            finished=True,
        ),
    ]


def failure_script(w: str) -> list[dict[str, Any]]:
    return [
        {},
        _status(w, "Running", [_root(w, "Running"), _node(w, "a", "Running")]),
        _status(
            w,
            "Running",
            [
                _root(w, "Running"),
                _node(w, "a", "Succeeded", children=("b", "c")),
                _node(w, "b", "Running"),
                _node(w, "c", "Running"),
            ],
        ),
        _status(
            w,
            "Failed",
            [
                _root(w, "Failed", message="child 'c' failed"),
                _node(w, "a", "Succeeded", children=("b", "c")),
                _node(w, "b", "Succeeded", children=("d",)),
                _node(w, "c", "Failed", message="Error (exit code 1)", children=("d",)),
                _node(w, "d", "Omitted"),
            ],
            finished=True,
            message="child 'c' failed",
        ),
    ]


def stall_script(w: str) -> list[dict[str, Any]]:
    return [{}, _status(w, "Running", [_root(w, "Running"), _node(w, "a", "Running")])]


def terminated_status(w: str) -> dict[str, Any]:
    return _status(
        w,
        "Failed",
        [_root(w, "Failed"), _node(w, "a", "Failed", message="Stopped with strategy 'Terminate'")],
        finished=True,
        message="Stopped with strategy 'Terminate'",
    )


# -- the request handler ---------------------------------------------------------------------

_CREATE = {
    "workflows": ("WorkflowCreateRequest", "workflow", "Workflow"),
    "workflow-templates": ("WorkflowTemplateCreateRequest", "template", "WorkflowTemplate"),
    "cron-workflows": ("CreateCronWorkflowRequest", "cronWorkflow", "CronWorkflow"),
}
_LINT = {
    "workflows": ("WorkflowLintRequest", "workflow", 500, 2),
    "workflow-templates": ("WorkflowTemplateLintRequest", "template", 400, 3),
    "cron-workflows": ("LintCronWorkflowRequest", "cronWorkflow", 400, 3),
}


class _Dropped(Exception):
    pass


def _make_handler(server: FakeArgoServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence stderr
            pass

        # -- plumbing

        def _send_json(self, status: int, body: Any, *, headers: dict[str, str] | None = None) -> None:
            data = (
                body
                if isinstance(body, bytes)
                else (body.encode() if isinstance(body, str) else json.dumps(body).encode())
            )
            self.send_response(status)
            content_type = "application/json" if not isinstance(body, str) else "text/plain; charset=utf-8"
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            if status < 300:
                self.send_header("Grpc-Metadata-Argo-Version", "v3.6.0")
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def _error(self, status: int, code: int, message: str) -> None:
            self._send_json(status, {"code": code, "message": message})

        def _dispatch(self, method: str) -> None:
            url = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(url.query).items()}
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = raw.decode("utf-8", "replace")
            server.requests.append(Recorded(method, url.path, query, dict(self.headers.items()), body))
            canned = server._take_canned(method, url.path)
            if canned is not None:
                if canned.delay:
                    time.sleep(canned.delay)
                if canned.status is not None:
                    self._send_json(canned.status, canned.body, headers=canned.headers)
                    return
            if server.token is not None and self.headers.get("Authorization") != f"Bearer {server.token}":
                self._error(401, 16, "token not valid. see https://argo-workflows.readthedocs.io/en/latest/faq/")
                return
            try:
                self._route(method, url.path, query, body)
            except (BrokenPipeError, ConnectionResetError, _Dropped, ssl.SSLError, OSError):
                self.close_connection = True

        def do_GET(self) -> None:  # noqa: N802
            self._dispatch("GET")

        def do_POST(self) -> None:  # noqa: N802
            self._dispatch("POST")

        def do_PUT(self) -> None:  # noqa: N802
            self._dispatch("PUT")

        # -- routes

        def _route(self, method: str, path: str, query: dict[str, str], body: Any) -> None:
            if server.base_href:
                if not path.startswith(server.base_href + "/"):
                    self._send_json(404, "404 page not found\n")
                    return
                path = path[len(server.base_href) :]
            parts = path.strip("/").split("/")
            if parts[:2] != ["api", "v1"]:
                self._send_json(404, "404 page not found\n")
                return
            rest = parts[2:]
            if method == "POST" and len(rest) == 2 and rest[0] in _CREATE:
                self._create(rest[0], rest[1], body)
            elif method == "POST" and rest == ["cluster-workflow-templates"]:
                self._create_cluster_template(body)
            elif method == "POST" and len(rest) == 3 and rest[0] in _LINT and rest[2] == "lint":
                self._lint(rest[0], rest[1], body)
            elif method == "GET" and len(rest) == 3 and rest[0] == "workflows":
                self._get(rest[1], rest[2])
            elif method == "GET" and len(rest) == 2 and rest[0] == "workflows":
                self._list(rest[1], query)
            elif method == "PUT" and len(rest) == 4 and rest[0] == "workflows" and rest[3] == "terminate":
                self._terminate(rest[1], rest[2], body)
            elif method == "GET" and len(rest) == 2 and rest[0] == "workflow-events":
                self._watch(rest[1], query)
            elif method == "GET" and len(rest) == 4 and rest[0] == "workflows" and rest[3] == "log":
                self._logs(rest[1], rest[2], query)
            else:
                self._error(404, 5, f"no route for {method} {path}")

        def _check_body(self, definition: str, body: Any) -> bool:
            errors = server.checker.errors(definition, body)
            if errors:
                server.schema_errors.extend(errors)
                self._error(400, 3, "request does not match Argo's API: " + "; ".join(errors[:3]))
                return False
            return True

        def _namespace_ok(self, namespace: str) -> bool:
            if namespace not in server.namespaces:
                self._error(404, 5, f'namespaces "{namespace}" not found')
                return False
            return True

        def _create(self, collection: str, namespace: str, body: Any) -> None:
            definition, field_name, kind = _CREATE[collection]
            if not self._check_body(definition, body) or not self._namespace_ok(namespace):
                return
            if body.get("namespace") != namespace:
                self._error(400, 3, "namespace in body does not match the URL")
                return
            manifest = json.loads(json.dumps(body[field_name]))
            meta = manifest.setdefault("metadata", {})
            if meta.get("namespace", namespace) != namespace:
                self._error(400, 3, "the namespace of the object does not match the namespace of the request")
                return
            if not meta.get("name"):
                meta["name"] = server.new_name(meta.get("generateName") or "wf-")
            meta["namespace"] = namespace
            if (body.get("createOptions") or {}).get("dryRun"):
                self._send_json(200, manifest)
                return
            key = (kind, namespace, meta["name"])
            if key in server.objects:
                self._error(409, 6, f'{collection.replace("-", "")}.argoproj.io "{meta["name"]}" already exists')
                return
            meta["uid"] = f"uid-{meta['name']}"
            meta["creationTimestamp"] = CREATED_AT
            if body.get("serverDryRun"):
                self._send_json(200, manifest)
                return
            server.objects[key] = manifest
            if kind == "Workflow":
                scripted = ScriptedWorkflow(meta["name"], namespace, manifest, server.script(meta["name"]))
                server.workflows[(namespace, meta["name"])] = scripted
                self._send_json(200, scripted.current())
            else:
                self._send_json(200, manifest)

        def _create_cluster_template(self, body: Any) -> None:
            if not self._check_body("ClusterWorkflowTemplateCreateRequest", body):
                return
            manifest = json.loads(json.dumps(body["template"]))
            meta = manifest.setdefault("metadata", {})
            if not meta.get("name"):
                meta["name"] = server.new_name(meta.get("generateName") or "cwft-")
            if not (body.get("createOptions") or {}).get("dryRun"):
                meta["creationTimestamp"] = CREATED_AT
                server.objects[("ClusterWorkflowTemplate", "", meta["name"])] = manifest
            self._send_json(200, manifest)

        def _lint(self, collection: str, namespace: str, body: Any) -> None:
            definition, field_name, status, code = _LINT[collection]
            if not self._check_body(definition, body) or not self._namespace_ok(namespace):
                return
            manifest = body[field_name]
            meta = manifest.get("metadata") or {}
            label = meta.get("name") or meta.get("generateName") or ""
            if label in server.lint_errors:
                self._error(status, code, server.lint_errors[label])
                return
            self._send_json(200, manifest)

        def _get(self, namespace: str, name: str) -> None:
            scripted = server.workflows.get((namespace, name))
            if scripted is None or scripted.deleted:
                self._error(404, 5, f'workflows.argoproj.io "{name}" not found')
                return
            self._send_json(200, scripted.current())

        def _list(self, namespace: str, query: dict[str, str]) -> None:
            with server.lock:
                items = [w.current() for (ns, _), w in server.workflows.items() if ns == namespace and not w.deleted]
            selector = query.get("listOptions.labelSelector")
            if selector:
                wanted = dict(pair.split("=", 1) for pair in selector.split(","))
                items = [i for i in items if wanted.items() <= ((i.get("metadata") or {}).get("labels") or {}).items()]
            limit = int(query.get("listOptions.limit") or 0)
            self._send_json(200, {"metadata": {}, "items": items[:limit] if limit else items})

        def _terminate(self, namespace: str, name: str, body: Any) -> None:
            if not self._check_body("WorkflowTerminateRequest", body):
                return
            scripted = server.workflows.get((namespace, name))
            if scripted is None:
                self._error(404, 5, f'workflows.argoproj.io "{name}" not found')
                return
            scripted.terminated = True
            scripted.statuses.append(terminated_status(name))
            scripted.index = len(scripted.statuses) - 1
            self._send_json(200, scripted.current())

        # -- streams

        def _start_stream(self) -> bool:
            sse = "text/event-stream" in (self.headers.get("Accept") or "")
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream" if sse else "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            return sse

        def _chunk(self, data: bytes) -> None:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

        def _message(self, sse: bool, payload: dict[str, Any]) -> None:
            text = json.dumps(payload)
            self._chunk(f"data: {text}\n\n".encode() if sse else (text + "\n").encode())

        def _end(self) -> None:
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

        def _abrupt(self) -> None:
            # A network drop: close without the terminating chunk.
            self.wfile.flush()
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            raise _Dropped

        def _maybe_drop(self, sent: int, drop: str) -> None:
            if drop and sent >= server.stream.drop_after:
                if drop == "eof-chunk":
                    self._chunk(
                        json.dumps(
                            {
                                "error": {
                                    "grpc_code": 8,
                                    "http_code": 429,
                                    "message": "EOF",
                                    "http_status": "Too Many Requests",
                                    "details": [],
                                }
                            }
                        ).encode()
                        + b"\n"
                    )
                    self._end()
                    raise _Dropped
                self._abrupt()

        def _idle(self, sse: bool, until: Callable[[], bool]) -> None:
            end = time.monotonic() + server.stream.hold
            while time.monotonic() < end and not server.stopping.is_set():
                if until():
                    return
                time.sleep(server.stream.keepalive_every)
                if sse:
                    self._chunk(b":\n")

        def _watch(self, namespace: str, query: dict[str, str]) -> None:
            selector = query.get("listOptions.fieldSelector", "")
            if not selector.startswith("metadata.name=") or query.get("listOptions.resourceVersion") != "0":
                self._error(400, 3, f"unexpected watch query {query}")
                return
            name = selector.split("=", 1)[1]
            scripted = server.workflows.get((namespace, name))
            if scripted is None:
                self._error(404, 5, f'workflows.argoproj.io "{name}" not found')
                return
            with server.lock:
                drop = server.stream.drops.pop(0) if server.stream.drops else ""
                error_chunk, server.stream.error_chunk = server.stream.error_chunk, None
            sse = self._start_stream()
            if error_chunk is not None:
                self._chunk(json.dumps({"error": error_chunk}).encode() + b"\n")
                self._end()
                return
            self._message(sse, {"result": {"type": "ADDED", "object": scripted.current()}})
            sent = 1
            self._maybe_drop(sent, drop)
            while True:
                if scripted.deleted:
                    self._message(sse, {"result": {"type": "DELETED", "object": scripted.current()}})
                    break
                if scripted.index + 1 < len(scripted.statuses) and not scripted.terminated:
                    if sse:
                        self._chunk(b":\n")  # a keep-alive between events, as every 15 s in real life
                    time.sleep(server.stream.step_delay)
                    scripted.index += 1
                    self._message(sse, {"result": {"type": "MODIFIED", "object": scripted.current()}})
                    sent += 1
                    self._maybe_drop(sent, drop)
                    continue
                seen = scripted.index
                self._idle(sse, lambda seen=seen: scripted.index != seen or scripted.deleted)
                if scripted.index == seen and not scripted.deleted:
                    break
                if scripted.index != seen:
                    self._message(sse, {"result": {"type": "MODIFIED", "object": scripted.current()}})
                    seen = scripted.index
            self._end()

        def _logs(self, namespace: str, name: str, query: dict[str, str]) -> None:
            scripted = server.workflows.get((namespace, name))
            if scripted is None:
                self._error(404, 5, f'workflows.argoproj.io "{name}" not found')
                return
            if query.get("logOptions.container") != "main" or query.get("logOptions.follow") not in ("true", "false"):
                self._error(400, 3, f"unexpected log query {query}")
                return
            follow = query.get("logOptions.follow") == "true"
            only_pod = query.get("podName")
            stamps = query.get("logOptions.timestamps") == "true"
            with server.lock:
                drop = server.stream.drops.pop(0) if server.stream.drops else ""
            sse = self._start_stream()
            for sent, (i, (task, line)) in enumerate(enumerate(server.logs.get(name, [])), start=1):
                if only_pod and pod_name(name, task) != only_pod:
                    continue
                # as in real life, a task logs only once its pod (node) exists
                if follow:
                    self._idle(
                        sse, lambda task=task: node_id(name, task) in scripted.current()["status"].get("nodes", {})
                    )
                content = f"2026-11-26T12:00:{i:02d}.5Z {line}" if stamps else line
                self._message(sse, {"result": {"podName": pod_name(name, task), "content": content}})
                self._maybe_drop(sent, drop)
            if follow:
                self._idle(sse, lambda: scripted.finished)
            self._end()

    return Handler


def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening (connection refused)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port
