"""Generate large, realistic Onepanel templates for benchmarks: an N-task DAG (~150 bytes a task)."""

from __future__ import annotations

import argparse
import sys


def dag_template(tasks: int, *, use_depends: bool = False) -> str:
    """A template whose entrypoint DAG has ``tasks`` tasks in chains of fan-out/fan-in layers.

    Every task passes a parameter that uses a workflow parameter and an upstream task's output,
    so reference and graph checks have real work to do.
    """
    lines = [
        "entrypoint: main",
        "arguments:",
        "  parameters:",
        "  - name: message",
        "    value: hello",
        "    displayName: Message",
        "templates:",
        "- name: main",
        "  dag:",
        "    tasks:",
    ]
    for i in range(tasks):
        lines.append(f"    - name: task-{i}")
        lines.append("      template: echo")
        if i:
            parent = (i - 1) // 4 * 4 if i % 4 else i - 1  # layers of four that share a parent
            if use_depends:
                lines.append(f'      depends: "task-{parent}.Succeeded"')
            else:
                lines.append(f"      dependencies: [task-{parent}]")
            value = f"{{{{tasks.task-{parent}.outputs.parameters.out}}}}-{{{{workflow.parameters.message}}}}"
        else:
            value = "{{workflow.parameters.message}}"
        lines.append("      arguments:")
        lines.append(f"        parameters: [{{name: message, value: '{value}'}}]")
    lines += [
        "- name: echo",
        "  inputs:",
        "    parameters:",
        "    - name: message",
        "  outputs:",
        "    parameters:",
        "    - name: out",
        "      valueFrom: {path: /tmp/out}",
        "  container:",
        "    image: alpine:3.20",
        "    command: [sh, -c]",
        "    args: ['echo {{inputs.parameters.message}} | tee /tmp/out']",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("tasks", type=int)
    parser.add_argument("--depends", action="store_true", help="use depends expressions instead of dependencies")
    args = parser.parse_args()
    sys.stdout.write(dag_template(args.tasks, use_depends=args.depends))


if __name__ == "__main__":
    main()
