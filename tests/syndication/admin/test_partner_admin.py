"""The partner admin over HTTP: a key is shown once when issued, listed by prefix only, and revoked."""

import hashlib
import json
import re

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse

from content_models.models import Municipality
from syndication.models import Partner, PartnerKey
from syndication.partners.keys import issue_key
from tests import factories

pytestmark = pytest.mark.django_db

RAW_KEY = re.compile(r"pk_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}")


@pytest.fixture
def superuser(client):
    user = factories.UserFactory(is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def partner():
    return Partner.objects.create(name="Aarhus Kommune", slug="aarhus", allowed_origins="https://www.aarhus.dk")


def graphql_status(client, raw_key):
    response = client.post(
        "/graphql/", json.dumps({"query": "{ regions { code } }"}), content_type="application/json",
        HTTP_HOST="127.0.0.1", HTTP_X_API_KEY=raw_key,
    )
    return response.status_code


def issue(client, partner, name="Hjemmeside"):
    return client.post(reverse("partner_keys:add"), {"partner": partner.pk, "name": name})


def assert_refused(response):
    """Wagtail answers a PermissionDenied with 403, or with a redirect to the dashboard and an error."""
    if response.status_code == 302:
        assert response.url == reverse("wagtailadmin_home"), response.url
        assert any(m.level == messages.ERROR for m in get_messages(response.wsgi_request))
    else:
        assert response.status_code == 403, response.status_code


# --- issuing ---------------------------------------------------------------------------------------


def test_the_issue_form_preselects_the_partner(client, superuser, partner):
    response = client.get(reverse("partner_keys:add") + f"?partner={partner.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Udsted ny nøgle" in html
    assert re.search(rf'<option value="{partner.pk}"[^>]*selected', html)


def test_issuing_shows_the_raw_key_once_and_stores_only_its_hash(client, superuser, partner):
    response = issue(client, partner)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    [raw_key] = set(RAW_KEY.findall(html))
    assert "Den vises ikke igen" in html

    key = PartnerKey.objects.get()
    assert (key.partner, key.name) == (partner, "Hjemmeside")
    assert raw_key.startswith(f"pk_{key.prefix}_")
    assert key.key_hash == hashlib.sha256(raw_key.encode()).hexdigest()
    assert graphql_status(client, raw_key) == 200  # it works at once

    # Never again: not in the listing, the edit form, the history, nor in a flash message.
    pages = [
        reverse("partner_keys:index"), reverse("partner_keys:edit", args=[key.pk]),
        reverse("partner_keys:history", args=[key.pk]), reverse("partners:index"), reverse("wagtailadmin_home"),
    ]
    for url in pages:
        page = client.get(url)
        assert page.status_code == 200, url
        assert raw_key not in page.content.decode(), url
        assert key.key_hash not in page.content.decode(), url


def test_the_listing_shows_the_prefix_and_status_only(client, superuser, partner):
    key, raw_key = issue_key(partner, "Test")
    html = client.get(reverse("partner_keys:index")).content.decode()
    assert f"pk_{key.prefix}_…" in html
    assert "Aktiv" in html
    assert raw_key not in html
    assert not RAW_KEY.search(html)


def test_an_inactive_partner_cannot_get_a_key(client, superuser, partner):
    partner.is_active = False
    partner.save()
    response = issue(client, partner)
    assert response.status_code == 200  # the form again, with the error
    assert not PartnerKey.objects.exists()
    assert not RAW_KEY.search(response.content.decode())


def test_editing_a_key_changes_only_its_name(client, superuser, partner):
    key, raw_key = issue_key(partner, "Gammelt navn")
    response = client.post(
        reverse("partner_keys:edit", args=[key.pk]), {"name": "Nyt navn", "partner": 999, "key_hash": "0" * 64}
    )
    assert response.status_code == 302
    key.refresh_from_db()
    assert (key.name, key.partner_id, key.key_hash) == ("Nyt navn", partner.pk, hashlib.sha256(raw_key.encode()).hexdigest())


# --- revoking --------------------------------------------------------------------------------------


def test_revoking_asks_first_then_the_key_stops_working(client, superuser, partner):
    key, raw_key = issue_key(partner)
    listing = client.get(reverse("partner_keys:index")).content.decode()
    revoke_url = reverse("partner_keys:revoke", args=[key.pk])
    assert revoke_url in listing

    confirm = client.get(revoke_url)
    assert confirm.status_code == 200
    assert "Ja, tilbagekald nøglen" in confirm.content.decode()
    key.refresh_from_db()
    assert key.revoked_at is None  # a GET changes nothing

    response = client.post(revoke_url)
    assert response.status_code == 302
    assert response.url == reverse("partner_keys:index")
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert graphql_status(client, raw_key) == 401
    listing = client.get(reverse("partner_keys:index")).content.decode()
    assert "Tilbagekaldt" in listing
    assert revoke_url not in listing  # nothing left to revoke


def test_keys_are_revoked_not_deleted(client, superuser, partner):
    key, _ = issue_key(partner)
    assert_refused(client.post(reverse("partner_keys:delete", args=[key.pk])))
    assert PartnerKey.objects.filter(pk=key.pk).exists()
    assert reverse("partner_keys:delete", args=[key.pk]) not in client.get(reverse("partner_keys:index")).content.decode()


# --- partners --------------------------------------------------------------------------------------


def test_a_superuser_creates_a_partner_with_origins_and_a_rate(client, superuser):
    response = client.post(reverse("partners:add"), {
        "name": "Odense Kommune", "slug": "odense", "contact_email": "web@odense.dk",
        "municipality": Municipality.objects.get(code="461").pk,
        "allowed_origins": "https://www.odense.dk\nhttps://test.odense.dk", "requests_per_minute": 1200,
        "is_active": "on",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    partner = Partner.objects.get(slug="odense")
    assert partner.origins == ["https://www.odense.dk", "https://test.odense.dk"]
    assert partner.requests_per_minute == 1200
    assert partner.municipality.name == "Odense"
    listing = client.get(reverse("partners:index")).content.decode()
    assert "Odense Kommune" in listing
    assert reverse("partner_keys:add") + f"?partner={partner.pk}" in listing


def test_the_partner_form_has_danish_labels(client, superuser):
    html = client.get(reverse("partners:add")).content.decode()
    for label in ("Navn", "Kontakt-e-mail", "Kommune", "Tilladte oprindelser (CORS)", "Forespørgsler pr. minut", "Aktiv"):
        assert label in html, label


# --- who may --------------------------------------------------------------------------------------


@pytest.mark.parametrize("make_user", [lambda: factories.municipal_editor("751"), factories.national_editor])
def test_editors_are_refused_everything(client, partner, make_user):
    key, raw_key = issue_key(partner)
    client.force_login(make_user())
    for url in (
        reverse("partners:index"), reverse("partners:add"), reverse("partners:edit", args=[partner.pk]),
        reverse("partner_keys:index"), reverse("partner_keys:add"), reverse("partner_keys:revoke", args=[key.pk]),
    ):
        assert_refused(client.get(url))
    assert_refused(issue(client, partner))
    assert_refused(client.post(reverse("partner_keys:revoke", args=[key.pk])))
    assert PartnerKey.objects.count() == 1
    key.refresh_from_db()
    assert key.revoked_at is None
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("partners:index") not in dashboard
    assert reverse("partner_keys:index") not in dashboard


def test_the_menu_shows_partners_and_keys_to_a_superuser(client, superuser):
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("partners:index") in dashboard
    assert reverse("partner_keys:index") in dashboard
