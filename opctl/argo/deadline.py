"""A hard deadline (``--timeout``) for a whole conversation with the Argo Server.

Socket timeouts alone cannot make one: a server that sends a byte every few seconds never trips a
read timeout, and closing a stream that another thread is reading waits for that read. So every
blocking call runs where it can be abandoned (``call_within``: a daemon thread the caller stops
waiting for), socket timeouts are bounded by the time left, and streams are cut by shutting their
socket down, never by a ``close`` that would wait for the reader.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from opctl.diagnostics import ExitCode, OpctlError

T = TypeVar("T")


class DeadlineExceeded(OpctlError):
    """The ``--timeout`` ran out (exit 4). ``during`` says what was going on ("create workflow")."""

    def __init__(self, message: str, *, hint: str | None = None, during: str = "") -> None:
        super().__init__(message, exit_code=ExitCode.TIMEOUT, hint=hint)
        self.during = during


@dataclass(frozen=True)
class Deadline:
    """A point in ``time.monotonic()`` time; ``seconds`` is the length it was given as (for messages)."""

    end: float
    seconds: float
    clock: Callable[[], float] = field(default=time.monotonic, repr=False, compare=False)

    @classmethod
    def after(cls, seconds: float, clock: Callable[[], float] = time.monotonic) -> Deadline:
        if not math.isfinite(seconds) or seconds <= 0:
            raise ValueError(f"a deadline needs a positive finite number of seconds, not {seconds!r}")
        return cls(end=clock() + seconds, seconds=seconds, clock=clock)

    def remaining(self) -> float:
        return max(0.0, self.end - self.clock())

    @property
    def expired(self) -> bool:
        return self.clock() >= self.end

    def exceeded(self, during: str) -> DeadlineExceeded:
        from opctl.argo.wait import format_timeout

        return DeadlineExceeded(
            f"timed out after {format_timeout(self.seconds)} while trying to {during}", during=during
        )

    def bound(self, timeout: float, during: str) -> float:
        """``timeout`` cut to the time left; raises ``DeadlineExceeded`` when none is left."""
        left = self.remaining()
        if left <= 0:
            raise self.exceeded(during)
        return min(timeout, left)


def call_within(deadline: Deadline | None, during: str, func: Callable[[], T]) -> T:
    """``func()``, or ``DeadlineExceeded`` as soon as the deadline passes, even if ``func`` is stuck in
    a blocking read (it goes on in a daemon thread that nobody waits for; its socket timeouts are
    bounded by the deadline, so it ends soon after)."""
    if deadline is None:
        return func()
    outcome: list[tuple[bool, object]] = []
    done = threading.Event()

    def run() -> None:
        try:
            outcome.append((True, func()))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            outcome.append((False, exc))
        finally:
            done.set()

    threading.Thread(target=run, name=f"opctl-{during}", daemon=True).start()
    if not done.wait(deadline.remaining()) or not outcome:
        raise deadline.exceeded(during)
    ok, value = outcome[0]
    if not ok:
        assert isinstance(value, BaseException)
        raise value
    return value  # type: ignore[return-value]
