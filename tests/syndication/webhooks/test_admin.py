"""Admin: endpoints are managed and deliveries inspected by superusers or holders of the model permissions only."""

import pytest

from content_models.worker.drain import drain
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from syndication.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from tests import factories

pytestmark = pytest.mark.django_db
Status = WebhookDelivery.Status


@pytest.fixture
def endpoint(partner):
    return WebhookEndpoint.objects.create(partner=partner, url="https://www.aarhus.dk/portal-hook")


@pytest.fixture
def deliveries(endpoint):
    factories.make_guide(slug="flytning")
    factories.make_guide(slug="skilsmisse", title="Skilsmisse")
    drain()  # queue deliveries; the tests send them with deliver_due
    dead, pending = WebhookDelivery.objects.order_by("id")
    WebhookAttempt.objects.create(
        delivery=dead, attempted_at=timezone.now(), status_code=503, error="HTTP 503: vedligeholdelse", duration_ms=12
    )
    WebhookDelivery.objects.filter(pk=dead.pk).update(
        status=Status.DEAD, attempts=8, next_attempt_at=None, last_status_code=503, last_error="HTTP 503: vedligeholdelse"
    )
    return {"dead": dead, "pending": pending}


def test_a_superuser_sees_the_syndication_menu_and_listings(admin_client, endpoint, deliveries):
    home = admin_client.get(reverse("wagtailadmin_home"))
    assert "Syndikering" in home.content.decode()

    endpoints = admin_client.get(reverse("webhooks:index"))
    assert endpoints.status_code == 200 and "https://www.aarhus.dk/portal-hook" in endpoints.content.decode()

    listing = admin_client.get(reverse("webhook_deliveries:index"))
    assert listing.status_code == 200
    assert {d.pk for d in listing.context["object_list"]} == {deliveries["dead"].pk, deliveries["pending"].pk}
    dead_only = admin_client.get(reverse("webhook_deliveries:index"), {"status": "dead"})
    assert [d.pk for d in dead_only.context["object_list"]] == [deliveries["dead"].pk]


def test_the_delivery_inspect_view_shows_attempts_and_retries_dead_deliveries(admin_client, deliveries):
    dead = deliveries["dead"]
    page = admin_client.get(reverse("webhook_deliveries:inspect", args=[dead.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert "HTTP 503: vedligeholdelse" in content and "Forsøg igen nu" in content
    assert str(dead.idempotency_key) in content

    response = admin_client.post(reverse("webhook_deliveries:retry", args=[dead.pk]))
    assert response.status_code == 302
    dead.refresh_from_db()
    assert dead.status == Status.PENDING and dead.attempts == 0 and dead.next_attempt_at is not None


def test_deliveries_are_read_only(admin_client, deliveries):
    for name in ("add", "edit", "delete", "copy"):
        with pytest.raises(NoReverseMatch):
            reverse(f"webhook_deliveries:{name}", args=[] if name == "add" else [1])
    assert admin_client.get(reverse("webhook_deliveries:retry", args=[deliveries["dead"].pk])).status_code == 405


def test_an_endpoint_is_created_with_a_secret_and_an_https_address(admin_client, partner):
    url = reverse("webhooks:add")
    assert admin_client.get(url).status_code == 200

    insecure = admin_client.post(url, {"partner": partner.pk, "url": "http://www.aarhus.dk/hook", "is_active": "on"})
    assert insecure.status_code == 200 and not WebhookEndpoint.objects.exists()
    assert "https" in str(insecure.context["form"].errors["url"])

    response = admin_client.post(
        url,
        {"partner": partner.pk, "url": "https://www.aarhus.dk/hook", "kinds": ["guide", "standard"],
         "actions": ["DELETED"], "is_active": "on"},
    )
    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.kinds == ["guide", "standard"] and endpoint.actions == ["DELETED"]
    assert endpoint.secret.startswith("whsec_") and len(endpoint.secret) > 40


def test_the_edit_form_shows_the_secret_and_can_rotate_it(admin_client, endpoint):
    url = reverse("webhooks:edit", args=[endpoint.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and endpoint.secret in page.content.decode()

    data = {"partner": endpoint.partner_id, "url": endpoint.url, "is_active": "on", "secret": "whsec_forged"}
    assert admin_client.post(url, data).status_code == 302
    endpoint.refresh_from_db()
    old_secret = endpoint.secret
    assert old_secret != "whsec_forged"  # a disabled field cannot be set

    assert admin_client.post(url, {**data, "rotate_secret": "on"}).status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.secret != old_secret and endpoint.secret.startswith("whsec_")


def test_a_municipal_editor_is_kept_out(client, endpoint, deliveries):
    client.force_login(factories.municipal_editor("101"))
    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 200 and "Syndikering" not in home.content.decode()
    for url in (
        reverse("webhooks:index"),
        reverse("webhooks:add"),
        reverse("webhooks:edit", args=[endpoint.pk]),
        reverse("webhook_deliveries:index"),
        reverse("webhook_deliveries:inspect", args=[deliveries["dead"].pk]),
    ):
        assert client.get(url).status_code in (302, 403), url
    assert client.post(reverse("webhook_deliveries:retry", args=[deliveries["dead"].pk])).status_code in (302, 403)
    assert WebhookDelivery.objects.get(pk=deliveries["dead"].pk).status == Status.DEAD


def test_the_view_permission_shows_deliveries_but_not_endpoints_or_retry(client, endpoint, deliveries):
    user = factories.municipal_editor("101")
    user.user_permissions.add(Permission.objects.get(codename="view_webhookdelivery"))
    client.force_login(user)

    assert client.get(reverse("webhook_deliveries:index")).status_code == 200
    page = client.get(reverse("webhook_deliveries:inspect", args=[deliveries["dead"].pk]))
    assert page.status_code == 200 and "Forsøg igen nu" not in page.content.decode()
    # Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard.
    assert client.post(reverse("webhook_deliveries:retry", args=[deliveries["dead"].pk])).status_code in (302, 403)
    assert WebhookDelivery.objects.get(pk=deliveries["dead"].pk).status == Status.DEAD
    assert client.get(reverse("webhooks:index")).status_code in (302, 403)
