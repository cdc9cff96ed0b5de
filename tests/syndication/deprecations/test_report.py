"""Rapporter › Udfasede API-felter: who still uses what, for the portal team, in Danish."""

import pytest
from django.urls import reverse

from syndication.deprecations import usage
from syndication.models import Partner
from syndication.partners.keys import issue_key
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_report_lists_each_key_with_its_deprecated_fields_and_counts(admin_client):
    aarhus = Partner.objects.create(name="Aarhus Kommune", slug="aarhus", contact_email="web@aarhus.example")
    key, _ = issue_key(aarhus, name="Hjemmeside")
    for _ in range(4):
        usage.record(key, {"Municipality.code4"})
    Partner.objects.create(name="Odense Kommune", slug="odense")

    page = admin_client.get(reverse("syndication_deprecated_usage")).content.decode()
    assert "Udfasede API-felter" in page and "Municipality.code4" in page and "30. juni 2027" in page
    assert "Aarhus Kommune" in page and f"pk_{key.prefix}_…" in page and "(Hjemmeside)" in page
    assert "<td>4</td>" in page and "Ikke endnu" in page
    assert "sæt selv et nul foran" in page  # the replacement, in Danish
    odense = Partner.objects.get(slug="odense")
    filtered = admin_client.get(reverse("syndication_deprecated_usage"), {"partner": odense.pk}).content.decode()
    assert "Ingen nøgler har brugt udfasede felter i perioden." in filtered
    assert "Udfasede API-felter" in admin_client.get(reverse("wagtailadmin_home")).content.decode()


def test_editors_without_the_permission_cannot_see_it(client):
    client.force_login(factories.national_editor())
    response = client.get(reverse("syndication_deprecated_usage"))
    assert response.status_code in (302, 403)
    assert "Municipality.code4" not in response.content.decode()
