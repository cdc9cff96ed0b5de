"""Filters of the guides list."""


def filter_guides(queryset, *, topic=None, updated_since=None):
    if topic:
        queryset = queryset.filter(topics__slug=topic).distinct()
    if updated_since:
        queryset = queryset.filter(last_published_at__gte=updated_since)
    return queryset
