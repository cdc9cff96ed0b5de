from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "syndication"

    def ready(self):
        from cms.metrics import register_gauge
        from content_models.worker.registry import register_periodic_task

        from .digital_post import digests as digital_post_digests
        from .digital_post import dispatch as digital_post_dispatch
        from .digital_post import outbox as digital_post_outbox
        from .deprecations.notices import send_due_notices_summary
        from .digital_post import receipts as digital_post_receipts
        from .webhooks import outbox
        from .webhooks.dispatch import deliver_due_summary

        outbox.register()  # the "webhooks" consumer of the publishing event log
        register_periodic_task("webhooks", deliver_due_summary)  # sends what the outbox holds
        digital_post_outbox.register()  # the "digital-post" consumer: major updates -> MeMo messages
        # Digests first, so a digest built in this pass is sent in it.
        register_periodic_task("digital-post-digests", digital_post_digests.build_due_digests_summary)
        register_periodic_task("digital-post", digital_post_dispatch.deliver_due_summary)
        register_periodic_task("digital-post-receipts", digital_post_receipts.collect_receipts_summary)
        register_periodic_task("deprecation-notices", send_due_notices_summary)  # before a field's sunset
        register_gauge("portal_outbox_pending", "Webhook deliveries and Digital Post messages waiting to be sent.",
                       ("outbox",), _outbox_depth)


def _outbox_depth():
    from .models import DigitalPostMessage, WebhookDelivery

    pending = WebhookDelivery.Status.PENDING
    return [
        (("webhooks",), float(WebhookDelivery.objects.filter(status=pending).count())),
        (("digital_post",), float(DigitalPostMessage.objects.filter(status=pending).count())),
    ]
