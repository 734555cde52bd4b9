"""The part of expr-lang the controller uses for lifecycle-hook expressions, retry expressions and
``{{= ... }}`` tags (util/expr/argoexpr/eval.go, util/template/expression_template.go).

The environment is the controller's flat scope (``tasks.A.status``, ``workflow.status``,
``inputs.parameters.x``) made into nested maps, so ``tasks.A.status``, ``tasks["step-1"].status``
and ``workflow.parameters.x`` all work. Supported: literals, member and index access, ``== != < >
<= >=``, ``&& || !`` and ``and or not``, ``in``, ``+ - * / %``, ``matches contains startsWith
endsWith``, ``?:``, ``??`` and the conversion functions ``int float string len lower upper trim
asInt asFloat``. Anything else raises :class:`ExprError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any


class ExprError(Exception):
    """An expression that does not parse or evaluate."""


_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<str>\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')|(?P<name>[A-Za-z_$][A-Za-z0-9_$]*)"
    r"|(?P<op>\?\?|==|!=|<=|>=|&&|\|\||[-+*/%<>!()\[\].,?:]))"
)
_WORD_OPS = {"and": "&&", "or": "||", "not": "!"}
_BINARY: tuple[frozenset[str], ...] = (
    frozenset({"??"}),
    frozenset({"||"}),
    frozenset({"&&"}),
    frozenset({"==", "!=", "<", ">", "<=", ">=", "in", "matches", "contains", "startsWith", "endsWith"}),
    frozenset({"+", "-"}),
    frozenset({"*", "/", "%"}),
)


def nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    """``{"tasks.A.status": "Failed"}`` → ``{"tasks": {"A": {"status": "Failed"}}}`` (template.EnvMap)."""
    env: dict[str, Any] = {}
    for key, value in flat.items():
        parts = key.split(".")
        node = env
        for part in parts[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node.setdefault(parts[-1], value)
    return env


def _lex(text: str) -> list[tuple[str, Any]]:
    tokens: list[tuple[str, Any]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise ExprError(f"unexpected character {text[pos:].lstrip()[:1]!r}")
        pos = match.end()
        if match["num"] is not None:
            raw = match["num"]
            tokens.append(("lit", float(raw) if "." in raw else int(raw)))
        elif match["str"] is not None:
            body = match["str"][1:-1]
            tokens.append(("lit", re.sub(r"\\(.)", r"\1", body)))
        elif match["name"] is not None:
            name = match["name"]
            if name in ("true", "false"):
                tokens.append(("lit", name == "true"))
            elif name in ("nil", "null"):
                tokens.append(("lit", None))
            elif name in _WORD_OPS:
                tokens.append(("op", _WORD_OPS[name]))
            elif name in ("in", "matches", "contains", "startsWith", "endsWith"):
                tokens.append(("op", name))
            else:
                tokens.append(("name", name))
        else:
            tokens.append(("op", match["op"]))
    return tokens


_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "int": lambda v: int(float(v)),
    "asInt": lambda v: int(float(v)),
    "float": float,
    "asFloat": float,
    "string": lambda v: v if isinstance(v, str) else ("true" if v is True else "false" if v is False else str(v)),
    "len": len,
    "lower": lambda v: str(v).lower(),
    "upper": lambda v: str(v).upper(),
    "trim": lambda v: str(v).strip(),
}


class _Parser:
    def __init__(self, tokens: list[tuple[str, Any]], env: Mapping[str, Any]) -> None:
        self.tokens = tokens
        self.i = 0
        self.env = env

    def peek(self) -> tuple[str, Any] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, value: str) -> bool:
        tok = self.peek()
        if tok is not None and tok[0] == "op" and tok[1] == value:
            self.i += 1
            return True
        return False

    def expect(self, value: str) -> None:
        if not self.take(value):
            raise ExprError(f"expected {value!r}")

    # The parser evaluates as it goes (no short-circuit needed for what hooks test).
    def ternary(self) -> Any:
        cond = self.binary(0)
        if self.take("?"):
            yes = self.ternary()
            self.expect(":")
            no = self.ternary()
            return yes if cond else no
        return cond

    def binary(self, level: int) -> Any:
        if level == len(_BINARY):
            return self.unary()
        left = self.binary(level + 1)
        while (tok := self.peek()) is not None and tok[0] == "op" and tok[1] in _BINARY[level]:
            self.i += 1
            right = self.binary(level + 1)
            left = _apply(tok[1], left, right)
        return left

    def unary(self) -> Any:
        if self.take("!"):
            value = self.unary()
            if not isinstance(value, bool):
                raise ExprError(f"invalid operation: ! {value!r}")
            return not value
        if self.take("-"):
            value = self.unary()
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise ExprError(f"invalid operation: - {value!r}")
            return -value
        return self.postfix(self.primary())

    def primary(self) -> Any:
        tok = self.peek()
        if tok is None:
            raise ExprError("unexpected end of expression")
        self.i += 1
        kind, value = tok
        if kind == "lit":
            return value
        if kind == "name":
            if self.take("("):
                args = [] if self.take(")") else self._args()
                function = _FUNCTIONS.get(value)
                if function is None:
                    raise ExprError(f"unknown function {value}")
                try:
                    return function(*args)
                except (TypeError, ValueError) as exc:
                    raise ExprError(f"{value}(): {exc}") from None
            return self.env.get(value)
        if value == "(":
            inner = self.ternary()
            self.expect(")")
            return inner
        if value == "[":
            items = [] if self.take("]") else self._args("]")
            return items
        raise ExprError(f"unexpected token {value!r}")

    def _args(self, close: str = ")") -> list[Any]:
        args = [self.ternary()]
        while self.take(","):
            args.append(self.ternary())
        self.expect(close)
        return args

    def postfix(self, value: Any) -> Any:
        while True:
            if self.take("."):
                tok = self.peek()
                if tok is None or tok[0] != "name":
                    raise ExprError("expected a field name after '.'")
                self.i += 1
                value = _member(value, tok[1])
            elif self.take("["):
                key = self.ternary()
                self.expect("]")
                value = _member(value, key)
            else:
                return value


def _member(value: Any, key: Any) -> Any:
    if isinstance(value, Mapping):
        return value.get(key)
    if isinstance(value, list) and isinstance(key, int) and -len(value) <= key < len(value):
        return value[key]
    raise ExprError(f"cannot fetch {key} from {type(value).__name__ if value is not None else 'nil'}")


def _apply(op: str, left: Any, right: Any) -> Any:
    if op == "??":
        return left if left is not None else right
    if op in ("&&", "||"):
        if not isinstance(left, bool) or not isinstance(right, bool):
            raise ExprError(f"invalid operation: {left!r} {op} {right!r}")
        return (left and right) if op == "&&" else (left or right)
    if op == "==":
        return _equal(left, right)
    if op == "!=":
        return not _equal(left, right)
    if op == "in":
        if isinstance(right, Mapping):
            return left in right
        if isinstance(right, list):
            return any(_equal(left, item) for item in right)
        raise ExprError(f"invalid operation: in {type(right).__name__}")
    if op in ("matches", "contains", "startsWith", "endsWith"):
        if not isinstance(left, str) or not isinstance(right, str):
            raise ExprError(f"invalid operation: {op} on non-strings")
        if op == "matches":
            return re.search(right, left) is not None
        if op == "contains":
            return right in left
        return left.startswith(right) if op == "startsWith" else left.endswith(right)
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (left, right))
    strings = isinstance(left, str) and isinstance(right, str)
    if op == "+" and strings:
        return left + right
    if op in ("<", ">", "<=", ">=") and (numbers or strings):
        return {"<": left < right, ">": left > right, "<=": left <= right, ">=": left >= right}[op]
    if not numbers:
        raise ExprError(f"invalid operation: {left!r} {op} {right!r}")
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if right == 0:
        raise ExprError("integer divide by zero")
    return left / right if op == "/" else left % right


def _equal(left: Any, right: Any) -> bool:
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (left, right))
    if numbers:
        return bool(left == right)
    return type(left) is type(right) and bool(left == right)


def evaluate(text: str, env: Mapping[str, Any]) -> Any:
    """Evaluate ``text`` in the nested environment ``env``."""
    parser = _Parser(_lex(text), env)
    try:
        value = parser.ternary()
    except RecursionError:
        raise ExprError("expression nested too deeply") from None
    if parser.peek() is not None:
        raise ExprError(f"unexpected token {parser.peek()[1]!r}")  # type: ignore[index]
    return value


def evaluate_bool(text: str, env: Mapping[str, Any]) -> bool:
    """argoexpr.EvalBool: the expression must give a bool."""
    value = evaluate(text, env)
    if not isinstance(value, bool):
        raise ExprError(f"expected bool, but got {type(value).__name__}")
    return value
