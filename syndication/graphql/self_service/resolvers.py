from content_models.models import Authority, SelfServiceLinkPage, Topic
from content_models.selectors import live_self_service_links

from ..core.arguments import resolve_municipality
from ..core.errors import NotFound
from ..core.fields import live_or_previewed
from ..core.pagination import paginate
from .filters import filter_self_service_links, require_known


def _with_municipality(links, municipality):
    for link in links:
        link.api_municipality = municipality
    return links


def resolve_self_service_link(root, info, slug, municipality=None):
    place = resolve_municipality(municipality)
    live = live_self_service_links(place).filter(slug=slug).first()
    link = live_or_previewed(info, live, SelfServiceLinkPage.objects.filter(slug=slug))
    if link is None:
        raise NotFound(f"No published self-service link with slug '{slug}'.", argument="slug")
    return _with_municipality([link], place)[0]


def resolve_self_service_links(
    root, info, first=None, after=None, topic=None, municipality=None, audience=None, authority=None
):
    place = resolve_municipality(municipality)
    require_known(Topic, "slug", topic, "topic")
    require_known(Authority, "slug", authority, "authority")
    queryset = filter_self_service_links(
        live_self_service_links(place), topic=topic, audience=audience and audience.value, authority=authority
    )
    result = paginate(queryset, name="selfServiceLinks", key_field="slug", first=first, after=after)
    _with_municipality([edge["node"] for edge in result.edges], place)
    return result
