"""The event-log consumer that keeps the OpenSearch index current."""

from collections.abc import Sequence

from django.conf import settings

from content_models.models import PublishingEvent

from ...indexing.operations import operations_for
from .index import apply, ensure_index


def handle(events: Sequence[PublishingEvent]) -> None:
    """Apply a batch of events; any error propagates so the worker retries the batch from its cursor.

    Without OPENSEARCH_URL there is nothing to keep current (``search_reindex`` loads a new
    cluster in full when it is configured later).
    """
    if not settings.OPENSEARCH_URL:
        return
    ensure_index()
    apply(operations_for(events))
