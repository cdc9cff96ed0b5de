from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "syndication"

    def ready(self):
        from content_models.events.consumers import register_periodic_task

        from .webhooks import outbox
        from .webhooks.dispatch import deliver_due_summary

        outbox.register()  # the "webhooks" consumer of the publishing event log
        register_periodic_task("webhooks", deliver_due_summary)  # sends what the outbox holds
