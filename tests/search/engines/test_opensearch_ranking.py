"""Filters, facets, paging and the local boost of the OpenSearch engine, on content built with the factories."""

import pytest

from content_models.models import Municipality
from tests.factories import TopicFactory, make_guide, make_local_text, make_self_service_link, make_url_override
from tests.search.conftest import projection_document

pytestmark = pytest.mark.django_db


def same_guide(slug):
    return make_guide(slug=slug, title="Affald og genbrug", summary="Sådan sorterer du dit affald.")


def slugs(response):
    return [hit.slug for hit in response.hits]


@pytest.fixture
def local_guides(os_index):
    national = same_guide("affald-a")
    local = same_guide("affald-b")  # created second: without a boost it ranks second
    make_local_text(local, section_key="anmeld", municipality=Municipality.objects.get(code="175"))
    os_index(national, local)


def test_equally_good_items_rank_the_searchers_local_one_first(local_guides, os_search):
    assert slugs(os_search("affald")) == ["affald-a", "affald-b"]
    response = os_search("affald", municipality="175")
    assert slugs(response) == ["affald-b", "affald-a"]
    assert [hit.local for hit in response.hits] == [True, False]


def test_a_municipality_named_in_the_query_boosts_too(local_guides, os_search):
    assert slugs(os_search("affald", municipality_hint="175")) == ["affald-b", "affald-a"]


def test_a_region_wide_local_url_counts_for_each_municipality_of_the_region(os_index, os_search):
    link = make_self_service_link(slug="bestil-affald", title="Bestil affaldsspand")
    make_url_override(link, region=Municipality.objects.get(code="175").region, url="https://example.invalid/affald")
    os_index(link)
    [hit] = os_search("affaldsspand", municipality="101").hits  # København: same region as Rødovre
    assert hit.local


@pytest.fixture
def mixed(os_index):
    family = TopicFactory(slug="familie", title="Familie")
    children = TopicFactory(slug="boern", title="Børn", parent=family)
    return os_index(
        make_guide(slug="flytning", title="Flytning", summary="Anmeld flytning."),
        make_guide(slug="flytning-boern", title="Flytning med børn", summary="Skole ved flytning.", topics=[children]),
        make_self_service_link(slug="anmeld-flytning", title="Anmeld flytning", topics=[family]),
    )


def test_kinds_filter(mixed, os_search):
    assert slugs(os_search("flytning", kinds=("self_service_link",))) == ["anmeld-flytning"]
    assert set(slugs(os_search("flytning", kinds=("guide",)))) == {"flytning", "flytning-boern"}


def test_topic_filter_includes_subtopics(mixed, os_search):
    assert set(slugs(os_search("flytning", topic="familie"))) == {"flytning-boern", "anmeld-flytning"}
    assert slugs(os_search("flytning", topic="boern")) == ["flytning-boern"]


def test_exclude_leaves_out_items_already_shown(mixed, os_search):
    shown = next(f"{d['kind']}-{d['object_id']}" for d in mixed if d["slug"] == "flytning")
    response = os_search("flytning", exclude={shown})
    assert "flytning" not in slugs(response) and response.total == 2


def test_facets_count_the_results(mixed, os_search):
    facets = {facet.field: {v.value: v.count for v in facet.values} for facet in os_search("flytning").facets}
    assert facets["kind"] == {"guide": 2, "self_service_link": 1}
    assert facets["topic"] == {"familie": 2, "boern": 1}
    assert list(facets) == ["kind", "topic", "authority", "audience", "municipality"]
    assert facets["audience"] == {"citizen": 1}


def test_the_audience_filter_keeps_self_service_links_for_businesses(mixed, os_index, os_search):
    os_index(make_self_service_link(slug="flytning-virksomhed", title="Flytning af virksomhed", audience="business"))
    response = os_search("flytning", audience="business")
    assert slugs(response) == ["flytning-virksomhed"] and response.hits[0].audience == "business"
    assert set(slugs(os_search("flytning", audience="citizen"))) == {"anmeld-flytning"}


def test_facets_follow_the_filters(mixed, os_search):
    facets = {f.field: {v.value: v.count for v in f.values} for f in os_search("flytning", kinds=("guide",)).facets}
    assert facets["kind"] == {"guide": 2}


def test_paging_with_first_and_offset(os_index, os_search):
    os_index(*[projection_document(i, title=f"Flytning {i}") for i in range(1, 6)])
    first_page = os_search("flytning", first=2)
    second_page = os_search("flytning", first=2, offset=2)
    assert first_page.total == second_page.total == 5
    assert len(first_page.hits) == len(second_page.hits) == 2
    assert not set(slugs(first_page)) & set(slugs(second_page))


def test_another_language_is_filtered_out(os_index, os_search):
    os_index(projection_document(1, title="Flytning"), projection_document(2, title="Flytning", language="en"))
    assert os_search("flytning").total == 1
    assert os_search("flytning", language="en").total == 1


def test_authority_filter(os_index, os_search):
    from tests.search.conftest import projection_document

    os_index(
        projection_document("1", title="Flytning", authority="udbetaling-danmark"),
        projection_document("2", title="Flytning", authority="skattestyrelsen"),
    )
    assert [h.slug for h in os_search("flytning", authority="skattestyrelsen").hits] == ["guide-2"]
