"""Standard output that cannot be written (closed, full, a closed pipe) is an error: a clear message,
exit 2, never a traceback and never exit 0 with the output lost (``lint -o json >&-`` exited 0)."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn

from opctl.diagnostics import ExitCode


class ClosedStream(io.TextIOBase):
    """Stands for a standard stream whose descriptor was closed when opctl started: writing fails."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "it is closed")

    def isatty(self) -> bool:
        return False


def _fail(exc: OSError) -> NoReturn:
    reason = {errno.ENOSPC: "no space left on the device", errno.EPIPE: "the reader closed the pipe"}.get(
        exc.errno or 0, exc.strerror or str(exc)
    )
    # What is still buffered must not be flushed again at exit (another error): fd 1 goes to /dev/null.
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
    with contextlib.suppress(Exception):
        sys.stderr.write(f"opctl: error: cannot write to standard output: {reason}\n")
        sys.stderr.flush()
    os._exit(int(ExitCode.USAGE))


# When the command line started running (``--timeout`` counts from here, not from option parsing);
# None when opctl runs inside another program (tests, embedders): no process-ending watchdog then.
started: float | None = None


def _exit_now(code: int) -> NoReturn:
    """Flush and leave without the interpreter's teardown, which waits on threads that may still be
    blocked on a server (after a timeout) and takes a noticeable part of a second on a busy machine."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


def run_checked(main: Callable[[], object]) -> None:
    """Run ``main`` (a click entry point, which always raises SystemExit); any failure to write
    standard output ends with exit 2 and one line on stderr; a timeout (exit 4) exits at once."""
    import time

    import click

    global started
    started = time.monotonic()
    try:
        _run(main, click)
    finally:
        started = None


def _run(main: Callable[[], object], click: Any) -> None:
    if sys.stdout is None:
        with contextlib.suppress(OSError):
            os.open(os.devnull, os.O_WRONLY)  # occupies fd 1, so no file opened later lands on it
        sys.stdout = ClosedStream()
    try:
        main()
    except SystemExit as exit_:
        if isinstance(sys.stdout, click.utils.PacifyFlushWrapper):  # click swallowed an EPIPE
            _fail(OSError(errno.EPIPE, "broken pipe"))
        try:
            sys.stdout.flush()
        except OSError as exc:
            _fail(exc)
        if exit_.code == ExitCode.TIMEOUT:
            _exit_now(int(ExitCode.TIMEOUT))
        raise
    except OSError as exc:
        if exc.errno in (errno.EBADF, errno.ENOSPC, errno.EPIPE, errno.EIO, errno.EDQUOT, errno.EFBIG):
            _fail(exc)
        raise
