"""Every outbound URL the portal shows, national and municipal: reads only."""

import re
from urllib.parse import urlsplit

from ..models import LOCAL_TEXT_MODELS, GuideSection, SelfServiceLinkPage, SelfServiceUrlOverride, Step
from ..models import TeachingModulePage

_HREF = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def links_in(html: str) -> set[str]:
    """The absolute http(s) links inside stored rich text (internal page links are not URLs there)."""
    return {url for url in _HREF.findall(html or "") if urlsplit(url).scheme in ("http", "https")}


def all_urls() -> set[str]:
    """Live content's links: self-service URLs (national and local) and links in rich text, drafts left out."""
    urls = set(SelfServiceLinkPage.objects.live().values_list("url", flat=True))
    urls |= set(SelfServiceUrlOverride.objects.filter(live=True).values_list("url", flat=True))
    for body in GuideSection.objects.filter(page__live=True).values_list("body", flat=True):
        urls |= links_in(body)
    for body in Step.objects.filter(page__live=True).values_list("body", flat=True):
        urls |= links_in(body)
    for body in TeachingModulePage.objects.live().values_list("body", flat=True):
        urls |= links_in(body)
    for model in LOCAL_TEXT_MODELS:
        for body in model.objects.filter(live=True).values_list("body", flat=True):
            urls |= links_in(body)
    return {url for url in urls if len(url) <= 500}
