"""The single allow-list HTML sanitiser for all HTML entering the system.

Imports, Wagtail rich-text fields and municipal local texts all pass through
``sanitise_html``. The output is plain HTML that is also valid Wagtail
rich-text "database format": internal links (``<a linktype="page" id="3">``)
and embeds (``<embed embedtype="image" id="1" .../>``) survive in a form that
``wagtail.rich_text.rewriters`` still recognises. A Wagtail reference survives only
whole: a known type with the attributes its handler needs (``reference_problem``);
anything else would make Wagtail's expansion raise at render time, so a malformed
link loses its linktype and id (its text stays) and a malformed embed is dropped.

Input nested deeper than HTML_MAX_DEPTH elements or longer than HTML_MAX_LENGTH
characters is refused (``HtmlRefused``) before the HTML5 parser sees it.
"""

from __future__ import annotations

import html as _html
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from html.entities import html5 as _HTML5_ENTITIES
from urllib.parse import urlsplit

from bleach.html5lib_shim import Filter, getTreeWalker, match_entity, next_possible_entity
from bleach.sanitizer import INVISIBLE_CHARACTERS_RE, Cleaner

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_LENGTH",
    "EMBED_TYPES",
    "HtmlRefused",
    "HtmlTooDeep",
    "HtmlTooLong",
    "LINK_TYPES",
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_PROTOCOLS",
    "ALLOWED_REL_TOKENS",
    "ALLOWED_TAGS",
    "DROP_WITH_CONTENT_TAGS",
    "check_size",
    "is_allowed_uri",
    "nesting_depth",
    "reference_problem",
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

# Wagtail's rich-text handlers (wagtail.admin, .documents, .images, .embeds); a test checks the registry agrees.
LINK_TYPES = frozenset({"page", "document"})
EMBED_TYPES = frozenset({"image", "media"})
DEFAULT_MAX_DEPTH = 100  # elements inside elements (HTML_MAX_DEPTH)
DEFAULT_MAX_LENGTH = 250_000  # characters per text (HTML_MAX_LENGTH)

# target=_blank always gets noopener/noreferrer; other tokens are dropped so
# that rel cannot be used for prefetch/preload-style tricks.
ALLOWED_REL_TOKENS = ("nofollow", "noopener", "noreferrer", "external", "ugc", "sponsored")
_BLANK_REL_TOKENS = ("noopener", "noreferrer")

_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
_DATABASE_ID_RE = re.compile(r"[0-9]{1,18}")  # fits a 64-bit primary key on every database
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


def _is_absolute_http_url(raw_value: str) -> bool:
    parts = urlsplit(_html.unescape(raw_value).strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and is_allowed_uri(raw_value)


def reference_problem(tag: str, attrs: Mapping[str, str]) -> str | None:
    """Why Wagtail could not expand this link or embed, or None when it can (or it is no Wagtail reference).

    ``attrs`` maps attribute names to their values. The sanitiser keeps only references without a problem;
    the renderer (content_models/rich_text.py) checks stored ones again before any database lookup.
    """
    if tag == "a":
        linktype = attrs.get("linktype")
        if linktype is None:
            return None  # an ordinary link
        if linktype not in LINK_TYPES:
            return "unknown link type"
        return None if _DATABASE_ID_RE.fullmatch(attrs.get("id", "")) else "id is not a number"
    if tag != "embed":
        return None
    embedtype = attrs.get("embedtype")
    if embedtype not in EMBED_TYPES:
        return "unknown embed type"
    if embedtype == "media":
        return None if _is_absolute_http_url(attrs.get("url", "")) else "url is not an http(s) address"
    if not _DATABASE_ID_RE.fullmatch(attrs.get("id", "")):
        return "id is not a number"
    return None if _TOKEN_RE.fullmatch(attrs.get("format", "")) else "format is missing"


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
                elif name == "embed" and reference_problem(name, _plain(attrs)):
                    continue  # Wagtail could not expand it (or it is no Wagtail embed at all): drop it
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


def _plain(attrs: dict) -> dict[str, str]:
    return {name: value for (namespace, name), value in attrs.items() if namespace is None}


def _fix_link_attrs(attrs: dict) -> None:
    # A lone id on <a> only enables DOM clobbering; Wagtail needs it with a valid linktype. A reference Wagtail
    # could not expand becomes a plain link (its text stays).
    if reference_problem("a", _plain(attrs)) or (None, "linktype") not in attrs:
        attrs.pop((None, "linktype"), None)
        attrs.pop((None, "id"), None)
    rel_tokens = attrs.pop((None, "rel"), "").lower().split()
    rel = [token for token in rel_tokens if token in ALLOWED_REL_TOKENS]
    if (None, "target") in attrs:
        attrs[(None, "target")] = "_blank"  # only value the attribute filter lets through
        rel += _BLANK_REL_TOKENS
    rel = list(dict.fromkeys(rel))  # de-duplicate, keep order
    if rel:
        attrs[(None, "rel")] = " ".join(rel)


class _LinearTreeWalker(getTreeWalker("etree")):
    """html5lib's etree walker, without its quadratic step: going up from an element it looked the element up in
    its parent's child list (list.index and list.count), so many siblings with children (200 kB of lists) took
    seconds. Here each parent's child positions are indexed once per walk."""

    def __init__(self, tree):
        super().__init__(tree)
        self._positions: dict[int, dict[int, int]] = {}

    def getParentNode(self, node):
        if not isinstance(node, tuple):
            return None
        element, key, parents, flag = node
        if flag == "text":
            return (element, key, parents, None) if parents else element
        parent = parents.pop()
        if not parents:
            return parent
        grandparent = parents[-1]
        positions = self._positions.get(id(grandparent))
        if positions is None:  # the tree is not changed while it is walked, so ids are stable
            positions = self._positions[id(grandparent)] = {id(child): n for n, child in enumerate(grandparent)}
        return parent, positions[id(parent)], parents, None


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
    cleaner.walker = _LinearTreeWalker
    # Wagtail's FIND_EMBED_TAG only matches "<embed .../>".
    cleaner.serializer.use_trailing_solidus = True
    # Wagtail's FIND_ATTRS only reads double-quoted values (html5lib would
    # otherwise switch to single quotes when a value contains '"').
    cleaner.serializer.use_best_quote_char = False
    return cleaner


# bleach's Cleaner is not thread-safe (its parser keeps state), so build one per thread.
_local = threading.local()


class HtmlRefused(ValueError):
    """The HTML is too large or too deep to be parsed safely; nothing was parsed. ``danish`` is for editors."""

    danish = ""


class HtmlTooDeep(HtmlRefused):
    def __init__(self, max_depth: int):
        super().__init__(f"nesting deeper than {max_depth} elements; flatten the HTML")
        self.danish = f"Teksten har elementer inden i hinanden i mere end {max_depth} niveauer. Gør den enklere."


class HtmlTooLong(HtmlRefused):
    def __init__(self, length: int, max_length: int):
        super().__init__(f"is {length:,} characters of HTML; at most {max_length:,} are allowed, split it up")
        self.danish = f"Teksten er {length:,} tegn lang; der er højst plads til {max_length:,}. Del den op.".replace(
            ",", "."
        )


# Start tags that close an open element (optional end tags: <li>a<li>b, <tr><td>x<tr>): what they close, and
# the elements that stop the search (the list or table they belong to). The search looks a few levels down.
_LISTS, _TABLE_PARTS = frozenset({"ul", "ol", "menu"}), frozenset({"table", "thead", "tbody", "tfoot"})
_IMPLIED_END = {
    "a": (frozenset({"a"}), frozenset()),
    "p": (frozenset({"p"}), frozenset({"table", "td", "th", "button", "object", "li"})),
    "li": (frozenset({"li"}), _LISTS),
    "dd": (frozenset({"dd", "dt"}), frozenset({"dl"})),
    "dt": (frozenset({"dd", "dt"}), frozenset({"dl"})),
    "tr": (frozenset({"tr"}), _TABLE_PARTS),
    "td": (frozenset({"td", "th"}), frozenset({"tr"}) | _TABLE_PARTS),
    "th": (frozenset({"td", "th"}), frozenset({"tr"}) | _TABLE_PARTS),
    "thead": (_TABLE_PARTS - {"table"}, frozenset({"table"})),
    "tbody": (_TABLE_PARTS - {"table"}, frozenset({"table"})),
    "tfoot": (_TABLE_PARTS - {"table"}, frozenset({"table"})),
    "option": (frozenset({"option"}), frozenset({"select", "datalist", "optgroup"})),
    "optgroup": (frozenset({"optgroup", "option"}), frozenset({"select"})),
}
_IMPLIED_SEARCH = 8
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr", "basefont", "bgsound", "frame", "keygen"})
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"})
# A comment, or a start/end tag. Possessive repeats and '<' ending a tag keep every attempt linear.
_MARKUP_RE = re.compile(
    r"<!--(?:.*?-->|.*+)"
    r"|<(/?)([A-Za-z][^\s/>\"'<]*+)(?:[^>\"'<]++|\"[^\"]*+\"|'[^']*+')*+>",
    re.S,
)


def nesting_depth(html: str, limit: int) -> int:
    """How deep ``html`` nests elements as a browser would build the tree, counted up to ``limit + 1``.

    A linear scan of the tags, not a parse: void elements, raw-text elements (script, style) and the usual
    optional end tags (``<p>a<p>b``, ``<li>``, table rows and cells) are taken into account, which is all the
    estimate needs to keep the quadratic parser away from hostile nesting.
    """
    stack: list[str] = []
    open_count: dict[str, int] = {}
    deepest, position = 0, 0
    lowered = None

    def close_down_to(index: int) -> None:
        while len(stack) > index:
            open_count[stack.pop()] -= 1

    while (match := _MARKUP_RE.search(html, position)) is not None:
        position = match.end()
        if match.group(2) is None:
            continue  # a comment
        name = match.group(2).lower()
        if match.group(1):  # an end tag closes its element and everything opened inside it
            if open_count.get(name):
                close_down_to(len(stack) - 1 - stack[::-1].index(name))
            continue
        if name in _VOID:
            continue
        if name in _RAW_TEXT:  # its content is text, up to its end tag
            lowered = lowered if lowered is not None else html.lower()
            end = lowered.find(f"</{name}", position)
            position = len(html) if end < 0 else end
            continue
        closes, boundary = _IMPLIED_END.get(name, (None, None))
        if closes and any(open_count.get(closed) for closed in closes):
            for index in range(len(stack) - 1, max(-1, len(stack) - 1 - _IMPLIED_SEARCH), -1):
                if stack[index] in closes:
                    close_down_to(index)
                    break
                if stack[index] in boundary:
                    break
        stack.append(name)
        open_count[name] = open_count.get(name, 0) + 1
        deepest = max(deepest, len(stack))
        if deepest > limit:
            break
    return deepest


def _configured(name: str, default: int) -> int:
    from django.conf import settings

    return getattr(settings, name, default) if settings.configured else default


def check_size(html: str, *, max_depth: int | None = None, max_length: int | None = None, slack: int = 1) -> None:
    """Raise HtmlRefused when ``html`` nests deeper than ``max_depth`` elements or is longer than ``max_length``
    characters (defaults: the HTML_MAX_DEPTH and HTML_MAX_LENGTH settings, times ``slack``). Linear, and cheap
    for hostile input."""
    depth_limit = slack * (_configured("HTML_MAX_DEPTH", DEFAULT_MAX_DEPTH) if max_depth is None else max_depth)
    length_limit = slack * (_configured("HTML_MAX_LENGTH", DEFAULT_MAX_LENGTH) if max_length is None else max_length)
    # Depth first (it names the real problem of hostile nesting), but never scanning more than the allowed length.
    if nesting_depth(html[: length_limit + 1], depth_limit) > depth_limit:
        raise HtmlTooDeep(depth_limit)
    if len(html) > length_limit:
        raise HtmlTooLong(len(html), length_limit)


# Sanitised output can be longer (every '&' becomes '&amp;') and deeper (tables gain <tbody>) than its input:
# checking stored, already sanitised HTML again allows this much more.
STORED_SLACK = 5


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


def sanitise_html(
    html: str | None, *, max_depth: int | None = None, max_length: int | None = None, stored: bool = False
) -> str:
    """Return html reduced to the allow-list; "" for None or empty input.

    Raises HtmlRefused (before any parsing) for input deeper or longer than allowed (``check_size``): the
    HTML5 parser's cost grows with the square of the nesting depth, and faster than linearly with the size
    of text dense with entities. ``stored``: the HTML was sanitised before (model saves), allow STORED_SLACK.
    """
    if not html:
        return ""
    check_size(html, max_depth=max_depth, max_length=max_length, slack=STORED_SLACK if stored else 1)
    if _is_fixed_point(html):
        return html
    result = _remembered(html)
    if result is None:
        result = _clean(html)
        _remember(html, result)
    return result


def _clean(html: str) -> str:
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = _local.cleaner = _build_cleaner()
    return cleaner.clean(html)
