from content_models.local_variants.selectors import localise_link, localise_links
from content_models.models import Authority, SelfServiceLinkPage, Topic
from content_models.selectors import live_self_service_links

from ..core.arguments import content_locale, resolve_municipality
from ..core.errors import NotFound
from ..core.fields import live_or_previewed
from ..core.pagination import paginate
from ..core.translations import remember
from .filters import filter_self_service_links, require_known


def resolve_self_service_link(root, info, slug, municipality=None, locale=None):
    place = resolve_municipality(municipality)
    locale = content_locale(locale)
    live = live_self_service_links(locale).filter(slug=slug).first()
    link = live_or_previewed(info, live, SelfServiceLinkPage.objects.filter(slug=slug, locale__language_code=locale))
    if link is None:
        raise NotFound(f"No published self-service link with slug '{slug}' in locale '{locale}'.", argument="slug")
    return localise_link(link, place)


def resolve_self_service_links(
    root, info, first=None, after=None, topic=None, municipality=None, audience=None, authority=None, locale=None
):
    place = resolve_municipality(municipality)
    locale = content_locale(locale)
    require_known(Topic, "slug", topic, "topic")
    require_known(Authority, "slug", authority, "authority")
    queryset = filter_self_service_links(
        live_self_service_links(locale), topic=topic, audience=audience and audience.value, authority=authority
    )
    result = paginate(queryset, name="selfServiceLinks", key_field="slug", first=first, after=after)
    localised = localise_links([edge["node"] for edge in result.edges], place)
    for edge, link in zip(result.edges, localised):
        edge["node"] = link
    remember(info, localised)
    return result
