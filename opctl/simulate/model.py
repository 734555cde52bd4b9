"""What a simulation takes and gives: assumed outcomes, nodes, the result."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# Node phases as Argo spells them (pkg/apis/workflow/v1alpha1/workflow_types.go).
SUCCEEDED = "Succeeded"
FAILED = "Failed"
ERROR = "Error"
SKIPPED = "Skipped"
OMITTED = "Omitted"
RUNNING = "Running"
COMPLETED = frozenset({SUCCEEDED, FAILED, ERROR})
FULFILLED = COMPLETED | {SKIPPED, OMITTED}
FAILED_OR_ERROR = frozenset({FAILED, ERROR})

# What --outcome accepts, and the phase each gives.
OUTCOMES = {"Succeeded": SUCCEEDED, "Failed": FAILED, "Errored": ERROR, "Error": ERROR}

_ATTEMPT = re.compile(r"\(\d+\)(?=\.|$)")
_ITEM = re.compile(r"\(\d+:[^()]*\)(?=\.|$)")


def outcome_keys(name: str) -> list[str]:
    """Names an assumed outcome may be given under, most specific first.

    ``outer(1).inner`` (a task of the second attempt of a retried DAG) also matches
    ``outer.inner``; ``fan(1:b)`` also matches ``fan`` (every item of the loop).
    """
    keys = [name]
    without_attempts = _ATTEMPT.sub("", name)
    if without_attempts not in keys:
        keys.append(without_attempts)
    without_items = _ITEM.sub("", without_attempts)
    if without_items not in keys:
        keys.append(without_items)
    return keys


def task_path(name: str) -> str:
    """The ``outer.inner`` task path of a node name (attempt numbers dropped)."""
    return _ATTEMPT.sub("", name)


def is_loop_child(name: str) -> bool:
    return _ITEM.search(name) is not None


@dataclass
class Scenario:
    """The assumptions of one simulation.

    ``outcomes`` maps a node name to the result of each attempt (the last repeats);
    ``parameters`` overrides workflow parameters; ``assume`` gives output values
    (``train.outputs.parameters.p``) the simulator cannot know.
    """

    outcomes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    parameters: dict[str, str] = field(default_factory=dict)
    assume: dict[str, str] = field(default_factory=dict)


@dataclass
class Node:
    """One node the controller would create (names without the ``<workflow>.`` prefix)."""

    name: str
    type: str  # Pod, DAG, Steps, TaskGroup, Retry, Skipped, Suspend, ...
    phase: str | None  # None: never finishes (it would stay Running)
    template: str | None = None
    reason: str = ""
    message: str = ""
    children: list[str] = field(default_factory=list)
    daemoned: bool = False
    outbound: list[str] = field(default_factory=list)  # phases seen by dependents (DAG phase BFS)
    hooks: list[str] = field(default_factory=list)  # exit handler and hook node names
    wave: int = 0  # when it was decided: 1 + the wave of its latest dependency

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"phase": self.phase, "type": self.type, "reason": self.reason}
        if self.message:
            data["message"] = self.message
        if self.template:
            data["template"] = self.template
        if self.children:
            data["children"] = list(self.children)
        return data


@dataclass
class TaskResult:
    """A task of the entry DAG (nested ones as ``outer.inner``) and what became of it."""

    phase: str | None
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"phase": self.phase, "reason": self.reason}


@dataclass
class SimulationResult:
    """The simulated run: the workflow's phase (None when undecidable), the entry DAG's, every node."""

    phase: str | None
    entry: str
    entry_phase: str | None
    nodes: dict[str, Node]
    tasks: dict[str, TaskResult]
    notes: list[str] = field(default_factory=list)
    undecidable: list[str] = field(default_factory=list)
    entry_reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "phase": self.phase,
            "tasks": {name: task.to_json() for name, task in self.tasks.items()},
            "nodes": {name: node.to_json() for name, node in self.nodes.items()},
        }


class SimulationError(Exception):
    """The template cannot be simulated (no DAG entrypoint, a cycle, an unknown node name...)."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
