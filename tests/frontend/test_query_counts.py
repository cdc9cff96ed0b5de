"""A guide page costs the same number of queries whatever the number of local variants behind it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content_models.models import Municipality, Region
from tests import factories

pytestmark = pytest.mark.django_db

SECTIONS = 12


def guide_with_variants(slug, per_section):
    """A guide whose sections each have ``per_section`` live local texts (Aarhus's own, its region's, others')."""
    aarhus = Municipality.objects.get(code="751")
    others = list(Municipality.objects.exclude(pk=aarhus.pk).order_by("code")[: max(per_section - 2, 0)])
    links = [factories.make_self_service_link(slug=f"{slug}-link-{n}", title=f"Link {n}") for n in range(3)]
    guide = factories.make_guide(
        slug=slug, sections=[(f"s{n}", f"Afsnit {n}", f"<p>Nationalt {n}</p>") for n in range(SECTIONS)], links=links,
    )
    for link in links:
        factories.make_url_override(link, municipality=aarhus, url=f"https://aarhus.dk/{link.slug}")
    for n in range(SECTIONS):
        factories.make_local_text(guide, f"s{n}", municipality=aarhus, body=f"<p>Aarhus {n}</p>", bulk=True)
        if per_section > 1:
            factories.make_local_text(guide, f"s{n}", region=Region.objects.get(code="1082"), bulk=True)
        for other in others:
            factories.make_local_text(guide, f"s{n}", municipality=other, bulk=True)
    return guide


def page_queries(client, path):
    client.get(path)  # warm per-process caches (site root, locales)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_a_guide_page_with_local_text_costs_the_same_whatever_the_number_of_variants(client):
    guide_with_variants("faa", per_section=1)
    guide_with_variants("mange", per_section=10)
    few, few_body = page_queries(client, "/vejledninger/faa/?kommune=751")
    many, many_body = page_queries(client, "/vejledninger/mange/?kommune=751")
    assert few == many, f"{few} queries with 1 variant a section, {many} with 10"
    for body in (few_body, many_body):
        assert body.count("Lokal information fra") == SECTIONS and "Aarhus 11" in body
        assert "https://aarhus.dk/" in body
