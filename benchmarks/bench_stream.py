"""Reading a large watch event and keeping a deadline (issue 12).

* A workflow whose status is 20 MB arrives as one stream line split into many chunks: the client
  joins it once (it used to re-split a growing buffer: 23 s for 20 MB), decodes and redacts it.
* ``--timeout`` against a server that stalls mid-stream: seconds from the command's start to exit 4.

    python benchmarks/bench_stream.py [--mb 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.timing import best_of  # noqa: E402
from opctl.argo.client import _lines, _stream_result  # noqa: E402
from opctl.argo.redact import Redactor  # noqa: E402


def big_event(megabytes: int) -> bytes:
    nodes = {
        f"wf-{i}": {"id": f"wf-{i}", "displayName": f"task-{i}", "type": "Pod", "phase": "Succeeded",
                    "message": "x" * 200, "templateName": "echo"}
        for i in range(megabytes * 1024 * 1024 // 300)
    }  # fmt: skip
    workflow = {"metadata": {"name": "wf"}, "status": {"phase": "Running", "nodes": nodes}}
    return json.dumps({"result": {"type": "MODIFIED", "object": workflow}}).encode() + b"\n"


def read_event(data: bytes, chunk: int, redactor: Redactor) -> None:
    chunks = (data[i : i + chunk] for i in range(0, len(data), chunk))
    for line in _lines(chunks, threading.Event()):
        result = _stream_result(line)
        if result is not None:
            redactor.scrub(result)


def deadline_exit(seconds: float) -> float:
    """Seconds from the command's start to its exit against a server that stalls mid-stream."""
    from tests.argo.fault_server import FaultServer
    from tests.argo.test_faults import CHILD, TEMPLATE, answer_create_then, one_event_then_stall

    server = FaultServer(answer_create_then(one_event_then_stall)).start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "t.yaml"
            path.write_text(TEMPLATE)
            env = {k: v for k, v in os.environ.items() if not k.startswith("ARGO_")}
            env.update({"ARGO_SERVER": server.address, "ARGO_SECURE": "false", "NO_PROXY": "127.0.0.1"})
            process = subprocess.run(
                [sys.executable, "-c", CHILD, "submit", str(path), "--wait", "--timeout", f"{seconds}s"],
                env=env, cwd=tmp, capture_output=True, text=True, timeout=60,
            )  # fmt: skip
            ended = time.monotonic()
            assert process.returncode == 4, process.stderr
            return ended - float(process.stderr.split("\n", 1)[0][3:])
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    data = big_event(options.mb)
    redactor = Redactor(["Bearer Zq7tok3nV4lue9xPk2"])
    for chunk in (8192, 65536):
        took = best_of(lambda chunk=chunk: read_event(data, chunk, redactor), options.repeat)
        print(f"watch event of {len(data) / 1e6:.1f} MB in {chunk}-byte chunks: {took:.2f}s (split, decode, redact)")
    for seconds in (1.0, 3.0):
        exits = [deadline_exit(seconds) for _ in range(options.repeat)]
        print(f"--timeout {seconds:g}s, stream stalled mid-way: exit 4 after {max(exits):.2f}s (worst of {len(exits)})")


if __name__ == "__main__":
    main()
