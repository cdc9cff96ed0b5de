"""Test runs that share one OpenSearch node take turns with the tests that pause or stop it.

CI runs the suite on SQLite and on PostgreSQL side by side against the same node. A test that stops the node
(tests/search/test_fallback.py) would fail whatever the other run is asking it at that moment, so every test on the
node holds a shared lock on a file named after the node's address, and a test marked ``opensearch_node_faults``
holds it exclusively (flock: the lock goes with the process if it dies).
"""

import fcntl
import hashlib
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

WAIT_SECONDS = 900  # longer than any test holds the node; then fail rather than hang the run


@contextmanager
def turn_on_node(url: str, exclusive: bool):
    path = Path(tempfile.gettempdir()) / f"opensearch-tests-{hashlib.sha256(url.encode()).hexdigest()[:12]}.lock"
    with open(path, "a+") as handle:
        mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            try:
                fcntl.flock(handle, mode)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"another test run held the OpenSearch node at {url} for {WAIT_SECONDS} s")
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
