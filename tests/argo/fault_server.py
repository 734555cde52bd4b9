"""A misbehaving Argo Server on 127.0.0.1: each request is answered by a scenario function that can
stall at any stage, drop the connection, trickle bytes, send huge or non-JSON bodies, redirect, or
echo the credentials it was sent. Stalls end when the server stops, so no thread outlives a test."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Scenario = Callable[["FaultHandler", str, str, bytes], None]

WORKFLOW_NAME = "hello-f0001"


def created_workflow(extra_meta: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Workflow",
        "metadata": {"name": WORKFLOW_NAME, "namespace": "default", **(extra_meta or {})},
        "spec": {"entrypoint": "main"},
        "status": {},
    }


class FaultHandler(BaseHTTPRequestHandler):
    server: FaultServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence stderr
        pass

    # -- building blocks for scenarios ---------------------------------------------------------

    def stall(self) -> None:
        """Hold the connection open, sending nothing, until the server stops."""
        self.server.stopping.wait(60)

    def json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.raw(status, data, "application/json", headers)

    def raw(
        self, status: int, data: bytes, content_type: str = "text/plain", headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def start_stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def drop(self) -> None:
        """Close the connection abruptly (RST), without an answer."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        self.close_connection = True
        self.connection.close()

    @property
    def authorization(self) -> str:
        return self.headers.get("Authorization", "")

    # -- dispatch ------------------------------------------------------------------------------

    def _handle(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with self.server.lock:
            self.server.requests.append((method, self.path, body))
        with contextlib.suppress(OSError):  # the client went away: expected in these scenarios
            self.server.scenario(self, method, self.path, body)

    def do_GET(self) -> None:  # noqa: N802
        self._handle("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._handle("PUT")


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, scenario: Scenario) -> None:
        super().__init__(("127.0.0.1", 0), FaultHandler)
        self.scenario = scenario
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str, bytes]] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients hanging up on purpose: socketserver would print a traceback into the test's stderr

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.server_address[1]}"

    def start(self) -> FaultServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()

    def calls(self, method: str) -> list[tuple[str, str, bytes]]:
        with self.lock:
            return [r for r in self.requests if r[0] == method]


def unaccepting_listener() -> tuple[socket.socket, list[socket.socket], str]:
    """A listening socket whose backlog is full, so that a new connection stalls in connect (SYNs are
    dropped). Returns the listener, the sockets filling its backlog (close them after) and host:port."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    fillers = []
    for _ in range(4):
        filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        filler.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            filler.connect(listener.getsockname())
        fillers.append(filler)
    return listener, fillers, f"127.0.0.1:{listener.getsockname()[1]}"
