"""Languages in the API: every page type has `locale`, `translations` and `translationOutdated`; lists and lookups
take `locale` (Danish when left out), and an unknown locale is BAD_USER_INPUT."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content_models import publishing
from content_models.models import Municipality
from tests import factories

pytestmark = pytest.mark.django_db

LANGUAGE_FIELDS = "slug locale translationOutdated translations { locale slug url }"
LOOKUPS = {
    "guide": ("guide", "slug", "flytning", "moving"),
    "selfServiceLink": ("selfServiceLink", "slug", "anmeld-flytning", "report-your-move"),
    "stepByStepGuide": ("stepByStepGuide", "slug", "koeb-af-bolig", "buying-a-home"),
    "teachingModule": ("teachingModule", "slug", "kom-i-gang-med-mitid", "mitid-basics"),
}
LISTS = ("guides", "selfServiceLinks", "stepByStepGuides", "teachingModules")


@pytest.fixture
def both_languages():
    """One item of every page kind in Danish with its English translation, and an English draft of nothing."""
    pairs = {}
    guide = factories.make_guide()
    pairs["guide"] = (guide, factories.make_guide("moving", "Moving", locale="en", translation_key=guide.translation_key))
    link = factories.make_self_service_link()
    pairs["selfServiceLink"] = (link, factories.make_self_service_link(
        "report-your-move", "Report your move", locale="en", translation_key=link.translation_key))
    steps = factories.make_step_by_step()
    pairs["stepByStepGuide"] = (steps, factories.make_step_by_step(
        "buying-a-home", "Buying a home", locale="en", translation_key=steps.translation_key))
    module = factories.make_teaching_module()
    pairs["teachingModule"] = (module, factories.make_teaching_module(
        "mitid-basics", "MitID basics", locale="en", translation_key=module.translation_key))
    factories.make_guide("draft-in-english", "Draft", locale="en", live=False)
    return pairs


def test_every_page_type_has_its_language_and_its_translations(gql, both_languages):
    for field, (name, argument, danish, english) in LOOKUPS.items():
        body = gql(f'{{ da: {name}({argument}: "{danish}") {{ {LANGUAGE_FIELDS} }} '
                   f'en: {name}({argument}: "{english}", locale: "en") {{ {LANGUAGE_FIELDS} }} }}')
        assert "errors" not in body, body
        da, en = body["data"]["da"], body["data"]["en"]
        assert (da["locale"], en["locale"]) == ("da", "en")
        assert da["translations"] == [
            {"locale": "en", "slug": english, "url": both_languages[field][1].get_full_url()}
        ]
        assert en["translations"] == [
            {"locale": "da", "slug": danish, "url": both_languages[field][0].get_full_url()}
        ]
        assert "/en/" in en["translations"][0]["url"] or "/en/" in da["translations"][0]["url"]
        assert da["translationOutdated"] is False and en["translationOutdated"] is False


def test_lists_are_danish_unless_asked_for_another_language(gql, both_languages):
    for field in LISTS:
        body = gql(f'{{ da: {field}(first: 10) {{ edges {{ node {{ slug locale }} }} }} '
                   f'en: {field}(first: 10, locale: "en") {{ edges {{ node {{ slug locale }} }} }} }}')
        assert "errors" not in body, body
        assert {edge["node"]["locale"] for edge in body["data"]["da"]["edges"]} == {"da"}
        english = [edge["node"]["slug"] for edge in body["data"]["en"]["edges"]]
        assert english and "draft-in-english" not in english  # no drafts through the API
        assert {edge["node"]["locale"] for edge in body["data"]["en"]["edges"]} == {"en"}


def test_a_lookup_in_the_wrong_language_is_not_found(gql, both_languages):
    body = gql('{ guide(slug: "moving") { slug } }')
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert "locale 'da'" in body["errors"][0]["message"]


@pytest.mark.parametrize("field", [*LOOKUPS, *LISTS, "search"])
def test_an_unknown_locale_is_bad_user_input(gql, field):
    arguments = {"search": 'query: "flytning"', **{name: 'slug: "flytning"' for name in LOOKUPS}}.get(field, "first: 1")
    selection = "totalCount" if field in LISTS or field == "search" else "slug"
    body = gql(f'{{ {field}({arguments}, locale: "de") {{ {selection} }} }}')
    assert body["data"] is None or body["data"].get(field) is None
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "locale"}
    assert "Unknown locale 'de'" in body["errors"][0]["message"]


def test_a_translation_is_outdated_after_a_major_update_of_its_source_until_it_is_published_again(
    gql, both_languages
):
    query = '{ guide(slug: "moving", locale: "en") { translationOutdated } }'
    danish, english = both_languages["guide"]

    danish.summary = "Om flytning, med nye regler."
    publishing.publish(danish)  # not a major update
    assert gql(query)["data"]["guide"]["translationOutdated"] is False

    danish.major_update = True
    publishing.publish(danish)
    assert gql(query)["data"]["guide"]["translationOutdated"] is True
    # The Danish item itself is never an outdated translation.
    assert gql('{ guide(slug: "flytning") { translationOutdated } }')["data"]["guide"]["translationOutdated"] is False

    english.summary = "About moving, with the new rules."
    publishing.publish(english)
    assert gql(query)["data"]["guide"]["translationOutdated"] is False


def test_a_drafts_language_version_is_not_listed(gql, both_languages):
    _, english = both_languages["stepByStepGuide"]
    publishing.unpublish(english)
    body = gql('{ stepByStepGuide(slug: "koeb-af-bolig") { translations { slug } } }')
    assert body["data"]["stepByStepGuide"]["translations"] == []


def test_topics_have_an_english_title(gql):
    factories.TopicFactory(slug="bolig", title="Bolig", title_en="Housing")
    factories.TopicFactory(slug="skat", title="Skat")
    topics = {t["slug"]: t for t in gql("{ topics { slug title titleEn } }")["data"]["topics"]}
    assert topics["bolig"] == {"slug": "bolig", "title": "Bolig", "titleEn": "Housing"}
    assert topics["skat"]["titleEn"] is None


def test_local_text_stays_per_municipality_and_language(gql, both_languages):
    danish, english = both_languages["guide"]
    aarhus = Municipality.objects.get(code="751")
    factories.make_local_text(english, municipality=aarhus, body="<p>Aarhus, in English.</p>")
    query = '{ guide(slug: "%s", locale: "%s", municipality: "751") { sections { localText { bodyHtml } } } }'
    assert gql(query % ("moving", "en"))["data"]["guide"]["sections"][0]["localText"] == {
        "bodyHtml": "<p>Aarhus, in English.</p>"
    }
    assert gql(query % ("flytning", "da"))["data"]["guide"]["sections"][0]["localText"] is None


def test_the_query_count_of_a_list_with_translations_does_not_grow_with_its_length(gql):
    for n in range(12):
        source = factories.make_step_by_step(f"trin-{n:02}")
        factories.make_step_by_step(f"steps-{n:02}", locale="en", translation_key=source.translation_key)
    query = "query ($first: Int!) { stepByStepGuides(first: $first, locale: \"en\") { edges { node { %s } } } }"
    query %= LANGUAGE_FIELDS

    def count(first):
        with CaptureQueriesContext(connection) as captured:
            body = gql(query, {"first": first})
        assert len(body["data"]["stepByStepGuides"]["edges"]) == first
        return len(captured)

    count(1)  # warm the per-process caches
    assert count(2) == count(12)
