from content_models.models import GuidePage, Topic
from content_models.selectors import default_locale_code, live_guides

from ..core.arguments import resolve_locale, resolve_municipality
from ..core.errors import NotFound
from ..core.pagination import paginate
from ..core.selection import selects
from ...preview.drafts import preview_guide
from ..self_service.filters import require_known
from .filters import filter_guides


def _with_municipality(guides, municipality):
    for guide in guides:
        guide.api_municipality = municipality
    return guides


def resolve_guide(root, info, slug, municipality=None, locale=None):
    place = resolve_municipality(municipality)
    locale = resolve_locale(locale) or default_locale_code()
    guide = live_guides(place, locale).filter(slug=slug).first()
    grant = getattr(info.context, "preview_grant", None)
    if grant is not None:
        any_state = GuidePage.objects.filter(slug=slug, locale__language_code=locale).first()
        guide = preview_guide(grant, any_state, place) or guide
    if guide is None:
        raise NotFound(f"No published guide with slug '{slug}' in locale '{locale}'.", argument="slug")
    return _with_municipality([guide], place)[0]


def resolve_guides(root, info, first=None, after=None, topic=None, municipality=None, updated_since=None, locale=None):
    place = resolve_municipality(municipality)
    locale = resolve_locale(locale)
    require_known(Topic, "slug", topic, "topic")
    with_links = selects(info, "edges.node.selfServiceLinks")
    queryset = filter_guides(live_guides(place, locale, with_links=with_links), topic=topic, updated_since=updated_since)
    # Slugs repeat across locales; the tree path is unique, so it is the keyset key.
    result = paginate(queryset, name="guides", key_field="path", first=first, after=after)
    _with_municipality([edge["node"] for edge in result.edges], place)
    return result
