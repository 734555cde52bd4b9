"""Benchmark: the `references` lint family on generated DAGs of 1k to 20k tasks.

Run: .venv/bin/python benchmarks/bench_references.py [--sizes 1000,5000,20000] [--repeat 5]

Two shapes from benchmarks/generate.py (every task passes an argument made of a task output and a
workflow parameter, ~210 bytes a task):

* ``parent``: each argument names the task's direct dependency (Argo's ancestor rule is answered
  by the edge itself);
* ``far``: each argument also names ``task-0``, an ancestor several levels up, so every task asks
  the graph's ancestor bitsets (the worst case for scoping).

Prints best-of-N seconds for: loading the YAML (for scale), the references family with a fresh
context (DAG graph built inside), the family with the graph already cached, and every lint
family together. The target (issue 2) is < 1.5 s for all families on 5,000 tasks, growing
linearly; the references family should stay well under 0.3 s there.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from timing import best_of  # benchmarks/ is on sys.path when a script runs

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import dag_template  # noqa: E402

from opctl.inputs import load_string  # noqa: E402
from opctl.lint import lint_document  # noqa: E402
from opctl.lint.graph import dag_graphs  # noqa: E402
from opctl.lint.references import check_references  # noqa: E402
from opctl.lint.registry import LintContext  # noqa: E402


def far_template(tasks: int) -> str:
    """``dag_template`` with every task's argument also naming task-0 (a distant ancestor)."""
    text = dag_template(tasks)
    return text.replace("-{{workflow.parameters.message}}'", "-{{tasks.task-0.outputs.parameters.out}}'")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    print(f"{'tasks':>7} {'shape':<7} {'KB':>6} {'load':>8} {'refs':>8} {'refs/1k':>8} {'cached':>8} {'all':>8}")
    first: dict[str, tuple[int, float]] = {}
    for size in (int(s) for s in args.sizes.split(",")):
        for shape, make in (("parent", dag_template), ("far", far_template)):
            text = make(size)
            load = best_of(lambda text=text: load_string(text, "bench.yaml"), args.repeat)
            doc = load_string(text, "bench.yaml").documents[0]
            errors = [d for d in check_references(LintContext(doc)) if d.is_error]
            assert not errors, errors[:3]

            refs = best_of(lambda doc=doc: check_references(LintContext(doc)), args.repeat)
            cached_ctx = LintContext(doc)
            dag_graphs(cached_ctx)
            check_references(cached_ctx)  # ancestor bitsets, if any, are computed once
            cached = best_of(lambda ctx=cached_ctx: check_references(ctx), args.repeat)
            everything = best_of(lambda doc=doc: lint_document(doc), max(1, args.repeat // 2))
            first.setdefault(shape, (size, refs))
            print(
                f"{size:>7} {shape:<7} {len(text) // 1024:>6} {load * 1000:>6.0f}ms {refs * 1000:>6.1f}ms "
                f"{refs / size * 1e6:>6.1f}ms {cached * 1000:>6.1f}ms {everything * 1000:>6.0f}ms"
            )
    print("refs/1k = references-family time per 1,000 tasks (flat = linear growth)")


if __name__ == "__main__":
    main()
