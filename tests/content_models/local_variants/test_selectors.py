"""What a municipality sees: its own live variant, else its region's, else nothing (or the national URL).

These exercise the selector the API, the citizen site and search read (content_models.local_variants.selectors).
"""

import dataclasses

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content_models import publishing
from content_models.local_variants.selectors import (
    MUNICIPALITY,
    REGION,
    localise_guide,
    localise_guides,
    localise_link,
    pick_variant,
)
from content_models.models import Municipality, Region
from content_models.selectors import live_guides
from tests import factories

pytestmark = pytest.mark.django_db

NATIONAL_URL = "https://www.borger.dk/flyt"


def municipality(code):
    return Municipality.objects.get(code=code)


def region(code):
    return Region.objects.get(code=code)


@pytest.fixture
def guide():
    return factories.make_guide(sections=[
        ("anmeld", "Anmeld din flytning", "<p>Anmeld senest 5 dage efter.</p>"),
        ("frister", "Frister", "<p>Fristerne.</p>"),
    ])


@pytest.fixture
def link():
    return factories.make_self_service_link(url=NATIONAL_URL)


def resolve_local_text(guide, section_key, place):
    """The chosen local text of one section, through the selector that serves requests."""
    sections = {section.key: section for section in localise_guide(guide, place).sections}
    return sections[section_key].local_text


def resolve_self_service_url(link, place):
    return localise_link(link, place).url


def body(guide, section_key, code):
    text = resolve_local_text(guide, section_key, municipality(code))
    return text.body if text else None


def test_the_municipalitys_own_text_wins_over_its_regions(guide):
    factories.make_local_text(guide, region=region("1084"), body="<p>Hovedstaden.</p>")
    factories.make_local_text(guide, municipality=municipality("101"), body="<p>København.</p>")
    assert body(guide, "anmeld", "101") == "<p>København.</p>"


def test_without_its_own_text_a_municipality_gets_its_regions(guide):
    factories.make_local_text(guide, region=region("1084"), body="<p>Hovedstaden.</p>")
    factories.make_local_text(guide, municipality=municipality("101"), body="<p>København.</p>")
    # Frederiksberg is in Region Hovedstaden too; København's own text is not its.
    assert body(guide, "anmeld", "147") == "<p>Hovedstaden.</p>"


def test_without_any_text_there_is_none(guide):
    factories.make_local_text(guide, municipality=municipality("147"), body="<p>Frederiksberg.</p>")
    assert resolve_local_text(guide, "anmeld", municipality("101")) is None
    assert resolve_local_text(guide, "anmeld", None) is None


def test_another_regions_text_never_applies(guide):
    factories.make_local_text(guide, region=region("1084"), body="<p>Hovedstaden.</p>")
    assert resolve_local_text(guide, "anmeld", municipality("751")) is None  # Aarhus, Region Midtjylland
    factories.make_local_text(guide, region=region("1082"), body="<p>Midtjylland.</p>")
    assert body(guide, "anmeld", "751") == "<p>Midtjylland.</p>"
    assert body(guide, "anmeld", "101") == "<p>Hovedstaden.</p>"


def test_a_draft_variant_is_ignored(guide):
    factories.make_local_text(guide, region=region("1084"), body="<p>Hovedstaden.</p>")
    factories.make_local_text(guide, municipality=municipality("101"), body="<p>Kladde.</p>", live=False)
    assert body(guide, "anmeld", "101") == "<p>Hovedstaden.</p>"
    factories.make_local_text(guide, section_key="frister", region=region("1084"), body="<p>Kladde.</p>", live=False)
    assert resolve_local_text(guide, "frister", municipality("101")) is None


def test_an_unpublished_text_no_longer_applies(guide):
    regional = factories.make_local_text(guide, region=region("1084"), body="<p>Hovedstaden.</p>")
    own = factories.make_local_text(guide, municipality=municipality("101"), body="<p>København.</p>")
    publishing.unpublish(own)
    assert body(guide, "anmeld", "101") == "<p>Hovedstaden.</p>"
    publishing.unpublish(regional)
    assert resolve_local_text(guide, "anmeld", municipality("101")) is None


def test_a_pending_draft_of_a_live_text_does_not_replace_the_live_text(guide):
    own = factories.make_local_text(guide, municipality=municipality("101"), body="<p>Live.</p>")
    own.body = "<p>Ikke godkendt endnu.</p>"
    publishing.save_draft(own)
    assert body(guide, "anmeld", "101") == "<p>Live.</p>"


def test_only_the_asked_section_and_guide_count(guide):
    other_guide = factories.make_guide(slug="skilsmisse", title="Skilsmisse")
    factories.make_local_text(guide, section_key="frister", municipality=municipality("101"), body="<p>Frister.</p>")
    factories.make_local_text(other_guide, municipality=municipality("101"), body="<p>Skilsmisse.</p>")
    assert resolve_local_text(guide, "anmeld", municipality("101")) is None
    assert body(guide, "frister", "101") == "<p>Frister.</p>"


def test_self_service_url_falls_back_from_municipality_to_region_to_national(link):
    assert resolve_self_service_url(link, municipality("101")) == NATIONAL_URL
    assert resolve_self_service_url(link, None) == NATIONAL_URL
    factories.make_url_override(link, region=region("1084"), url="https://www.regionh.dk/flyt")
    assert resolve_self_service_url(link, municipality("101")) == "https://www.regionh.dk/flyt"
    factories.make_url_override(link, municipality=municipality("101"), url="https://www.kk.dk/flyt")
    assert resolve_self_service_url(link, municipality("101")) == "https://www.kk.dk/flyt"
    assert resolve_self_service_url(link, municipality("147")) == "https://www.regionh.dk/flyt"
    # Another region's address never applies.
    assert resolve_self_service_url(link, municipality("751")) == NATIONAL_URL


def test_a_draft_url_override_is_ignored(link):
    factories.make_url_override(link, municipality=municipality("101"), url="https://www.kk.dk/kladde", live=False)
    assert resolve_self_service_url(link, municipality("101")) == NATIONAL_URL
    factories.make_url_override(link, region=region("1084"), url="https://www.regionh.dk/kladde", live=False)
    assert resolve_self_service_url(link, municipality("101")) == NATIONAL_URL


def test_another_links_override_does_not_apply(link):
    other = factories.make_self_service_link(slug="boligstoette", title="Boligstøtte", url="https://www.borger.dk/bolig")
    factories.make_url_override(other, municipality=municipality("101"), url="https://www.kk.dk/bolig")
    assert resolve_self_service_url(link, municipality("101")) == NATIONAL_URL


def test_pick_variant_prefers_the_municipality_in_any_order(guide):
    regional = factories.make_local_text(guide, region=region("1084"))
    own = factories.make_local_text(guide, municipality=municipality("101"))
    foreign = factories.make_local_text(guide, region=region("1082"))
    neighbour = factories.make_local_text(guide, municipality=municipality("147"))
    copenhagen = municipality("101")
    assert pick_variant([regional, own, foreign, neighbour], copenhagen) == own
    assert pick_variant([neighbour, foreign, own, regional], copenhagen) == own
    assert pick_variant([foreign, neighbour, regional], copenhagen) == regional
    assert pick_variant([foreign, neighbour], copenhagen) is None
    assert pick_variant([own, regional], None) is None


def test_the_chosen_text_names_its_place_as_citizens_know_it(guide):
    factories.AuthorityFactory(slug="koebenhavns-kommune", name="Københavns Kommune", type="municipality",
                               municipality=municipality("101"))
    factories.make_local_text(guide, municipality=municipality("101"), body="<p>København.</p>")
    factories.make_local_text(guide, section_key="frister", region=region("1084"), body="<p>Hovedstaden.</p>")
    own = resolve_local_text(guide, "anmeld", municipality("101"))
    regional = resolve_local_text(guide, "frister", municipality("101"))
    assert (own.place.scope, own.place.code, own.place.name) == (MUNICIPALITY, "101", "Københavns Kommune")
    assert (regional.place.scope, regional.place.code, regional.place.name) == (REGION, "1084", "Region Hovedstaden")
    assert own.last_published_at is not None


def test_localised_values_are_immutable_and_leave_the_page_untouched(guide):
    factories.make_local_text(guide, municipality=municipality("101"), body="<p>København.</p>")
    before = dict(vars(guide))
    localised = localise_guide(guide, municipality("101"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        localised.sections[0].local_text = None
    assert {k: v for k, v in vars(guide).items() if not k.startswith("_")} == {
        k: v for k, v in before.items() if not k.startswith("_")
    }


def test_a_draft_text_is_shown_only_when_the_caller_passes_it(guide):
    draft = factories.make_local_text(guide, municipality=municipality("101"), body="<p>Kladde.</p>", live=False)
    assert resolve_local_text(guide, "anmeld", municipality("101")) is None
    shown = localise_guide(guide, municipality("101"), draft_local_text=draft)
    chosen = shown.sections[0].local_text
    assert chosen.body == "<p>Kladde.</p>" and chosen.is_draft


@pytest.mark.parametrize("variants_per_guide", [1, 12])
def test_localising_many_guides_costs_the_same_few_queries_whatever_the_variants(variants_per_guide):
    links = [factories.make_self_service_link(slug=f"link-{n}", title=f"Link {n}") for n in range(3)]
    places = list(Municipality.objects.order_by("code")[:variants_per_guide])
    for n in range(5):
        guide = factories.make_guide(slug=f"guide-{n}", title=f"Guide {n}")
        guide.self_service_links = links
        publishing.publish(guide)
        for place in places:
            factories.make_local_text(guide, municipality=place, body=f"<p>{place.name}</p>")
    for n, link in enumerate(links):
        for place in places:
            factories.make_url_override(link, municipality=place, url=f"https://x.dk/{n}/{place.code}")
    guides = list(live_guides())
    with CaptureQueriesContext(connection) as queries:
        localised = localise_guides(guides, places[0], with_links=True)
    assert len(localised) == 5 and all(guide.has_local_text for guide in localised)
    assert all(len(guide.links) == 3 for guide in localised)
    # Local texts; the links (Wagtail's public() reads view restrictions first), their topics and their local
    # URLs: five queries for any number of guides and variants.
    assert len(queries) == 5, [q["sql"] for q in queries]


def test_guides_read_from_the_database_are_the_guides_read_from_their_pages():
    """The API reads sections and topics as plain values (``from_database``): the same as the pages hold."""
    topics = [factories.TopicFactory(), factories.TopicFactory()]
    guides = [
        factories.make_guide(slug=f"guide-{n}", topics=topics[: n + 1], sections=[
            ("b", f"B {n}", "<p>B.</p>"), ("a", f"A {n}", "<p>A.</p>"), ("c", f"C {n}", "<p>C.</p>"),
        ])
        for n in range(2)
    ]
    factories.make_local_text(guides[1], section_key="a", municipality=municipality("751"))
    ordered = list(live_guides().filter(pk__in=[g.pk for g in guides]).order_by("path"))
    from_pages = localise_guides(ordered, municipality("751"))
    def read(pks):
        with CaptureQueriesContext(connection) as queries:
            found = localise_guides(list(live_guides(with_parts=False).filter(pk__in=pks).order_by("path")),
                                    municipality("751"), from_database=True)
        return found, len(queries)

    from_values, queries_for_two = read([g.pk for g in guides])
    for page_view, value_view in zip(from_pages, from_values, strict=True):
        assert value_view.sections == page_view.sections
        assert list(value_view.topics) == list(page_view.page.topics.all())
    assert [s.key for s in from_values[0].sections] == ["b", "a", "c"]  # the editor's order, not the keys'
    assert from_values[1].sections[1].local_text is not None
    assert read([guides[0].pk])[1] == queries_for_two  # not one query more per guide
