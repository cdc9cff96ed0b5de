"""Applying a run of lines of one kind at once: the importer's fast path for large files.

Items a run leaves unchanged are recognised with one read for the run; new live items are created and published
in bulk (content_models.publishing.bulk); every other line (an update, an unpublish, a delete, a draft) goes
through ``Applier`` one at a time, as a single line would. Each line gets the action ``Applier.apply`` would
have given it.
"""

from ..models import LocalText, SelfServiceUrlOverride
from ..publishing import bulk
from .apply import CREATED, UNCHANGED, Applier, PageKind, _as_line_gives, wanted_url_overrides
from .export import serialise_local_text
from .schema import DEFAULT_LOCALE, UPSERT, Line, local_text_target


def apply_pages(applier: Applier, kind: PageKind, lines: list[Line]) -> list[str]:
    """A run of one page kind's lines."""
    wanted = {(line.data["slug"], line.data.get("locale", DEFAULT_LOCALE)) for line in lines}
    existing = {
        (page.slug, page.locale.language_code): page
        for page in kind.rows().filter(slug__in={slug for slug, _ in wanted})
        if (page.slug, page.locale.language_code) in wanted
    }
    applier.lookups.preload(lines)
    actions: list[str | None] = [None] * len(lines)
    new: list[tuple[int, object]] = []
    new_danish: dict[str, object] = {}  # by slug: an English line of the run may be their translation
    for index, line in enumerate(lines):
        locale = line.data.get("locale", DEFAULT_LOCALE)
        page = existing.get((line.data["slug"], locale))
        if line.action == UPSERT and page is not None and _is_unchanged(kind, page, line):
            actions[index] = UNCHANGED
        elif line.action == UPSERT and page is None and line.live:
            new.append((index, applier.new_page(kind, line, new_danish)))
            if locale == DEFAULT_LOCALE:
                new_danish[line.data["slug"]] = new[-1][1]
        else:
            actions[index] = applier.apply(line)
    by_locale: dict[object, list] = {}
    for index, page in new:
        by_locale.setdefault(page.locale, []).append(page)
        actions[index] = CREATED
    for locale, pages in by_locale.items():
        bulk.publish_new_pages(applier.lookups.index_page(kind.model, locale), pages)
    if kind.write_outside is not None:
        _publish_new_url_overrides(applier, [(page, lines[index].data) for index, page in new])
    return actions


def _is_unchanged(kind: PageKind, page, line: Line) -> bool:
    wanted = line.as_export()
    return _as_line_gives(kind.serialise(page), wanted) == wanted


def _publish_new_url_overrides(applier: Applier, links: list[tuple[object, dict]]) -> None:
    """The municipal and regional addresses of new self-service links (Applier's _write_url_overrides, for links
    that have none yet)."""
    overrides = [
        SelfServiceUrlOverride(link=link, url=url, **applier.lookups.place({place: code}))
        for link, data in links for place, code, url in wanted_url_overrides(data)
    ]
    bulk.publish_new(overrides)


def apply_local_texts(applier: Applier, lines: list[Line]) -> list[str]:
    """A run of local_text lines: guide sections' local texts in bulk, those of steps and modules one by one."""
    in_bulk = {index for index, line in enumerate(lines)
               if line.action == UPSERT and local_text_target(line.data)[0] == "guide"}
    guides = applier.lookups.guides({(lines[index].data["guide"], lines[index].data["locale"]) for index in in_bulk})
    existing = {}
    by_id = {guide.pk: guide for guide in guides.values()}
    rows = LocalText.objects.select_related("municipality", "region").filter(guide__in=list(by_id))
    for local_text in rows:
        local_text.guide = by_id[local_text.guide_id]  # loaded once for the run, not once per local text
        existing[_identity(local_text.guide_id, local_text.section_key, local_text)] = local_text
    actions: list[str | None] = [None] * len(lines)
    new: list[tuple[int, LocalText]] = []
    for index, line in enumerate(lines):
        data = line.data
        guide = guides.get((data["guide"], data["locale"])) if index in in_bulk else None
        if guide is None:
            actions[index] = applier.apply(line)
            continue
        place = applier.lookups.place(data)
        current = existing.get(_identity(guide.pk, data["section"], place))
        if current is not None and serialise_local_text(current) == line.as_export():
            actions[index] = UNCHANGED
        elif current is None and line.live:
            new.append((index, LocalText(guide=guide, section_key=data["section"], body=data["body_html"], **place)))
        else:
            actions[index] = applier.apply(line)
    bulk.publish_new([local_text for _, local_text in new])
    for index, _ in new:
        actions[index] = CREATED
    return actions


def _identity(guide_id: int, section: str, place) -> tuple:
    """A guide section's local text for one place; ``place`` is a local text or ``Lookups.place`` arguments."""
    if isinstance(place, dict):
        municipality, region = place["municipality"], place["region"]
        return guide_id, section, municipality.pk if municipality else None, region.pk if region else None
    return guide_id, section, place.municipality_id, place.region_id
