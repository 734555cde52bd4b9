"""Lint throughput: N-task DAGs, whole `opctl lint` runs and an in-process phase breakdown.

Usage: .venv/bin/python benchmarks/bench_lint.py [--sizes 1000 5000 20000] [--repeat 3]
Targets (issue 2): 5,000 tasks (~750 KB) linted in < 1.5 s wall; time linear from 1k to 20k tasks.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import best_of  # benchmarks/ is on sys.path when a script runs

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import dag_template  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
OPCTL = [str(REPO / ".venv" / "bin" / "opctl")]


def phases(text: str) -> dict[str, float]:
    """Seconds spent loading and in each rule family, in-process."""
    from opctl.inputs import load_string
    from opctl.lint import load_families
    from opctl.lint.registry import CHECKS, LintContext

    load_families()
    timings: dict[str, float] = {}
    start = time.perf_counter()
    inputs = load_string(text, "bench.yaml")
    timings["load"] = time.perf_counter() - start
    ctx = LintContext(inputs.documents[0])
    for family, check in CHECKS:
        start = time.perf_counter()
        list(check(ctx))
        timings[family] = timings.get(family, 0.0) + time.perf_counter() - start
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            text = dag_template(size)
            path = Path(tmp) / f"dag-{size}.yaml"
            path.write_text(text)
            wall = best_of(lambda p=path: subprocess.run([*OPCTL, "lint", str(p)], capture_output=True), args.repeat)
            breakdown = phases(text)
            rows.append((size, len(text), wall, breakdown))
    base = rows[0]
    print(f"{'tasks':>7} {'bytes':>10} {'wall s':>8} {'s/1k tasks':>10}  phases (in-process, s)")
    for size, nbytes, wall, breakdown in rows:
        per_k = wall / size * 1000
        detail = " ".join(f"{k}={v:.3f}" for k, v in breakdown.items())
        print(f"{size:>7} {nbytes:>10,} {wall:>8.3f} {per_k:>10.3f}  {detail}")
    if len(rows) > 1:
        last = rows[-1]
        growth = (last[2] / base[2]) / (last[0] / base[0])
        print(
            f"growth {base[0]}->{last[0]} tasks: time x{last[2] / base[2]:.1f} for size x{last[0] / base[0]:.0f} "
            f"(ratio {growth:.2f}; <= ~1.2 is linear)"
        )


if __name__ == "__main__":
    main()
