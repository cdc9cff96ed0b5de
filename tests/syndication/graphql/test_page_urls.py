"""The API's page URLs (syndication.graphql.core.urls) are Wagtail's own, read faster.

``page_url`` builds a URL from the site roots and the language's route prefix instead of asking Wagtail page by
page; whatever it does not cover falls back to ``get_full_url``. Both must agree on every page, in both languages
and whichever language the request runs in.
"""

import pytest
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Page

from syndication.graphql.core.urls import _fast_full_url, page_url
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    topic = factories.TopicFactory()
    return [
        factories.make_guide(topics=[topic]),
        factories.make_guide(slug="moving", title="Moving", locale="en"),
        factories.make_self_service_link(),
        factories.make_step_by_step(),
        factories.make_teaching_module(),
    ]


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_page_url_is_wagtails(pages, language):
    request = RequestFactory().get("/graphql/", HTTP_HOST="127.0.0.1")
    with translation.override(language):
        for page in Page.objects.live().specific():
            expected = page.get_full_url(request=request)
            assert page_url(page, request) == expected, page.url_path
    # The shortcut answered (not only the fallback) for the pages the API lists.
    assert all(_fast_full_url(page, request) is not None for page in pages)


def test_a_page_outside_every_site_has_no_url():
    request = RequestFactory().get("/graphql/", HTTP_HOST="127.0.0.1")
    root = Page.objects.get(depth=1)
    orphan = root.add_child(instance=Page(title="Uden for sitet", slug="uden-for-sitet"))
    assert page_url(orphan, request) == orphan.get_full_url(request=request) is None


def test_a_path_the_reverse_would_quote_falls_back_to_wagtail(pages):
    request = RequestFactory().get("/graphql/", HTTP_HOST="127.0.0.1")
    guide = factories.make_guide(slug="flytning-æ", title="Flytning æ")
    assert _fast_full_url(guide, request) is None
    assert page_url(guide, request) == guide.get_full_url(request=request)
