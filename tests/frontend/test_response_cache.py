"""Anonymous pages are served from the server-side cache until anything is published."""

import pytest

from content_models import publishing
from content_models.models import LocalText
from frontend.municipality import COOKIE_NAME
from tests.factories import UserFactory

from .conftest import LOCAL_TEXT

pytestmark = pytest.mark.django_db


def render_count(monkeypatch):
    calls = []
    import frontend.presenters

    real = frontend.presenters.guide_view
    monkeypatch.setattr(frontend.presenters, "guide_view", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def test_a_second_anonymous_request_is_served_from_the_cache(client, portal, monkeypatch):
    calls = render_count(monkeypatch)
    first = client.get("/vejledninger/flytning/")
    second = client.get("/vejledninger/flytning/")
    assert first.content == second.content and len(calls) == 1
    # The hit still carries the citizen site's headers.
    assert second["Content-Security-Policy"] and second["ETag"] == first["ETag"]
    assert "public" in second["Cache-Control"]


def test_each_municipality_has_its_own_entry(client, portal, monkeypatch):
    client.get("/vejledninger/flytning/")
    client.cookies[COOKIE_NAME] = "751"
    assert LOCAL_TEXT in client.get("/vejledninger/flytning/").content.decode()


def test_publishing_anything_shows_at_once(client, portal):
    client.cookies[COOKIE_NAME] = "751"
    assert LOCAL_TEXT in client.get("/vejledninger/flytning/").content.decode()
    local_text = LocalText.objects.get(guide=portal.guide, municipality=portal.aarhus)
    local_text.body = "<p>Ny lokal tekst om Dokk1.</p>"
    publishing.publish(local_text)
    assert "Ny lokal tekst om Dokk1." in client.get("/vejledninger/flytning/").content.decode()
    publishing.unpublish(portal.guide)
    assert client.get("/vejledninger/flytning/").status_code == 404


def test_editors_and_sessions_are_never_served_from_the_cache(client, portal, monkeypatch):
    calls = render_count(monkeypatch)
    client.get("/vejledninger/flytning/")
    client.force_login(UserFactory(is_superuser=True))
    client.get("/vejledninger/flytning/")
    client.get("/vejledninger/flytning/")
    assert len(calls) == 3


def test_search_results_are_not_cached_so_every_search_is_counted(client, portal, monkeypatch):
    calls = []
    import frontend.views.search as view

    real = view.service.search
    monkeypatch.setattr(view.service, "search", lambda request: calls.append(1) or real(request))
    client.get("/soeg/", {"q": "flytning"})
    client.get("/soeg/", {"q": "flytning"})
    assert len(calls) == 2
