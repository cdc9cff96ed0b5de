"""Snippets with the matched words marked, for engines that do not highlight themselves."""

import re
from html import escape

from .analysis import fold, stem, stop_words

_WORD = re.compile(r"\w+", re.UNICODE)


def _matcher(terms: set[str], prefixes: tuple[str, ...], language: str):
    stops = stop_words(language)

    def matches(word: str) -> bool:
        folded = fold(word)
        if folded in stops:
            return False
        term = stem(folded, language)
        return term in terms or any(term.startswith(p) for p in prefixes)

    return matches


def contains_match(text: str, terms: set[str], prefixes: tuple[str, ...] = (), language: str = "da") -> bool:
    matches = _matcher(terms, prefixes, language)
    return any(matches(m.group()) for m in _WORD.finditer(text or ""))


def snippet(
    text: str, terms: set[str], prefixes: tuple[str, ...] = (), max_words: int = 28, language: str = "da"
) -> str:
    """An HTML-escaped window of ``text`` (in ``language``) around the first matched word, matches in <mark>."""
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    if not spans:
        return ""
    matches = _matcher(terms, prefixes, language)
    hits = [i for i, (start, end) in enumerate(spans) if matches(text[start:end])]
    first = max(0, hits[0] - 8) if hits else 0
    last = min(len(spans), first + max_words)
    hit_set = set(hits)
    parts, cursor = [], spans[first][0]
    for i in range(first, last):
        start, end = spans[i]
        parts.append(escape(text[cursor:start]))
        word = escape(text[start:end])
        parts.append(f"<mark>{word}</mark>" if i in hit_set else word)
        cursor = end
    result = "".join(parts)
    if first > 0:
        result = "… " + result
    if last < len(spans):
        result += " …"
    return result
