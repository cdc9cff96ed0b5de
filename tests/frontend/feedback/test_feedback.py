"""'Var denne side nyttig?': a plain form under every content page; answers stored per page and language with
personal data redacted; spam, oversized comments, HTML and forged posts refused or made harmless."""

import csv
import functools
import io
import json
import time

import pytest

from content_models import publishing
from frontend.feedback import selectors, views
from frontend.feedback.models import PageFeedback
from syndication.limits import rate
from tests.factories import national_editor

pytestmark = pytest.mark.django_db

SUBMIT = "/tilbagemelding/"
ORIGIN = "http://testserver"
GUIDE = "/vejledninger/flytning/"


def answer(client, target, helpful="ja", comment="", origin=ORIGIN, ip="192.0.2.10", **extra):
    data = {"kind": target[0], "id": str(target[1]), "nyttig": helpful, "kommentar": comment}
    headers = {"HTTP_ORIGIN": origin} if origin else {}
    return client.post(SUBMIT, data, REMOTE_ADDR=ip, **headers, **extra)


@pytest.fixture
def guide(portal):
    return ("guide", portal.guide.pk)


def test_every_content_page_asks_and_stays_cacheable(client, portal):
    for path in (GUIDE, "/selvbetjening/anmeld-flytning/", "/boligejer/koeb-af-bolig/",
                 "/it-formidler/kom-i-gang-med-mitid/", "/standarder/OIOUBL-2.1/"):
        response = client.get(path)
        body = response.content.decode()
        assert "Var denne side nyttig?" in body and 'action="/tilbagemelding/"' in body, path
        # No CSRF token on the anonymous page: no cookie, so the page stays in shared caches.
        assert "csrfmiddlewaretoken" not in body and not response.cookies, path
        assert "public" in response["Cache-Control"], path


def test_an_answer_is_stored_redacted_and_the_page_thanks_with_a_status(client, guide):
    response = answer(client, guide, "nej", "Mit CPR er 010203-1234, skriv til a.b@example.dk <b>tak</b>")
    assert response.status_code == 303
    assert response["Location"] == f"{GUIDE}?feedback=tak#var-siden-nyttig"
    stored = PageFeedback.objects.get()
    assert (stored.kind, stored.title, stored.path, stored.language, stored.helpful) == (
        "guide", "Flytning", GUIDE, "da", False)
    assert stored.comment == "Mit CPR er [cpr], skriv til [email] <b>tak</b>"
    body = client.get(response["Location"]).content.decode()
    assert '<p role="status">Tak for dit svar.' in body


def test_html_in_a_comment_is_shown_escaped_to_editors(client, guide):
    answer(client, guide, "nej", '<script>alert("x")</script>')
    client.force_login(national_editor())
    body = client.get("/admin/tilbagemeldinger/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert '<script>alert("x")' not in body


def test_oversized_comment_is_refused_and_nothing_is_stored(client, guide):
    response = answer(client, guide, "ja", "x" * 501)
    assert response.status_code == 400
    assert "højst 500 tegn" in response.content.decode()
    assert not PageFeedback.objects.exists()


@pytest.mark.parametrize("origin, referer", [("https://evil.example", None), (None, None), ("null", None),
                                             (None, "https://evil.example/side")])
def test_a_forged_cross_site_post_is_refused(client, guide, origin, referer):
    extra = {"HTTP_REFERER": referer} if referer else {}
    response = answer(client, guide, origin=origin, **extra)
    assert response.status_code == 403
    assert not PageFeedback.objects.exists()


def test_a_post_from_this_sites_page_without_origin_is_accepted_by_its_referer(client, guide):
    assert answer(client, guide, origin=None, HTTP_REFERER=f"{ORIGIN}{GUIDE}").status_code == 303


def test_unknown_draft_or_missing_answers_are_refused(client, portal, guide):
    assert answer(client, ("guide", 999999)).status_code == 404
    assert answer(client, ("topic", portal.guide.pk)).status_code == 404
    assert answer(client, ("guide", "1 OR 1=1")).status_code == 404
    assert answer(client, guide, helpful="kanske").status_code == 400
    publishing.unpublish(portal.guide)
    assert answer(client, guide).status_code == 404
    assert client.get(SUBMIT).status_code == 405
    assert not PageFeedback.objects.exists()


def test_a_thousand_posts_from_one_address_store_only_the_limit(client, guide, settings, monkeypatch):
    settings.FEEDBACK_RATE_PER_MINUTE = 5
    # One fixed minute, so the window cannot roll over during the loop.
    monkeypatch.setattr(views, "hit", functools.partial(rate.hit, now=(time.time() // 60) * 60 + 1))
    statuses = [answer(client, guide, comment="spam", ip="198.51.100.7").status_code for _ in range(1000)]
    assert statuses.count(303) == 5 and statuses.count(429) == 995
    assert PageFeedback.objects.count() == 5
    # Another citizen is not affected.
    assert answer(client, guide, ip="198.51.100.8").status_code == 303


def test_report_per_page_and_owner_and_the_sdg_export(client, portal, guide):
    link = ("self_service_link", portal.link.pk)
    for helpful in ("ja", "ja", "nej"):
        answer(client, link, helpful, ip=f"192.0.2.{len(helpful)}")
    answer(client, guide, "nej", "=HYPERLINK(\"http://x\")")
    pages = selectors.page_report()
    assert [(p.title, p.yes, p.no, p.satisfaction, p.owner) for p in pages] == [
        ("Flytning", 0, 1, 0, selectors.NO_OWNER), ("Anmeld flytning", 2, 1, 67, "CPR-kontoret")]
    assert [(o.owner, o.pages, o.satisfaction) for o in selectors.owner_report(pages)] == [
        ("CPR-kontoret", 1, 67), (selectors.NO_OWNER, 1, 0)]

    assert client.get("/admin/tilbagemeldinger/sdg.csv").status_code in (302, 403)  # not for the public
    client.force_login(national_editor())
    body = client.get("/admin/tilbagemeldinger/").content.decode()
    assert "CPR-kontoret" in body and "67 %" in body
    rows = list(csv.DictReader(io.StringIO(client.get("/admin/tilbagemeldinger/sdg.csv").content.decode())))
    assert list(rows[0]) == ["dateTime", "url", "language", "serviceType", "rating", "comment"]
    assert [(r["serviceType"], r["rating"]) for r in rows] == [
        ("procedure", "positive"), ("procedure", "positive"), ("procedure", "negative"), ("information", "negative")]
    assert rows[0]["url"].endswith("/selvbetjening/anmeld-flytning/")
    assert rows[3]["comment"].startswith("'=HYPERLINK")  # a spreadsheet will not run it
    exported = json.loads(client.get("/admin/tilbagemeldinger/sdg.json").content)["feedback"]
    assert exported[3]["comment"] == '=HYPERLINK("http://x")' and exported[3]["language"] == "da"


def test_helpfulness_scores_for_search_ranking(client, portal, guide):
    link = ("self_service_link", portal.link.pk)
    for n in range(6):
        answer(client, guide, "ja", ip=f"192.0.2.{n}")
        answer(client, link, "nej" if n else "ja", ip=f"192.0.2.{n}")
    answer(client, ("standard", portal.standard.pk), "ja")  # one answer: no signal yet
    scores = selectors.helpfulness_scores()
    assert scores == {("guide", str(portal.guide.pk)): 7 / 8, ("self_service_link", str(portal.link.pk)): 2 / 8}
    assert selectors.helpfulness_scores(kind="guide", min_answers=1) == {("guide", str(portal.guide.pk)): 7 / 8}


def test_a_guides_content_owner_is_its_responsible_authority_in_the_report(client, portal, guide):
    from tests.factories import AuthorityFactory

    portal.guide.content_owner = AuthorityFactory(slug="familiestyrelsen", name="Familiestyrelsen")
    portal.guide.save()
    answer(client, guide, "ja")
    pages = selectors.page_report()
    assert [(p.title, p.owner) for p in pages] == [(portal.guide.title, "Familiestyrelsen")]
    assert [o.owner for o in selectors.owner_report(pages)] == ["Familiestyrelsen"]
