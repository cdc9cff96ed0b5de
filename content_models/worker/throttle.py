"""Periodic tasks that should run less often than the worker's passes (every few seconds): at most once a period.

Per process: each worker keeps its own clock, so with several workers a task runs at most once a period in each.
"""

import time


class AtMostEvery:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.last: float | None = None

    def due(self) -> bool:
        """True (and the period starts again) when the task has not run within the last period."""
        now = time.monotonic()
        if self.last is not None and now - self.last < self.seconds:
            return False
        self.last = now
        return True

    def reset(self) -> None:
        self.last = None
