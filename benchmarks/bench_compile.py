"""Compile throughput and memory: N-task DAGs through whole `opctl compile` runs, plus an in-process
breakdown (load, input lint, passes, emit, output check) and peak memory.

Usage: .venv/bin/python benchmarks/bench_compile.py [--sizes 1000 5000 10000 20000] [--repeat 3]
Targets (issue 3): a 5,000-task DAG compiled in < 2 s wall; memory < 200 MB; time linear to 20,000 tasks.
Wall time is the whole command (`opctl compile FILE > /dev/null`, interpreter start-up included);
memory is the child's peak RSS (ru_maxrss) and, in-process, tracemalloc's peak of Python allocations.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import dag_template  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
OPCTL = [str(REPO / ".venv" / "bin" / "opctl")]
DEFAULTS = REPO / "examples" / "opctl.yaml"


def run_once(path: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one `opctl compile` child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run([*OPCTL, "compile", "--defaults", str(DEFAULTS), str(path)], capture_output=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"opctl compile failed ({done.returncode}): {done.stderr.decode()[:2000]}")
    # ru_maxrss of children is the largest child so far (KB on Linux): sizes run smallest first
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return wall, peak


def phases(text: str) -> dict[str, float]:
    """Seconds per compile step, in-process (no interpreter start-up)."""
    from opctl.compile.api import CompileOptions, check_output
    from opctl.compile.emit import to_yaml
    from opctl.compile.passes import CompileContext, plain_copy, run_passes
    from opctl.compile.settings import load_defaults
    from opctl.inputs import load_string
    from opctl.lint import lint_documents

    timings: dict[str, float] = {}

    def timed(name: str, func):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        value = func()
        timings[name] = time.perf_counter() - start
        return value

    inputs = timed("load", lambda: load_string(text, "bench.yaml"))
    doc = inputs.documents[0]
    timed("lint", lambda: lint_documents([doc], "onepanel"))
    defaults = load_defaults(str(DEFAULTS)).defaults
    options = CompileOptions(defaults=defaults)
    ctx = CompileContext(doc=doc, defaults=defaults, namespace_option=options.namespace)
    ctx.spec = plain_copy(doc.spec)
    manifest = timed("passes", lambda: run_passes(ctx))
    timed("emit", lambda: to_yaml([manifest]))
    timed("check", lambda: check_output(doc, manifest))
    return timings


def python_peak_mb(text: str) -> float:
    """tracemalloc's peak while loading and compiling (Python allocations only)."""
    from opctl.compile.api import CompileOptions, compile_documents
    from opctl.compile.emit import to_yaml
    from opctl.compile.settings import load_defaults
    from opctl.inputs import load_string

    defaults = load_defaults(str(DEFAULTS)).defaults
    tracemalloc.start()
    inputs = load_string(text, "bench.yaml")
    result = compile_documents(inputs.documents, CompileOptions(defaults=defaults))
    to_yaml(result.manifests)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sorted(args.sizes):
            text = dag_template(size)
            path = Path(tmp) / f"dag-{size}.yaml"
            path.write_text(text)
            runs = [run_once(path) for _ in range(args.repeat)]
            wall = min(r[0] for r in runs)
            rss = max(r[1] for r in runs)
            rows.append((size, len(text), wall, rss, python_peak_mb(text), phases(text)))
    print(f"{'tasks':>7} {'bytes':>10} {'wall s':>7} {'s/1k':>6} {'RSS MB':>7} {'py MB':>6}  in-process phases (s)")
    for size, nbytes, wall, rss, py_peak, breakdown in rows:
        detail = " ".join(f"{k}={v:.3f}" for k, v in breakdown.items())
        print(f"{size:>7} {nbytes:>10,} {wall:>7.3f} {wall / size * 1000:>6.3f} {rss:>7.1f} {py_peak:>6.1f}  {detail}")
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        startup = min(run_once(REPO / "examples" / "diamond.yaml")[0] for _ in range(args.repeat))
        walls = [max(r[2] - startup, 1e-9) for r in (first, last)]
        compute = [sum(r[5].values()) for r in (first, last)]
        size = last[0] / first[0]
        print(f"start-up (compiling examples/diamond.yaml): {startup:.3f} s")
        print(
            f"growth {first[0]}->{last[0]} tasks (x{size:.0f}): wall minus start-up x{walls[1] / walls[0]:.1f} "
            f"(ratio {walls[1] / walls[0] / size:.2f}), in-process compute x{compute[1] / compute[0]:.1f} "
            f"(ratio {compute[1] / compute[0] / size:.2f}); about 1 is linear"
        )


if __name__ == "__main__":
    main()
