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
        from .setup import on_post_migrate
        from .worker import health

        signals.connect()
        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="content_models.setup")
        # A lagging worker does not make a web instance unready (it still serves): reported as degraded.
        register_readiness_check("worker", health.readiness, critical=False)
        register_gauge("portal_worker_lag_events", "Events each event-log consumer has not read yet.", ("consumer",),
                       health.lag_gauge)
        register_gauge("portal_worker_lag_seconds", "Age of the oldest event a consumer has not read yet.",
                       ("consumer",), health.lag_seconds_gauge)
