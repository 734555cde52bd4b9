"""Evaluating a ``depends`` expression the way the controller does (dag.go evaluateDependsLogic,
workflow/common/ancestry.go), on top of the project's ``depends`` parser.

:func:`compile_depends` turns a parsed expression into a function of its operands' truth values;
:func:`operand` gives one operand's value from the dependency's node.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from opctl.lint.graph import DependsExpr
from opctl.simulate.model import ERROR, FAILED, OMITTED, SKIPPED, SUCCEEDED


def compile_depends(parsed: DependsExpr) -> Callable[[list[bool]], bool]:
    """A function of the operands' values (in ``parsed.refs`` order) giving the expression's value.

    The parser validated the text and located every operand; what lies between operands is only
    ``&& || ! ( )`` and spaces, which map one to one onto Python's operators (Argo hands the same
    text, operands replaced, to expr-lang). Call only for an expression without syntax error.
    """
    pieces: list[str] = []
    position = 0
    for index, ref in enumerate(parsed.refs):
        pieces.append(_operators(parsed.text[position : ref.offset]))
        pieces.append(f" r[{index}] ")
        position = ref.end
    pieces.append(_operators(parsed.text[position:]))
    return _function(" ".join("".join(pieces).split()))


@functools.lru_cache(maxsize=4096)
def _function(body: str) -> Callable[[list[bool]], bool]:
    # Most expressions of a DAG share a shape ('r[0]', 'r[0] and r[1]'): compile each shape once.
    code = compile("lambda r: bool(" + body + ")", "<depends>", "eval")
    function: Callable[[list[bool]], bool] = eval(code, {"__builtins__": {"bool": bool}})  # noqa: S307
    return function


def _operators(text: str) -> str:
    return text.replace("&&", " and ").replace("||", " or ").replace("!", " not ").replace("\n", " ")


def operand(
    result: str | None,
    phase: str | None,
    *,
    daemoned: bool = False,
    children: Sequence[str | None] | None = None,
    continue_on: dict[str, Any] | None = None,
) -> bool:
    """The value of ``task`` (result None) or ``task.Result`` for a dependency whose node has
    ``phase``; ``children`` are the item phases when it is a loop's TaskGroup.

    A bare name is ``Succeeded || Skipped || Daemoned``, plus ``Errored``/``Failed`` when the
    dependency has ``continueOn.error``/``continueOn.failed`` (ancestry.go expandDependency).
    Raises KeyError for a result that is not one of Argo's.
    """
    if result is None:
        continue_on = continue_on or {}
        return (
            phase in (SUCCEEDED, SKIPPED)
            or daemoned
            or (phase == ERROR and continue_on.get("error") is True)
            or (phase == FAILED and continue_on.get("failed") is True)
        )
    if result == "Daemoned":
        return daemoned
    if result == "AnySucceeded":
        return children is not None and SUCCEEDED in children
    if result == "AllFailed":
        return bool(children) and all(p == FAILED for p in children or ())
    return phase == _PHASE_OF[result]


_PHASE_OF = {"Succeeded": SUCCEEDED, "Failed": FAILED, "Errored": ERROR, "Skipped": SKIPPED, "Omitted": OMITTED}
