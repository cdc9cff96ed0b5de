"""Danish language handling in the OpenSearch engine: stemming, folding, typos, synonyms, autocomplete,
highlighting. Most documents are hand-written projection dicts (fast); the projection itself is
exercised where it matters (escaping here, local variants and topics in the ranking tests)."""

import pytest

from search.engines.opensearch import OpenSearchEngine
from search.types import SearchRequest
from tests.factories import make_guide
from tests.search.conftest import plan_for, projection_document

pytestmark = pytest.mark.django_db


def guide(object_id, slug, title, summary, body=""):
    return projection_document(object_id, slug=slug, title=title, summary=summary, body=body)


@pytest.fixture
def corpus(os_index):
    return os_index(
        guide(1, "flytning", "Flytning", "Sådan anmelder du flytning til en ny adresse."),
        guide(2, "boligstoette", "Boligstøtte", "Tilskud til huslejen for lejere."),
        guide(3, "sygedagpenge", "Sygedagpenge", "Penge når du er syg fra arbejde.", "Kommunen i Rødovre udbetaler."),
        guide(4, "su", "Statens Uddannelsesstøtte", "Støtte til studerende på en videregående uddannelse."),
    )


def slugs(response):
    return [hit.slug for hit in response.hits]


def test_danish_stemming_finds_inflected_forms(corpus, os_search):
    assert slugs(os_search("flytningerne"))[0] == "flytning"


@pytest.mark.parametrize("query", ["Rødovre", "Roedovre", "RØDOVRE"])
def test_oe_and_o_slash_spellings_match(corpus, os_search, query):
    assert slugs(os_search(query)) == ["sygedagpenge"]


def test_folded_spelling_of_a_title_matches(corpus, os_search):
    assert slugs(os_search("boligstoette"))[0] == "boligstoette"


def test_a_typo_without_a_known_correction_still_finds_by_near_misses(corpus, os_search):
    # These documents are in the index only (not the projection), so spelling knows no word to offer;
    # corrections with "Viser resultater for ..." are tested on both engines in tests/search/test_precision.py.
    response = os_search("sygedagpnge")
    assert slugs(response)[0] == "sygedagpenge"


def test_correct_words_get_no_did_you_mean(corpus, os_search):
    assert os_search("sygedagpenge").did_you_mean == ""


def test_nothing_found_is_empty_and_names_the_engine(corpus, os_search):
    response = os_search("xylofonundervisning")
    assert (response.total, response.hits, response.engine) == (0, [], "opensearch")


def test_a_synonym_phrase_in_the_plan_finds_its_content(corpus, os_search):
    assert "su" not in slugs(os_search("su"))
    response = os_search("su", synonyms={"su": ("Statens Uddannelsesstøtte",)})
    assert slugs(response)[0] == "su"


def test_all_words_are_required_while_some_item_has_them_all(corpus, os_search):
    assert slugs(os_search("flytning adresse")) == ["flytning"]


def test_when_no_item_has_every_word_items_with_some_are_found(corpus, os_search):
    assert slugs(os_search("flytning xylofon"))[0] == "flytning"


def test_autocomplete_completes_the_last_word(corpus):
    hits = OpenSearchEngine().suggest(plan_for("flyt"), SearchRequest(query="flyt"))
    assert [hit.title for hit in hits] == ["Flytning"]


def test_autocomplete_folds_and_respects_first(corpus):
    request = SearchRequest(query="boligst", first=1)
    assert [hit.slug for hit in OpenSearchEngine().suggest(plan_for("boligst"), request)] == ["boligstoette"]
    assert OpenSearchEngine().suggest(plan_for("xyl"), SearchRequest(query="xyl")) == []


def test_the_last_word_of_a_search_may_be_a_prefix(corpus, os_search):
    assert slugs(os_search("flyt")) == ["flytning"]


def test_highlight_marks_matched_words(corpus, os_search):
    [hit] = os_search("huslejen").hits
    assert "<mark>huslejen</mark>" in hit.highlight


def test_highlight_is_html_escaped(os_index, os_search):
    # Through the real projection: a guide whose summary an editor filled with markup.
    os_index(make_guide(slug="xss", title="Skadelig", summary="Pas på <script>alert(1)</script> i teksten om affald."))
    [hit] = os_search("affald").hits
    assert "<script>" not in hit.highlight and "&lt;script&gt;" in hit.highlight
    assert "<mark>affald</mark>" in hit.highlight


def test_every_hit_has_a_snippet_even_when_only_the_title_matched(os_index, os_search):
    summary = "Dansk standard for fakturaer."
    os_index(projection_document(kind="standard", slug="OIOUBL-2.1", title="OIOUBL 2.1", summary=summary))
    [hit] = os_search("oioubl").hits
    assert hit.highlight == summary
