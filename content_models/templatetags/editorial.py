"""Words for the admin: link states and yes/no in Danish, never True/False."""

from django import template

from ..models import LinkState

register = template.Library()


@register.filter
def link_state(value) -> str:
    try:
        return LinkState(value).label
    except ValueError:
        return str(value)


@register.filter
def ja_nej(value) -> str:
    return "Ja" if value else "Nej"
