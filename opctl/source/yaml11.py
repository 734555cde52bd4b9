"""YAML 1.1 scalars, as Go's yaml.v2 (Kubernetes, Onepanel) resolves plain scalars: ``yes``/``on``
are booleans, ``0123`` is octal."""

from __future__ import annotations

import math
import re
from typing import Any

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})
_FALSE = frozenset({"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"})
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)\Z")
_OCT = re.compile(r"[-+]?0[0-7_]+\Z")
_OCT_O = re.compile(r"[-+]?0o[0-7_]+\Z")
_HEX = re.compile(r"[-+]?0x[0-9a-fA-F_]+\Z")
_BIN = re.compile(r"[-+]?0b[01_]+\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?\Z|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+\Z")
_INF = frozenset({".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"})
_NINF = frozenset({"-.inf", "-.Inf", "-.INF"})
_NAN = frozenset({".nan", ".NaN", ".NAN"})
_STR_TAGS = frozenset({"tag:yaml.org,2002:str", "!!str", "tag:yaml.org,2002:binary", "!!binary"})


def _signed(text: str, base: int, prefix_len: int) -> int:
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")[prefix_len:].replace("_", "")
    return sign * int(body, base)


# Python refuses to convert integers of more than 4,300 digits (sys.get_int_max_str_digits); Go's
# yaml.v2 keeps any integer that fits no int64/uint64 a string (resolve.go), so such a scalar stays one.
_MAX_INT_DIGITS = 4000


def resolve_plain(text: str) -> Any:
    """The value of an untagged plain scalar under YAML 1.1 (go-yaml v2) rules."""
    if len(text) > _MAX_INT_DIGITS and text.lstrip("+-")[:1].isdigit():
        return text  # a number no decoder can hold: a string, as go-yaml leaves it
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    first = text[0]
    if not (first.isdigit() or first in "+-."):
        return text
    if _INT.match(text):
        return int(text.replace("_", ""))
    if _OCT.match(text):
        return _signed(text, 8, 1)
    if _OCT_O.match(text):
        return _signed(text, 8, 2)
    if _HEX.match(text):
        return _signed(text, 16, 2)
    if _BIN.match(text):
        return _signed(text, 2, 2)
    if _FLOAT.match(text) and any(c.isdigit() for c in text):
        return float(text.replace("_", ""))
    if text in _INF:
        return math.inf
    if text in _NINF:
        return -math.inf
    if text in _NAN:
        return math.nan
    return text


def scalar_value(event: Any) -> Any:
    tag = event.tag
    value = event.value
    if tag and tag not in ("!", "tag:yaml.org,2002:"):
        short = tag.replace("tag:yaml.org,2002:", "!!")
        if short in ("!!str", "!!binary"):
            return value
        if short == "!!int":
            resolved = resolve_plain(value)
            return resolved if isinstance(resolved, int) and not isinstance(resolved, bool) else value
        if short == "!!float":
            try:
                return float(value.replace("_", ""))
            except ValueError:
                return value
        if short == "!!bool":
            return value in _TRUE if value in _TRUE | _FALSE else value
        if short == "!!null":
            return None
        return value  # unknown local tags: keep the text, as Kubernetes' decoders do for strings
    if event.implicit[0]:  # plain (unquoted) scalar
        return resolve_plain(value)
    return value


def key_text(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)
