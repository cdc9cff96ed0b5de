"""Whatever is typed into the search box, the citizen gets a normal results page (never an error page or a 5xx),
on both engines, and so does autocomplete."""

import pytest

from tests.search.conftest import opensearch, searchable  # noqa: F401  (the search tests' own)

pytestmark = pytest.mark.django_db

BAD_INPUT = [
    "flytning " * 125,  # 1,000 characters
    "og i på at det en",  # only stop words
    "?!.,;:-–()[]{}",  # only punctuation
    "😀🏠🚚",
    "title:x AND",
    "*",
    "~",
    '"',
    '"flytning',
    "flytning~2",
    "flyt*",
    "(flytning OR",
    "\\",
    "+-&&||!^",
    "' OR 1=1 --",
    "Флытнинг flytning 中文 العربية",
    "ﬂytning",  # a ligature
    "\u200bflytning\u200f",
]


@pytest.fixture(params=("database", "opensearch"))
def engine(request, portal):
    if request.param == "opensearch":
        request.getfixturevalue("opensearch")
    searchable(request.param)
    return request.param


@pytest.mark.parametrize("query", BAD_INPUT, ids=range(len(BAD_INPUT)))
def test_bad_input_gets_a_normal_results_page(client, engine, query):
    response = client.get("/soeg/", {"q": query})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Søg</h1>" in body and 'class="result-count"' in body
    assert "reservetilstand" not in body  # answered by the engine asked, not by the fallback
    suggestions = client.get("/soeg/forslag/", {"q": query})
    assert suggestions.status_code == 200 and isinstance(suggestions.json()["suggestions"], list)
