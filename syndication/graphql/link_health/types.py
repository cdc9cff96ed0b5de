"""How a link checked out, from content_models.link_health (the link checker)."""

import graphene

from content_models.link_health.selectors import status_of


class LinkState(graphene.Enum):
    """The result of the latest check of a link."""

    OK = "OK"
    REDIRECTED = "REDIRECTED"
    BROKEN = "BROKEN"
    UNREACHABLE = "UNREACHABLE"
    UNCHECKED = "UNCHECKED"

    @property
    def description(self):
        return {
            "OK": "Answered 2xx.",
            "REDIRECTED": "Answered 2xx after following redirects.",
            "BROKEN": "Answered 4xx or 5xx.",
            "UNREACHABLE": "No answer: DNS, connection, TLS or time-out failure, or a refused address.",
            "UNCHECKED": "Not checked yet.",
        }[self.value]


class LinkStatus(graphene.ObjectType):
    """The latest check of a URL."""

    state = graphene.Field(LinkState, required=True, description="OK, REDIRECTED, BROKEN, UNREACHABLE or UNCHECKED.")
    http_status = graphene.Int(description="The final HTTP status code, when there was an answer.")
    checked_at = graphene.DateTime(description="When the link was last checked.")


def link_status_field(description: str):
    return graphene.Field(LinkStatus, required=True, description=description)


def resolve_link_status(url: str, info):
    return status_of(url, cache=info.context)
