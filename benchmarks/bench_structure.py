#!/usr/bin/env python3
"""Time the ``structure`` rule family on generated DAGs (not a test: speed is measured, not asserted).

Usage: ``.venv/bin/python benchmarks/bench_structure.py [--tasks 1000 5000 20000] [--jsonschema]``

For each size it generates an Onepanel template with one DAG of N tasks (about 150 bytes of YAML per
task: 5,000 tasks are about 750 KB), parses it once, then reports the best of a few runs of the
structure pass alone, and of the whole lint (all families that exist). ``--jsonschema`` also times
the generic ``jsonschema`` validator on the same data, for comparison.
"""

from __future__ import annotations

import argparse
import json
import time

from timing import best_of  # benchmarks/ is on sys.path when a script runs


def generate_dag(tasks: int) -> str:
    """An Onepanel template: a parameter, a DAG of ``tasks`` tasks in a chain with fan-in, two leaves."""
    lines = [
        "arguments:",
        "  parameters:",
        "  - name: message",
        "    value: hello",
        "    displayName: Message",
        "    type: input.text",
        "entrypoint: main",
        "templates:",
        "- name: main",
        "  dag:",
        "    tasks:",
    ]
    for i in range(tasks):
        lines += [
            f"    - name: task-{i:05d}",
            "      template: echo",
            *([f"      dependencies: [task-{i - 1:05d}]"] if i else []),
        ]
        if i % 3:
            lines += [
                "      arguments:",
                "        parameters:",
                "        - name: text",
                "          value: '{{workflow.parameters.message}}'",
            ]
    lines += [
        "- name: echo",
        "  inputs:",
        "    parameters:",
        "    - name: text",
        "      value: default",
        "  container:",
        "    image: alpine:3.19",
        "    command: [echo, '{{inputs.parameters.text}}']",
        "    resources:",
        "      limits: {cpu: 1, memory: 128Mi}",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jsonschema", action="store_true", help="also time the jsonschema library")
    args = parser.parse_args()

    from opctl.inputs import load_string
    from opctl.lint import lint_documents
    from opctl.lint.structure import find_problems
    from opctl.schema import load_schema

    print(f"{'tasks':>6} {'KB':>6} {'parse s':>8} {'structure s':>12} {'lint all s':>11}", end="")
    print(f" {'jsonschema s':>13}" if args.jsonschema else "")
    for tasks in args.tasks:
        text = generate_dag(tasks)
        start = time.perf_counter()
        inputs = load_string(text, "bench.yaml")
        parse = time.perf_counter() - start
        doc = inputs.documents[0]
        problems = find_problems(doc.data, "OnepanelWorkflowSpec")
        assert not problems, problems[:3]
        structure = best_of(lambda: find_problems(doc.data, "OnepanelWorkflowSpec"), args.runs)  # noqa: B023
        lint = best_of(lambda: lint_documents(inputs.documents), max(1, args.runs // 2))  # noqa: B023
        line = f"{tasks:>6} {len(text) / 1024:>6.0f} {parse:>8.3f} {structure:>12.4f} {lint:>11.3f}"
        if args.jsonschema:
            import jsonschema

            schema = load_schema()
            validator = jsonschema.Draft202012Validator(
                {"$ref": "#/$defs/OnepanelWorkflowSpec", "$defs": json.loads(json.dumps(schema["$defs"]))}
            )
            line += f" {best_of(lambda: list(validator.iter_errors(doc.data)), 1):>13.3f}"  # noqa: B023
        print(line)


if __name__ == "__main__":
    main()
