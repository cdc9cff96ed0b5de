"""Check every outbound link in live content (self-service URLs, municipal URLs, links in rich text)."""

import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from content_models.link_health.services import run_checks


class Command(BaseCommand):
    help = (
        "Check the links that are due, politely (HEAD then GET, at most 2 requests at once per host, time-outs, "
        "backoff for failing links). Loopback and private addresses are refused unless LINK_CHECK_ALLOW_PRIVATE."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One run, then exit (for cron and tests).")
        parser.add_argument(
            "--budget", type=float, default=None,
            help=f"Seconds a run may take (default LINK_CHECK_BUDGET_SECONDS={settings.LINK_CHECK_BUDGET_SECONDS:g}).",
        )
        parser.add_argument("--limit", type=int, default=0, help="Check at most this many links a run (0: all due).")
        parser.add_argument("--interval", type=float, default=900.0, help="Seconds between runs (default 900).")

    def handle(self, *args, **options):
        self._stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        while True:
            report = run_checks(budget_seconds=options["budget"], limit=options["limit"])
            self.stdout.write(report.summary() or f"link check: {report.found} links, none due")
            if options["once"] or self._stopping:
                return
            time.sleep(options["interval"])

    def _stop(self, signum, frame):
        self._stopping = True
