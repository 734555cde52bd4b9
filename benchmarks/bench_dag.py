"""Benchmark: DAG graph building and the `dag` lint family on generated DAGs of 1k to 20k tasks.

Run: .venv/bin/python benchmarks/bench_dag.py [--sizes 1000,5000,20000] [--repeat 5]

Each DAG is a mix of chains and fan-outs (every 10th task fans out to the next 9, each of which
depends on it, and every fan-out head depends on the previous head and its fan), written once
with `dependencies` and once with `depends` expressions. Prints the best-of-N time for: loading the
YAML (for scale), building the graphs, computing ancestors/topological order/cycles, and running
the `dag` family checks (graphs already cached and from scratch). Growth should be linear.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from timing import best_of  # benchmarks/ is on sys.path when a script runs

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from opctl.inputs import load_string  # noqa: E402
from opctl.lint.registry import LintContext  # noqa: E402


def generate(tasks: int, style: str) -> str:
    """A DAG template of ``tasks`` tasks: heads every 10 tasks, each fanning out to 9 workers."""
    lines = [
        "entrypoint: main",
        "templates:",
        "- name: main",
        "  dag:",
        "    tasks:",
    ]
    head = None
    fan: list[str] = []
    for i in range(tasks):
        name = f"task-{i}"
        if i % 10 == 0:
            deps = ([head] if head else []) + fan[-3:]
            head, fan = name, []
        else:
            deps = [head] if head else []
            fan.append(name)
        lines.append(f"    - name: {name}")
        lines.append("      template: work")
        if deps:
            if style == "dependencies":
                lines.append(f"      dependencies: [{', '.join(deps)}]")
            else:
                expr = " && ".join(f"{d}.Succeeded" if j % 2 else d for j, d in enumerate(deps))
                lines.append(f'      depends: "{expr}"')
        lines.append("      arguments:")
        lines.append("        parameters:")
        lines.append("        - name: index")
        lines.append(f'          value: "{i}"')
    lines += [
        "- name: work",
        "  inputs:",
        "    parameters:",
        "    - name: index",
        "  container:",
        "    image: alpine:3",
        "    command: [echo, '{{inputs.parameters.index}}']",
    ]
    return "\n".join(lines) + "\n"


def measure(size: int, style: str, repeat: int) -> str:
    from opctl.lint.dag import check_dag
    from opctl.lint.graph import dag_graphs

    text = generate(size, style)
    load = best_of(lambda: load_string(text, "bench.yaml"), repeat)
    doc = load_string(text, "bench.yaml").documents[0]

    def build() -> None:
        dag_graphs(LintContext(doc))

    def build_and_query() -> None:
        graph = dag_graphs(LintContext(doc))[0]
        order = graph.topological_order()
        assert order is not None and len(order) == size
        assert graph.is_ancestor("task-0", order[-1])

    cached = LintContext(doc)
    found = list(check_dag(cached))
    assert not [d for d in found if d.severity == "error"], found[:3]

    graph_time = best_of(build, repeat)
    query_time = max(best_of(build_and_query, repeat) - graph_time, 0.0)
    dag_time = best_of(lambda: list(check_dag(cached)), repeat)
    fresh_time = best_of(lambda: list(check_dag(LintContext(doc))), repeat)
    return (
        f"{size:>7} {style:<13} {len(text) // 1024:>6} {load * 1000:>7.0f} {graph_time * 1000:>8.1f} "
        f"{query_time * 1000:>8.1f} {dag_time * 1000:>8.1f} {fresh_time * 1000:>10.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print("times in ms, best of", args.repeat)
    print(f"{'tasks':>7} {'style':<13} {'KB':>6} {'load':>7} {'graph':>8} {'queries':>8} {'dag':>8} {'dag+graph':>10}")
    for size in (int(s) for s in args.sizes.split(",")):
        for style in ("dependencies", "depends"):
            print(measure(size, style, args.repeat), flush=True)


if __name__ == "__main__":
    main()
