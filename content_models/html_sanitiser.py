"""The single allow-list HTML sanitiser for all HTML entering the system.

Imports, Wagtail rich-text fields and municipal local texts all pass through
``sanitise_html``. The output is plain HTML that is also valid Wagtail
rich-text "database format": internal links (``<a linktype="page" id="3">``)
and embeds (``<embed embedtype="image" id="1" .../>``) survive in a form that
``wagtail.rich_text.rewriters`` still recognises.
"""

from __future__ import annotations

import html as _html
import re
import threading
from collections import OrderedDict
from html.entities import html5 as _HTML5_ENTITIES

from bleach.html5lib_shim import Filter, match_entity, next_possible_entity
from bleach.sanitizer import INVISIBLE_CHARACTERS_RE, Cleaner

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_PROTOCOLS",
    "ALLOWED_REL_TOKENS",
    "ALLOWED_TAGS",
    "DROP_WITH_CONTENT_TAGS",
    "is_allowed_uri",
    "sanitise_html",
]

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "h2", "h3", "h4", "h5", "h6",
        "strong", "b", "em", "i", "u", "s", "sub", "sup",
        "ul", "ol", "li", "a", "blockquote", "code", "pre", "hr", "abbr",
        "table", "thead", "tbody", "tr", "th", "td", "caption",
        "embed",  # only as Wagtail's rich-text image/media placeholder
    }
)  # fmt: skip

# bleach's strip=True keeps the text of stripped elements; for these the text
# is code, invisible or foreign markup, so the whole element goes.
DROP_WITH_CONTENT_TAGS = frozenset(
    {
        "script", "style", "iframe", "frame", "frameset", "object", "applet",
        "template", "noscript", "noembed", "noframes", "svg", "math", "title",
    }
)  # fmt: skip

ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})

# target=_blank always gets noopener/noreferrer; other tokens are dropped so
# that rel cannot be used for prefetch/preload-style tricks.
ALLOWED_REL_TOKENS = ("nofollow", "noopener", "noreferrer", "external", "ugc", "sponsored")
_BLANK_REL_TOKENS = ("noopener", "noreferrer")

_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SPAN_RE = re.compile(r"[0-9]{1,4}")
_SCOPES = frozenset({"row", "col", "rowgroup", "colgroup"})
_SCHEME_RE = re.compile(r"([a-z][a-z0-9+.\-]*):")
# Everything outside printable ASCII is removed before scheme detection: browsers
# ignore tabs/newlines/leading controls inside schemes, and dropping the rest too
# can only make the check stricter.
_NON_PRINTABLE_ASCII_RE = re.compile(r"[^\x21-\x7e]+")


def is_allowed_uri(raw_value: str) -> bool:
    """True if an attribute value (as written in HTML source) is a safe URL.

    Relative URLs and fragments are allowed; an explicit scheme must be in
    ALLOWED_PROTOCOLS. html.unescape decodes more than browsers do in
    attributes, which only errs on the strict side.
    """
    normalised = _NON_PRINTABLE_ASCII_RE.sub("", _html.unescape(raw_value)).lower()
    match = _SCHEME_RE.match(normalised)
    return match is None or match.group(1) in ALLOWED_PROTOCOLS


def _is_blank_target(value: str) -> bool:
    return value.strip().lower() == "_blank"


def _is_scope(value: str) -> bool:
    return value.strip().lower() in _SCOPES


def _any_value(value: str) -> bool:
    return True


# tag -> attribute -> validator for the raw (entity-encoded) value.
_ATTRIBUTE_RULES = {
    "a": {
        "href": is_allowed_uri,
        "title": _any_value,
        "target": _is_blank_target,
        "rel": _any_value,  # tokens are filtered in _AttributeFilter
        "linktype": _TOKEN_RE.fullmatch,
        "id": _TOKEN_RE.fullmatch,  # kept only together with linktype
    },
    "abbr": {"title": _any_value},
    "th": {"colspan": _SPAN_RE.fullmatch, "rowspan": _SPAN_RE.fullmatch, "scope": _is_scope},
    "td": {"colspan": _SPAN_RE.fullmatch, "rowspan": _SPAN_RE.fullmatch, "scope": _is_scope},
    "embed": {
        "embedtype": _TOKEN_RE.fullmatch,
        "id": _TOKEN_RE.fullmatch,
        "format": _TOKEN_RE.fullmatch,
        "alt": _any_value,
        "url": is_allowed_uri,
    },
}

ALLOWED_ATTRIBUTES = {tag: frozenset(rules) for tag, rules in _ATTRIBUTE_RULES.items()}


def _allow_attribute(tag: str, name: str, value: str) -> bool:
    validator = _ATTRIBUTE_RULES.get(tag, {}).get(name)
    return validator is not None and bool(validator(value))


def _decode_entity(entity: str) -> str | None:
    """Decode a ';'-terminated reference as a browser would, or None if unknown."""
    if entity.startswith("#"):
        decoded = _html.unescape(f"&{entity};")  # spec remapping of NUL, C1, surrogates
        return None if decoded == f"&{entity};" else decoded
    # Exact names only: a prefix such as "noti" must not decode as "&not" + "i".
    return _HTML5_ENTITIES.get(f"{entity};")


def _canonical_attr_value(raw: str) -> str:
    """Rewrite an attribute value so only &amp; &lt; &gt; &quot; remain as entities.

    bleach keeps attribute values in source form. Wagtail's extract_attrs decodes
    only those four entities (so alt="bl&aring;b&aelig;r" would render verbatim)
    and its tag regexes stop at the first '>' (so a literal '>' in alt/title
    would hide the tag from the rewriter). Every '&' that is not a complete
    reference becomes a literal "&amp;", as bleach's serializer would make it;
    escaping after a single decoding step means no new reference can be formed.
    """
    text = []
    for part in next_possible_entity(raw):
        if part.startswith("&"):
            entity = match_entity(part)
            decoded = _decode_entity(entity) if entity else None
            if decoded is not None:
                text.append(decoded + part[len(entity) + 2 :])
                continue
        text.append(part)
    decoded_text = INVISIBLE_CHARACTERS_RE.sub("", "".join(text))
    return (
        decoded_text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


class _DropContentFilter(Filter):
    """Remove DROP_WITH_CONTENT_TAGS elements with everything inside them.

    Also the final allow-list gate: any tag token not in ALLOWED_TAGS is dropped,
    whatever the stages before did. Tree-walker tokens are balanced, so a depth
    counter is enough.
    """

    def __iter__(self):
        depth = 0
        for token in super().__iter__():
            token_type = token["type"]
            if depth:
                if token_type == "StartTag":
                    depth += 1
                elif token_type == "EndTag":
                    depth -= 1
                continue
            if token_type in ("StartTag", "EndTag", "EmptyTag") and token["name"] not in ALLOWED_TAGS:
                if token_type == "StartTag" and token["name"] in DROP_WITH_CONTENT_TAGS:
                    depth = 1
                continue
            yield token


class _AttributeFilter(Filter):
    """Canonicalise attribute values and apply the cross-attribute rules."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] in ("StartTag", "EmptyTag"):
                name = token["name"]
                attrs = {key: _canonical_attr_value(value) for key, value in (token.get("data") or {}).items()}
                # Re-check URLs after canonicalisation (defence in depth over bleach's own check).
                for key in ((None, "href"), (None, "url")):
                    if key in attrs and not is_allowed_uri(attrs[key]):
                        del attrs[key]
                if name == "a":
                    _fix_link_attrs(attrs)
                elif name == "embed" and (None, "embedtype") not in attrs:
                    continue  # a bare <embed> is meaningless to Wagtail: drop it
                token["data"] = attrs
            yield token


class _PreNewlineFilter(Filter):
    """Keep a leading newline in <pre> across a round trip.

    The parser drops the first newline after <pre> and html5lib's serializer does
    not add one back, so without this a second pass would eat the next newline.
    """

    def __iter__(self):
        after_pre = False
        for token in super().__iter__():
            is_text = token["type"] in ("Characters", "SpaceCharacters")
            if after_pre and is_text and token["data"].startswith("\n"):
                token["data"] = "\n" + token["data"]
            after_pre = token["type"] == "StartTag" and token["name"] == "pre"
            yield token


def _fix_link_attrs(attrs: dict) -> None:
    # A lone id on <a> only enables DOM clobbering; Wagtail needs it with linktype.
    if (None, "linktype") not in attrs:
        attrs.pop((None, "id"), None)
    rel_tokens = attrs.pop((None, "rel"), "").lower().split()
    rel = [token for token in rel_tokens if token in ALLOWED_REL_TOKENS]
    if (None, "target") in attrs:
        attrs[(None, "target")] = "_blank"  # only value the attribute filter lets through
        rel += _BLANK_REL_TOKENS
    rel = list(dict.fromkeys(rel))  # de-duplicate, keep order
    if rel:
        attrs[(None, "rel")] = " ".join(rel)


def _build_cleaner() -> Cleaner:
    cleaner = Cleaner(
        # The drop-with-content tags must reach the tree as real elements (with
        # script/style parsed as raw text) so _DropContentFilter can remove them
        # whole; it then enforces ALLOWED_TAGS on the final stream.
        tags=ALLOWED_TAGS | DROP_WITH_CONTENT_TAGS,
        attributes=_allow_attribute,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[_DropContentFilter, _AttributeFilter, _PreNewlineFilter],
    )
    # Wagtail's FIND_EMBED_TAG only matches "<embed .../>".
    cleaner.serializer.use_trailing_solidus = True
    # Wagtail's FIND_ATTRS only reads double-quoted values (html5lib would
    # otherwise switch to single quotes when a value contains '"').
    cleaner.serializer.use_best_quote_char = False
    return cleaner


# bleach's Cleaner is not thread-safe (its parser keeps state), so build one per thread.
_local = threading.local()


def _clean(html: str) -> str:
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = _local.cleaner = _build_cleaner()
    return cleaner.clean(html)


# --- already-clean input ------------------------------------------------------------------------------------------
# Most HTML the portal receives is plain paragraphs and lists that an earlier pass already sanitised (an import of
# exported content, a value sanitised by validation and again by the field's pre_save). Parsing it again with
# html5lib costs ~0.3 ms a value. ``_is_fixed_point`` recognises, without parsing, a conservative subset of HTML
# that the sanitiser returns unchanged: allowed tags without attributes, properly nested as the HTML parser would
# nest them, and text without markup characters or characters the parser rewrites. Anything else is cleaned.
# tests/content_models/test_html_sanitiser.py checks the claim against the full sanitiser (Hypothesis).

_FAST_BLOCKS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote"})
_FAST_PHRASING = frozenset({"strong", "b", "em", "i", "u", "s", "sub", "sup", "code", "abbr"})
_PHRASING_ONLY = frozenset({"p", "h2", "h3", "h4", "h5", "h6"}) | _FAST_PHRASING  # may hold no block
_LISTS = frozenset({"ul", "ol"})
_MAX_FAST_DEPTH = 8
# A tag without attributes, or a run of text with nothing the parser or serializer would change: no markup
# characters, no controls (other than tab and newline), surrogates, noncharacters or characters beyond the BMP.
_FAST_TOKEN_RE = re.compile(
    r"<(/?)([a-z0-9]+)>|([^<>&\x00-\x08\x0b-\x1f\x7f-\xa0\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]+)"
)


def _is_fixed_point(html: str) -> bool:
    """True only if ``sanitise_html(html) == html`` is certain (see above); False means "not known"."""
    stack: list[str] = []
    position = 0
    for match in _FAST_TOKEN_RE.finditer(html):
        if match.start() != position:
            return False  # a character outside the subset
        position = match.end()
        closing, tag, text = match.groups()
        parent = stack[-1] if stack else None
        if text is not None:
            if parent in _LISTS and text.strip():
                return False  # text directly in a list
            continue
        if tag not in _FAST_BLOCKS and tag not in _FAST_PHRASING:
            return False
        if closing:
            if tag != parent:
                return False  # misnested or stray end tag: the parser would repair it
            stack.pop()
            continue
        if tag in stack and (tag in _FAST_PHRASING or tag in _PHRASING_ONLY):
            return False  # e.g. <b> in <b>, <p> in <p>: the parser closes or reorders
        if parent in _LISTS and tag != "li":
            return False
        if tag == "li" and parent not in _LISTS:
            return False
        if tag in _FAST_BLOCKS and parent in _PHRASING_ONLY:
            return False  # a block inside a paragraph, a heading or inline markup
        if len(stack) >= _MAX_FAST_DEPTH:
            return False
        stack.append(tag)
    return position == len(html) and not stack


# Recent results, and that every result is its own result (sanitising is idempotent): the same value is often
# sanitised twice in a row. Bounded; shared by threads.
_MEMO_SIZE = 2048
_memo: OrderedDict[str, str] = OrderedDict()
_memo_lock = threading.Lock()


def _remembered(html: str) -> str | None:
    with _memo_lock:
        result = _memo.get(html)
        if result is not None:
            _memo.move_to_end(html)
        return result


def _remember(html: str, result: str) -> None:
    with _memo_lock:
        _memo[html] = result
        _memo[result] = result
        while len(_memo) > _MEMO_SIZE:
            _memo.popitem(last=False)


def sanitise_html(html: str | None) -> str:
    """Return html reduced to the allow-list; "" for None or empty input."""
    if not html:
        return ""
    if _is_fixed_point(html):
        return html
    result = _remembered(html)
    if result is None:
        result = _clean(html)
        _remember(html, result)
    return result
