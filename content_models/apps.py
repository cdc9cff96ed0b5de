from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ContentModelsConfig(AppConfig):
    name = "content_models"
    verbose_name = "Indhold"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .events import signals
        from .lifecycle import publishing as lifecycle
        from .setup import on_post_migrate

        from .link_health.services import periodic_link_check
        from .worker.registry import register_periodic_task

        signals.connect()
        lifecycle.connect()
        register_periodic_task("link-health", periodic_link_check)
        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="content_models.setup")
