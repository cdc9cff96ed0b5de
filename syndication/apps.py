from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "syndication"

    def ready(self):
        from content_models.worker.registry import register_periodic_task

        from .digital_post import dispatch as digital_post_dispatch
        from .digital_post import outbox as digital_post_outbox
        from .digital_post import receipts as digital_post_receipts
        from .webhooks import outbox
        from .webhooks.dispatch import deliver_due_summary

        outbox.register()  # the "webhooks" consumer of the publishing event log
        register_periodic_task("webhooks", deliver_due_summary)  # sends what the outbox holds
        digital_post_outbox.register()  # the "digital-post" consumer: major updates -> MeMo messages
        register_periodic_task("digital-post", digital_post_dispatch.deliver_due_summary)
        register_periodic_task("digital-post-receipts", digital_post_receipts.collect_receipts_summary)
