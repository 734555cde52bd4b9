"""``opctl simulate``: an offline model of how Argo's controller executes a DAG.

``simulate(spec, scenario)`` runs the entrypoint DAG of a workflow spec with assumed leaf outcomes
and returns every node the controller would create, with its phase and why.
"""

from opctl.simulate.engine import simulate
from opctl.simulate.model import Node, Scenario, SimulationError, SimulationResult, TaskResult

__all__ = ["Node", "Scenario", "SimulationError", "SimulationResult", "TaskResult", "simulate"]
