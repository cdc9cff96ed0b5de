from content_models.local_variants.selectors import localise_link, localise_links
from content_models.models import Authority, SelfServiceLinkPage, Topic
from content_models.selectors import live_self_service_links

from ..core.arguments import resolve_municipality
from ..core.errors import NotFound
from ..core.fields import live_or_previewed
from ..core.pagination import paginate
from .filters import filter_self_service_links, require_known


def resolve_self_service_link(root, info, slug, municipality=None):
    place = resolve_municipality(municipality)
    live = live_self_service_links().filter(slug=slug).first()
    link = live_or_previewed(info, live, SelfServiceLinkPage.objects.filter(slug=slug))
    if link is None:
        raise NotFound(f"No published self-service link with slug '{slug}'.", argument="slug")
    return localise_link(link, place)


def resolve_self_service_links(
    root, info, first=None, after=None, topic=None, municipality=None, audience=None, authority=None
):
    place = resolve_municipality(municipality)
    require_known(Topic, "slug", topic, "topic")
    require_known(Authority, "slug", authority, "authority")
    queryset = filter_self_service_links(
        live_self_service_links(), topic=topic, audience=audience and audience.value, authority=authority
    )
    result = paginate(queryset, name="selfServiceLinks", key_field="slug", first=first, after=after)
    for edge, link in zip(result.edges, localise_links([edge["node"] for edge in result.edges], place)):
        edge["node"] = link
    return result
