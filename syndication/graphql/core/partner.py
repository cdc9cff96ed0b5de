"""Fields that belong to the calling partner (its webhooks): who is calling, and keeping the answer private.

The view (syndication/http/view.py) puts the request's partner key on the request. A resolver that reads the
partner's own data calls ``partner_key`` first: the response is then never stored in the shared response cache
nor kept by browsers, whatever the query text (the cache is keyed by the text, not by the partner).
"""

from ...models import PartnerKey
from .errors import Unauthenticated


def mark_private(info) -> None:
    info.context.graphql_private = True


def is_private(request) -> bool:
    return getattr(request, "graphql_private", False)


def partner_key(info) -> PartnerKey:
    """The calling partner's key; UNAUTHENTICATED for a request without one."""
    mark_private(info)
    key = getattr(info.context, "partner_key", None)
    if key is None:
        raise Unauthenticated(
            "This field needs your partner API key: send it as `Authorization: Bearer pk_...` or `X-Api-Key`."
        )
    return key
