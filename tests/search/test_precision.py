"""What a citizen notices on the results page, on both engines: real Danish spelling suggestions, corrections
that say so, whole words before prefixes and stems, every word required unless nothing has them all, and any
input answered with a normal result."""

import pytest

from search import analytics, service, spelling
from search.models import QueryStat
from search.types import SearchRequest
from tests.factories import TopicFactory, make_guide, make_self_service_link
from tests.search.conftest import searchable

pytestmark = pytest.mark.django_db


def page(slug, title, summary, body="", **kwargs):
    return make_guide(slug=slug, title=title, summary=summary, sections=[("om", title, f"<p>{body or summary}</p>")],
                      **kwargs)


@pytest.fixture
def corpus(engine):
    housing = TopicFactory(slug="bolig-og-flytning", title="Bolig og flytning")
    page("flytning", "Flytning", "Når du flytter, skal du anmelde din nye adresse.",
         "Du skal anmelde flytningen senest 5 dage efter.", topics=[housing])
    page("boligstoette", "Boligstøtte", "Boligstøtte er et tilskud til huslejen.", topics=[housing])
    page("pas", "Pas", "Skal du rejse uden for Norden, skal du have et gyldigt pas.")
    make_self_service_link(slug="soeg-om-pas", title="Ansøg om pas", description="Udfyld ansøgningen om pas digitalt.")
    make_self_service_link(slug="privat-pasning", title="Søg tilskud til privat pasning",
                           description="Søg tilskud, hvis du vælger en privat passer eller selv passer dit barn.")
    page("kørekort", "Forny dit kørekort", "Forny dit kørekort, før det udløber.")
    page("solceller", "Solceller på dit hus", "Sådan får du solceller på taget.",
         "Et anlæg over 6 kW skal anmeldes til elnettet.")
    page("ejendomsvurdering", "Se din ejendomsvurdering", "Den offentlige vurdering af din bolig.",
         topics=[housing])
    searchable(engine)
    spelling.vocabulary.refresh(object())  # the words of this test's content, not an earlier test's
    return engine


def find(engine, query, **request):
    response = service.search(SearchRequest(query=query, first=10, **request), engine=engine, record=False)
    assert response.engine == engine
    return response


def slugs(response):
    return [hit.slug for hit in response.hits]


def test_a_typo_is_corrected_to_the_danish_word_and_says_so(corpus):
    response = find(corpus, "boligstote")
    assert response.did_you_mean == "boligstøtte"  # as written, never the folded "boligstoette"
    assert response.corrected_from == "boligstote"
    assert slugs(response)[0] == "boligstoette"


def test_the_original_spelling_can_be_searched_instead(corpus):
    response = find(corpus, "flytnig", correct=False)
    assert response.corrected_from == ""


def test_a_correction_keeps_the_other_words_as_typed(corpus):
    response = find(corpus, "Huslejen boligstote")
    assert response.corrected_from == "Huslejen boligstote" and response.did_you_mean == "huslejen boligstøtte"


def test_a_compound_the_content_does_not_use_is_searched_as_its_parts(corpus):
    response = find(corpus, "solcelleanlæg")  # the content says "solceller" and "anlæg", never "solcelleanlæg"
    assert response.did_you_mean == "solcelle anlæg" and response.corrected_from == "solcelleanlæg"
    assert slugs(response)[0] == "solceller"


def test_a_real_word_is_not_corrected_into_another(corpus):
    # "fornyelse" is no typo of "forbindelse"; no page has both words, so some of the words are matched.
    response = find(corpus, "pas fornyelse")
    assert response.corrected_from == "" and response.partial
    assert {"pas", "soeg-om-pas"} <= set(slugs(response)[:3])


def test_correct_words_are_neither_corrected_nor_partial(corpus):
    response = find(corpus, "ansøg pas")
    assert (response.did_you_mean, response.corrected_from, response.partial) == ("", "", False)
    assert slugs(response) == ["soeg-om-pas"]


def test_whole_words_rank_above_words_that_only_share_the_stem(corpus):
    # "passer" has the Danish stem of "pas": it may be found, never above a page that says "pas".
    found = slugs(find(corpus, "pas"))
    assert set(found[:2]) == {"pas", "soeg-om-pas"} and "privat-pasning" not in found[:2]


def test_prefix_only_when_the_whole_word_finds_nothing(corpus):
    assert "flytning" in slugs(find(corpus, "flyt"))
    assert "privat-pasning" not in slugs(find(corpus, "pas"))[:2]


def test_a_topic_name_alone_does_not_make_a_page_match(corpus):
    found = slugs(find(corpus, "flytning"))
    assert found[0] == "flytning" and "ejendomsvurdering" not in found and "boligstoette" not in found


def test_a_search_answered_only_by_its_correction_counts_as_finding_nothing(corpus, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        service.search(SearchRequest(query="flytnig"), engine=corpus)
    assert QueryStat.objects.get().zero_results == 1  # so "flytnig" never becomes a word spelling offers


def test_suggestions_come_from_successful_past_searches_as_typed(corpus):
    analytics.record("Kørekort fornyelse", found=True)
    assert QueryStat.objects.get().query == "kørekort fornyelse"
    spelling.vocabulary.refresh(object())
    assert spelling.corrected_text(["kørekrt"]) == "kørekort"


@pytest.mark.parametrize("query", [
    "a" * 1000, "og i på", "?!.,;:", "😀🏠", "title:x AND", "*", "~", '"', '"pas', "pas~2", "Флытнинг flytning 中文",
    "(pas OR", "\\", "pas*", "- + && ||", "' OR 1=1 --",
])
def test_bad_input_gets_a_normal_answer(corpus, query):
    response = find(corpus, query)
    assert isinstance(response.hits, list) and response.total >= 0
