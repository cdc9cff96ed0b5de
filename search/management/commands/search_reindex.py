"""Rebuild the search projection (database) and, when OPENSEARCH_URL is set, the OpenSearch index."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.engines.base import EngineUnavailable


class Command(BaseCommand):
    help = (
        "Rebuild the search projection from live content, then (with OPENSEARCH_URL) load a new OpenSearch index "
        "and swap the alias to it. Searches keep answering from the old data until each rebuild is complete."
    )

    def add_arguments(self, parser):
        only = parser.add_mutually_exclusive_group()
        only.add_argument("--database-only", action="store_true", help="Rebuild only the database projection.")
        only.add_argument("--opensearch-only", action="store_true", help="Rebuild only the OpenSearch index.")

    def handle(self, *args, database_only, opensearch_only, **options):
        if opensearch_only and not settings.OPENSEARCH_URL:
            raise CommandError("--opensearch-only needs OPENSEARCH_URL (e.g. http://127.0.0.1:9200).")
        if not opensearch_only:
            from search.indexing.database_sink import rebuild as rebuild_database

            self._run("database", rebuild_database)
        if settings.OPENSEARCH_URL and not database_only:
            from search.engines.opensearch.index import IndexingError
            from search.engines.opensearch.index import rebuild as rebuild_opensearch

            try:
                self._run("opensearch", rebuild_opensearch)
            except IndexingError as exc:
                raise CommandError(f"OpenSearch rejected documents ({exc}); the previous index still serves.") from None
            except EngineUnavailable as exc:
                raise CommandError(
                    f"Cannot rebuild the OpenSearch index: {exc}. Start OpenSearch "
                    "(search/opensearch_node/start.sh for a local node) or fix OPENSEARCH_URL, then run "
                    "search_reindex --opensearch-only; searches use the database engine until then."
                ) from None

    def _run(self, target: str, rebuild) -> None:
        with _Bar(target, enabled=self.stdout.isatty()) as bar:
            result = rebuild(progress=bar.update)
        documents, seconds = result["documents"], result["seconds"]
        rate = documents / seconds if seconds > 0 else 0.0
        self.stdout.write(f"{target}: {documents} documents in {seconds:.1f} s ({rate:.0f} docs/s)")


class _Bar:
    """A tqdm bar on a terminal (none in logs, pipes and tests); fed (done, total) by the rebuilds."""

    def __init__(self, target: str, enabled: bool):
        self._target, self._enabled, self._bar = target, enabled, None

    def update(self, done: int, total: int) -> None:
        if not self._enabled:
            return
        if self._bar is None:
            self._bar = tqdm(total=total, file=sys.stderr, unit="doc", desc=f"Indexing ({self._target})")
        self._bar.update(done - self._bar.n)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self._bar is not None:
            self._bar.close()
