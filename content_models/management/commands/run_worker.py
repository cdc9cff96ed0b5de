"""Drain the publishing event log into its consumers, and run scheduled publishing."""

import logging
import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.db.migrations.executor import MigrationExecutor

from content_models.worker.registry import periodic_tasks, registered_consumers
from content_models.worker.drain import drain
from content_models.worker.scheduled_publishing import run_scheduled_publishing

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run scheduled publishing and drain the event log into every registered consumer."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Drain once and exit (for cron and tests).")
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between passes (default 2).")

    def handle(self, *args, **options):
        self._refuse_unmigrated_database()
        self._stopping = False
        self._waiting: set[str] = set()
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        names = ", ".join(c.name for c in registered_consumers()) or "none"
        self.stdout.write(f"Worker started; consumers: {names}")
        database_down_since = None
        while True:
            try:
                failed = self._pass(options["verbosity"])
            except (OperationalError, InterfaceError) as exc:
                # The database restarts or fails over: wait for it (one warning per outage), never exit. Every
                # batch and its cursor commit together, so nothing is lost or applied twice.
                failed = True
                if not connection.in_atomic_block:
                    connection.close()  # a fresh connection on the next pass
                if database_down_since is None:
                    database_down_since = time.monotonic()
                    logger.warning("database unreachable; the worker waits for it: %s", str(exc).strip()[:300])
            else:
                if database_down_since is not None:
                    logger.info("database answers again after %.0f s", time.monotonic() - database_down_since)
                    database_down_since = None
            if not connection.in_atomic_block:  # (tests run the worker inside their transaction)
                close_old_connections()  # CONN_MAX_AGE and health checks, as between two web requests
            if options["once"] or self._stopping:
                if failed:
                    # Non-zero so cron and CI notice; the events stay for the next run.
                    raise SystemExit(1)
                return
            time.sleep(options["interval"])

    def _pass(self, verbosity) -> bool:
        run_scheduled_publishing()
        report = drain()
        for name, count in report.processed.items():
            if count or verbosity > 1:
                self.stdout.write(f"{name}: {count} events")
        for name, error in report.failed.items():
            self.stderr.write(f"{name} failed and will retry from its cursor: {error}")
        # A consumer whose service is down (OpenSearch, ...) is said once per outage, not on every pass.
        for name, error in report.waiting.items():
            if name not in self._waiting:
                self.stderr.write(f"{name} waits for its service and will catch up from its cursor: {error}")
        self._waiting = set(report.waiting)
        for task in periodic_tasks():
            summary = task()
            if summary or verbosity > 1:
                self.stdout.write(summary or f"{task.__name__}: nothing to do")
        return not report.ok

    @staticmethod
    def _refuse_unmigrated_database():
        """A worker on a database behind the code would write rows the schema cannot hold: refuse, and say why."""
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            first = plan[0][0]
            raise CommandError(
                f"The database is {len(plan)} migration(s) behind this release (first: {first.app_label}."
                f"{first.name}). Run `python manage.py migrate` first, then start the worker."
            )

    def _stop(self, signum, frame):
        self._stopping = True
