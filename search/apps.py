from django.apps import AppConfig
from django.conf import settings


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Søgning"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from cms.health import register_readiness_check
        from content_models.worker.registry import register_consumer

        from . import checks, promotions, service, synonyms  # noqa: F401 - checks registers itself
        from .indexing import database_sink
        from .models import Promotion, Synonym
        from content_models.roles import register_national_permissions

        # Two consumers with their own cursors: an OpenSearch outage stalls only its own index,
        # while the database projection (the fallback) stays current.
        register_consumer("search-projection", database_sink.handle)
        register_consumer("search-opensearch", _opensearch_sink)
        register_readiness_check("search", service.status, critical=False)
        if settings.OPENSEARCH_URL:
            from content_models.worker.registry import register_periodic_task

            from .admin_index.backend import drain_backlog

            register_periodic_task("admin-search-backlog", drain_backlog)
        # National editors and approvers manage synonyms and pinned results and read the statistics.
        register_national_permissions(
            *(f"search.{action}_{model}" for model in ("synonym", "promotion") for action in ("add", "change", "delete", "view")),
            "search.view_querystat",
        )
        for signal in (post_save, post_delete):
            signal.connect(lambda **kwargs: synonyms.forget(), sender=Synonym, weak=False, dispatch_uid=f"search.synonyms.{signal}")
            signal.connect(
                lambda **kwargs: promotions.forget(), sender=Promotion, weak=False, dispatch_uid=f"search.promotions.{signal}"
            )


def _opensearch_sink(events):
    from .engines.opensearch.sink import handle  # imported on use: opensearch-py only when needed

    handle(events)
