"""Reading bytes within the size limit and decoding them as YAML allows (UTF-8, or UTF-16/32 with
a BOM); binary or invalid bytes are an error with a position."""

from __future__ import annotations

import codecs
import os
import sys

from opctl.source.base import DEFAULT_LIMITS, STDIN, InputLimitError, Limits
from opctl.source.ids import INPUT_BINARY, INPUT_ENCODING, INPUT_TOO_LARGE


def read_bytes(path: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Read a file (or stdin for ``-``), refusing anything over ``limits.max_bytes`` before reading it."""
    if path == STDIN:
        if sys.stdin is None:  # started with fd 0 closed (`<&-`)
            import errno

            raise OSError(errno.EBADF, "standard input is closed")
        data = sys.stdin.buffer.read(limits.max_bytes + 1)
    else:
        size = os.stat(path).st_size
        if size > limits.max_bytes:
            raise InputLimitError(
                INPUT_TOO_LARGE,
                f"file is {size:,} bytes, over the limit of {limits.max_bytes:,} bytes",
                "split the file (opctl lint can raise the limit with --max-bytes)",
                (1, 1, 1, 1),
            )
        with open(path, "rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise InputLimitError(
            INPUT_TOO_LARGE,
            f"input is over the limit of {limits.max_bytes:,} bytes",
            "split the input (opctl lint can raise the limit with --max-bytes)",
            (1, 1, 1, 1),
        )
    return data


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes) -> str:
    """Decode as YAML allows (UTF-8, or UTF-16/32 with a BOM); binary or invalid bytes are an error."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise _decode_error(data, exc.start, encoding) from None
    nul = data.find(b"\x00")
    if nul != -1:
        line, column = _byte_position(data, nul)
        raise InputLimitError(
            INPUT_BINARY,
            "file is binary (it contains a NUL byte), not a YAML or JSON text",
            "pass only YAML or JSON files, or exclude this one with --exclude",
            (line, column, line, column),
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _decode_error(data, exc.start, "utf-8") from None


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def _decode_error(data: bytes, offset: int, encoding: str) -> InputLimitError:
    line, column = _byte_position(data, offset)
    return InputLimitError(
        INPUT_ENCODING,
        f"file is not valid {encoding.upper()} (byte 0x{data[offset]:02x} at offset {offset})",
        "save the file as UTF-8",
        (line, column, line, column),
    )
