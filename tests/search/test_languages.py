"""One search box, two languages, on both engines: English text is analysed as English and Danish as Danish; without
a language both are searched and ranked together (the searcher's page's language first), with one only that one."""

import pytest

from content_models.worker.drain import drain
from search import service
from search.types import SearchRequest
from tests.factories import make_guide

pytestmark = pytest.mark.django_db

ENGINES = ("database", "opensearch")


def page(slug, title, summary, body="", locale="da"):
    return make_guide(slug=slug, title=title, summary=summary, locale=locale,
                      sections=[("om", title, f"<p>{body or summary}</p>")])


@pytest.fixture(params=ENGINES)
def engine(request):
    if request.param == "opensearch":
        request.getfixturevalue("opensearch")  # a fresh index on the real node; drain() fills it too
    return request.param


@pytest.fixture
def corpus(engine):
    page("flytning", "Flytning", "Sådan anmelder du flytning til en ny adresse.",
         "Du skal anmelde din flytning senest 5 dage efter, at du er flyttet.")
    page("radon", "Radon i boligen", "Radon er en luftart fra jorden, som kan give lungekræft.")
    page("mitid", "MitID", "Din digitale signatur til offentlige selvbetjeninger og netbank.")
    page("sundhedskort", "Sundhedskort", "Det gule sundhedskort viser, hvilken læge du har.")
    page("moving-to-denmark", "Moving to Denmark", "The first steps when you move to Denmark.",
         "Register your address at Borgerservice and get a CPR number, then choose a doctor.", locale="en")
    page("reporting-a-move", "Report a change of address", "Register your new address within 5 days of moving.",
         locale="en")
    page("health-insurance-card", "Health insurance card",
         "The yellow health insurance card shows who your doctor is and gives you free treatment.", locale="en")
    page("mitid-for-foreigners", "MitID for foreign residents",
         "How foreign residents get MitID, the Danish digital ID.", locale="en")
    drain()
    if engine == "opensearch":
        from search.engines.opensearch.client import alias_name, get_client

        get_client().indices.refresh(index=alias_name())
    return engine


def find(engine, query, **request):
    response = service.search(SearchRequest(query=query, first=10, **request), engine=engine, record=False)
    assert response.engine == engine
    return [(hit.slug, hit.language) for hit in response.hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("moving to denmark", "moving-to-denmark"),
        ("register address", "reporting-a-move"),
        ("health insurance card", "health-insurance-card"),
        ("mitid foreign", "mitid-for-foreigners"),
    ],
)
def test_the_judged_english_queries_find_the_english_pages(corpus, query, expected):
    hits = find(corpus, query, preferred_language="en")
    assert hits and hits[0] == (expected, "en"), hits
    # From a Danish page too: the only pages that answer are English.
    assert (expected, "en") in find(corpus, query)[:3]


def test_english_is_stemmed_and_its_stop_words_dropped(corpus):
    # "registering", "addresses" and "moved" meet "register", "address" and "moving"; "how do I ... my" are stop words.
    assert find(corpus, "how do i register my addresses", preferred_language="en")[0][1] == "en"
    assert ("reporting-a-move", "en") in find(corpus, "registering a moved address", preferred_language="en")[:2]
    assert find(corpus, "the", preferred_language="en") == []  # only a stop word: nothing to search for


def test_danish_is_still_analysed_as_danish(corpus):
    assert find(corpus, "flytningen")[0] == ("flytning", "da")
    assert find(corpus, "sundhedskortet")[0] == ("sundhedskort", "da")


def test_both_languages_ranked_together_with_the_pages_language_first(corpus):
    danish_page = find(corpus, "mitid")
    english_page = find(corpus, "mitid", preferred_language="en")
    assert danish_page[0] == ("mitid", "da") and ("mitid-for-foreigners", "en") in danish_page
    assert english_page[0] == ("mitid-for-foreigners", "en") and ("mitid", "da") in english_page


def test_a_locale_searches_only_that_language(corpus):
    assert find(corpus, "mitid", language="en") == [("mitid-for-foreigners", "en")]
    assert find(corpus, "mitid", language="da") == [("mitid", "da")]
    assert find(corpus, "moving to denmark", language="da") == []
