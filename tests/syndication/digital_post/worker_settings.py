"""Settings of the run_worker subprocess in test_crash_recovery.py: the test settings with short time-outs and lease.

Everything else (database, backend, certificates, keys) comes from the environment the test passes.
"""

from cms.settings.test import *  # noqa: F403

DIGITAL_POST_CONNECT_TIMEOUT = 1
DIGITAL_POST_READ_TIMEOUT = 2
DIGITAL_POST_LEASE_MARGIN_SECONDS = 1  # lease = 1 + ceil(8 / 4) * (1 + 2) = 7 s
DIGITAL_POST_CONCURRENCY = 4
DIGITAL_POST_BATCH_SIZE = 8
DIGITAL_POST_RETRY_BASE_SECONDS = 1
