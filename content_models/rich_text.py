"""Stored rich text as readers get it: the one renderer for the citizen site (``|rich_text``) and the API
(``bodyHtml``).

Wagtail's ``expand_db_html`` turns ``<a linktype="page" id="3">`` and ``<embed embedtype="image" .../>`` into
real links and images, and raises on a reference it cannot resolve (an id that is no number, a missing ``url``
or ``format``): one bad section would answer 500 for a whole page, or null a whole API list. The sanitiser keeps
such references out of the database (``html_sanitiser.reference_problem``); this renderer checks stored ones
again, because rows written before that rule, or around it, must still render. A broken reference renders as
plain text (a link's text without the link, an image's alt text) and is logged; rendering never raises for it.
"""

import logging
import re
from functools import lru_cache

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.html import escape
from wagtail.rich_text import features
from wagtail.rich_text.rewriters import EmbedRewriter, LinkRewriter, MultiRuleRewriter

from .html_sanitiser import reference_problem

logger = logging.getLogger(__name__)

# What a handler raises for a reference it cannot resolve (Wagtail's handlers index attrs and cast ids).
BROKEN_REFERENCE = (LookupError, ValueError, TypeError, ObjectDoesNotExist, ValidationError)


def _as_text(tag: str, attrs: dict) -> str:
    # A link keeps its text (the bare <a> is removed below); an image keeps its alt text.
    return "<a>" if tag == "a" else escape(attrs.get("alt", ""))


# An <a> without attributes links nowhere (a broken reference, a page that is gone, a stripped href) but looks like
# a link: its text stands alone. Links cannot nest, and the text is sanitised HTML, so no markup is formed.
_BARE_LINK = re.compile(r"<a>((?:(?!</a>).)*)</a>", re.S)


def _log(tag: str, attrs: dict, reason: str) -> None:
    logger.warning(
        "broken rich-text reference rendered as text",
        extra={"element": tag, "reference_type": attrs.get("linktype" if tag == "a" else "embedtype", ""),
               "reference_id": attrs.get("id", "")[:40], "reason": reason},
    )


def _guarded(tag: str, handler):
    """The handler's bulk expansion, never raising: invalid references are not looked up at all, and a batch
    that fails is expanded one by one so that only the broken reference falls back to text."""

    def expand_one(attrs: dict) -> str:
        try:
            return handler.expand_db_attributes_many([attrs])[0]
        except BROKEN_REFERENCE as error:
            _log(tag, attrs, type(error).__name__)
            return _as_text(tag, attrs)

    def expand(attrs_list: list[dict]) -> list[str]:
        problems = [reference_problem(tag, attrs) for attrs in attrs_list]
        for attrs, problem in zip(attrs_list, problems):
            if problem:
                _log(tag, attrs, problem)
        valid = [attrs for attrs, problem in zip(attrs_list, problems) if not problem]
        try:
            expanded = handler.expand_db_attributes_many(valid) if valid else []
        except BROKEN_REFERENCE:
            expanded = [expand_one(attrs) for attrs in valid]
        rendered = iter(expanded)
        return [_as_text(tag, attrs) if problem else next(rendered) for attrs, problem in zip(attrs_list, problems)]

    return expand


@lru_cache(maxsize=None)
def _rewriter() -> MultiRuleRewriter:
    links = {name: _guarded("a", handler) for name, handler in features.get_link_types().items()}
    embeds = {name: _guarded("embed", handler) for name, handler in features.get_embed_types().items()}
    return MultiRuleRewriter([LinkRewriter(bulk_rules=links), EmbedRewriter(bulk_rules=embeds)])


def render_rich_text(stored: str | None) -> str:
    """The HTML a reader gets for stored (database-format) rich text; never raises for a broken reference."""
    return _BARE_LINK.sub(r"\1", _rewriter()(stored or ""))
