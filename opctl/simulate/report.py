"""The human report of a simulation: each node in the order the controller decides it, and why."""

from __future__ import annotations

import click

from opctl.simulate.model import ERROR, FAILED, OMITTED, SKIPPED, SUCCEEDED, Scenario, SimulationResult

_COLORS = {SUCCEEDED: "green", FAILED: "red", ERROR: "red", SKIPPED: "yellow", OMITTED: "yellow"}


def _phase(phase: str | None, color: bool) -> str:
    text = phase or "never"
    padded = f"{text:<9}"
    if not color:
        return padded
    return click.style(padded, fg=_COLORS.get(text, "magenta"), bold=phase in (FAILED, ERROR))


def human(result: SimulationResult, file: str, scenario: Scenario, *, color: bool = False) -> str:
    """The report printed by ``opctl simulate``."""
    lines = [f"{file}: simulated run of the entrypoint DAG {result.entry!r}"]
    assumed = [f"{name}={','.join(results)}" for name, results in scenario.outcomes.items()]
    lines.append(
        "assuming " + (", ".join(assumed) + "; every other leaf Succeeded" if assumed else "every leaf Succeeds")
    )
    if scenario.parameters:
        lines.append("parameters: " + ", ".join(f"{k}={v}" for k, v in scenario.parameters.items()))
    lines.append("")
    width = min(48, max((len(name) for name in result.nodes), default=4))
    for node in result.nodes.values():
        wave = "end" if node.name.split(".")[0] in ("onExit", "hooks") else str(node.wave)
        lines.append(f"  {wave:>3}  {node.name:<{width}}  {_phase(node.phase, color)}  {node.reason}".rstrip())
    never = [
        (name, task.reason) for name, task in result.tasks.items() if task.phase is None and name not in result.nodes
    ]
    if never:
        lines.append("")
        lines.append("no node:")
        for name, why in never:
            lines.append(f"  {name}: {why}")
    lines.append("")
    why = f" ({result.entry_reason})" if result.entry_reason else ""
    lines.append(f"DAG {result.entry}: {_phase(result.entry_phase, color).rstrip()}{why}")
    for note in result.notes:
        lines.append(f"note: {note}")
    for why in dict.fromkeys(result.undecidable):
        lines.append(f"undecidable: {why}")
    verdict = result.phase if result.phase else ("undecidable" if result.undecidable else "never finishes (Running)")
    lines.append(f"workflow: {_phase(verdict, color).rstrip()}")
    return "\n".join(lines) + "\n"
