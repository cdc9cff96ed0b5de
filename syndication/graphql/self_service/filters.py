"""Filters of the selfServiceLinks list, applied to the live queryset."""

from ..core.errors import BadUserInput


def filter_self_service_links(queryset, *, topic=None, audience=None, authority=None):
    if topic:
        queryset = queryset.filter(topics__slug=topic).distinct()
    if audience:
        queryset = queryset.filter(audience=audience)
    if authority:
        queryset = queryset.filter(authority__slug=authority)
    return queryset


def require_known(model, field, value, argument):
    if value and not model.objects.filter(**{field: value}).exists():
        raise BadUserInput(f"Unknown {argument} '{value}'.", argument=argument)
