from content_models.local_variants.selectors import localise_guide, localise_guides
from content_models.models import GuidePage, Topic
from content_models.selectors import live_guides

from ..core.arguments import content_locale, resolve_municipality
from ..core.errors import NotFound
from ..core.pagination import paginate
from ..core.selection import selects
from ..core.translations import remember
from ...preview.drafts import preview_guide
from ..self_service.filters import require_known
from .filters import filter_guides


def resolve_guide(root, info, slug, municipality=None, locale=None):
    place = resolve_municipality(municipality)
    locale = content_locale(locale)
    with_links = selects(info, "selfServiceLinks")
    guide = live_guides(locale, with_links=with_links).filter(slug=slug).first()
    grant = getattr(info.context, "preview_grant", None)
    if grant is not None:
        any_state = GuidePage.objects.filter(slug=slug, locale__language_code=locale).first()
        previewed = preview_guide(grant, any_state, place, with_links=with_links)
        if previewed is not None:
            return previewed
    if guide is None:
        raise NotFound(f"No published guide with slug '{slug}' in locale '{locale}'.", argument="slug")
    return localise_guide(guide, place, with_links=with_links)


def resolve_guides(root, info, first=None, after=None, topic=None, municipality=None, updated_since=None, locale=None):
    place = resolve_municipality(municipality)
    locale = content_locale(locale)
    require_known(Topic, "slug", topic, "topic")
    with_links = selects(info, "edges.node.selfServiceLinks")
    guides = live_guides(locale, with_links=with_links, with_parts=False, with_image=selects(info, "edges.node.image"))
    queryset = filter_guides(guides, topic=topic, updated_since=updated_since)
    # The tree path is unique and keeps the cursors of the lists before there was one language per list.
    result = paginate(queryset, name="guides", key_field="path", first=first, after=after)
    localised = localise_guides([edge["node"] for edge in result.edges], place, with_links=with_links,
                                from_database=True)
    for edge, guide in zip(result.edges, localised):
        edge["node"] = guide
    remember(info, localised)
    return result
