"""Benchmark: `opctl graph` and `opctl simulate` end to end on generated DAGs (target: 5,000 tasks
in under 2 s each, issue 11).

Run: .venv/bin/python benchmarks/bench_simulate.py [--sizes 1000,5000,20000] [--repeat 3]

Each DAG comes from benchmarks/generate.py (layers of four tasks sharing a parent, every task passing
an upstream output on), written with `dependencies` and with `depends`. Times are best-of-N wall
times of the whole command in a fresh process (interpreter start and YAML loading included), for
graph in every format and for simulate with one failing task (human and json output), with the
CPU time of the best run's process (user + system: what a loaded, shared machine does not inflate).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from generate import dag_template  # benchmarks/ is on sys.path when a script runs
from timing import best_of

ROOT = Path(__file__).resolve().parents[1]


def command(args: list[str]) -> float:
    """Run opctl once; returns the CPU seconds it used (user + system), which the load of a shared
    machine does not inflate as it does wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run = subprocess.run(
        [sys.executable, "-c", "from opctl.cli import main; main()", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if run.returncode not in (0, 1):
        raise SystemExit(f"opctl {' '.join(args)} exited {run.returncode}: {run.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        print(f"{'tasks':>6} {'style':<12} {'command':<40} {'wall (s)':>9} {'cpu (s)':>8}")
        for size in (int(s) for s in options.sizes.split(",")):
            for style in ("dependencies", "depends"):
                path = Path(directory) / f"dag-{size}-{style}.yaml"
                path.write_text(dag_template(size, use_depends=style == "depends"))
                middle = f"task-{size // 2}"
                runs = [
                    ["graph", str(path), "-o", "mermaid"],
                    ["graph", str(path), "-o", "dot"],
                    ["graph", str(path), "-o", "ascii"],
                    ["graph", str(path), "-o", "json"],
                    ["simulate", str(path), "--fail", middle],
                    ["simulate", str(path), "--fail", middle, "-o", "json"],
                ]
                for args in runs:
                    cpu: list[float] = []
                    seconds = best_of(lambda args=args, cpu=cpu: cpu.append(command(args)), options.repeat)
                    label = " ".join(a if a != str(path) else "FILE" for a in args)
                    print(f"{size:>6} {style:<12} {label:<40} {seconds:>9.3f} {min(cpu):>8.3f}", flush=True)


if __name__ == "__main__":
    main()
