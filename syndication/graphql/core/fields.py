"""Field builders shared by the domain schemas, so every list and lookup reads the same way."""

import graphene

from ...preview.drafts import preview_page


def connection_field(connection, description: str, **filters):
    """A required Relay connection field with the standard `first`/`after` paging arguments."""
    arguments = {
        "first": graphene.Int(description="Page size, 1-100 (default 20)."),
        "after": graphene.String(description="Cursor from the previous page."),
        **filters,
    }
    return graphene.Field(connection, required=True, description=description, **arguments)


def topic_filter():
    return graphene.String(description="Only items in this topic (slug).")


def locale_argument(what: str = "Language"):
    return graphene.String(description=f"{what}: 'da' (default) or 'en'; another value is BAD_USER_INPUT.")


def live_or_previewed(info, live_item, any_state_queryset):
    """The live item, or the draft the request's preview token covers, if any."""
    grant = getattr(info.context, "preview_grant", None)
    if grant is None:
        return live_item
    return preview_page(grant, any_state_queryset.first()) or live_item
