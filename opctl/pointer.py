"""JSON pointers (RFC 6901), the one way opctl names a node: findings, positions and walkers."""

from __future__ import annotations


def escape(token: str | int) -> str:
    """One pointer token: ``~`` as ``~0``, ``/`` as ``~1`` (keys without either, the usual case,
    are returned as they are)."""
    text = str(token)
    if "~" in text or "/" in text:
        return text.replace("~", "~0").replace("/", "~1")
    return text


def unescape(token: str) -> str:
    """The key a pointer token names."""
    if "~" in token:
        return token.replace("~1", "/").replace("~0", "~")
    return token


def join(pointer: str, *tokens: str | int) -> str:
    """``pointer`` extended by ``tokens`` (keys or list indexes), each escaped."""
    for token in tokens:
        text = str(token)
        if "~" in text or "/" in text:  # escape() inlined: join runs for every node of a compiled spec
            text = text.replace("~", "~0").replace("/", "~1")
        pointer = f"{pointer}/{text}"
    return pointer


def split(pointer: str) -> list[str]:
    """The unescaped tokens of ``pointer`` (``""`` is the whole document: no tokens)."""
    return [unescape(token) for token in pointer[1:].split("/")] if pointer else []
