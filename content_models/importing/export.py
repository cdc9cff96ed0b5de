"""Items as import lines: used by export_content and by the importer's "unchanged" check. Reads only.

Pages are serialised from their current database row, which for a live page is
its live content. Empty optional values are left out (schema.to_line), so an
exported line equals the normalised form of the same line read back in.
"""

import io
import json
from collections import Counter
from collections.abc import Iterator
from typing import TextIO

from django.db.models import Case, IntegerField, Prefetch, Value, When
from PIL import Image

from ..models import (
    Authority,
    GuidePage,
    LocalText,
    ModuleLocalText,
    PortalImage,
    SelfServiceLinkPage,
    SelfServiceUrlOverride,
    Standard,
    StepByStepPage,
    StepLocalText,
    TeachingModulePage,
    Topic,
)
from . import kinds
from .schema import DEFAULT_LOCALE, IMAGE_MEDIA_TYPES, image_data_uri, to_line


def ordered_children(manager) -> list:
    """Orderable children by position; rows written without a sort_order keep their creation order."""
    return sorted(manager.all(), key=lambda child: (child.sort_order is None, child.sort_order or 0, child.pk or 0))


def _slugs(manager) -> list[str]:
    return sorted(item.slug for item in manager.all())


def serialise_topic(topic: Topic) -> dict:
    return to_line("topic", {
        "slug": topic.slug,
        "title": topic.title,
        "title_en": topic.title_en,
        "parent": topic.parent.slug if topic.parent_id else None,
        "description": topic.description,
    })


def serialise_authority(authority: Authority) -> dict:
    return to_line("authority", {
        "slug": authority.slug,
        "name": authority.name,
        "type": authority.type,
        "municipality": authority.municipality.code if authority.municipality_id else None,
        "region": authority.region.code if authority.region_id else None,
        "cvr": authority.cvr,
        "url": authority.url,
    })


def serialise_standard(standard: Standard) -> dict:
    return to_line("standard", {
        "identifier": standard.identifier,
        "title": standard.title,
        "category": standard.category,
        "version": standard.version,
        "status": standard.status,
        "description": standard.description,
        "url": standard.url,
        "owner": standard.owner,
        "related": sorted(related.identifier for related in standard.related.all()),
    }, standard.live)


def translation_of(page) -> str | None:
    """The slug of the Danish item a translation translates (same kind, same translation key); None for a Danish
    item or one translated from nothing."""
    if page.locale.language_code == DEFAULT_LOCALE:
        return None
    sources = type(page).objects.filter(translation_key=page.translation_key, locale__language_code=DEFAULT_LOCALE)
    return sources.values_list("slug", flat=True).first()


def _common_page_fields(page) -> dict:
    """The fields every page kind's line starts with: its slug, its language and, for a translation, its source."""
    return {"slug": page.slug, "locale": page.locale.language_code, "translation_of": translation_of(page)}


def serialise_image(image: PortalImage) -> dict:
    """An image's line: its file as a data URI of the stored bytes (the import checked their format)."""
    with image.open_file() as handle:
        data = handle.read()
    with Image.open(io.BytesIO(data)) as opened:
        media_type = IMAGE_MEDIA_TYPES.get(opened.format, f"image/{(opened.format or 'png').lower()}")
    return to_line("image", {
        "key": image.key,
        "title": image.title,
        "alt_text": image.description,
        "file": image_data_uri(media_type, data),
    })


def _image_key(page) -> str | None:
    """A page's ``image`` in its line: the key of its image (kinds with ``has_image`` in the kind registry)."""
    return page.image.key if page.image_id else None


def _override_urls(link: SelfServiceLinkPage) -> tuple[dict, dict]:
    # Only live overrides are part of the line; drafts are left to the admin.
    municipality_urls, region_urls = {}, {}
    for override in link.url_overrides.all():
        if not override.live:
            continue
        if override.municipality_id:
            municipality_urls[override.municipality.code] = override.url
        else:
            region_urls[override.region.code] = override.url
    return dict(sorted(municipality_urls.items())), dict(sorted(region_urls.items()))


def _lifecycle(page) -> dict:
    return {
        "owner": page.content_owner.slug if page.content_owner_id else None,
        "review_by": page.review_by.isoformat() if page.review_by else None,
    }


def serialise_self_service_link(link: SelfServiceLinkPage) -> dict:
    municipality_urls, region_urls = _override_urls(link)
    return to_line("self_service_link", {
        **_common_page_fields(link),
        "title": link.title,
        "description": link.description,
        "url": link.url,
        "authority": link.authority.slug if link.authority_id else None,
        "login": link.login,
        "audience": link.audience,
        "topics": _slugs(link.topics),
        "municipality_urls": municipality_urls,
        "region_urls": region_urls,
        **_lifecycle(link),
        "image": _image_key(link),
    }, link.live)


def serialise_guide(guide: GuidePage) -> dict:
    return to_line("guide", {
        **_common_page_fields(guide),
        "title": guide.title,
        "summary": guide.summary,
        "topics": _slugs(guide.topics),
        "self_service_links": _slugs(guide.self_service_links),
        "sections": [
            {"key": section.key, "heading": section.heading, "body_html": section.body}
            for section in ordered_children(guide.sections)
        ],
        **_lifecycle(guide),
        "image": _image_key(guide),
    }, guide.live)


# A local-text model's target in the line: (item field, part field or None); see schema.LOCAL_TEXT_TARGETS.
_TARGET_FIELDS = {LocalText: ("guide", "section"), StepLocalText: ("step_by_step", "step"),
                  ModuleLocalText: ("teaching_module", None)}


def serialise_local_text(local_text) -> dict:
    item_field, part_field = _TARGET_FIELDS[type(local_text)]
    item = local_text.localised_item
    values = {item_field: item.slug}
    if part_field:
        values[part_field] = local_text.target_key
    return to_line("local_text", {
        **values,
        "municipality": local_text.municipality.code if local_text.municipality_id else None,
        "region": local_text.region.code if local_text.region_id else None,
        "locale": item.locale.language_code,
        "body_html": local_text.body,
    }, local_text.live)


def _step(step) -> dict:
    line = {"key": step.key, "title": step.title, "body_html": step.body}
    if step.tool_list:
        line["tools"] = step.tool_list
    return line


def serialise_step_by_step(page: StepByStepPage) -> dict:
    return to_line("step_by_step", {
        **_common_page_fields(page),
        "title": page.title,
        "summary": page.summary,
        "topics": _slugs(page.topics),
        "steps": [_step(step) for step in ordered_children(page.steps)],
        **_lifecycle(page),
        "image": _image_key(page),
    }, page.live)


def serialise_teaching_module(page: TeachingModulePage) -> dict:
    return to_line("teaching_module", {
        **_common_page_fields(page),
        "title": page.title,
        "summary": page.summary,
        "audience": page.audience,
        "level": page.level,
        "duration_minutes": page.duration_minutes,
        "objectives": [objective.text for objective in ordered_children(page.objectives)],
        "body_html": page.body,
        "topics": _slugs(page.topics),
        **_lifecycle(page),
        "image": _image_key(page),
    }, page.live)


# --- every item of one kind, in a deterministic order ----------------------------------------------------------------


def topics() -> Iterator[dict]:
    """Parents first: depth first, siblings by slug, each subtree right after its parent."""
    everything = list(Topic.objects.select_related("parent").order_by("slug"))
    children: dict[int | None, list[Topic]] = {}
    for topic in everything:
        children.setdefault(topic.parent_id, []).append(topic)
    stack = list(reversed(children.get(None, [])))
    while stack:
        topic = stack.pop()
        yield serialise_topic(topic)
        stack.extend(reversed(children.get(topic.pk, [])))


def authorities() -> Iterator[dict]:
    for authority in Authority.objects.select_related("municipality", "region").order_by("slug"):
        yield serialise_authority(authority)


def standards() -> Iterator[dict]:
    for standard in Standard.objects.prefetch_related("related").order_by("identifier"):
        yield serialise_standard(standard)


def images() -> Iterator[dict]:
    for image in PortalImage.objects.order_by("key"):
        yield serialise_image(image)


def _in_export_order(pages):
    """Pages of every language: Danish first (a translation's line comes after its source's), then by language and
    slug."""
    danish_first = Case(When(locale__language_code=DEFAULT_LOCALE, then=Value(0)), default=Value(1),
                        output_field=IntegerField())
    return pages.order_by(danish_first, "locale__language_code", "slug")


# --- what serialising each kind reads, loaded in bulk (export_content, and the importer's unchanged check) ----------


def self_service_link_rows():
    overrides = SelfServiceUrlOverride.objects.select_related("municipality", "region")
    return SelfServiceLinkPage.objects.select_related("locale", "authority", "content_owner", "image").prefetch_related(
        "topics", Prefetch("url_overrides", queryset=overrides)
    )


def guide_rows():
    return GuidePage.objects.select_related("locale", "content_owner", "image").prefetch_related(
        "topics", "self_service_links", "sections"
    )


def step_by_step_rows():
    return StepByStepPage.objects.select_related("locale", "content_owner", "image").prefetch_related("topics", "steps")


def teaching_module_rows():
    return TeachingModulePage.objects.select_related("locale", "content_owner", "image").prefetch_related(
        "topics", "objectives"
    )


def local_text_rows(model):
    return model.objects.select_related(f"{model.localised_field}__locale", "municipality", "region")


def self_service_links() -> Iterator[dict]:
    for link in _in_export_order(self_service_link_rows()):
        yield serialise_self_service_link(link)


def guides() -> Iterator[dict]:
    for guide in _in_export_order(guide_rows()):
        yield serialise_guide(guide)


def local_texts() -> Iterator[dict]:
    """Guide sections' local texts, then steps', then modules' (each by item, part and place)."""
    for model in _TARGET_FIELDS:
        for local_text in sorted(local_text_rows(model), key=_local_text_order):
            yield serialise_local_text(local_text)


def _local_text_order(local_text):
    place = (0, local_text.municipality.code) if local_text.municipality_id else (1, local_text.region.code)
    item = local_text.localised_item
    return (item.slug, item.locale.language_code, local_text.target_key, place)


def step_by_step_guides() -> Iterator[dict]:
    for page in _in_export_order(step_by_step_rows()):
        yield serialise_step_by_step(page)


def teaching_modules() -> Iterator[dict]:
    for page in _in_export_order(teaching_module_rows()):
        yield serialise_teaching_module(page)


def export_lines() -> Iterator[dict]:
    """Every item as an import line, kind by kind in dependency order (content_models.importing.kinds)."""
    for kind in kinds.importable():
        yield from kinds.handler(kind.code).export()


def dumps(line: dict) -> str:
    return json.dumps(line, ensure_ascii=False, separators=(",", ":"))


def write_export(stream: TextIO) -> Counter:
    """Write every item to ``stream`` as JSON Lines; return how many of each kind."""
    counts = Counter()
    for line in export_lines():
        stream.write(dumps(line) + "\n")
        counts[line["kind"]] += 1
    return counts
