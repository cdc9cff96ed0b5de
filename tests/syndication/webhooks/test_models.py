"""Endpoint rules: https only (plain http just for a local receiver), known kinds and actions."""

import pytest
from django.core.exceptions import ValidationError

from content_models.models import PublishingEvent
from syndication.models import WebhookEndpoint
from syndication.models.webhooks import validate_endpoint_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["https://www.aarhus.dk/hook", "http://127.0.0.1:8081/hook", "http://localhost/hook", "https://[::1]/x"]
)
def test_secure_or_local_addresses_are_accepted(url):
    validate_endpoint_url(url)


@pytest.mark.parametrize("url", ["http://www.aarhus.dk/hook", "ftp://www.aarhus.dk/", "http://127.0.0.2/", "https://"])
def test_other_addresses_are_refused(url):
    with pytest.raises(ValidationError):
        validate_endpoint_url(url)


def test_kinds_and_actions_must_be_known(partner):
    endpoint = WebhookEndpoint(partner=partner, url="https://www.aarhus.dk/hook", kinds=["guide", "opskrift"])
    with pytest.raises(ValidationError) as error:
        endpoint.full_clean()
    assert "opskrift" in str(error.value)
    endpoint.kinds, endpoint.actions = ["guide"], ["PUBLISHED", "ARCHIVED"]
    with pytest.raises(ValidationError):
        endpoint.full_clean()
    endpoint.actions = "PUBLISHED"
    with pytest.raises(ValidationError):
        endpoint.full_clean()
    endpoint.actions = ["PUBLISHED"]
    endpoint.full_clean()


def test_empty_lists_subscribe_to_everything(partner):
    event = PublishingEvent(kind="standard", identifier="OIOUBL-2.1", action="DELETED")
    assert WebhookEndpoint(partner=partner).wants(event)
    assert WebhookEndpoint(partner=partner, kinds=["standard"]).wants(event)
    assert not WebhookEndpoint(partner=partner, kinds=["guide"]).wants(event)
    assert not WebhookEndpoint(partner=partner, actions=["PUBLISHED"]).wants(event)


def test_every_endpoint_gets_its_own_random_secret(partner):
    first = WebhookEndpoint.objects.create(partner=partner, url="https://a.example/hook")
    second = WebhookEndpoint.objects.create(partner=partner, url="https://b.example/hook")
    assert first.secret.startswith("whsec_") and first.secret != second.secret
