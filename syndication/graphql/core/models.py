"""graphene-django's DjangoObjectType the way every model-backed type here uses it.

Fields are declared explicitly on each type (names, nullability and descriptions are the partners' contract in
schema.graphql) and listed in ``Meta.fields``; choices are not turned into generated enums (the schema names its
own). Types whose values come from content_models.local_variants.selectors (a guide or link as one
municipality sees it) read the model's fields from ``.page`` with ``from_page`` and accept those values in
``is_type_of``.
"""

from graphene.types.resolver import attr_resolver, dict_or_attr_resolver, dict_resolver
from graphene_django import DjangoObjectType

# Default resolvers that read an attribute and never look at ``info``: the executor (syndication/http/execution.py)
# builds no ResolveInfo for the scalars they read.
INFO_FREE_RESOLVERS = {attr_resolver, dict_resolver, dict_or_attr_resolver}


def reads_no_info(resolver):
    """Mark a default resolver ``(attname, default_value, root, info)`` that never uses ``info``."""
    INFO_FREE_RESOLVERS.add(resolver)
    return resolver


class ModelType(DjangoObjectType):
    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(cls, convert_choices_to_enum=False, **options):
        super().__init_subclass_with_meta__(convert_choices_to_enum=convert_choices_to_enum, **options)
        # graphene-django puts model fields first, in model order; the schema keeps the order they are declared in.
        ordered = sorted(cls._meta.fields.items(), key=lambda item: item[1].creation_counter)
        cls._meta.fields.clear()
        cls._meta.fields.update(ordered)


@reads_no_info
def from_page(attname, default_value, root, info, **args):
    """Default resolver of a localised type: the field of the model instance it localises."""
    return getattr(root.page, attname, default_value)
