"""The import line format as data: field specs per kind, and validation of one line (no database access).

Validation also normalises, so that a valid line compares equal to the export of the
item it describes (see export.py):
- optional fields that are null, "", whitespace, [] or {} are dropped (export omits them too);
- fields with a default (locale, login, audience) are filled in (export always writes them);
- municipality codes become 3 digits, rich text is sanitised, unordered lists are sorted.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import slug_re, slug_unicode_re
from PIL import Image, UnidentifiedImageError

from ..fields import validate_web_url
from ..html_sanitiser import HtmlRefused, sanitise_html
from ..kinds import registry
from ..models.geography import normalise_municipality_code
from . import kinds

UPSERT, UNPUBLISH, DELETE = "upsert", "unpublish", "delete"
LOCALES = ("da", "en")
DEFAULT_LOCALE = "da"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a line: ``field`` is a dotted path, "-" when not about one field."""

    field: str
    message: str


class Invalid(Exception):
    """A scalar value is rejected; the message says what it must be."""


_MISSING = object()


def is_empty(value) -> bool:
    """The single definition of an empty optional value, shared by import and export."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, dict)):
        return not value
    return False


def _json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _shown(value) -> str:
    """A rejected value as messages show it: strings quoted, numbers and booleans as JSON, else the type."""
    if isinstance(value, str):
        text = repr(value)
    elif isinstance(value, (bool, int, float)) or value is None:
        text = json.dumps(value)
    else:
        text = _json_type(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --- field types ---------------------------------------------------------------------------------------------------


class FieldType:
    """Checks and normalises one JSON value; nested types report problems under sub-paths."""

    def clean(self, value, path: str, problems: list[Problem]):
        try:
            return self.clean_scalar(value)
        except Invalid as exc:
            problems.append(Problem(path, str(exc)))
            return _MISSING

    def clean_scalar(self, value):
        raise NotImplementedError


class Text(FieldType):
    def __init__(self, max_length: int | None = None, single_line: bool = False):
        self.max_length = max_length
        self.single_line = single_line

    def clean_scalar(self, value):
        if not isinstance(value, str):
            raise Invalid(f"must be a string, got {_json_type(value)}")
        if "\x00" in value:
            raise Invalid("contains a NUL character (\\u0000); remove it")  # PostgreSQL cannot store it
        if self.max_length and len(value) > self.max_length:
            raise Invalid(f"is {len(value)} characters long; shorten it to at most {self.max_length}")
        if self.single_line and ("\n" in value or "\r" in value):
            raise Invalid("must be a single line (each item is stored on its own line)")
        return value


class Slug(Text):
    def __init__(self, max_length: int, unicode: bool = False):
        super().__init__(max_length)
        self.pattern = slug_unicode_re if unicode else slug_re

    def clean_scalar(self, value):
        value = super().clean_scalar(value)
        if not self.pattern.match(value):
            raise Invalid(f"must be a slug (letters, digits, hyphens and underscores only), got {_shown(value)}")
        return value


class Choice(FieldType):
    def __init__(self, values):
        self.values = tuple(values)

    def clean_scalar(self, value):
        if value not in self.values or not isinstance(value, str):
            raise Invalid(f"must be one of {', '.join(self.values)}; got {_shown(value)}")
        return value


class Url(Text):
    _validator = validate_web_url  # the models' rule (WebURLField): what the admin accepts, an import accepts

    def __init__(self):
        super().__init__(max_length=500)

    def clean_scalar(self, value):
        value = super().clean_scalar(value)
        try:
            self._validator(value)
        except ValidationError:
            raise Invalid(f"must be an http or https URL, got {_shown(value)}") from None
        return value


class Html(FieldType):
    def clean_scalar(self, value):
        if not isinstance(value, str):
            raise Invalid(f"must be a string of HTML, got {_json_type(value)}")
        try:
            cleaned = sanitise_html(value)  # HTML_MAX_DEPTH, HTML_MAX_LENGTH
        except HtmlRefused as refused:
            raise Invalid(str(refused)) from None
        if value.strip() and not cleaned.strip():
            raise Invalid("has no content left after removing disallowed HTML; give text in allowed tags such as <p>")
        return cleaned


class Date(FieldType):
    def clean_scalar(self, value):
        if not (isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value)):
            raise Invalid(f'must be a date as "YYYY-MM-DD" such as "2027-06-30", got {_shown(value)}')
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise Invalid(f"is not a real date, got {_shown(value)}") from None
        return value
# The image formats an import line may carry, by Pillow's format name: what browsers show and Wagtail renders.
IMAGE_MEDIA_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
IMAGE_MAX_BYTES = 10 * 1024 * 1024  # as Wagtail's upload limit (WAGTAILIMAGES_MAX_UPLOAD_SIZE)
IMAGE_MAX_PIXELS = 40_000_000  # as Wagtail's WAGTAILIMAGES_MAX_IMAGE_PIXELS: no decompression bombs


def image_data_uri(media_type: str, data: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


class ImageData(FieldType):
    """An image file as a data URI (``data:image/png;base64,...``), so that an export is one self-contained file.

    The bytes are checked with Pillow (format, size, pixels) but kept as they are: export writes the stored file
    back, byte for byte.
    """

    _pattern = re.compile(r"data:(image/[a-z+.-]+);base64,([A-Za-z0-9+/=\s]*)", re.ASCII)

    def clean_scalar(self, value):
        if not isinstance(value, str):
            raise Invalid(f"must be a data URI such as \"data:image/png;base64,...\", got {_json_type(value)}")
        match = self._pattern.fullmatch(value)
        if not match:
            raise Invalid("must be a data URI of the form \"data:image/png;base64,<base64 of the file>\"")
        try:
            data = base64.b64decode(match.group(2), validate=False)
        except (binascii.Error, ValueError):
            raise Invalid("holds invalid base64; encode the image file with base64") from None
        if len(data) > IMAGE_MAX_BYTES:
            raise Invalid(f"is {len(data)} bytes; images may be at most {IMAGE_MAX_BYTES} bytes")
        try:
            with Image.open(io.BytesIO(data)) as image:
                width, height, found = image.width, image.height, image.format
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            raise Invalid("is not a readable image; give a PNG, JPEG, GIF or WebP file") from None
        if found not in IMAGE_MEDIA_TYPES:
            raise Invalid(f"is a {found} image; give a PNG, JPEG, GIF or WebP file")
        if width * height > IMAGE_MAX_PIXELS:
            raise Invalid(f"has {width}x{height} pixels; images may have at most {IMAGE_MAX_PIXELS} pixels")
        # The media type as the bytes say, so the line equals its export.
        return image_data_uri(IMAGE_MEDIA_TYPES[found], data)


class PositiveInt(FieldType):
    def clean_scalar(self, value):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 2_147_483_647:
            raise Invalid(f"must be a positive whole number, got {_shown(value)}")
        return value


class Boolean(FieldType):
    def clean_scalar(self, value):
        if not isinstance(value, bool):
            raise Invalid(f"must be true or false, got {_shown(value)}")
        return value


class MunicipalityCode(FieldType):
    def clean_scalar(self, value):
        if not isinstance(value, str):
            raise Invalid(f'must be a string such as "751", got {_json_type(value)}')
        code = normalise_municipality_code(value)
        if not (len(code) == 3 and code.isdigit()):
            raise Invalid(f'must be a 3-digit municipality code such as "751" (or "0751"), got {_shown(value)}')
        return code


class RegionCode(FieldType):
    def clean_scalar(self, value):
        if not (isinstance(value, str) and re.fullmatch(r"10[0-9]{2}", value)):
            raise Invalid(f'must be a 4-digit region code such as "1082" (1081-1085), got {_shown(value)}')
        return value


class Cvr(FieldType):
    def clean_scalar(self, value):
        if not (isinstance(value, str) and re.fullmatch(r"[0-9]{8}", value)):
            raise Invalid(f'must be a CVR number of 8 digits as a string such as "12345678", got {_shown(value)}')
        return value


class ListOf(FieldType):
    """A JSON list; ``unique`` rejects repeats, ``sort`` normalises lists whose order the DB does not keep,
    ``max_items_setting`` names the setting that caps its length (IMPORT_MAX_SECTIONS)."""

    def __init__(self, item: FieldType, unique: bool = False, sort: bool = False, unique_by: str | None = None,
                 max_items_setting: str | None = None):
        self.item, self.unique, self.sort, self.unique_by = item, unique, sort, unique_by
        self.max_items_setting = max_items_setting

    def clean(self, value, path, problems):
        if not isinstance(value, list):
            problems.append(Problem(path, f"must be a list, got {_json_type(value)}"))
            return _MISSING
        limit = getattr(settings, self.max_items_setting) if self.max_items_setting else None
        if limit is not None and len(value) > limit:
            problems.append(Problem(path, f"has {len(value)} items; at most {limit} per item are allowed "
                                          f"({self.max_items_setting}): split the item"))
            return _MISSING
        result, seen, ok = [], {}, True
        for index, raw in enumerate(value):
            item_path = f"{path}[{index}]"
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                problems.append(Problem(item_path, "must not be empty; remove the item or give a value"))
                ok = False
                continue
            cleaned = self.item.clean(raw, item_path, problems)
            if cleaned is _MISSING:
                ok = False
                continue
            if self.unique or self.unique_by:
                marker = cleaned.get(self.unique_by) if self.unique_by else cleaned
                if marker is not None and marker in seen:
                    sub = f".{self.unique_by}" if self.unique_by else ""
                    what = f"{self.unique_by} " if self.unique_by else ""
                    problems.append(
                        Problem(f"{item_path}{sub}", f"duplicate {what}{marker!r} (also {path}[{seen[marker]}]); "
                                                     "give each once")
                    )
                    ok = False
                    continue
                seen.setdefault(marker, index)
            result.append(cleaned)
        if not ok:
            return _MISSING
        return sorted(result) if self.sort else result


class CodeMap(FieldType):
    """An object mapping place codes to values, e.g. {"751": "https://..."}; keys are normalised and sorted."""

    def __init__(self, key: FieldType, value: FieldType):
        self.key, self.value = key, value

    def clean(self, value, path, problems):
        if not isinstance(value, dict):
            example = '{"751": "https://..."}'
            problems.append(Problem(path, f"must be an object such as {example}, got {_json_type(value)}"))
            return _MISSING
        result, given, ok = {}, {}, True
        for raw_key, raw_value in value.items():
            item_path = f"{path}.{raw_key}"
            key = self.key.clean(raw_key, item_path, problems)
            cleaned = self.value.clean(raw_value, item_path, problems)
            if key is _MISSING or cleaned is _MISSING:
                ok = False
                continue
            if key in result:
                problems.append(Problem(item_path, f"is the same code as {given[key]!r}; give each code once"))
                ok = False
                continue
            result[key], given[key] = cleaned, raw_key
        return dict(sorted(result.items())) if ok else _MISSING


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    required: bool = False
    default: object = None
    identifying: bool = False


class Record(FieldType):
    """A JSON object with known fields: unknown ones are errors, empty optional ones are dropped."""

    def __init__(self, fields: tuple[Field, ...], noun: str):
        self.fields = fields
        self.noun = noun
        self.names = tuple(f.name for f in fields)

    def clean(self, value, path, problems):
        if not isinstance(value, dict):
            problems.append(Problem(path, f"must be an object, got {_json_type(value)}"))
            return _MISSING
        prefix = f"{path}."
        for name in value:
            if name not in self.names:
                problems.append(
                    Problem(f"{prefix}{name}", f"unknown field; remove it ({self.noun} take {', '.join(self.names)})")
                )
        return self.clean_fields(value, self.fields, prefix, problems)

    @staticmethod
    def clean_fields(value: dict, fields, prefix: str, problems: list[Problem]) -> dict:
        result, before = {}, len(problems)
        for spec in fields:
            raw = value.get(spec.name)
            if raw is None:
                if spec.required:
                    problems.append(Problem(f"{prefix}{spec.name}", "required field is missing"))
                elif spec.default is not None:
                    result[spec.name] = spec.default
                continue
            cleaned = spec.type.clean(raw, f"{prefix}{spec.name}", problems)
            if cleaned is _MISSING:
                continue
            if is_empty(cleaned):
                if spec.required:
                    problems.append(Problem(f"{prefix}{spec.name}", "must not be empty"))
                elif spec.default is not None:
                    result[spec.name] = spec.default
                continue
            result[spec.name] = cleaned
        return result if len(problems) == before else _MISSING


# --- the kinds -----------------------------------------------------------------------------------------------------

TITLE = Text(255)
TOPICS = Field("topics", ListOf(Slug(100), unique=True, sort=True))
# Every page kind: the authority that owns it and when it is reviewed next (absent: 12 months after publish).
LIFECYCLE = (Field("owner", Slug(100)), Field("review_by", Date()))
IMAGE_KEY = Slug(100)


def _authority_rules(data: dict, raw: dict, problems: list[Problem]) -> None:
    for place in ("municipality", "region"):
        if data.get("type") == place and raw.get(place) is None:
            problems.append(Problem(place, f"required when type is '{place}'; give the {place} code"))


def _place_problems(raw: dict) -> list[Problem]:
    given = [place for place in ("municipality", "region") if raw.get(place) is not None]
    if not given:
        return [Problem("municipality", "required: give either municipality or region")]
    if len(given) == 2:
        return [Problem("region", "give either municipality or region, not both")]
    return []


# A local text names exactly one target: (item field, the field naming its part or None).
LOCAL_TEXT_TARGETS = (("guide", "section"), ("step_by_step", "step"), ("teaching_module", None))


def local_text_target(data: dict) -> tuple[str, str | None]:
    """The (item field, part field) a valid local_text line uses."""
    return next(target for target in LOCAL_TEXT_TARGETS if target[0] in data)


def _target_problems(raw: dict) -> list[Problem]:
    given = [item for item, _part in LOCAL_TEXT_TARGETS if raw.get(item) is not None]
    if not given:
        return [Problem("guide", "required: name the target: guide and section, step_by_step and step, or "
                                 "teaching_module")]
    if len(given) > 1:
        return [Problem(given[1], f"give one target, not both {given[0]} and {given[1]}")]
    item, part = next(target for target in LOCAL_TEXT_TARGETS if target[0] == given[0])
    problems = []
    for other in ("section", "step"):
        if other != part and raw.get(other) is not None:
            hint = f"; use {part}" if part else " (a teaching module's local text belongs to the whole module)"
            problems.append(Problem(other, f"not allowed with {item}{hint}"))
    if part and raw.get(part) is None:
        problems.append(Problem(part, f"required with {item}: give the {part}'s key"))
    return problems


def _local_text_rules(data: dict, raw: dict, problems: list[Problem]) -> None:
    problems.extend(_target_problems(raw))
    problems.extend(_place_problems(raw))


@dataclass(frozen=True)
class KindSpec:
    kind: str
    noun: str  # how messages name an item of this kind
    fields: tuple[Field, ...]
    publishable: bool = True  # takes "live"
    rules: Callable[[dict, dict, list[Problem]], None] | None = None  # cross-field rules
    rules_identify: bool = False  # the rules decide the item's identity too (also on unpublish/delete lines)

    @property
    def identifying(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.identifying)

    @property
    def control_names(self) -> tuple[str, ...]:
        return ("kind", "live", "delete") if self.publishable else ("kind", "delete")


_SECTION = Record(
    (
        Field("key", Slug(64), required=True),
        Field("heading", TITLE, required=True),
        Field("body_html", Html(), required=True),
    ),
    noun="sections",
)
_STEP = Record(
    (
        Field("key", Slug(64)),  # stable: local texts attach to it; made from the title when absent
        Field("title", TITLE, required=True),
        Field("body_html", Html(), required=True),
        Field("tools", ListOf(Text(single_line=True))),
    ),
    noun="steps",
)

TOPIC = KindSpec(
    "topic", "topic",
    (
        Field("slug", Slug(100), required=True, identifying=True),
        Field("title", Text(200), required=True),
        Field("title_en", Text(200)),
        Field("parent", Slug(100)),
        Field("description", Text()),
    ),
    publishable=False,
)
AUTHORITY = KindSpec(
    "authority", "authority",
    (
        Field("slug", Slug(100), required=True, identifying=True),
        Field("name", Text(200), required=True),
        Field("type", Choice(("state", "region", "municipality", "other")), required=True),
        Field("municipality", MunicipalityCode()),
        Field("region", RegionCode()),
        Field("cvr", Cvr()),
        Field("url", Url()),
    ),
    publishable=False,
    rules=_authority_rules,
)
STANDARD = KindSpec(
    "standard", "standard",
    (
        Field("identifier", Text(100), required=True, identifying=True),
        Field("title", TITLE, required=True),
        Field("category", Choice(("standard", "architecture_document", "service", "organisation")), required=True),
        Field("version", Text(50)),
        Field("status", Text(100)),
        Field("description", Text()),
        Field("url", Url()),
        Field("owner", Text(255)),
        Field("related", ListOf(Text(100), unique=True, sort=True)),
    ),
)
LOCALE = Field("locale", Choice(LOCALES), default=DEFAULT_LOCALE, identifying=True)
TRANSLATION_OF = Field("translation_of", Slug(255, unicode=True))


def _translation_rules(data: dict, raw: dict, problems: list[Problem]) -> None:
    if raw.get("translation_of") is not None and raw.get("locale") in (None, DEFAULT_LOCALE):
        problems.append(Problem("translation_of", f"only a translation names its source; a Danish "
                                                  f"({DEFAULT_LOCALE}) item is the source: remove translation_of "
                                                  "or give the line its own \"locale\""))


def _page_spec(kind: str, noun: str, fields: tuple[Field, ...]) -> KindSpec:
    """A page kind's spec: a translatable kind (content_models.kinds) also takes its language, which is part of
    its identity (a slug may repeat across languages), and the Danish item it translates."""
    if not registry.get(kind).translatable:
        return KindSpec(kind, noun, fields)
    slug, *rest = fields
    return KindSpec(kind, noun, (slug, LOCALE, TRANSLATION_OF, *rest), rules=_translation_rules)


SELF_SERVICE_LINK = _page_spec(
    "self_service_link", "self-service link",
    (
        Field("slug", Slug(255, unicode=True), required=True, identifying=True),
        Field("title", TITLE, required=True),
        Field("description", Text(), required=True),
        Field("url", Url(), required=True),
        Field("authority", Slug(100)),
        Field("login", Choice(("none", "mitid", "mitid_erhverv")), default="none"),
        Field("audience", Choice(("citizen", "business")), default="citizen"),
        TOPICS,
        Field("municipality_urls", CodeMap(MunicipalityCode(), Url())),
        Field("region_urls", CodeMap(RegionCode(), Url())),
        *LIFECYCLE,
    ),
)
GUIDE = _page_spec(
    "guide", "guide",
    (
        Field("slug", Slug(255, unicode=True), required=True, identifying=True),
        Field("title", TITLE, required=True),
        Field("summary", Text(), required=True),
        TOPICS,
        Field("self_service_links", ListOf(Slug(255, unicode=True), unique=True, sort=True)),
        Field(
            "sections", ListOf(_SECTION, unique_by="key", max_items_setting="IMPORT_MAX_SECTIONS"), required=True
        ),
        *LIFECYCLE,
    ),
)
LOCAL_TEXT = KindSpec(
    "local_text", "local text",
    (
        Field("guide", Slug(255, unicode=True), identifying=True),
        Field("section", Slug(64), identifying=True),
        Field("step_by_step", Slug(255, unicode=True), identifying=True),
        Field("step", Slug(64), identifying=True),
        Field("teaching_module", Slug(255, unicode=True), identifying=True),
        Field("municipality", MunicipalityCode(), identifying=True),
        Field("region", RegionCode(), identifying=True),
        Field("locale", Choice(LOCALES), default=DEFAULT_LOCALE, identifying=True),
        Field("body_html", Html(), required=True),
    ),
    rules=_local_text_rules,
    rules_identify=True,
)
STEP_BY_STEP = _page_spec(
    "step_by_step", "step-by-step guide",
    (
        Field("slug", Slug(255, unicode=True), required=True, identifying=True),
        Field("title", TITLE, required=True),
        Field("summary", Text(), required=True),
        TOPICS,
        Field("steps", ListOf(_STEP, unique_by="key", max_items_setting="IMPORT_MAX_SECTIONS"), required=True),
        *LIFECYCLE,
    ),
)
TEACHING_MODULE = _page_spec(
    "teaching_module", "teaching module",
    (
        Field("slug", Slug(255, unicode=True), required=True, identifying=True),
        Field("title", TITLE, required=True),
        Field("summary", Text(), required=True),
        Field("audience", Text(255), required=True),
        Field("level", Choice(("beginner", "intermediate", "advanced")), required=True),
        Field("duration_minutes", PositiveInt(), required=True),
        Field("objectives", ListOf(Text(500)), required=True),
        Field("body_html", Html(), required=True),
        TOPICS,
        *LIFECYCLE,
    ),
)

IMAGE = KindSpec(
    "image", "image",
    (
        Field("key", IMAGE_KEY, required=True, identifying=True),
        Field("title", TITLE, required=True),
        Field("alt_text", TITLE, required=True),
        Field("file", ImageData(), required=True),
    ),
    publishable=False,
)


def _with_image(spec: KindSpec) -> KindSpec:
    """A page kind's spec with its optional ``image`` (an image's key) when the kind registry says it has one."""
    if not registry.get(spec.kind).has_image:
        return spec
    return dataclasses.replace(spec, fields=spec.fields + (Field("image", IMAGE_KEY),))


SELF_SERVICE_LINK, GUIDE, STEP_BY_STEP, TEACHING_MODULE = map(
    _with_image, (SELF_SERVICE_LINK, GUIDE, STEP_BY_STEP, TEACHING_MODULE)
)


# --- one line --------------------------------------------------------------------------------------------------------


@dataclass
class Line:
    """A line that passed (or partly passed) validation, with its normalised data."""

    number: int
    kind: str
    action: str = UPSERT
    live: bool = True
    data: dict = field(default_factory=dict)
    key: tuple | None = None  # identity, when the identifying fields are valid
    problems: list[Problem] = field(default_factory=list)

    @property
    def spec(self) -> KindSpec:
        return kinds.spec(self.kind)

    @property
    def label(self) -> str:
        return describe(self.kind, self.data)

    def as_export(self) -> dict:
        """The line as export_content would write it (for the unchanged check)."""
        return to_line(self.kind, self.data, self.live)


def identity(kind: str, data: dict) -> tuple:
    """The key of the item a line describes: the kind and its identifying values (see handlers)."""
    return kinds.handler(kind).identity(data)


def describe(kind: str, data: dict) -> str:
    """How messages name an item, e.g. "guide 'flytning'" or "local text 'flytning/anmeld/751' (en)"."""
    name = kinds.handler(kind).name(data)
    suffix = f" ({data['locale']})" if data.get("locale", DEFAULT_LOCALE) != DEFAULT_LOCALE else ""
    return f"{kinds.spec(kind).noun} {name!r}{suffix}"


def to_line(kind: str, values: dict, live: bool = True) -> dict:
    """An export line: kind first, fields in spec order, empty optional values left out, live only when false."""
    line = {"kind": kind}
    for spec in kinds.spec(kind).fields:
        value = values.get(spec.name)
        if not is_empty(value):
            line[spec.name] = value
    if not live:
        line["live"] = False
    return line


def _action_of(spec: KindSpec, raw: dict, problems: list[Problem]) -> tuple[str, bool]:
    flags = {}
    for name in ("delete", "live"):
        if name in spec.control_names and raw.get(name) is not None:
            flags[name] = Boolean().clean(raw[name], name, problems)
    if flags.get("delete") is True:
        return DELETE, False
    live = flags.get("live") is not False
    has_content = any(raw.get(f.name) is not None for f in spec.fields if not f.identifying)
    if not live and not has_content:
        return UNPUBLISH, False
    return UPSERT, live


def validate_line(number: int, raw) -> Line:
    """Check one parsed JSON value against its kind's spec; the line's problems say what is wrong."""
    if not isinstance(raw, dict):
        return _bare(number, Problem("-", f"must be a JSON object with a \"kind\", got {_json_type(raw)}"))
    kind = raw.get("kind")
    if kind is None:
        return _bare(number, Problem("kind", f"required field is missing; use one of {', '.join(kinds.codes())}"))
    if not kinds.is_importable(kind):
        return _bare(number, Problem("kind", f"unknown kind {_shown(kind)}; use one of {', '.join(kinds.codes())}"))
    spec = kinds.spec(kind)
    line = Line(number=number, kind=kind)
    problems = line.problems
    line.action, line.live = _action_of(spec, raw, problems)

    allowed = spec.fields if line.action == UPSERT else spec.identifying
    names = tuple(f.name for f in spec.fields) + spec.control_names
    for name in raw:
        if name not in names:
            problems.append(Problem(name, f"unknown field; remove it ({kind} lines take {', '.join(names)})"))
        elif raw[name] is not None and (
            (line.action == DELETE and name == "live")
            or (name not in spec.control_names and name not in {f.name for f in allowed})
        ):
            ids = ", ".join(f.name for f in spec.identifying)
            problems.append(Problem(name, f"not allowed on a {line.action} line, which takes only kind and {ids}"))

    data = Record.clean_fields(raw, allowed, "", problems)
    if spec.rules and (line.action == UPSERT or spec.rules_identify):
        spec.rules(data if data is not _MISSING else {}, raw, problems)
    if data is not _MISSING and not problems:
        line.data = data
        line.key = identity(kind, data)
    else:
        # Still identify the line if its identifying fields are fine, for duplicate and dependency messages.
        id_problems: list[Problem] = []
        id_data = Record.clean_fields(raw, spec.identifying, "", id_problems)
        if id_data is not _MISSING and (not spec.rules_identify or not _identity_problems(kind, raw)):
            line.data = id_data
            line.key = identity(kind, id_data)
    return line


def _bare(number: int, problem: Problem) -> Line:
    line = Line(number=number, kind="")
    line.problems.append(problem)
    return line


def _identity_problems(kind: str, raw: dict) -> list[Problem]:
    """Problems that keep a line's identity from being known (a local text's place and target)."""
    problems = _place_problems(raw)
    if kind == "local_text":
        problems += _target_problems(raw)
    return problems
