"""A clock for test mode: it starts at real time and moves only when told."""

from __future__ import annotations

import math
import threading
import time


class ControlledClock:
    """A frozen, thread-safe clock; codes computed for its time stay valid until it is moved."""

    def __init__(self, start: float | None = None) -> None:
        self._now = time.time() if start is None else _checked(start)
        self._lock = threading.Lock()

    def __call__(self) -> float:
        """Return the clock's current Unix time."""
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> float:
        """Move the clock forward by ``seconds`` (never back) and return the new time."""
        if _checked(seconds) < 0:
            raise ValueError("the clock only moves forward; use set() to go back")
        with self._lock:
            self._now += seconds
            return self._now

    def set(self, unix_time: float) -> float:
        """Put the clock at ``unix_time`` and return it."""
        with self._lock:
            self._now = _checked(unix_time)
            return self._now


def _checked(value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError("time must be a finite number of seconds")
    if abs(value) > 2**40:
        raise ValueError("time is out of range")
    return float(value)
