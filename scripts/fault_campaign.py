"""Random Argo Server faults against ``opctl submit`` (loopback only): scenarios the test suite does
not list, composed at random per request stage, each checked against the guarantees of
docs/guarantees.md: exit code in 0-4, a ``--timeout N`` run ends within N+1 s of its start, the token
appears in no byte of stdout or stderr, at most one create, no traceback.

    python scripts/fault_campaign.py --seed 1 --count 60

Every request is answered by one behaviour picked at random from: answer normally, stall (before the
headers, in the body, mid-stream), trickle, drop the connection, 5xx, 429 with Retry-After (seconds or
an HTTP date), a huge or non-JSON body, a redirect, or echo the credentials back (error message,
created object, node message, log line). Prints a summary; exits 1 if any run broke a guarantee.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.argo.fault_server import WORKFLOW_NAME, FaultHandler, FaultServer, created_workflow  # noqa: E402
from tests.argo.test_faults import CHILD, TEMPLATE, event_line, running, stall_body, trickle  # noqa: E402

SECRET = "Hq4cAmpa1gnT0kenZz9"
TOKENS = (f"Bearer {SECRET}", f"bearer {SECRET}", SECRET, "Basic " + base64.b64encode(f"ci:{SECRET}".encode()).decode())
FLAGS = (["--wait"], ["--watch"], ["--log"], ["--wait", "--terminate-on-timeout"], ["-o", "json"], [])


def behaviour(rng: random.Random):  # type: ignore[no-untyped-def]
    def echo(h: FaultHandler) -> str:
        auth = h.authorization
        return f"{auth} {auth.lower()} {auth.partition(' ')[2]}"

    def done_workflow(message: str = "") -> dict:
        workflow = running(message)
        workflow["status"]["phase"] = "Succeeded"
        workflow["status"]["finishedAt"] = "2026-11-26T12:01:00Z"
        return workflow

    def normal(h: FaultHandler, method: str, path: str, body: bytes) -> None:
        if method == "POST":
            h.json(200, created_workflow())
        elif path.startswith("/api/v1/workflow-events/"):
            h.start_stream()
            h.chunk(event_line(running()))
            h.chunk(event_line(done_workflow()))
            h.chunk(b"")
        elif "/log" in path:
            h.start_stream()
            h.chunk(json.dumps({"result": {"podName": f"{WORKFLOW_NAME}-echo-1", "content": "hi"}}).encode() + b"\n")
            h.chunk(b"")
        else:
            h.json(200, done_workflow())

    choices = {
        "normal": normal,
        "stall": lambda h, m, p, b: h.stall(),
        "stall body": lambda h, m, p, b: stall_body(h),
        "trickle": lambda h, m, p, b: trickle(h),
        "drop": lambda h, m, p, b: h.drop(),
        "5xx": lambda h, m, p, b: h.json(rng.choice((500, 502, 503, 504)), {"code": 14, "message": "unavailable"}),
        "429 date": lambda h, m, p, b: h.json(
            429, {"code": 8, "message": "slow down"},
            headers={"Retry-After": format_datetime(datetime.now(UTC) + timedelta(seconds=2), usegmt=True)},
        ),  # fmt: skip
        "huge": lambda h, m, p, b: h.raw(500, b"z" * 2_000_000),
        "html": lambda h, m, p, b: h.raw(200, b"<html>sign in</html>", "text/html"),
        "redirect": lambda h, m, p, b: h.raw(302, b"", headers={"Location": f"https://sso.invalid/?t={SECRET}"}),
        "echo error": lambda h, m, p, b: h.json(400, {"code": 3, "message": echo(h)}),
        "echo object": lambda h, m, p, b: h.json(200, created_workflow({"annotations": {"e": echo(h)}}))
        if m == "POST"
        else normal(h, m, p, b),
        "echo stream": lambda h, m, p, b: (
            h.start_stream(),
            h.chunk(event_line(done_workflow(echo(h))) if "events" in p else
                    json.dumps({"result": {"podName": "p", "content": echo(h)}}).encode() + b"\n"),
            h.chunk(b""),
        ) if m == "GET" and ("events" in p or "/log" in p) else normal(h, m, p, b),
    }  # fmt: skip
    weights = {name: (6 if name == "normal" else 1) for name in choices}
    names = list(choices)

    def scenario(h: FaultHandler, method: str, path: str, body: bytes) -> None:
        name = rng.choices(names, weights=[weights[n] for n in names])[0]
        h.server.picked.append(f"{method} {path.split('?')[0]}: {name}")  # type: ignore[attr-defined]
        choices[name](h, method, path, body)

    return scenario


def run(seed: int, case: int, workdir: Path) -> tuple[bool, str, float, int]:
    rng = random.Random(f"{seed}/{case}")
    server = FaultServer(behaviour(random.Random(f"{seed}/{case}/server")))
    server.picked = []  # type: ignore[attr-defined]
    server.start()
    timeout = rng.choice((1.0, 1.5, 2.0, 3.0))
    flags = rng.choice(FLAGS)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARGO_")}
    env.update({"ARGO_SERVER": server.address, "ARGO_SECURE": "false", "ARGO_TOKEN": rng.choice(TOKENS)})
    env["NO_PROXY"] = "127.0.0.1,localhost"
    args = ["submit", str(workdir / "t.yaml"), *flags, "--timeout", f"{timeout}s", "-v"]
    try:
        process = subprocess.run(
            [sys.executable, "-c", CHILD, *args], env=env, cwd=workdir, capture_output=True, timeout=60
        )
        ended = time.monotonic()
    finally:
        server.stop()
    first, _, err = process.stderr.partition(b"\n")
    elapsed = ended - float(first[3:])
    out = process.stdout + err
    problems = []
    if process.returncode not in (0, 1, 2, 3, 4):
        problems.append(f"exit {process.returncode}")
    if elapsed >= timeout + 1.0:
        problems.append(f"exit after {elapsed:.2f}s with --timeout {timeout:g}s")
    if SECRET.lower().encode() in out.lower():
        problems.append("the token was printed")
    if b"Traceback" in out:
        problems.append("traceback")
    if len(server.calls("POST")) > 1:
        problems.append("two creates")
    story = f"case {case}: {' '.join(args[2:])} -> exit {process.returncode} after {elapsed:.2f}s; " + "; ".join(
        server.picked  # type: ignore[attr-defined]
    )
    return not problems, story + ("" if not problems else "  !! " + ", ".join(problems)), elapsed, process.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("-v", "--verbose", action="store_true", help="print every run")
    options = parser.parse_args()
    codes: dict[int, int] = {}
    failures = []
    worst_margin = 0.0
    with tempfile.TemporaryDirectory(prefix="opctl-faults-") as tmp:
        workdir = Path(tmp)
        (workdir / "t.yaml").write_text(TEMPLATE)
        for case in range(options.count):
            ok, story, elapsed, code = run(options.seed, case, workdir)
            codes[code] = codes.get(code, 0) + 1
            if code == 4:
                worst_margin = max(worst_margin, elapsed)
            if options.verbose or not ok:
                print(story)
            if not ok:
                failures.append(story)
    print(
        f"fault campaign seed {options.seed}: {options.count} runs; exit codes "
        + ", ".join(f"{k}: {v}" for k, v in sorted(codes.items()))
        + f"; slowest exit 4 after {worst_margin:.2f}s; {len(failures)} broke a guarantee"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
