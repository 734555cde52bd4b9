"""Run the simulator on inline YAML (the test files write their own small templates)."""

from __future__ import annotations

import textwrap
from typing import Any

from ruamel.yaml import YAML

from opctl.simulate import Scenario, SimulationResult, simulate
from opctl.simulate.model import OUTCOMES

WORK = """
- name: work
  container: {image: "alpine:3.20", command: [sh, -c, exit 0]}
"""


def spec_of(text: str, *, work: bool = True) -> dict[str, Any]:
    text = textwrap.dedent(text)
    if work:
        text += WORK
    data = YAML(typ="safe").load(text)
    assert isinstance(data, dict)
    return data


def sim(
    text: str,
    outcomes: dict[str, str] | None = None,
    *,
    parameters: dict[str, str] | None = None,
    assume: dict[str, str] | None = None,
    work: bool = True,
) -> SimulationResult:
    """Simulate ``text`` (a WorkflowSpec; a `work` container template is appended) with outcomes
    written as on the command line: {"train": "Failed,Failed,Succeeded"}."""
    scenario = Scenario(
        outcomes={name: tuple(OUTCOMES[v] for v in value.split(",")) for name, value in (outcomes or {}).items()},
        parameters=parameters or {},
        assume=assume or {},
    )
    return simulate(spec_of(text, work=work), scenario)


def phases(result: SimulationResult) -> dict[str, str | None]:
    """Every task's phase (the "tasks" of -o json)."""
    return {name: task.phase for name, task in result.tasks.items()}


def node_phases(result: SimulationResult) -> dict[str, str | None]:
    return {name: node.phase for name, node in result.nodes.items()}
