"""/sitemap.xml (validated against the sitemaps.org 0.9 schema, both languages with hreflang alternates and
lastmod) and each topic's Atom feed of major updates (RFC 4287's structural rules)."""

import re
from pathlib import Path

import pytest
from lxml import etree

from content_models import publishing
from tests.factories import make_guide

pytestmark = pytest.mark.django_db

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "schemas" / "sitemap-0.9.xsd")))
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def parse(response):
    assert response.status_code == 200
    return etree.fromstring(response.content, etree.XMLParser(resolve_entities=False, no_network=True))


def test_the_sitemap_is_valid_and_lists_both_languages_with_lastmod(client, portal):
    english = make_guide(slug="moving", title="Moving", locale="en", translation_key=portal.guide.translation_key)
    publishing.unpublish(portal.link)  # a page taken down is not listed

    response = client.get("/sitemap.xml")
    assert response["Content-Type"].startswith("application/xml")
    root = parse(response)
    SCHEMA.assertValid(root)
    urls = {u.findtext(f"{SM}loc"): u for u in root.iter(f"{SM}url")}
    guide_url = next(loc for loc in urls if loc.endswith("/vejledninger/flytning/"))
    english_url = next(loc for loc in urls if loc.endswith("/en/guides/moving/") or loc.endswith("/moving/"))
    assert "/en/" in english_url
    for loc in (guide_url, english_url):
        links = {(link.get("hreflang"), link.get("href")) for link in urls[loc].iter(f"{XHTML}link")}
        assert links == {("da", guide_url), ("en", english_url)}
        assert RFC3339.match(urls[loc].findtext(f"{SM}lastmod"))
    assert urls[english_url].findtext(f"{SM}lastmod").startswith(english.last_published_at.strftime("%Y-%m-%d"))
    assert any(loc.endswith("/standarder/OIOUBL-2.1/") for loc in urls)
    assert any(loc.endswith("/emner/bolig-og-flytning/") for loc in urls)
    assert not any(loc.endswith("/selvbetjening/anmeld-flytning/") for loc in urls)
    assert not any("/soeg/" in loc for loc in urls)  # search results are not pages to index


def test_a_broken_sitemap_would_fail_the_schema():
    bad = etree.fromstring(b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
                           b"<loc>/relative/</loc><lastmod>2. december</lastmod></url></urlset>")
    assert not SCHEMA.validate(bad)


def atom_problems(feed) -> list[str]:
    """RFC 4287 section 4.1's cardinality and format rules for atom:feed and atom:entry."""
    problems = []

    def check(element, where):
        for name in ("id", "title", "updated"):
            if len(element.findall(f"{ATOM}{name}")) != 1:
                problems.append(f"{where}: needs exactly one atom:{name}")
        updated = element.findtext(f"{ATOM}updated") or ""
        if not RFC3339.match(updated):
            problems.append(f"{where}: atom:updated {updated!r} is not an RFC 3339 date-time")
        ident = element.findtext(f"{ATOM}id") or ""
        if not re.match(r"^[a-z][a-z0-9+.-]*:", ident):
            problems.append(f"{where}: atom:id {ident!r} is not an IRI")
        alternates = [(link.get("type"), link.get("hreflang")) for link in element.findall(f"{ATOM}link")
                      if link.get("rel", "alternate") == "alternate"]
        if len(alternates) != len(set(alternates)):
            problems.append(f"{where}: more than one alternate link of one type and language")
        return alternates

    check(feed, "feed")
    if not any(link.get("rel") == "self" for link in feed.findall(f"{ATOM}link")):
        problems.append("feed: should have a rel=self link")
    entries = feed.findall(f"{ATOM}entry")
    if feed.find(f"{ATOM}author") is None and any(e.find(f"{ATOM}author") is None for e in entries):
        problems.append("feed: needs atom:author or one in every entry")
    for n, entry in enumerate(entries):
        alternates = check(entry, f"entry {n}")
        if entry.find(f"{ATOM}content") is None and not alternates:
            problems.append(f"entry {n}: without atom:content it needs an alternate link")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    if len(ids) != len(set(ids)):
        problems.append("entries share an atom:id")
    return problems


def test_a_topics_feed_lists_its_major_updates_and_follows_rfc_4287(client, portal):
    guide = portal.guide
    guide.major_update, guide.summary = True, "Nye frister for flytning."
    publishing.publish(guide)
    guide.major_update = False
    publishing.publish(guide)  # a minor change is not in the feed
    guide.major_update = True
    publishing.publish(guide)
    other = make_guide(slug="pas", title="Pas")  # not in the topic
    other.major_update = True
    publishing.publish(other)

    body = client.get("/emner/bolig-og-flytning/").content.decode()
    assert 'type="application/atom+xml" href="/emner/bolig-og-flytning/opdateringer.atom"' in body
    response = client.get("/emner/bolig-og-flytning/opdateringer.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse(response)
    assert feed.tag == f"{ATOM}feed" and atom_problems(feed) == []
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Flytning", "Flytning"]
    assert entries[0].find(f"{ATOM}link").get("href").endswith("/vejledninger/flytning/")
    assert entries[0].findtext(f"{ATOM}summary") == "Nye frister for flytning."

    assert client.get("/emner/findes-ikke/opdateringer.atom").status_code == 404


def test_the_rfc_checks_catch_a_broken_feed():
    broken = etree.fromstring(b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>'
                              b"<entry><id>1</id><updated>i dag</updated></entry></feed>")
    assert len(atom_problems(broken)) >= 5
