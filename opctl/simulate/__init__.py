"""``opctl simulate``: an offline model of how Argo's controller executes a DAG.

``simulate(spec, scenario)`` runs the entrypoint DAG of a workflow spec with assumed leaf outcomes
and returns every node the controller would create, with its phase and why.

The names are loaded on first use: ``opctl lint`` imports ``opctl.simulate.depends`` and
``opctl.simulate.when`` for its dag warnings, and must not pay for the engine on every run.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from opctl.simulate.engine import simulate
    from opctl.simulate.model import Node, Scenario, SimulationError, SimulationResult, TaskResult

__all__ = ["Node", "Scenario", "SimulationError", "SimulationResult", "TaskResult", "simulate"]

_HOME = {"simulate": "opctl.simulate.engine"} | {
    name: "opctl.simulate.model" for name in ("Node", "Scenario", "SimulationError", "SimulationResult", "TaskResult")
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'opctl.simulate' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOME[name]), name)
