"""Argo's ``depends`` language: ``A && (B.Failed || !C.Succeeded)``.

:func:`parse_depends` returns every referenced task with its offset in the string, or the first
syntax error with the offset where it went wrong; the checks (``opctl.lint.dag``), the DAG graph
(``opctl.lint.graph``), ``opctl graph`` and ``opctl simulate`` all read expressions through it.
A pure function of the text: no document, no positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

# Results a ``depends`` operand may test (docs/enhanced-depends-logic.md; workflow/common/ancestry.go).
DEPENDS_RESULTS = ("Succeeded", "Failed", "Errored", "Skipped", "Omitted", "Daemoned", "AnySucceeded", "AllFailed")
# Results that only make sense on a task that fans out (withItems/withParam/withSequence).
ITEMS_RESULTS = frozenset({"AnySucceeded", "AllFailed"})

# Deeper nesting than this is hostile input, not a workflow; it would also blow the parser's stack.
MAX_DEPENDS_NESTING = 100


class DependsRef(NamedTuple):
    """One operand of a ``depends`` expression: ``task`` or ``task.Result``.

    ``offset`` is where the task name starts in the expression, ``result_offset`` where the
    result starts (after the dot), or -1 when there is no ``.Result``; ``result`` is the text
    after the dot as written (possibly empty or not a valid result: checks decide).
    """

    task: str
    offset: int
    result: str | None = None
    result_offset: int = -1

    @property
    def end(self) -> int:
        """Offset just past the operand."""
        if self.result is None:
            return self.offset + len(self.task)
        return self.result_offset + len(self.result)


@dataclass(frozen=True, slots=True)
class DependsSyntaxError:
    """A ``depends`` expression that does not parse: what is wrong and at which offset."""

    message: str
    offset: int
    length: int = 1


@dataclass(frozen=True, slots=True)
class DependsExpr:
    """A parsed ``depends`` expression.

    ``refs`` holds every operand in order of appearance, even when the expression has a syntax
    error (the tokens still name tasks, so the graph keeps its edges); ``error`` is the first
    syntax error, or None.
    """

    text: str
    refs: tuple[DependsRef, ...]
    error: DependsSyntaxError | None = None


# Task names as Argo spells them ([a-zA-Z0-9][-a-zA-Z0-9]*); `_` is accepted here so that a task
# the names family already reports for its name does not also make every `depends` naming it a
# syntax error.
_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<name>[A-Za-z0-9_][-A-Za-z0-9_]*)(?:(?P<dot>\.)(?P<result>[A-Za-z0-9_]*))?"
    r"|(?P<op>&&|\|\||!|\(|\))"
)
_NAME = r"[A-Za-z0-9_][-A-Za-z0-9_]*"
_OPERAND = re.compile(rf"({_NAME})(?:\.([A-Za-z0-9_]+))?")
# `\s*(?:!+\s*)?`, not `\s*!*\s*`: two adjacent `\s*` split each space run in many ways, and a
# long expression that fails at its end ("a && b && ... (") then backtracks exponentially.
_SIMPLE = re.compile(
    rf"\s*(?:!+\s*)?{_NAME}(?:\.[A-Za-z0-9_]+)?(?:\s*(?:&&|\|\|)\s*(?:!+\s*)?{_NAME}(?:\.[A-Za-z0-9_]+)?)*\s*\Z"
)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "name", "&&", "||", "!", "(", ")", "bad", "end"
    offset: int
    text: str
    ref: DependsRef | None = None


def _tokenize(text: str) -> tuple[list[_Token], DependsSyntaxError | None]:
    tokens: list[_Token] = []
    error: DependsSyntaxError | None = None
    pos = 0
    size = len(text)
    match = _TOKEN.match
    while pos < size:
        found = match(text, pos)
        if found is None:
            char = text[pos]
            if error is None:
                if char == "&":
                    error = DependsSyntaxError("'&' must be written '&&'", pos)
                elif char == "|":
                    error = DependsSyntaxError("'|' must be written '||'", pos)
                elif char == ".":
                    error = DependsSyntaxError("'.' must follow a task name, as in 'task.Succeeded'", pos)
                else:
                    error = DependsSyntaxError(f"unexpected character {char!r}", pos)
            tokens.append(_Token("bad", pos, char))
            pos += 1
            continue
        name = found.group("name")
        if name is not None:
            if found.group("dot"):
                result = found.group("result")
                ref = DependsRef(name, pos, result, found.start("result"))
            else:
                ref = DependsRef(name, pos)
            tokens.append(_Token("name", pos, found.group(0), ref))
        elif found.group("op") is not None:
            tokens.append(_Token(found.group(0), pos, found.group(0)))
        pos = found.end()
    tokens.append(_Token("end", size, ""))
    return tokens, error


def _describe(token: _Token) -> str:
    return "the end of the expression" if token.kind == "end" else repr(token.text)


class _Parser:
    """Recursive descent over: or := and ('||' and)* ; and := unary ('&&' unary)* ;
    unary := '!' unary | '(' or ')' | name."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def fail(self, message: str, token: _Token) -> DependsSyntaxError:
        return DependsSyntaxError(message, token.offset, max(1, len(token.text)))

    def parse(self) -> DependsSyntaxError | None:
        error = self.expression()
        if error is not None:
            return error
        token = self.peek()
        if token.kind == "end":
            return None
        if token.kind == ")":
            return self.fail("')' without a matching '('", token)
        if token.kind in ("name", "(", "!"):
            return self.fail(f"missing '&&' or '||' before {token.text!r}", token)
        return self.fail(f"unexpected {_describe(token)}", token)

    def expression(self) -> DependsSyntaxError | None:
        error = self.conjunction()
        while error is None and self.peek().kind == "||":
            self.index += 1
            error = self.conjunction()
        return error

    def conjunction(self) -> DependsSyntaxError | None:
        error = self.unary()
        while error is None and self.peek().kind == "&&":
            self.index += 1
            error = self.unary()
        return error

    def unary(self) -> DependsSyntaxError | None:
        nots = 0
        while self.peek().kind == "!":
            self.index += 1
            nots += 1
        token = self.peek()
        if token.kind == "name":
            self.index += 1
            if token.ref is not None and token.ref.result == "":
                return DependsSyntaxError(
                    f"'{token.ref.task}.' needs a result after the dot, as in '{token.ref.task}.Succeeded'",
                    token.ref.result_offset - 1,
                )
            return None
        if token.kind == "(":
            self.depth += 1
            if self.depth > MAX_DEPENDS_NESTING:
                return self.fail(f"parentheses nested deeper than {MAX_DEPENDS_NESTING} levels", token)
            self.index += 1
            error = self.expression()
            if error is not None:
                return error
            closing = self.peek()
            if closing.kind != ")":
                if closing.kind == "end":
                    return self.fail("'(' is never closed", token)
                if closing.kind in ("name", "(", "!"):
                    return self.fail(f"missing '&&' or '||' before {closing.text!r}", closing)
                return self.fail(f"expected ')' but found {_describe(closing)}", closing)
            self.index += 1
            self.depth -= 1
            return None
        if token.kind == "end":
            previous = self.tokens[self.index - 1] if self.index else None
            if previous is None:
                return self.fail("empty expression: name at least one task", token)
            return DependsSyntaxError(
                f"expression ends after {previous.text!r}: a task name is missing", previous.offset, len(previous.text)
            )
        return self.fail(f"expected a task name but found {_describe(token)}", token)


def parse_depends(text: str) -> DependsExpr:
    """Parse a ``depends`` expression.

    Operands are task names (``A``) or a task and a result (``A.Succeeded``); operators are
    ``&&``, ``||``, ``!`` and parentheses. Returns every operand with its offset, and the first
    syntax error (with its offset) if the text does not parse. Unknown result names are not a
    syntax error: ``DependsRef.result`` keeps the text for the checks to judge.
    """
    if _SIMPLE.match(text):  # the common case, without building tokens: operands joined by && / ||
        refs = tuple(
            DependsRef(m[1], m.start(), m[2], m.start(2)) if m[2] is not None else DependsRef(m[1], m.start())
            for m in _OPERAND.finditer(text)
        )
        return DependsExpr(text, refs)
    tokens, error = _tokenize(text)
    refs = tuple(token.ref for token in tokens if token.ref is not None)
    if error is None:
        if not text.strip():
            error = DependsSyntaxError("empty expression: name at least one task", 0)
        else:
            error = _Parser(tokens).parse()
    return DependsExpr(text, refs, error)
