"""Writing valid lines, one kind at a time, through the publishing services (so events are appended).

Every function returns what happened to the item: one of ACTIONS. An item whose
export already equals the line (and whose live state matches) is left alone, so
importing the same file twice writes nothing the second time.
"""

import base64
import datetime
import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.images import ImageFile
from wagtail.models import Locale, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.utils.file import hash_filelike

from .. import publishing
from ..kinds import registry
from ..local_variants import services as local_variants
from ..models import (
    Authority,
    GuidePage,
    GuideSection,
    LearningObjective,
    Municipality,
    PortalImage,
    Region,
    SelfServiceLinkPage,
    Standard,
    Step,
    StepByStepPage,
    TeachingModulePage,
    Topic,
)
from ..models.pages import assign_step_keys
from ..site_structure import index_page_for
from . import export, kinds
from .schema import DEFAULT_LOCALE, DELETE, UNPUBLISH, Line, local_text_target

CREATED, UPDATED, UNCHANGED, UNPUBLISHED, DELETED = "created", "updated", "unchanged", "unpublished", "deleted"
ACTIONS = (CREATED, UPDATED, UNCHANGED, UNPUBLISHED, DELETED)

# Imports act as the system, not as an editor (services take user=None for that).
SYSTEM = None


class Lookups:
    """What lines refer to by slug or code (topics, authorities, places, locales, pages), each read once per import.

    Only found objects are kept: an item a later line creates is read when first referred to; validation makes
    sure no line refers to an item the file deletes.
    """

    def __init__(self):
        self._cache: dict[tuple, object] = {}

    def _many(self, model, field: str, values, **scope) -> list:
        keys = [(model, field, value, *sorted(scope.items())) for value in values]
        missing = [value for value, key in zip(values, keys) if key not in self._cache]
        if missing:
            for obj in model.objects.filter(**{f"{field}__in": missing}, **scope):
                self._cache[(model, field, getattr(obj, field), *sorted(scope.items()))] = obj
        return [self._cache[key] for key in keys if key in self._cache]

    def one(self, model, field: str, value, **scope):
        found = self._many(model, field, [value], **scope)
        if not found:
            raise model.DoesNotExist(f"{model._meta.verbose_name} {value!r}")
        return found[0]

    def topics(self, data: dict) -> list[Topic]:
        return self._many(Topic, "slug", data.get("topics", []))

    def authority(self, slug: str | None) -> Authority | None:
        return self.one(Authority, "slug", slug) if slug else None

    def links(self, slugs: list[str]) -> list[SelfServiceLinkPage]:
        return self._many(SelfServiceLinkPage, "slug", slugs, locale__language_code=DEFAULT_LOCALE)

    def guides(self, keys: set[tuple[str, str]]) -> dict[tuple[str, str], GuidePage]:
        """Guides by (slug, locale code), with their locale loaded."""
        missing = {key for key in keys if ("guide", key) not in self._cache}
        if missing:
            rows = GuidePage.objects.select_related("locale").filter(slug__in={slug for slug, _ in missing})
            for guide in rows:
                self._cache[("guide", (guide.slug, guide.locale.language_code))] = guide
        return {key: self._cache[("guide", key)] for key in keys if ("guide", key) in self._cache}

    def preload(self, lines: list[Line]) -> None:
        """Read what a run of page lines refers to in one query per model."""
        self._many(Topic, "slug", sorted({slug for line in lines for slug in line.data.get("topics", [])}))
        self.links(sorted({slug for line in lines for slug in line.data.get("self_service_links", [])}))
        owners = {line.data.get(name) for line in lines for name in ("owner", "authority")} - {None}
        self._many(Authority, "slug", sorted(owners))

    def place(self, data: dict) -> dict:
        """The ``municipality`` / ``region`` keyword arguments of the line's place."""
        if "municipality" in data:
            return {"municipality": self.one(Municipality, "code", data["municipality"]), "region": None}
        return {"municipality": None, "region": self.one(Region, "code", data["region"])}

    def locale(self, code: str) -> Locale:
        key = (Locale, "language_code", code)
        if key not in self._cache:
            self._cache[key], _ = Locale.objects.get_or_create(language_code=code)
        return self._cache[key]

    def index_page(self, model, locale: Locale):
        key = ("index", model, locale.pk)
        if key not in self._cache:
            self._cache[key] = index_page_for(model, locale)
        return self._cache[key]


def _fill_lifecycle(page, data: dict, lookups: Lookups) -> None:
    page.content_owner = lookups.authority(data.get("owner"))
    if "review_by" in data:  # absent: keep the date (a publish sets 12 months ahead when there is none)
        page.review_by = datetime.date.fromisoformat(data["review_by"])


def _reuse(existing: list, count: int, factory) -> list:
    """Keep the first ``count`` child rows (so their ids survive) and make new ones for the rest."""
    return [existing[index] if index < len(existing) else factory() for index in range(count)]


# --- page kinds ------------------------------------------------------------------------------------------------------


def _fill_guide(page: GuidePage, data: dict, lookups: Lookups) -> None:
    page.title, page.summary = data["title"], data["summary"]
    page.major_update = False  # an import is never a "major update" for Digital Post subscribers
    by_key = {section.key: section for section in export.ordered_children(page.sections)} if page.pk else {}
    sections = []
    for position, item in enumerate(data["sections"]):
        # Sections are matched by key: local texts hang on the key, and the row keeps its id.
        section = by_key.get(item["key"]) or GuideSection(key=item["key"])
        section.heading, section.body, section.sort_order = item["heading"], item["body_html"], position
        sections.append(section)
    page.sections = sections
    page.topics = lookups.topics(data)
    _fill_lifecycle(page, data, lookups)
    page.self_service_links = lookups.links(data.get("self_service_links", []))


def _fill_self_service_link(page: SelfServiceLinkPage, data: dict, lookups: Lookups) -> None:
    page.title, page.description, page.url = data["title"], data["description"], data["url"]
    page.authority = lookups.authority(data.get("authority"))
    page.login, page.audience = data["login"], data["audience"]
    page.topics = lookups.topics(data)
    _fill_lifecycle(page, data, lookups)


def _fill_step_by_step(page: StepByStepPage, data: dict, lookups: Lookups) -> None:
    page.title, page.summary = data["title"], data["summary"]
    existing = export.ordered_children(page.steps) if page.pk else []
    by_key = {step.key: step for step in existing if step.key}
    steps = []
    for position, item in enumerate(data["steps"]):
        # Steps are matched by key (local texts hang on it); a step without a key keeps the one at its position.
        if "key" in item:
            step = by_key.get(item["key"]) or Step(key=item["key"])
        else:
            step = existing[position] if position < len(existing) else Step()
        step.title, step.body, step.sort_order = item["title"], item["body_html"], position
        step.tools = "\n".join(item.get("tools", []))
        steps.append(step)
    assign_step_keys(steps)
    page.steps = steps
    page.topics = lookups.topics(data)
    _fill_lifecycle(page, data, lookups)


def _fill_teaching_module(page: TeachingModulePage, data: dict, lookups: Lookups) -> None:
    page.title, page.summary, page.audience = data["title"], data["summary"], data["audience"]
    page.level, page.duration_minutes, page.body = data["level"], data["duration_minutes"], data["body_html"]
    existing = export.ordered_children(page.objectives) if page.pk else []
    objectives = _reuse(existing, len(data["objectives"]), LearningObjective)
    for position, (objective, text) in enumerate(zip(objectives, data["objectives"])):
        objective.text, objective.sort_order = text, position
    page.objectives = objectives
    page.topics = lookups.topics(data)
    _fill_lifecycle(page, data, lookups)


def _fill_image(page, data: dict) -> None:
    """The page's image by its key, for kinds with ``has_image`` in the kind registry (none when left out)."""
    if registry.for_model(type(page)).has_image:
        page.image = PortalImage.objects.get(key=data["image"]) if "image" in data else None


@dataclass(frozen=True)
class PageKind:
    model: type
    serialise: Callable
    fill: Callable  # (page, line data, Lookups)
    rows: Callable  # the model's pages with what ``serialise`` reads loaded in bulk (export)
    # Fields of the line that are stored outside the page (URL overrides), and their writer.
    outside: tuple[str, ...] = ()
    write_outside: Callable | None = None


def _fill_standard(standard: Standard, data: dict) -> None:
    standard.major_update = False  # an import (or harvest) never notifies subscribers by itself
    for name in ("title", "category", "version", "status", "description", "url", "owner"):
        setattr(standard, name, data.get(name, ""))


class Applier:
    """Applies lines in file order; must run inside the import's transaction."""

    def __init__(self, upserts: dict[tuple, Line]):
        # Standards may be related to standards defined later in the file; those are
        # created early (as unpublished rows) and completed when their own line comes.
        self._upserts = upserts
        self._precreated: set[str] = set()
        self.lookups = Lookups()

    def apply(self, line: Line) -> str:
        return kinds.handler(line.kind).apply(self, line)

    # --- topics and authorities (plain models, no publishing) ----------------------------------------------------

    def apply_topic(self, line: Line) -> str:
        data = line.data
        topic = Topic.objects.filter(slug=data["slug"]).select_related("parent").first()
        if line.action == DELETE:
            return self._delete_plain(topic)
        if topic and export.serialise_topic(topic) == line.as_export():
            return UNCHANGED
        action = UPDATED if topic else CREATED
        topic = topic or Topic(slug=data["slug"])
        topic.title, topic.description = data["title"], data.get("description", "")
        topic.title_en = data.get("title_en", "")
        topic.parent = Topic.objects.get(slug=data["parent"]) if "parent" in data else None
        topic.full_clean()
        topic.save()
        return action

    def apply_authority(self, line: Line) -> str:
        data = line.data
        authority = Authority.objects.filter(slug=data["slug"]).first()
        if line.action == DELETE:
            return self._delete_plain(authority)
        if authority and export.serialise_authority(authority) == line.as_export():
            return UNCHANGED
        action = UPDATED if authority else CREATED
        authority = authority or Authority(slug=data["slug"])
        authority.name, authority.type = data["name"], data["type"]
        code = data.get("municipality")
        authority.municipality = self.lookups.one(Municipality, "code", code) if code else None
        code = data.get("region")
        authority.region = self.lookups.one(Region, "code", code) if code else None
        authority.cvr, authority.url = data.get("cvr", ""), data.get("url", "")
        authority.full_clean()
        authority.save()
        return action

    def apply_image(self, line: Line) -> str:
        data = line.data
        image = PortalImage.objects.filter(key=data["key"]).first()
        if line.action == DELETE:
            return self._delete_plain(image)
        if image and export.serialise_image(image) == line.as_export():
            return UNCHANGED
        action = UPDATED if image else CREATED
        image = image or PortalImage(key=data["key"])
        image.title, image.description = data["title"], data["alt_text"]
        content = base64.b64decode(data["file"].partition(",")[2])
        if image.pk is None or image.get_file_hash() != _sha1(content):
            if image.pk is not None:
                image.renditions.all().delete()  # made from the old file
            extension = data["file"].split(";")[0].split("/")[1]
            image.file = ImageFile(io.BytesIO(content), name=f"{data['key']}.{extension}")
            image._set_image_file_metadata()
        image.save()
        return action

    @staticmethod
    def _delete_plain(obj) -> str:
        if obj is None:
            return UNCHANGED  # already gone: deleting is idempotent
        obj.delete()
        return DELETED

    # --- publishable items ---------------------------------------------------------------------------------------

    @staticmethod
    def _unpublish_or_delete(obj, line: Line, unpublish=publishing.unpublish, delete=publishing.delete) -> str:
        if obj is None:
            return UNCHANGED  # already gone (validation guarantees that unpublish lines name an existing item)
        if line.action == DELETE:
            delete(obj)
            return DELETED
        if obj.live:
            unpublish(obj)
            return UNPUBLISHED
        return UNCHANGED

    @staticmethod
    def _store(obj, live: bool) -> None:
        if live:
            publishing.publish(obj)
        else:
            publishing.save_draft(obj)

    @staticmethod
    def _set_live(obj, live: bool) -> str:
        if live:
            publishing.publish(obj)
            return UPDATED
        publishing.unpublish(obj)
        return UNPUBLISHED

    def _upsert(self, obj, line: Line, *, serialise, fill, create, outside=(), force=False):
        """Bring ``obj`` (None: ``create()`` a filled, unpublished one) to the line; return (action, obj).

        Writes as little as possible: nothing when the export already equals the line,
        only a publish/unpublish when just the live state differs, and no page write
        when just the fields stored outside the object (``outside``) differ.
        """
        if obj is None:
            obj = create()
            self._store(obj, line.live)
            return CREATED, obj
        if not force:
            wanted = line.as_export()
            current = _as_line_gives(serialise(obj), wanted)
            if current == wanted:
                return UNCHANGED, obj
            ignored = {"live", *outside}
            if {k: v for k, v in current.items() if k not in ignored} == {
                k: v for k, v in wanted.items() if k not in ignored
            }:
                return (UPDATED if obj.live == line.live else self._set_live(obj, line.live)), obj
        action = CREATED if force else UPDATED
        if obj.live and not line.live:
            # Unpublish first: it saves the row as it is in memory, which must still be the live content.
            publishing.unpublish(obj)
            action = UNPUBLISHED
        fill(obj)
        self._store(obj, line.live)
        return action, obj

    def apply_page(self, line: Line, kind: "PageKind") -> str:
        """A page kind's line, in the tree of the line's language, linked to the Danish item it translates."""
        locale_code = line.data["locale"]
        slug = line.data["slug"]
        page = kind.model.objects.filter(slug=slug, locale__language_code=locale_code).first()
        if line.action in (DELETE, UNPUBLISH):
            return self._unpublish_or_delete(page, line)

        def fill(obj):
            kind.fill(obj, line.data, self.lookups)
            _link_translation(obj, line.data)
            _fill_image(obj, line.data)

        def create():
            new = self.new_page(kind, line)  # filled before add_child, whose save validates required fields
            return self.lookups.index_page(kind.model, new.locale).add_child(instance=new)

        # Wagtail re-indexes a page's references for every child row saved, which is quadratic in its sections
        # (1,000 sections took 45 s); the page is indexed once, after all its rows are written.
        with disable_reference_index_auto_update():
            action, page = self._upsert(
                page, line, serialise=kind.serialise, fill=fill, create=create, outside=kind.outside,
            )
        if action != UNCHANGED:
            ReferenceIndex.create_or_update_for_object(page)
        if kind.write_outside and action != UNCHANGED:
            kind.write_outside(page, line.data, self.lookups)
        return action

    def new_page(self, kind: "PageKind", line: Line, unsaved_sources: dict | None = None):
        """An unsaved, unpublished page filled from ``line``; ``unsaved_sources``: Danish pages by slug that are
        created together with it (batches.apply_pages), which a translation may name as its source."""
        page = kind.model(slug=line.data["slug"], locale=self.lookups.locale(line.data.get("locale", DEFAULT_LOCALE)),
                          live=False)
        kind.fill(page, line.data, self.lookups)
        _link_translation(page, line.data, unsaved_sources)
        _fill_image(page, line.data)
        return page

    # --- standards ----------------------------------------------------------------------------------------------

    def apply_standard(self, line: Line) -> str:
        identifier = line.data["identifier"]
        standard = Standard.objects.filter(identifier=identifier).first()
        if line.action in (DELETE, UNPUBLISH):
            return self._unpublish_or_delete(standard, line)

        def fill(obj):
            _fill_standard(obj, line.data)
            obj.related = self._related(line.data.get("related", []))

        def create():
            new = self._new_standard(line)
            fill(new)
            return new

        action, _ = self._upsert(
            standard, line, serialise=export.serialise_standard, fill=fill, create=create,
            force=identifier in self._precreated,
        )
        return action

    def _new_standard(self, line: Line) -> Standard:
        standard = Standard(identifier=line.data["identifier"], live=False)
        _fill_standard(standard, line.data)
        standard.save()  # revisions and relations need a primary key
        return standard

    def _related(self, identifiers: list[str]) -> list[Standard]:
        found = {s.identifier: s for s in Standard.objects.filter(identifier__in=identifiers)}
        for identifier in identifiers:
            if identifier not in found:
                # Defined further down the file (validation checked that); its own line completes it.
                found[identifier] = self._new_standard(self._upserts[("standard", identifier)])
                self._precreated.add(identifier)
        return [found[identifier] for identifier in identifiers]

    # --- local variants -----------------------------------------------------------------------------------------

    def apply_local_text(self, line: Line) -> str:
        data = line.data
        place = self.lookups.place(data)
        item_field, part_field = local_text_target(data)
        item_model = {"guide": GuidePage, "step_by_step": StepByStepPage, "teaching_module": TeachingModulePage}[
            item_field]
        item = item_model.objects.filter(slug=data[item_field], locale__language_code=data["locale"]).first()
        key = data[part_field] if part_field else ""
        model = item and local_variants.local_text_model_of(item)
        identity = {model.target_key_field: key} if model and model.target_key_field else {}
        local_text = item and model.objects.filter(**{model.localised_field: item}, **identity, **place).first()
        if line.action in (DELETE, UNPUBLISH):
            return self._unpublish_or_delete(
                local_text, line,
                unpublish=lambda variant: local_variants.unpublish_variant(user=SYSTEM, variant=variant),
                delete=lambda variant: local_variants.delete_variant(user=SYSTEM, variant=variant),
            )
        was_live = bool(local_text and local_text.live)
        if local_text:
            current, wanted = export.serialise_local_text(local_text), line.as_export()
            if current == wanted:
                return UNCHANGED
            current.pop("live", None)
            wanted.pop("live", None)
            if current == wanted:
                if line.live:
                    local_variants.publish_variant(user=SYSTEM, variant=local_text)
                    return UPDATED
                local_variants.unpublish_variant(user=SYSTEM, variant=local_text)
                return UNPUBLISHED
            if was_live and not line.live:
                local_variants.unpublish_variant(user=SYSTEM, variant=local_text)
        local_variants.save_local_text_on(
            user=SYSTEM, item=item, key=key, body_html=data["body_html"], publish=line.live, **place,
        )
        if not local_text:
            return CREATED
        return UNPUBLISHED if was_live and not line.live else UPDATED


def _as_line_gives(current: dict, wanted: dict) -> dict:
    """``current`` without what the line may leave to the system: a review date (kept, or set on publish) and
    step keys (kept by position, or made from the title)."""
    current = dict(current)
    if "review_by" not in wanted:
        current.pop("review_by", None)
    if "steps" in current and "steps" in wanted and len(current["steps"]) == len(wanted["steps"]):
        current["steps"] = [
            {k: v for k, v in step.items() if k != "key" or "key" in given}
            for step, given in zip(current["steps"], wanted["steps"])
        ]
    return current


def _link_translation(page, data: dict, unsaved_sources: dict | None = None) -> None:
    """A translation shares the translation key of its Danish source (Wagtail's link between language versions);
    a page whose line no longer names a source gets a key of its own. Danish pages keep theirs."""
    model = type(page)
    unsaved_sources = unsaved_sources or {}
    if data.get("translation_of") in unsaved_sources:
        page.translation_key = unsaved_sources[data["translation_of"]].translation_key
    elif data.get("translation_of"):
        sources = model.objects.filter(slug=data["translation_of"], locale__language_code=DEFAULT_LOCALE)
        page.translation_key = sources.values_list("translation_key", flat=True).get()
    elif data["locale"] != DEFAULT_LOCALE and page.pk is not None and model.objects.filter(
        translation_key=page.translation_key, locale__language_code=DEFAULT_LOCALE
    ).exists():
        page.translation_key = uuid.uuid4()


def _sha1(content: bytes) -> str:
    return hash_filelike(io.BytesIO(content))  # Wagtail's own file hash (Image.file_hash)


def _write_url_overrides(link: SelfServiceLinkPage, data: dict, lookups: Lookups) -> None:
    """Make the link's live overrides exactly the listed ones.

    Listed places are created or updated and published; live overrides of places
    not listed are deleted. Unpublished (draft) overrides of unlisted places are
    left alone: they are an editor's work in progress, not part of the line.
    """
    wanted = {(place, code): url for place, code, url in wanted_url_overrides(data)}
    existing = {}
    for override in link.url_overrides.select_related("municipality", "region"):
        place = ("municipality", override.municipality.code) if override.municipality_id else (
            "region", override.region.code)
        existing[place] = override
    for (place, code), url in sorted(wanted.items()):
        override = existing.get((place, code))
        if override and override.live and override.url == url:
            continue
        location = lookups.place({place: code})
        local_variants.save_url_override(user=SYSTEM, link=link, url=url, publish=True, **location)
    for place, override in sorted(existing.items()):
        if override.live and place not in wanted:
            local_variants.delete_variant(user=SYSTEM, variant=override)


def wanted_url_overrides(data: dict) -> list[tuple[str, str, str]]:
    """(place, code, url) of every address a self_service_link line lists, in the order they are written."""
    wanted = {("municipality", code): url for code, url in data.get("municipality_urls", {}).items()}
    wanted |= {("region", code): url for code, url in data.get("region_urls", {}).items()}
    return [(place, code, url) for (place, code), url in sorted(wanted.items())]


GUIDE = PageKind(GuidePage, export.serialise_guide, _fill_guide, export.guide_rows)
SELF_SERVICE_LINK = PageKind(
    SelfServiceLinkPage, export.serialise_self_service_link, _fill_self_service_link, export.self_service_link_rows,
    outside=("municipality_urls", "region_urls"), write_outside=_write_url_overrides,
)
STEP_BY_STEP = PageKind(StepByStepPage, export.serialise_step_by_step, _fill_step_by_step, export.step_by_step_rows)
TEACHING_MODULE = PageKind(
    TeachingModulePage, export.serialise_teaching_module, _fill_teaching_module, export.teaching_module_rows
)

