"""Argo's ``when`` language: govaluate, as the controller runs it.

The controller (``shouldExecute``, workflow/controller/steps.go) parses the substituted text with
Knetic/govaluate, turns every VARIABLE token into a string literal (so a bare word such as
``heads`` or ``Succeeded`` compares as that string), evaluates with no parameters and requires a
bool. What follows from govaluate's lexer and stages (parsing.go, evaluationStage.go):

* numbers are float64 (``3 == 3.0``); ``'..'`` and ``".."`` are strings; ``true``/``false`` are
  booleans in lowercase only (``True`` is a word, hence a string);
* a word is letters, digits, ``_`` and ``.``; one containing ``.`` is an accessor, which fails at
  evaluation with no parameters; ``-`` is never part of a word (``my-value`` is a subtraction, an
  evaluation error on strings);
* ``==``/``!=`` compare with Go's reflect.DeepEqual (``"3" == 3`` is false, not an error);
  ordering needs two numbers or two strings; ``&&``/``||`` need booleans; ``=~``/``!~`` match an
  unanchored regular expression;
* two values in a row (``hello world == x``) or an operator with a missing side (`` == heads``) do
  not parse.

:func:`evaluate_when` returns the bool or raises :class:`WhenError` with the controller's message.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

Value = Any  # float | str | bool | list | None


class WhenError(Exception):
    """A ``when`` that does not parse, does not evaluate, or is not a bool: the task becomes an Error node."""


class _ParseError(Exception):
    pass


class _EvalError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # num, str, bool, var, acc, op, lparen, rparen, comma
    value: Any


_OPS = (
    "**", "==", "!=", ">=", "<=", "=~", "!~", "&&", "||", "<<", ">>", "??",
    ">", "<", "+", "-", "*", "/", "%", "&", "|", "^", "!", "~", "?", ":",
)  # fmt: skip


def _lex(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if c.isdigit():
            j = i
            if text.startswith(("0x", "0X"), i):
                j = i + 2
                while j < n and text[j] in "0123456789abcdefABCDEF":
                    j += 1
                tokens.append(_Tok("num", float(int(text[i + 2 : j], 16))))
                i = j
                continue
            while j < n and (text[j].isdigit() or text[j] == "."):
                j += 1
            raw = text[i:j]
            try:
                tokens.append(_Tok("num", float(raw)))
            except ValueError:
                raise _ParseError(f"Unable to parse numeric value '{raw}' to float64") from None
            i = j
            continue
        if c in "'\"":
            j = i + 1
            out: list[str] = []
            while j < n and text[j] != c:
                if text[j] == "\\" and j + 1 < n:
                    j += 1
                out.append(text[j])
                j += 1
            if j >= n:
                raise _ParseError("Unclosed string literal")
            tokens.append(_Tok("str", "".join(out)))
            i = j + 1
            continue
        if c == "[":
            j = text.find("]", i)
            if j < 0:
                raise _ParseError("Unclosed parameter bracket")
            tokens.append(_Tok("var", text[i + 1 : j]))
            i = j + 1
            continue
        if c.isalpha() or c == "_":
            j = i
            while j < n and (text[j].isalnum() or text[j] in "_."):
                j += 1
            word = text[i:j]
            i = j
            if word in ("true", "false"):
                tokens.append(_Tok("bool", word == "true"))
            elif word == "in":
                tokens.append(_Tok("op", "in"))
            elif i < n and text[i] == "(":
                raise _ParseError(f"Undefined function {word}")
            elif "." in word:
                tokens.append(_Tok("acc", word))
            else:
                tokens.append(_Tok("var", word))
            continue
        if c == "(":
            tokens.append(_Tok("lparen", c))
            i += 1
            continue
        if c == ")":
            tokens.append(_Tok("rparen", c))
            i += 1
            continue
        if c == ",":
            tokens.append(_Tok("comma", c))
            i += 1
            continue
        for op in _OPS:
            if text.startswith(op, i):
                tokens.append(_Tok("op", op))
                i += len(op)
                break
        else:
            end = i
            while end < n and not text[end].isspace():
                end += 1
            raise _ParseError(f"Invalid token: '{text[i:end]}'")
    return tokens


# Binary operators by precedence, lowest first (govaluate stagePlanner.go).
_LEVELS: tuple[frozenset[str], ...] = (
    frozenset({"?", ":", "??"}),
    frozenset({"||"}),
    frozenset({"&&"}),
    frozenset({"==", "!=", ">", ">=", "<", "<=", "=~", "!~", "in"}),
    frozenset({"&", "|", "^"}),
    frozenset({"<<", ">>"}),
    frozenset({"+", "-"}),
    frozenset({"*", "/", "%"}),
    frozenset({"**"}),
)
_VALUES = frozenset({"num", "str", "bool", "var", "acc"})

Node = tuple[Any, ...]  # ("lit", v) | ("acc", name) | ("un", op, x) | ("bin", op, a, b) | ("list", [x...])


class _Parser:
    def __init__(self, tokens: list[_Tok]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self) -> _Tok | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def parse(self) -> Node:
        if not self.tokens:
            raise _ParseError("Unexpected end of expression")
        node = self.level(0)
        tok = self.peek()
        if tok is not None:
            if tok.kind in _VALUES or tok.kind == "lparen":
                raise _ParseError(f"Cannot transition token types from VALUE to {tok.kind.upper()} [{tok.value}]")
            raise _ParseError(f"Unexpected token [{tok.value}]")
        return node

    def level(self, depth: int) -> Node:
        if depth == len(_LEVELS):
            return self.unary()
        left = self.level(depth + 1)
        ops = _LEVELS[depth]
        while True:
            tok = self.peek()
            if tok is None or tok.kind != "op" or tok.value not in ops:
                return left
            self.i += 1
            right = self.level(depth + 1)
            left = ("bin", tok.value, left, right)

    def unary(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise _ParseError("Unexpected end of expression")
        if tok.kind == "op" and tok.value in ("!", "-", "~"):
            self.i += 1
            return ("un", tok.value, self.unary())
        if tok.kind == "lparen":
            self.i += 1
            items = [self.level(0)]
            while (sep := self.peek()) is not None and sep.kind == "comma":
                self.i += 1
                items.append(self.level(0))
            close = self.peek()
            if close is None or close.kind != "rparen":
                raise _ParseError("Unbalanced parenthesis")
            self.i += 1
            return ("list", items) if len(items) > 1 else items[0]
        if tok.kind in _VALUES:
            self.i += 1
            if tok.kind == "acc":
                return ("acc", tok.value)
            # steps.go: every VARIABLE token becomes a STRING
            return ("lit", tok.value)
        raise _ParseError(f"Cannot transition token types from UNKNOWN to {tok.kind.upper()} [{tok.value}]")


def go_format(value: Value) -> str:
    """A value as Go's %v prints it (floats without a trailing .0)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        return repr(value)
    if value is None:
        return "<nil>"
    if isinstance(value, list):
        return "[" + " ".join(go_format(v) for v in value) + "]"
    return str(value)


def _num(value: Value, op: str) -> float:
    if isinstance(value, float) and not isinstance(value, bool):
        return value
    raise _EvalError(f"Value '{go_format(value)}' cannot be used with the modifier '{op}', it is not a number")


def _bool(value: Value, op: str) -> bool:
    if isinstance(value, bool):
        return value
    raise _EvalError(f"Value '{go_format(value)}' cannot be used with the logical operator '{op}', it is not a bool")


def _evaluate(node: Node) -> Value:
    kind = node[0]
    if kind == "lit":
        return node[1]
    if kind == "acc":
        raise _EvalError(f"No parameter '{node[1].split('.')[0]}' found.")
    if kind == "list":
        return [_evaluate(item) for item in node[1]]
    if kind == "un":
        op, value = node[1], _evaluate(node[2])
        if op == "!":
            return not _bool(value, "!")
        if op == "-":
            return -_num(value, "-")
        return float(~int(_num(value, "~")))
    op, left_node, right_node = node[1], node[2], node[3]
    left = _evaluate(left_node)
    if op in ("&&", "||"):
        lhs = _bool(left, op)
        if (op == "&&" and not lhs) or (op == "||" and lhs):
            return lhs
        return _bool(_evaluate(right_node), op)
    if op == "??":
        return left if left is not None else _evaluate(right_node)
    if op == "?":
        return _evaluate(right_node) if _bool(left, "?") else None
    if op == ":":
        return left if left is not None else _evaluate(right_node)
    right = _evaluate(right_node)
    if op == "==":
        return _deep_equal(left, right)
    if op == "!=":
        return not _deep_equal(left, right)
    if op in (">", ">=", "<", "<="):
        both_numbers = isinstance(left, float) and isinstance(right, float)
        both_strings = isinstance(left, str) and isinstance(right, str)
        if not (both_numbers or both_strings):
            raise _EvalError(f"Value '{go_format(left)}' cannot be used with the comparator '{op}', it is not a number")
        return {">": left > right, ">=": left >= right, "<": left < right, "<=": left <= right}[op]
    if op in ("=~", "!~"):
        if not (isinstance(left, str) and isinstance(right, str)):
            raise _EvalError(f"Value '{go_format(left)}' cannot be used with the comparator '{op}', it is not a string")
        try:
            found = re.search(right, left) is not None
        except re.error as exc:
            raise _EvalError(f"Unable to compile regexp pattern '{right}': {exc}") from None
        return found if op == "=~" else not found
    if op == "in":
        if not isinstance(right, list):
            raise _EvalError(f"Value '{go_format(right)}' cannot be used with the comparator 'in', it is not an array")
        return any(_deep_equal(left, item) for item in right)
    if op == "+":
        if isinstance(left, str) or isinstance(right, str):
            return go_format(left) + go_format(right)
        return _num(left, op) + _num(right, op)
    a, b = _num(left, op), _num(right, op)
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        return a / b if b else (math.copysign(math.inf, a) if a else math.nan)
    if op == "%":
        return math.fmod(a, b) if b else math.nan
    if op == "**":
        return a**b
    x, y = int(a), int(b)
    result = {"&": x & y, "|": x | y, "^": x ^ y, "<<": x << y if 0 <= y < 64 else 0, ">>": x >> y if y >= 0 else 0}[op]
    return float(result)


def _deep_equal(left: Value, right: Value) -> bool:
    if type(left) is not type(right):
        return False
    return bool(left == right)


def evaluate_when(text: str) -> bool:
    """Evaluate a substituted ``when`` as the controller does; an empty one is true.

    Raises :class:`WhenError` with Argo's message (steps.go ``shouldExecute``).
    """
    if text == "":
        return True
    try:
        tree = _Parser(_lex(text)).parse()
    except _ParseError as exc:
        hint = ' (hint: try wrapping the affected expression in quotes ("))' if "Invalid token" in str(exc) else ""
        raise WhenError(f"Invalid 'when' expression '{text}': {exc}{hint}") from None
    except RecursionError:
        raise WhenError(f"Invalid 'when' expression '{text}': nested too deeply") from None
    try:
        result = _evaluate(tree)
    except _EvalError as exc:
        raise WhenError(f"Failed to evaluate 'when' expresion '{text}': {exc}") from None
    except (RecursionError, OverflowError, ValueError) as exc:
        raise WhenError(f"Failed to evaluate 'when' expresion '{text}': {exc}") from None
    if not isinstance(result, bool):
        raise WhenError(f"Expected boolean evaluation for '{text}'. Got {go_format(result)}")
    return result
