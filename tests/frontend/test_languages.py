"""The citizen site in two languages: English pages under /en/ with <html lang="en"> and English UI strings from the
catalogue, hreflang alternates both ways, a language switch that leads to the translation (or to the other
language's home page, which says so), English topic names, dates written the way each language writes them, and a
warning on an English page whose Danish source changed significantly since it was translated."""

import datetime
import re

import pytest
from django.utils import timezone
from wagtail.models import Page

from content_models import publishing
from content_models.models import GuidePage
from content_models.worker.drain import drain
from tests.factories import TopicFactory, make_guide, make_self_service_link, make_step_by_step, make_teaching_module

pytestmark = pytest.mark.django_db

# The site's chrome in Danish: none of it may be left on an English page.
DANISH_CHROME = ("Gå til sidens indhold", "Hovedmenu", "Vælg kommune", "Privatliv og cookies", "Vælg sprog", "Søg efter")


@pytest.fixture
def english(portal):
    """English translations of the portal's guide, link, step-by-step guide and teaching module, and English topic
    names."""
    topic = portal.guide.topics.get()
    topic.title_en = "Housing and moving"
    topic.save()
    guide = make_guide(
        slug="moving", title="Moving to Denmark", summary="Register your address within 5 days of moving.",
        locale="en", translation_key=portal.guide.translation_key, topics=[topic],
        sections=[("register", "Register your move", "<p>You must register your new address within 5 days.</p>")],
    )
    link = make_self_service_link("report-a-move", "Report a change of address", locale="en", topics=[topic],
                                  translation_key=portal.link.translation_key, description="Register online.")
    steps = make_step_by_step("buying-a-home", "Buying a home", locale="en",
                              translation_key=Page.objects.get(slug="koeb-af-bolig").translation_key)
    module = make_teaching_module("mitid-basics", "MitID basics", locale="en",
                                  translation_key=Page.objects.get(slug="kom-i-gang-med-mitid").translation_key)
    drain()
    return {"guide": guide, "link": link, "steps": steps, "module": module}


def page(client, path, status=200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.content.decode()


def alternates(body) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)">', body))


def switch_links(body) -> dict[str, str]:
    switcher = body.split('class="language-switcher', 1)[1].split("</ul>", 1)[0]
    return {lang: href for href, lang in re.findall(r'<a href="([^"]+)" lang="(\w+)"', switcher)}


def test_every_page_type_has_an_english_route_in_english(client, english, portal):
    paths = [
        "/en/", "/en/guides/", "/en/guides/moving/", "/en/self-service/report-a-move/",
        "/en/step-by-step/buying-a-home/", "/en/it-teaching/mitid-basics/", "/en/search/?q=moving",
        "/en/topics/", f"/en/topics/{portal.guide.topics.get().slug}/", "/en/standards/", "/en/standards/OIOUBL-2.1/",
        "/en/municipality/", "/en/about/", "/en/privacy-and-cookies/",
    ]
    for path in paths:
        body = page(client, path)
        assert '<html lang="en">' in body, path
        assert "Skip to content" in body and 'aria-label="Main menu"' in body, path
        assert not [text for text in DANISH_CHROME if text in body], path
    not_found = page(client, "/en/no-such-page/", status=404)
    assert '<html lang="en">' in not_found and "We cannot find the page" in not_found


def test_both_language_versions_carry_hreflang_alternates_to_each_other(client, english):
    danish, english_body = page(client, "/vejledninger/flytning/"), page(client, "/en/guides/moving/")
    expected = {"da": "http://testserver/vejledninger/flytning/", "en": "http://testserver/en/guides/moving/"}
    assert alternates(danish) == alternates(english_body) == expected
    assert '<html lang="da">' in danish and '<html lang="en">' in english_body
    # The site's own pages too: the same route, translated.
    assert alternates(page(client, "/emner/")) == {"da": "http://testserver/emner/", "en": "http://testserver/en/topics/"}


def test_the_language_switch_leads_to_the_translation_or_to_the_other_home_page_with_a_notice(client, english):
    assert switch_links(page(client, "/vejledninger/flytning/")) == {
        "da": "/vejledninger/flytning/", "en": "/en/guides/moving/"
    }
    untranslated = make_guide(slug="parkering", title="Parkering")
    danish_only = page(client, untranslated.get_url())
    assert switch_links(danish_only)["en"] == "/en/?ikke-oversat=1"
    assert "en" not in alternates(danish_only)  # no English version to point search engines to
    home = page(client, "/en/?ikke-oversat=1")
    assert "The page you came from is only available in Danish. This is the English home page." in home
    assert "only available in Danish" not in page(client, "/en/")
    # The search keeps its words across the switch; nothing else the visitor sent is carried along.
    links = switch_links(page(client, "/soeg/?q=flytning&next=https://evil.example/"))
    assert links["en"] == "/en/search/?q=flytning"


def test_english_topic_pages_name_topics_in_english_and_list_the_english_pages(client, english, portal):
    topic = portal.guide.topics.get()
    slug = topic.slug
    make_guide(slug="boligstoette", title="Boligstøtte", topics=[topic])  # not translated yet
    danish = page(client, f"/emner/{slug}/")
    assert "Moving to Denmark" not in danish and "Flytning" in danish  # the Danish topic lists Danish pages only
    english_topic = page(client, f"/en/topics/{slug}/")
    assert "<h1>Housing and moving</h1>" in english_topic and "Moving to Denmark" in english_topic
    assert "Report a change of address" in english_topic
    only_danish = english_topic.split('id="kun-paa-dansk"', 1)
    assert len(only_danish) == 2 and "Only in Danish" in only_danish[1]
    assert "Boligstøtte" in only_danish[1] and "Flytning" not in only_danish[1]  # translated pages are not repeated
    assert "Housing and moving" in page(client, "/en/topics/") and "Bolig og flytning" in page(client, "/emner/")


def test_dates_are_written_the_way_each_language_writes_them(client, english, portal):
    published = timezone.make_aware(datetime.datetime(2025, 3, 3, 10, 0))
    GuidePage.objects.filter(pk__in=[portal.guide.pk, english["guide"].pk]).update(last_published_at=published)
    assert 'Senest opdateret <time datetime="2025-03-03T10:00:00+01:00">3. marts 2025</time>' in page(
        client, "/vejledninger/flytning/")
    assert 'Last updated <time datetime="2025-03-03T10:00:00+01:00">3 March 2025</time>' in page(
        client, "/en/guides/moving/")


def test_an_english_page_says_when_its_danish_source_has_changed_significantly(client, english, portal):
    assert "This page may be out of date" not in page(client, "/en/guides/moving/")
    portal.guide.major_update = True
    publishing.publish(portal.guide)
    body = page(client, "/en/guides/moving/")
    assert "This page may be out of date" in body
    assert '<a href="/vejledninger/flytning/" hreflang="da">Read the Danish version</a>' in body
    publishing.publish(english["guide"])  # translated again
    assert "This page may be out of date" not in page(client, "/en/guides/moving/")


def results(body) -> list[tuple[str, str]]:
    """(language, title) of each hit, in order."""
    found = re.findall(r'<li class="result"(?: lang="(\w+)")?>.*?<h2 class="h3"><a [^>]*>([^<]+)</a>', body, re.S)
    return [(language or "page", title) for language, title in found]


def test_one_search_box_finds_both_languages_each_marked(client, english):
    # "moving": the guide only; the link filed under the topic "Housing and moving" does not say "moving", and a
    # topic's name alone makes no match (issue 15: every result shows the words it matched).
    assert results(page(client, "/en/search/?q=moving")) == [
        ("page", "Moving to Denmark")
    ]
    # "MitID": a Danish and an English teaching module, ranked together with the page's own language first; a
    # hit in the other language carries its lang and says which language it is in.
    danish_page = page(client, "/soeg/?q=mitid")
    assert results(danish_page) == [("page", "Kom i gang med MitID"), ("en", "MitID basics")]
    assert '<span class="tag">English</span>' in danish_page
    assert results(page(client, "/en/search/?q=mitid")) == [("page", "MitID basics"), ("da", "Kom i gang med MitID")]


def test_subscription_pages_are_english_under_en(client):
    response = client.get("/en/my-subscriptions/")
    assert response.status_code == 302
    assert response["Location"].endswith("next=%2Fen%2Fmy-subscriptions%2F")
