"""The search projection: one flat document per live item of every kind.

``document_for(kind, object_id)`` builds the document of one item from live content
(None when it is not live and public); ``all_documents()`` yields every live item for a
full rebuild. Both engines index exactly these dictionaries.
"""

import html
import re
from collections.abc import Iterator

from django.db.models import Prefetch

from content_models.kinds import registry
from content_models.local_variants.selectors import covered_municipality_codes
from content_models.models import (
    Authority, LocalText, ModuleLocalText, Municipality, SelfServiceUrlOverride, StepLocalText, Topic,
)
from content_models.selectors import live_guides, live_self_service_links, live_standards, live_step_by_step_guides, live_teaching_modules

from .analysis import analyse, fold

_TAG = re.compile(r"<[^>]+>")


def plain_text(rich_text: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", rich_text or "")).split())


def standard_path(identifier: str) -> str:
    return f"/standarder/{identifier}/"


class _Places:
    """The municipalities that see an item's live variants (the localisation rule, inverted); the municipality
    codes per region are loaded once per build."""

    def __init__(self):
        self._by_region = None

    def codes(self, variants) -> list[str]:
        if self._by_region is None:
            self._by_region = {}
            for code, region_code in Municipality.objects.values_list("code", "region__code"):
                self._by_region.setdefault(region_code, []).append(code)
        return covered_municipality_codes(variants, self._by_region)


class _Authorities:
    """A standard's owner (free text) as the authority it names, so one authority is one facet value: its slug when
    an authority of that name (or slug) exists, else the owner's name as written. Loaded once per build."""

    def __init__(self):
        self._slugs = None

    def value(self, owner: str) -> str:
        owner = " ".join(owner.split())
        if self._slugs is None:
            self._slugs = {}
            for slug, name in Authority.objects.values_list("slug", "name"):
                self._slugs[fold(name)] = slug
                self._slugs[fold(slug)] = slug
        return self._slugs.get(fold(owner), owner[:100])


class _Topics:
    def __init__(self):
        self._parent = None

    def with_ancestors(self, topics) -> list[str]:
        if self._parent is None:
            self._parent = {t.pk: (t.slug, t.parent_id) for t in Topic.objects.only("pk", "slug", "parent_id")}
        slugs = []
        for topic in topics:
            pk = topic.pk
            while pk is not None and pk in self._parent:
                slug, pk = self._parent[pk]
                if slug not in slugs:
                    slugs.append(slug)
        return slugs


# Topic names are no keywords: a page filed under "Bolig og flytning" is no answer to "flytning" unless it says
# so (the topic facet and filter find it by topic).
def analysed_terms(title: str, summary: str, keywords: str, body: str, language: str = "da") -> dict[str, str]:
    """A document's words as the database engine matches them, each in its own language's analysis (stop words,
    stemmer): the query is analysed the same way."""
    return {
        "title_terms": " ".join(analyse(title, language)),
        "body_terms": " ".join(analyse(" ".join((summary, keywords, body)), language)),
    }


def _document(kind, obj, *, slug, title, summary, body, url, keywords="", topics=(), authority="", municipalities=(),
              language="da", audience=""):
    keywords = " ".join(keywords.split())
    return {
        "kind": kind,
        "object_id": str(obj.pk),
        "language": language,
        "slug": slug,
        "title": title,
        "summary": summary,
        "body": body,
        "keywords": keywords,
        "url": url,
        "topics": list(topics),
        "authority": authority,
        "audience": audience,
        "municipalities": list(municipalities),
        **analysed_terms(title, summary, keywords, body, language),
    }


def _page_url(page) -> str:
    return page.get_url(None) or page.url_path


def _guide(page, places, topic_index, authorities):
    topics = list(page.topics.all())
    sections = list(page.sections.all())
    body = " ".join(f"{s.heading}. {plain_text(s.body)}" for s in sections)
    return _document(
        "guide", page, slug=page.slug, title=page.title, summary=page.summary, body=body, url=_page_url(page),
        topics=topic_index.with_ancestors(topics),
        municipalities=places.codes(page.live_variants), language=page.locale.language_code,
    )


def _self_service_link(page, places, topic_index, authorities):
    topics = list(page.topics.all())
    authority = page.authority
    return _document(
        "self_service_link", page, slug=page.slug, title=page.title, summary=page.description, body="",
        url=_page_url(page),
        keywords=authority.name if authority else "",
        topics=topic_index.with_ancestors(topics), authority=authority.slug if authority else "",
        municipalities=places.codes(page.live_variants), language=page.locale.language_code, audience=page.audience,
    )


def _step_by_step(page, places, topic_index, authorities):
    topics = list(page.topics.all())
    body = " ".join(f"{s.title}. {plain_text(s.body)} {s.tools}" for s in page.steps.all())
    return _document(
        "step_by_step", page, slug=page.slug, title=page.title, summary=page.summary, body=body, url=_page_url(page),
        topics=topic_index.with_ancestors(topics),
        language=page.locale.language_code, municipalities=places.codes(page.live_variants),
    )


def _teaching_module(page, places, topic_index, authorities):
    topics = list(page.topics.all())
    objectives = " ".join(o.text for o in page.objectives.all())
    body = f"{objectives} {plain_text(page.body)} {page.audience}"
    return _document(
        "teaching_module", page, slug=page.slug, title=page.title, summary=page.summary, body=body,
        url=_page_url(page),
        topics=topic_index.with_ancestors(topics), language=page.locale.language_code,
        municipalities=places.codes(page.live_variants),
    )


def _standard(standard, places, topic_index, authorities):
    related = " ".join(r.identifier for r in standard.related.all())
    return _document(
        "standard", standard, slug=standard.identifier, title=standard.title, summary=standard.description,
        body=" ".join(filter(None, [standard.status, standard.owner])),
        keywords=" ".join([standard.identifier, standard.identifier.replace("-", " "), standard.version, related]),
        url=standard_path(standard.identifier), authority=authorities.value(standard.owner),
    )


def _live_variants(relation: str, model):
    queryset = model.objects.filter(live=True).select_related("municipality", "region")
    return Prefetch(relation, queryset=queryset, to_attr="live_variants")


# How each searchable kind (content_models.kinds) becomes a document: its live items, and one item's document.
_BUILDERS = {
    "guide": (lambda: live_guides(with_links=False).prefetch_related(_live_variants("local_texts", LocalText)), _guide),
    "self_service_link": (
        lambda: live_self_service_links().prefetch_related(_live_variants("url_overrides", SelfServiceUrlOverride)),
        _self_service_link,
    ),
    "step_by_step": (
        lambda: live_step_by_step_guides().prefetch_related(_live_variants("local_texts", StepLocalText)),
        _step_by_step,
    ),
    "teaching_module": (
        lambda: live_teaching_modules().prefetch_related(_live_variants("local_texts", ModuleLocalText)),
        _teaching_module,
    ),
    "standard": (live_standards, _standard),
}


def missing_builders() -> list[str]:
    """Searchable kinds the projection cannot build yet (a system check reports them)."""
    return [code for code in registry.codes(searchable=True) if code not in _BUILDERS]


def _builders():
    return [_BUILDERS[code] for code in registry.codes(searchable=True) if code in _BUILDERS]


def signal_factors(**filters) -> dict[tuple[str, str], float]:
    """The items' current ranking factors from clicks and feedback (search/signals.py), so that a document built
    again from content keeps its factor; only items that have one."""
    from .models import SearchDocument

    rows = SearchDocument.objects.filter(**filters).exclude(signal_boost=1.0)
    return {(kind, object_id): boost for kind, object_id, boost in rows.values_list("kind", "object_id", "signal_boost")}


def _with_signal(document: dict, factors: dict) -> dict:
    document["signal_boost"] = factors.get((document["kind"], document["object_id"]), 1.0)
    return document


def document_for(kind: str, object_id) -> dict | None:
    """The document of one item, or None when it is not live (or not public)."""
    selector, build = _BUILDERS[kind]
    obj = selector().filter(pk=object_id).first()
    if obj is None:
        return None
    document = build(obj, _Places(), _Topics(), _Authorities())
    return _with_signal(document, signal_factors(kind=kind, object_id=document["object_id"]))


def live_count() -> int:
    return sum(selector().count() for selector, _ in _builders())


def all_documents(chunk_size: int = 500, factors: dict | None = None) -> Iterator[dict]:
    """Every live item's document, kind by kind, read in chunks (bounded memory at 100k items); ``factors``: the
    signal factors (signal_factors()) when the caller empties the projection before reading."""
    factors = signal_factors() if factors is None else factors
    places, topic_index, authorities = _Places(), _Topics(), _Authorities()
    for selector, build in _builders():
        queryset = selector().order_by("pk")
        last = None
        while True:
            chunk = queryset.filter(pk__gt=last) if last is not None else queryset
            rows = list(chunk[:chunk_size])
            if not rows:
                break
            for obj in rows:
                yield _with_signal(build(obj, places, topic_index, authorities), factors)
            last = rows[-1].pk
