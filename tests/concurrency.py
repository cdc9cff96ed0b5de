"""Running the same work on several threads at once, as parallel workers would (PostgreSQL row-lock tests)."""

import threading

from django.db import connections


def run_in_threads(work, threads: int = 4, timeout: float = 60) -> list[Exception]:
    """Run ``work()`` on ``threads`` threads at once and wait up to ``timeout`` s for each; the exceptions raised.

    Each thread closes its own database connections when done, so the test database can be flushed afterwards.
    """
    errors: list[Exception] = []

    def worker():
        try:
            work()
        except Exception as exc:  # noqa: BLE001 - returned to the test, which asserts there are none
            errors.append(exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=timeout)
    return errors
