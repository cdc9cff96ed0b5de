from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Portal"

    def ready(self):
        from content_models.worker.registry import register_periodic_task

        from .session_cleanup import clear_expired_sessions

        register_periodic_task("sessions", clear_expired_sessions)
