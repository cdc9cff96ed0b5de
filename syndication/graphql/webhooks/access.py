"""Which endpoint an id names for the calling partner: its own, and no other."""

from ...webhooks import selectors
from ..core.errors import NotFound
from ..core.partner import partner_key


def own_endpoint(info, endpoint_id):
    """The caller's endpoint with this id; NOT_FOUND for an unknown id and for another partner's endpoint alike."""
    key = partner_key(info)
    endpoint = selectors.endpoint_of(key.partner, endpoint_id)
    if endpoint is None:
        raise NotFound(f"You have no webhook endpoint with id '{endpoint_id}'.", argument="id")
    return endpoint
