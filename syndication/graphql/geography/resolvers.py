from content_models.models import Municipality, Region


def resolve_municipalities(root, info):
    return Municipality.objects.select_related("region").order_by("code")


def resolve_regions(root, info):
    return Region.objects.prefetch_related("municipalities__region").order_by("code")
