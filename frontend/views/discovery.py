"""/sitemap.xml (sitemaps.org 0.9 with hreflang alternates) and /emner/<slug>/opdateringer.atom (RFC 4287)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.views.decorators.http import require_safe
from lxml import etree

from .. import discovery, languages, selectors

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def _w3c_datetime(value) -> str:
    return value.replace(microsecond=0).isoformat().replace("+00:00", "Z")


@require_safe
def sitemap(request):
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "xhtml": XHTML_NS})
    for entry in discovery.sitemap_entries():
        url = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = entry.loc
        if entry.lastmod:
            etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = _w3c_datetime(entry.lastmod)
        for language, href in entry.alternates:
            etree.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=language, href=href)
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


class TopicUpdatesFeed(Feed):
    """Recent major updates of the guides in one topic, as Atom."""

    feed_type = Atom1Feed
    author_name = settings.WAGTAIL_SITE_NAME

    def get_object(self, request, slug):
        topic = selectors.topic_by_slug(slug)
        if topic is None:
            raise Http404("Intet emne med det navn.")
        return topic

    def title(self, topic):
        name = topic.title_in(languages.current_language())
        return gettext("Væsentlige ændringer i %(topic)s") % {"topic": name} + f" – {settings.WAGTAIL_SITE_NAME}"

    def subtitle(self, topic):
        name = topic.title_in(languages.current_language())
        return gettext("Vejledninger om %(topic)s, der er ændret væsentligt.") % {"topic": name}

    def link(self, topic):
        return reverse("frontend:topic", args=[topic.slug])

    def feed_url(self, topic):
        return reverse("frontend:topic_feed", args=[topic.slug])

    def items(self, topic):
        return discovery.major_updates(topic, languages.current_language())

    def item_title(self, update):
        return update.title

    def item_description(self, update):
        return update.summary

    def item_link(self, update):
        return update.url

    def item_guid(self, update):
        # One entry per major update, so the same guide updated twice is two entries.
        return f"{update.url}#opdatering-{update.sequence}"

    item_guid_is_permalink = False

    def item_updateddate(self, update):
        return update.at

    def item_pubdate(self, update):
        return update.at


topic_feed = TopicUpdatesFeed()
