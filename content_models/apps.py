from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ContentModelsConfig(AppConfig):
    name = "content_models"
    verbose_name = "Indhold"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .events import signals
        from .setup import on_post_migrate

        signals.connect()
        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="content_models.setup")
