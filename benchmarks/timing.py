"""The one timer the benchmark scripts share."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(func: Callable[[], object], repeat: int) -> float:
    """Best wall time of ``repeat`` calls of ``func``, in seconds (the least disturbed run)."""
    best = float("inf")
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best
