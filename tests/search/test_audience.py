"""Citizen content first on the citizen portal: teaching modules and standards (for professionals) and business
self-service rank below citizen content for the same match, unless the search asks for them; on both engines."""

import pytest
from django.test import override_settings

from search import service
from search.audience import parse_weights
from search.types import SearchRequest
from tests.factories import make_guide, make_self_service_link, make_standard, make_teaching_module
from tests.search.conftest import searchable

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(engine):
    make_guide(slug="digital-post", title="Digital Post", summary="Breve fra det offentlige kommer i Digital Post.",
               sections=[("om", "Om", "<p>Læs din post i appen.</p>")])
    # Stronger matches for "digital post" than the citizen guide: the words again and again.
    make_teaching_module(slug="digital-post-i-praksis", title="Digital Post i praksis",
                         summary="Undervisning i Digital Post: Digital Post i appen, Digital Post på borger.dk.",
                         body="<p>Digital Post, Digital Post, Digital Post.</p>")
    make_standard(identifier="Digital-Post", title="Digital Post",
                  description="Digital Post: standarden for Digital Post til myndigheder. Digital Post.")
    make_self_service_link(slug="virksomhedens-digital-post", title="Virksomhedens Digital Post", audience="business",
                           description="Digital Post til virksomheden. Digital Post for erhverv. Digital Post.")
    searchable(engine)
    return engine


def first(engine, query, **request):
    response = service.search(SearchRequest(query=query, first=10, **request), engine=engine, record=False)
    return [hit.slug for hit in response.hits]


def test_citizen_content_first_for_the_same_match(corpus):
    assert first(corpus, "digital post")[0] == "digital-post"


def test_a_search_that_asks_for_teaching_material_gets_it_first(corpus):
    assert first(corpus, "undervisning digital post")[0] == "digital-post-i-praksis"


def test_a_kind_filter_for_professional_content_lifts_its_weight():
    from search.audience import weights_for
    from search.plan import build_plan

    plan = build_plan("digital post")
    assert weights_for(plan, SearchRequest(query="digital post")) == {"business": 0.7, "professional": 0.5}
    assert "professional" not in weights_for(plan, SearchRequest(query="digital post", kinds=("standard",)))
    assert weights_for(build_plan("standarder for digital post"), SearchRequest(query="x")) == {"business": 0.7}


def test_a_search_that_asks_for_business_content_gets_it_first(corpus):
    assert first(corpus, "virksomhed digital post")[0] == "virksomhedens-digital-post"


def test_the_weights_are_settings(corpus):
    with override_settings(SEARCH_AUDIENCE_WEIGHTS=parse_weights("citizen=0.1,professional=1,business=1")):
        assert first(corpus, "digital post")[0] != "digital-post"


@pytest.mark.parametrize("raw, problem", [("experts=0.5", "unknown audience"), ("business=0", "above 0"),
                                          ("professional=x", "could not convert")])
def test_bad_weights_are_named(raw, problem):
    with pytest.raises(ValueError, match=problem):
        parse_weights(raw)
