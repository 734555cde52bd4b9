"""Manifests to text: YAML (default) or JSON, in a stable, readable key order, byte-identical per input.

Key order: ``apiVersion, kind, metadata, spec`` at the top; ``name, generateName, namespace, labels,
annotations`` in metadata; ``name`` first in every mapping that is an item of a list (templates,
tasks, parameters, artifacts, containers, env vars, volumes, mounts); everything else keeps the
order of the template, and injected keys come after the user's.

YAML is written by a small block-style emitter of our own instead of ruamel.yaml's: ruamel's
pure-Python dumper takes over 2 s for a 5,000-task DAG, its C emitter about 1 s and sorts keys,
while this one needs a tenth of that. Its quoting is conservative: a string is written plain only
when both YAML 1.1 (Kubernetes, Argo, Onepanel's Go decoders) and YAML 1.2 read it back as the same
string; multi-line strings become literal blocks (``|``). tests/compile/test_emit.py checks the
round trip through ruamel.yaml and through opctl's own YAML 1.1 loader.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from opctl.source import resolve_plain

TOP_ORDER = ("apiVersion", "kind", "metadata", "spec")
METADATA_ORDER = ("name", "generateName", "namespace", "labels", "annotations")
_USER_DATA_KEYS = frozenset({"withItems"})  # user data: keep its maps exactly as written


def ordered(manifest: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``manifest`` with the stable key order described in the module docstring."""
    top = _first(manifest, TOP_ORDER)
    metadata = top.get("metadata")
    if isinstance(metadata, dict):
        top["metadata"] = _first({k: _order(v, False) for k, v in metadata.items()}, METADATA_ORDER)
    for key, value in top.items():
        if key != "metadata":
            top[key] = _order(value, False)
    return top


def _first(mapping: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    result = {k: mapping[k] for k in keys if k in mapping}
    for k, v in mapping.items():
        if k not in result:
            result[k] = v
    return result


def _order(value: Any, in_list: bool) -> Any:
    if isinstance(value, dict):
        items = {k: (v if k in _USER_DATA_KEYS else _order(v, False)) for k, v in value.items()}
        if in_list and "name" in items:
            return _first(items, ("name",))
        return items
    if isinstance(value, list):
        return [_order(v, True) for v in value]
    return value


# --------------------------------------------------------------------------------------------
# JSON


def to_json(manifests: list[dict[str, Any]]) -> str:
    """2-space indented JSON; several manifests are written one after another (a JSON stream,
    as ``jq`` and ``kubectl apply -f`` read it). JSON has no NaN or Infinity (json.dumps would write
    them anyway): a manifest holding one is an error naming where, never invalid JSON."""
    try:
        return "".join(json.dumps(ordered(m), indent=2, ensure_ascii=False, allow_nan=False) + "\n" for m in manifests)
    except ValueError:
        from opctl.diagnostics import ExitCode, OpctlError

        where = next((p for m in manifests if (p := _non_finite(m, "")) is not None), "")
        raise OpctlError(
            f"the manifest holds a number JSON cannot represent (NaN or Infinity) at {where or '/'}",
            exit_code=ExitCode.FINDINGS,
            hint="quote the value in the template (a YAML .nan/.inf is a float), or use -o yaml",
        ) from None


def _non_finite(value: Any, pointer: str) -> str | None:
    """The JSON pointer of the first NaN or Infinity in ``value``, or None."""
    import math

    from opctl.pointer import escape

    if isinstance(value, float) and not math.isfinite(value):
        return pointer
    items: Any = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        found = _non_finite(child, f"{pointer}/{escape(str(key))}")
        if found is not None:
            return found
    return None


# --------------------------------------------------------------------------------------------
# YAML


def to_yaml(manifests: list[dict[str, Any]]) -> str:
    """Block-style YAML; several manifests are separated by ``---``."""
    parts = []
    for manifest in manifests:
        lines: list[str] = []
        _mapping(ordered(manifest), 0, lines)
        parts.append("\n".join(lines) + "\n")
    return "---\n".join(parts)


_PLAIN_FIRST_BAD = frozenset("-?:,[]{}#&*!|>'\"%@`= \t")
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?\Z")
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
_FLOAT_12 = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")


def _printable(text: str) -> bool:
    return text.isprintable()


def _plain_ok(text: str) -> bool:
    if not text or text[0] in _PLAIN_FIRST_BAD and not (text[0] == "-" and len(text) > 1 and text[1] not in " \t"):
        return False
    if text[-1] in " \t:" or ": " in text or " #" in text or not _printable(text):
        return False
    if resolve_plain(text) != text or not isinstance(resolve_plain(text), str):
        return False
    if _SEXAGESIMAL.match(text) or _TIMESTAMP.match(text) or _FLOAT_12.match(text):
        return False
    return text != "<<" and not text.startswith(("---", "..."))


def _double_quoted(text: str) -> str:
    out = ['"']
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ch.isprintable() and ch not in "\u2028\u2029\ufeff":
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        return text if ("." in text or "e" in text) else text + ".0"
    text = str(value)
    cached = _STRING_CACHE.get(text)
    if cached is None:
        if _plain_ok(text):
            cached = text
        elif _printable(text):
            cached = "'" + text.replace("'", "''") + "'"
        else:
            cached = _double_quoted(text)
        if len(_STRING_CACHE) < 200_000:  # names and values repeat a lot in big DAGs; bounded
            _STRING_CACHE[text] = cached
    return cached


_STRING_CACHE: dict[str, str] = {}


def _literal_ok(text: str) -> bool:
    if "\n" not in text or "\r" in text or not text.strip():
        return False
    body = text.rstrip("\n")
    if body != body.rstrip(" \t") or any(line != line.rstrip(" \t") and not line.strip() for line in body.split("\n")):
        return False  # whitespace-only or trailing-blank lines make block chomping ambiguous: quote
    return all(ch.isprintable() or ch in "\n\t" for ch in text) and "\ufeff" not in text


def _literal(text: str, indent: int) -> list[str]:
    """``|`` header and content lines, indented ``indent`` spaces."""
    stripped = text.rstrip("\n")
    trailing = len(text) - len(stripped)
    chomp = "-" if trailing == 0 else "" if trailing == 1 else "+"
    indicator = "2" if text[0] in " \n\t" else ""
    pad = " " * indent
    lines = [pad + line if line else "" for line in stripped.split("\n")]
    if trailing > 1:
        lines.extend([""] * (trailing - 1))
    return [f"|{indicator}{chomp}", *lines]


def _key(key: Any) -> str:
    return _scalar(key if isinstance(key, str) else str(key))


def _mapping(mapping: dict[str, Any], indent: int, lines: list[str], first_prefix: str | None = None) -> None:
    pad = " " * indent
    for i, (key, value) in enumerate(mapping.items()):
        prefix = first_prefix if (i == 0 and first_prefix is not None) else pad
        head = f"{prefix}{_key(key)}:"
        _value(value, indent, head, lines)


def _value(value: Any, indent: int, head: str, lines: list[str]) -> None:
    """Write ``value`` after ``head`` (``key:`` or ``-``); nested blocks start at ``indent + 2``."""
    if isinstance(value, dict):
        if not value:
            lines.append(f"{head} {{}}")
        else:
            lines.append(head)
            _mapping(value, indent + 2, lines)
    elif isinstance(value, list):
        if not value:
            lines.append(f"{head} []")
        elif head.endswith(":"):
            lines.append(head)
            _sequence(value, indent, lines)  # "key:\n- item": sequences at the key's indentation
        else:
            lines.append(head)
            _sequence(value, indent + 2, lines)
    elif isinstance(value, str) and _literal_ok(value) and (head.endswith(":") or value[0] not in " \n\t"):
        block = _literal(value, indent + 2)
        lines.append(f"{head} {block[0]}")
        lines.extend(block[1:])
    else:
        lines.append(f"{head} {_scalar(value)}")


def _sequence(items: list[Any], indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item:
            _mapping(item, indent + 2, lines, first_prefix=f"{pad}- ")
        elif isinstance(item, list) and item:
            lines.append(f"{pad}-")
            _sequence(item, indent + 2, lines)
        else:
            _value(item, indent, f"{pad}-", lines)
