"""Cross-line and database reference checks.

A ``Catalogue`` is what exists at the current point of the file: the database as
loaded at the start, plus the effects of the valid lines before the current one
(upserts define items, deletes remove them and what cascades with them). Lines
are checked in file order, so a reference must point at the database or an
earlier line; standards' ``related`` may point anywhere in the file (checked
afterwards by ``check_standards``).
"""

from collections.abc import Iterable
from types import SimpleNamespace

from ..kinds import registry
from ..models import (
    Authority,
    GuidePage,
    GuideSection,
    LocalText,
    ModuleLocalText,
    Municipality,
    PortalImage,
    Region,
    Standard,
    Step,
    StepLocalText,
    Topic,
)
from ..models.pages import assign_step_keys
from . import kinds
from .schema import DEFAULT_LOCALE, DELETE, UNPUBLISH, UPSERT, Line, Problem, describe


def _names(items) -> str:
    return ", ".join(repr(item) for item in items)


def _topic(slug):
    return ("topic", slug)


def _guide(locale, slug):
    return ("guide", locale, slug)


def step_keys(steps: list[dict]) -> set[str]:
    """The keys a step_by_step line's steps will have: given ones, else made from the title as the import does."""
    items = [SimpleNamespace(key=step.get("key", ""), title=step["title"]) for step in steps]
    assign_step_keys(items)
    return {item.key for item in items}


def _identity_data(identity: tuple) -> dict:
    """What ``describe`` needs of a page's identity: (kind, locale, slug)."""
    return {"locale": identity[1], "slug": identity[2]}


class Catalogue:
    """The items that exist at the current line, with what the checks need to know about them."""

    def __init__(self):
        # identity -> facts other checks need: a topic's parent slug, a link's authority
        # slug, a guide's section keys; None when nothing is needed.
        self.items: dict[tuple, object] = {}
        self.municipalities: set[str] = set()
        self.regions: set[str] = set()
        self.seen_on: dict[tuple, int] = {}
        self.deleted_on: dict[tuple, int] = {}
        self.invalid_on: dict[tuple, int] = {}
        self.later_on: dict[tuple, int] = {}  # first upsert line of each identity, for "move it up" hints
        self.in_database: set[tuple] = set()
        # A translation's identity -> the slug of the Danish item of its kind that it translates.
        self.translation_of: dict[tuple, str] = {}
        self.image_users: dict[tuple, str] = {}  # item identity -> the key of its image (kinds with has_image)

    @classmethod
    def from_database(cls) -> "Catalogue":
        catalogue = cls()
        catalogue.load_database()
        return catalogue

    def load_database(self) -> None:
        self.municipalities = set(Municipality.objects.values_list("code", flat=True))
        self.regions = set(Region.objects.values_list("code", flat=True))
        for kind in kinds.importable():
            kinds.handler(kind.code).load(self)
        self.in_database = set(self.items)

    # --- what exists in the database, per kind ----------------------------------------------------------------

    def load_topics(self):
        for slug, parent in Topic.objects.values_list("slug", "parent__slug"):
            self.items[_topic(slug)] = parent

    def load_authorities(self):
        for slug in Authority.objects.values_list("slug", flat=True):
            self.items[("authority", slug)] = None

    def load_standards(self):
        for identifier in Standard.objects.values_list("identifier", flat=True):
            self.items[("standard", identifier)] = None

    def load_images(self):
        for key in PortalImage.objects.values_list("key", flat=True):
            self.items[("image", key)] = None
        for kind in registry.where(has_image=True):
            for slug, locale, key in kind.model.objects.filter(image__isnull=False).values_list(
                "slug", "locale__language_code", "image__key"
            ):
                self.image_users[(kind.code, locale, slug)] = key  # page kinds are identified per locale

    def load_pages(self, code: str, fact: str | None = None):
        """Pages of every language, with one fact each (or None), and the Danish item each translation translates
        (the Danish page with its translation key)."""
        rows = list(registry.get(code).model.objects.values_list(
            "slug", "locale__language_code", "translation_key", fact or "slug"
        ))
        sources = {key: slug for slug, locale, key, _ in rows if locale == DEFAULT_LOCALE}
        for slug, locale, key, value in rows:
            self.items[(code, locale, slug)] = value if fact else None
            if locale != DEFAULT_LOCALE and key in sources:
                self.translation_of[(code, locale, slug)] = sources[key]

    def load_guides(self):
        self.load_pages("guide")
        for slug, locale in GuidePage.objects.values_list("slug", "locale__language_code"):
            self.items[_guide(locale, slug)] = set()
        for slug, locale, key in GuideSection.objects.values_list("page__slug", "page__locale__language_code", "key"):
            self.items[_guide(locale, slug)].add(key)

    def load_step_by_steps(self):
        self.load_pages("step_by_step")
        for slug, locale, key in Step.objects.values_list("page__slug", "page__locale__language_code", "key"):
            items = self.items.get(("step_by_step", locale, slug))
            self.items[("step_by_step", locale, slug)] = (items or set()) | {key}

    def load_local_texts(self):
        for row in LocalText.objects.values_list(
            "guide__locale__language_code", "guide__slug", "section_key", "municipality__code", "region__code"
        ):
            locale, guide, section, municipality, region = row
            place = ("municipality", municipality) if municipality else ("region", region)
            self.items[("local_text", locale, guide, section, *place)] = None
        for locale, slug, key, municipality, region in StepLocalText.objects.values_list(
            "step_by_step__locale__language_code", "step_by_step__slug", "step_key", "municipality__code",
            "region__code",
        ):
            place = ("municipality", municipality) if municipality else ("region", region)
            self.items[("step_local_text", locale, slug, key, *place)] = None
        for locale, slug, municipality, region in ModuleLocalText.objects.values_list(
            "teaching_module__locale__language_code", "teaching_module__slug", "municipality__code", "region__code"
        ):
            place = ("municipality", municipality) if municipality else ("region", region)
            self.items[("module_local_text", locale, slug, *place)] = None

    # --- bookkeeping --------------------------------------------------------------------------------------------

    def expect(self, lines: Iterable[Line]) -> None:
        """Note where each item is defined in the file, to hint at lines in the wrong order."""
        for line in lines:
            if line.key and line.action == UPSERT:
                self.later_on.setdefault(line.key, line.number)

    def check(self, line: Line) -> list[Problem]:
        """Problems with ``line`` given what exists before it; also registers its identity for duplicates."""
        problems = []
        if line.key in self.seen_on:
            first = self.seen_on[line.key]
            field = "-" if line.spec.rules_identify else line.spec.identifying[0].name
            message = f"duplicate {line.label} (also on line {first}); give each item once per file"
            problems.append(Problem(field, message))
        elif line.key:
            self.seen_on[line.key] = line.number
        if line.problems:
            return problems  # references of a line that is already invalid would only add noise
        kinds.handler(line.kind).check(self, line, problems)
        if registry.get(line.kind).translatable:
            self.check_translation(line, problems)
        if registry.get(line.kind).has_image and line.action == UPSERT and "image" in line.data:
            key = line.data["image"]
            self._require(("image", key), "image", f"image {key!r}", line, problems)
        if line.action == UNPUBLISH and line.key not in self.items:
            problems.append(self._missing(line.key, "-", line.label, line.number,
                                          hint="nothing to unpublish; give the full content to create it as a draft"))
        return problems

    def record(self, line: Line) -> None:
        """Apply a valid line's effect to the catalogue."""
        if line.action == DELETE:
            self._remove(line.key, line.number)
            return
        if line.action != UPSERT:
            return
        self.items[line.key] = kinds.handler(line.kind).remember(line.data)
        self.deleted_on.pop(line.key, None)
        if line.data.get("translation_of"):
            self.translation_of[line.key] = line.data["translation_of"]
        else:
            self.translation_of.pop(line.key, None)
        if registry.get(line.kind).has_image:
            self.image_users.pop(line.key, None)
            if "image" in line.data:
                self.image_users[line.key] = line.data["image"]

    def mark_invalid(self, line: Line) -> None:
        if line.key and line.action == UPSERT and line.key not in self.items:
            self.invalid_on.setdefault(line.key, line.number)

    def _remove(self, key, number):
        if key not in self.items:
            return
        del self.items[key]
        self.translation_of.pop(key, None)
        self.deleted_on[key] = number
        self.image_users.pop(key, None)
        # Deleting an item deletes its local variants (on_delete=CASCADE): their keys continue the item's.
        variants = set(registry.codes(variant_of=key[0]))
        for other in [k for k in self.items if k[0] in variants and k[1 : len(key)] == key[1:]]:
            self._remove(other, number)

    # --- helpers ------------------------------------------------------------------------------------------------

    def _missing(self, key, path, label, number=None, hint=None) -> Problem:
        if key in self.deleted_on:
            deleted = self.deleted_on[key]
            return Problem(path, f"{label} is deleted on line {deleted}; remove this reference or that delete")
        if key in self.invalid_on:
            return Problem(path, f"{label} on line {self.invalid_on[key]} is invalid; fix that line first")
        later = self.later_on.get(key)
        if number is not None and later and later > number:
            return Problem(path, f"{label} is defined on line {later}, after this line; move that line up")
        return Problem(path, f"unknown {label} ({hint or 'define it on an earlier line or in the admin'})")

    def _require(self, key, path, label, line, problems) -> bool:
        if key in self.items:
            return True
        problems.append(self._missing(key, path, label, line.number))
        return False

    def _require_topics(self, line, problems):
        for index, slug in enumerate(line.data.get("topics", [])):
            self._require(_topic(slug), f"topics[{index}]", f"topic {slug!r}", line, problems)

    def _require_place(self, path, kind, code, problems):
        if kind == "municipality" and code not in self.municipalities:
            problems.append(Problem(path, f"unknown municipality code {code!r}; use an official code such as '751'"))
        elif kind == "region" and code not in self.regions:
            codes = ", ".join(sorted(self.regions))
            problems.append(Problem(path, f"unknown region code {code!r}; use one of {codes}"))

    # --- per kind -----------------------------------------------------------------------------------------------

    def check_topic(self, line, problems):
        slug = line.data["slug"]
        if line.action == DELETE:
            children = sorted(k[1] for k, parent in self.items.items() if k[0] == "topic" and parent == slug)
            if children and line.key in self.items:
                problems.append(Problem("slug", f"topic {slug!r} still has subtopics {_names(children)}; "
                                                "delete them or give them another parent on earlier lines"))
            return
        parent = line.data.get("parent")
        if parent is None:
            return
        if parent == slug:
            problems.append(Problem("parent", "a topic cannot be its own parent"))
            return
        if not self._require(_topic(parent), "parent", f"topic {parent!r}", line, problems):
            return
        chain, ancestor = [slug, parent], self.items.get(_topic(parent))
        while ancestor is not None and ancestor not in chain:
            chain.append(ancestor)
            ancestor = self.items.get(_topic(ancestor))
        if ancestor == slug:
            cycle = " → ".join(chain + [slug])
            problems.append(Problem("parent", f"would make a cycle ({cycle}); choose another parent"))

    def check_authority(self, line, problems):
        data = line.data
        if line.action == DELETE:
            users = sorted(k[2] for k, authority in self.items.items()
                           if k[0] == "self_service_link" and authority == data["slug"])
            if users:
                problems.append(Problem("slug", f"authority {data['slug']!r} is still used by self-service links "
                                                f"{_names(users)}; give them another authority or delete them on "
                                                "earlier lines"))
            return
        for place in ("municipality", "region"):
            if place in data:
                self._require_place(place, place, data[place], problems)

    def check_image(self, line, problems):
        if line.action != DELETE or line.key not in self.items:
            return
        users = sorted(describe(identity[0], _identity_data(identity)) for identity, key in self.image_users.items()
                       if key == line.data["key"])
        if users:
            problems.append(Problem("key", f"image {line.data['key']!r} is still used by {', '.join(users)}; give "
                                           "them another image or none on earlier lines"))

    def check_standard(self, line, problems):
        pass  # related may point anywhere in the file: see check_standards

    def _require_owner(self, line, problems):
        owner = line.data.get("owner")
        if owner is not None:
            self._require(("authority", owner), "owner", f"authority {owner!r}", line, problems)

    def check_self_service_link(self, line, problems):
        if line.action != UPSERT:
            return
        self._require_owner(line, problems)
        data = line.data
        if "authority" in data:
            self._require(("authority", data["authority"]), "authority", f"authority {data['authority']!r}", line,
                          problems)
        self._require_topics(line, problems)
        for field, place in (("municipality_urls", "municipality"), ("region_urls", "region")):
            for code in data.get(field, {}):
                self._require_place(f"{field}.{code}", place, code, problems)

    def check_guide(self, line, problems):
        if line.action != UPSERT:
            return
        data = line.data
        self._require_topics(line, problems)
        self._require_owner(line, problems)
        for index, slug in enumerate(data.get("self_service_links", [])):
            # Related links are named by their Danish slug, whatever the guide's language.
            self._require(("self_service_link", DEFAULT_LOCALE, slug), f"self_service_links[{index}]",
                          f"self-service link {slug!r}", line, problems)
        old_keys = self.items.get(line.key)
        if old_keys:
            kept = {section["key"] for section in data["sections"]}
            for key in sorted(old_keys - kept):
                places = sorted(k[5] for k in self.items
                                if k[0] == "local_text" and k[1:4] == (data["locale"], data["slug"], key))
                if places:
                    problems.append(Problem("sections", f"section {key!r} is dropped but has local texts for "
                                                        f"{', '.join(places)}; delete those on earlier lines or keep "
                                                        "the section"))

    def check_local_text(self, line, problems):
        data = line.data
        place = "municipality" if "municipality" in data else "region"
        self._require_place(place, place, data[place], problems)
        if line.action != UPSERT:
            return
        if "step_by_step" in data or "teaching_module" in data:
            self._check_page_local_text(line, problems)
            return
        guide_key = _guide(data["locale"], data["guide"])
        label = describe("guide", {"slug": data["guide"], "locale": data["locale"]})
        if not self._require(guide_key, "guide", label, line, problems):
            return
        sections = self.items[guide_key]
        if data["section"] not in sections:
            problems.append(Problem("section", f"{label} has no section {data['section']!r}; use one of "
                                               f"{_names(sorted(sections))} or add the section to the guide first"))

    def _check_page_local_text(self, line, problems):
        """A step's or a teaching module's local text: the item exists in the line's language, and so does the
        step."""
        data = line.data
        field = "step_by_step" if "step_by_step" in data else "teaching_module"
        item_key = (field, data["locale"], data[field])
        label = describe(field, {"slug": data[field], "locale": data["locale"]})
        if not self._require(item_key, field, label, line, problems) or field != "step_by_step":
            return
        keys = self.items[item_key] or set()
        if data["step"] not in keys:
            problems.append(Problem("step", f"{label} has no step {data['step']!r}; use one of "
                                            f"{_names(sorted(keys))} or add the step first"))

    def check_lifecycle_page(self, line, problems):
        """Step-by-step guides and teaching modules refer to topics and their owner; a step with local texts
        cannot be dropped."""
        if line.action != UPSERT:
            return
        self._require_topics(line, problems)
        self._require_owner(line, problems)
        old_keys = self.items.get(line.key)
        if line.kind == "step_by_step" and old_keys:
            kept = step_keys(line.data["steps"])
            for key in sorted(old_keys - kept):
                places = sorted(k[5] for k in self.items
                                if k[0] == "step_local_text" and k[1:4] == (*line.key[1:], key))
                if places:
                    problems.append(Problem("steps", f"step {key!r} is dropped but has local texts for "
                                                     f"{', '.join(places)}; delete those on earlier lines or keep "
                                                     "the step (give its key)"))

    def _translations(self, code: str, source: str, *, besides=None) -> list[tuple]:
        """The identities of ``code`` items that translate the Danish item ``source`` (other than ``besides``)."""
        return sorted(key for key, of in self.translation_of.items()
                      if key[0] == code and of == source and key != besides and key in self.items)

    def check_translation(self, line, problems):
        """A translation names an existing Danish item of its own kind, which has no other translation in its
        language; a Danish item with translations is not deleted without saying what becomes of them."""
        code, data, noun = line.kind, line.data, line.spec.noun
        if line.action == DELETE:
            translations = self._translations(code, data["slug"]) if data["locale"] == DEFAULT_LOCALE else []
            if translations and line.key in self.items:
                names = ", ".join(f"{key[2]!r} ({key[1]})" for key in translations)
                problems.append(Problem("delete", f"{line.label} has translations {names}; delete them on earlier "
                                                  "lines, or keep them as items of their own by leaving "
                                                  "translation_of out of their lines (on earlier lines)"))
            return
        source = data.get("translation_of")
        if line.action != UPSERT or source is None:
            return
        source_key = (code, DEFAULT_LOCALE, source)
        if source_key not in self.items:
            problems.append(self._missing_source(line, source_key))
            return
        for other in self._translations(code, source, besides=line.key):
            if other[1] == data["locale"]:
                where = f"on line {self.seen_on[other]}" if other in self.seen_on else "in the database"
                problems.append(Problem("translation_of", f"{noun} {source!r} already has a translation in "
                                                          f"{other[1]}: {noun} {other[2]!r} ({where}); an item has "
                                                          "one translation per language"))

    def _missing_source(self, line, source_key) -> Problem:
        code, _, source = source_key
        noun = line.spec.noun
        other_languages = sorted(key[1] for key in self.items if key[0] == code and key[1:] != source_key[1:]
                                 and key[2] == source)
        if other_languages:
            return Problem("translation_of", f"{noun} {source!r} is in {', '.join(other_languages)}, not Danish; "
                                             f"name the Danish {noun} this one translates")
        other_kinds = sorted(key[0] for key in self.items if key[0] != code and key[1:] == source_key[1:])
        if other_kinds:
            other = kinds.spec(other_kinds[0]).noun
            return Problem("translation_of", f"there is no Danish {noun} {source!r}, only a {other} of that slug; "
                                             f"a translation names the Danish item of its own kind")
        return self._missing(source_key, "translation_of", f"Danish {noun} {source!r}", line.number)


    # --- standards: related may point forward ---------------------------------------------------------------------

    def check_standards(self, lines: list[Line]) -> dict[int, list[Problem]]:
        """Problems with ``related`` of valid standard upsert lines, by line number.

        A related standard must exist at the end of the import: in the database and
        not deleted by the file, or defined by a valid line. Lines found invalid here
        make the standards they define unavailable, so this repeats until stable.
        """
        upserts = [line for line in lines if line.action == UPSERT and line.data.get("related")]
        found: dict[int, list[Problem]] = {}
        while True:
            available = {key[1] for key in self.items if key[0] == "standard"}
            changed = False
            for line in upserts:
                if line.number in found:
                    continue
                problems = []
                for index, identifier in enumerate(line.data["related"]):
                    if identifier not in available:
                        key = ("standard", identifier)
                        problems.append(self._missing(key, f"related[{index}]", f"standard {identifier!r}",
                                                      hint="define it in this file or in the admin"))
                if problems:
                    found[line.number] = problems
                    changed = True
                    if line.key not in self.in_database:
                        self.items.pop(line.key, None)
                        self.invalid_on.setdefault(line.key, line.number)
            if not changed:
                return found
