from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ContentModelsConfig(AppConfig):
    name = "content_models"
    verbose_name = "Indhold"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.health import register_readiness_check
        from cms.metrics import register_gauge

        from .events import signals
        from .lifecycle import publishing as lifecycle
        from .setup import on_post_migrate
        from .worker import health

        from .link_health.services import periodic_link_check
        from .worker.registry import register_periodic_task

        signals.connect()
        lifecycle.connect()
        register_periodic_task("link-health", periodic_link_check)
        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="content_models.setup")
        # A lagging worker does not make a web instance unready (it still serves): reported as degraded.
        register_readiness_check("worker", health.readiness, critical=False)
        register_gauge("portal_worker_lag_events", "Events each event-log consumer has not read yet.", ("consumer",),
                       health.lag_gauge)
        register_gauge("portal_worker_lag_seconds", "Age of the oldest event a consumer has not read yet.",
                       ("consumer",), health.lag_seconds_gauge)
