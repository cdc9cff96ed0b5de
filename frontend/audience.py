"""Who a self-service link is for (borgere or virksomheder), as the citizen site shows and filters it.

Lists of self-service links take ``?maalgruppe=borger`` or ``?maalgruppe=virksomhed``; an unknown value means no
filter. GraphQL has the same filter (``selfServiceLinks(audience: BUSINESS)``).
"""

from django.utils.translation import gettext_lazy as _

from content_models.models import SelfServiceLinkPage

PARAM = "maalgruppe"
Audience = SelfServiceLinkPage.Audience
FROM_PARAM = {"borger": Audience.CITIZEN, "virksomhed": Audience.BUSINESS}
TO_PARAM = {audience: param for param, audience in FROM_PARAM.items()}
LABELS = {Audience.CITIZEN: _("For borgere"), Audience.BUSINESS: _("For virksomheder")}


def chosen(request) -> str:
    """The audience a list is filtered to ("citizen", "business"), or "" for all."""
    return FROM_PARAM.get((request.GET.get(PARAM) or "").strip(), "") if request is not None else ""


def filter_links(queryset, audience: str):
    return queryset.filter(audience=audience) if audience else queryset


def choices(request, counts: dict[str, int]) -> list[dict]:
    """The filter's options with their counts and links (keeping the other query parameters, page 1)."""
    from urllib.parse import urlencode

    current = chosen(request)
    kept = [(k, v) for k, v in request.GET.items() if k not in (PARAM, "side")]
    options = [("", _("Alle"), sum(counts.values()))] + [
        (audience, LABELS[audience], counts.get(audience, 0)) for audience in (Audience.CITIZEN, Audience.BUSINESS)
    ]
    result = []
    for audience, label, count in options:
        params = kept + ([(PARAM, TO_PARAM[audience])] if audience else [])
        result.append({"label": label, "count": count, "current": audience == current,
                       "url": request.path + (f"?{urlencode(params)}" if params else "")})
    return result
