"""A circuit breaker for calls to a partner service (per process, thread-safe).

Closed: calls go through; ``threshold`` failures in a row open it. Open: calls are refused at once for
``cool_down`` seconds, so an outage costs one time-out per process rather than one per caller. Then one trial
call goes through (half-open): a success closes the breaker, a failure opens it again.
"""

import threading
import time
from collections.abc import Callable


class CircuitBreaker:
    def __init__(self, threshold: Callable[[], int] | int, cool_down: Callable[[], float] | float):
        self._threshold, self._cool_down = threshold, cool_down
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_running = False
        self._lock = threading.Lock()
        self.reason = ""

    @staticmethod
    def _value(setting):
        return setting() if callable(setting) else setting

    def allow(self) -> bool:
        """Whether a call may go out now (False while open; one caller at a time once the cool-down is over)."""
        with self._lock:
            if self._opened_at is None:
                return True
            if time.monotonic() - self._opened_at < self._value(self._cool_down) or self._trial_running:
                return False
            self._trial_running = True
            return True

    def success(self) -> None:
        with self._lock:
            self._failures, self._opened_at, self._trial_running, self.reason = 0, None, False, ""

    def failure(self, reason: str) -> None:
        with self._lock:
            self._failures += 1
            self.reason = reason
            if self._trial_running or self._failures >= max(1, self._value(self._threshold)):
                self._opened_at = time.monotonic()
            self._trial_running = False

    @property
    def is_open(self) -> bool:
        with self._lock:
            return self._opened_at is not None

    def reset(self) -> None:
        self.success()
