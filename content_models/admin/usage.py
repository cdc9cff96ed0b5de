"""Where is it used: which pages and variants refer to a self-service link, topic, standard, image or page.

Wagtail's reference index knows foreign keys and links in rich text; it does not follow many-to-many relations
(a guide's topics and self-service links), so those are added here from the relations themselves.
"""

from dataclasses import dataclass

from wagtail.models import ReferenceIndex


@dataclass(frozen=True)
class Use:
    obj: object
    label: str  # the kind, in Danish
    how: str  # the field it is used in


def _many_to_many_uses(obj) -> list[Use]:
    uses = []
    for relation in obj._meta.related_objects:
        if not relation.many_to_many:
            continue
        accessor = relation.get_accessor_name()
        field_label = str(relation.field.verbose_name)
        for user in getattr(obj, accessor).all():
            uses.append(Use(user, str(type(user)._meta.verbose_name).capitalize(), field_label.capitalize()))
    return uses


def where_used(obj) -> list[Use]:
    uses = _many_to_many_uses(obj)
    for source, references in ReferenceIndex.get_grouped_references_to(obj):
        if source is None:
            continue
        fields = ", ".join(sorted({str(reference.describe_source_field()) for reference in references}))
        uses.append(Use(source, str(type(source)._meta.verbose_name).capitalize(), fields))
    seen, unique = set(), []
    for use in uses:
        key = (type(use.obj), use.obj.pk)
        if key not in seen:
            seen.add(key)
            unique.append(use)
    return unique
