"""Each importable kind's part in import and export, in one record per kind.

The content-kind registry (content_models.kinds) names these records (``importer``); validation, the reference
checks, writing and export dispatch through them instead of naming kinds themselves.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from . import apply, batches, export, schema
from .apply import Applier
from .references import Catalogue, step_keys


def _by_first_identifier(spec: schema.KindSpec) -> Callable[[dict], tuple]:
    name = spec.identifying[0].name
    return lambda data: (spec.kind, data[name])


def _first_identifier(spec: schema.KindSpec) -> Callable[[dict], str]:
    name = spec.identifying[0].name
    return lambda data: data.get(name)


@dataclass(frozen=True)
class ImportHandler:
    spec: schema.KindSpec  # the fields of its lines
    load: Callable[[Catalogue], None]  # what exists in the database, for the reference checks
    check: Callable[[Catalogue, schema.Line, list], None]  # a line against what exists before it
    apply: Callable[[Applier, schema.Line], str]  # write a valid line; returns one of apply.ACTIONS
    export: Callable[[], Iterator[dict]]  # every item as a line
    # A run of consecutive lines at once (batches.py), giving each line's action; None: one line at a time.
    apply_many: Callable[[Applier, list[schema.Line]], list[str]] | None = None
    remember: Callable[[dict], object] = lambda data: None  # what later checks need to know of a defined item
    identity: Callable[[dict], tuple] | None = None  # the item's key (default: the kind and its first identifier)
    name: Callable[[dict], str] | None = None  # how messages name it (default: its first identifier)

    def __post_init__(self):
        if self.identity is None:
            object.__setattr__(self, "identity", _by_first_identifier(self.spec))
        if self.name is None:
            object.__setattr__(self, "name", _first_identifier(self.spec))


def _page(kind: "apply.PageKind"):
    return lambda applier, line: applier.apply_page(line, kind)


def _pages(kind: "apply.PageKind"):
    return lambda applier, lines: batches.apply_pages(applier, kind, lines)


def _page_handler(spec: schema.KindSpec, page_kind: "apply.PageKind", export_items, check, *, fact=None, load=None,
                  remember=lambda data: None) -> ImportHandler:
    """The handler of a page kind: an item per language, identified by (kind, locale, slug), which may translate
    the Danish item of its kind (checked for every translatable kind by Catalogue.check); runs of lines are applied
    in bulk (batches.apply_pages)."""
    code = spec.kind
    return ImportHandler(
        spec, load or (lambda catalogue: catalogue.load_pages(code, fact)), check, _page(page_kind), export_items,
        apply_many=_pages(page_kind), remember=remember, identity=lambda data: (code, data["locale"], data["slug"]),
    )


def _local_text_identity(data: dict) -> tuple:
    """Keyed like the item's own identity, under the registry code of its model's kind, so that deleting the item
    removes its local texts from the catalogue too (references.Catalogue._remove)."""
    place = ("municipality", data["municipality"]) if "municipality" in data else ("region", data["region"])
    item_field, part_field = schema.local_text_target(data)
    if item_field == "guide":
        return ("local_text", data["locale"], data["guide"], data["section"], *place)
    code = "step_local_text" if item_field == "step_by_step" else "module_local_text"
    part = (data[part_field],) if part_field else ()
    return (code, data["locale"], data[item_field], *part, *place)


def _local_text_name(data: dict) -> str:
    item = next((data[field] for field, _part in schema.LOCAL_TEXT_TARGETS if data.get(field)), None)
    parts = [item, data.get("section") or data.get("step"), data.get("municipality") or data.get("region")]
    return "/".join(str(part) for part in parts if part)


TOPIC = ImportHandler(
    schema.TOPIC, Catalogue.load_topics, Catalogue.check_topic, Applier.apply_topic, export.topics,
    remember=lambda data: data.get("parent"),
)
AUTHORITY = ImportHandler(
    schema.AUTHORITY, Catalogue.load_authorities, Catalogue.check_authority, Applier.apply_authority,
    export.authorities,
)
STANDARD = ImportHandler(
    schema.STANDARD, Catalogue.load_standards, Catalogue.check_standard, Applier.apply_standard, export.standards,
)
SELF_SERVICE_LINK = _page_handler(
    schema.SELF_SERVICE_LINK, apply.SELF_SERVICE_LINK, export.self_service_links, Catalogue.check_self_service_link,
    fact="authority__slug", remember=lambda data: data.get("authority"),
)
GUIDE = _page_handler(
    schema.GUIDE, apply.GUIDE, export.guides, Catalogue.check_guide, load=Catalogue.load_guides,
    remember=lambda data: {section["key"] for section in data["sections"]},
)
LOCAL_TEXT = ImportHandler(
    schema.LOCAL_TEXT, Catalogue.load_local_texts, Catalogue.check_local_text, Applier.apply_local_text,
    export.local_texts, apply_many=batches.apply_local_texts, identity=_local_text_identity, name=_local_text_name,
)
STEP_BY_STEP = _page_handler(
    schema.STEP_BY_STEP, apply.STEP_BY_STEP, export.step_by_step_guides, Catalogue.check_lifecycle_page,
    load=Catalogue.load_step_by_steps, remember=lambda data: step_keys(data["steps"]),
)
IMAGE = ImportHandler(
    schema.IMAGE, Catalogue.load_images, Catalogue.check_image, Applier.apply_image, export.images,
)
TEACHING_MODULE = _page_handler(
    schema.TEACHING_MODULE, apply.TEACHING_MODULE, export.teaching_modules, Catalogue.check_lifecycle_page,
)
