"""The search index's settings and mappings, as data.

Each text field is indexed twice: with OpenSearch's built-in ``danish`` analyzer, and as
``.folded`` with an analyzer that mirrors ``search.analysis`` (æ→ae, ø→oe, å→aa, accents off,
folded stop words, Snowball Danish), so "Roedovre" finds "Rødovre" and "boligstoette" finds
"boligstøtte". The title also has ``.autocomplete`` (edge n-grams, for prefixes).
Every text field is also copied into ``spell`` (folded, unstemmed): the words the term
suggester knows for "did you mean". One field, so "is this word in the index at all?"
has one answer.
"""

from ...analysis import stop_words

# Out-of-order events: a delete's tombstone (with its external version) must outlive any
# older event still on its way, else that event would resurrect the document.
GC_DELETES = "1d"

_LETTERS = {"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}


def _letter_mappings() -> list[str]:
    pairs = dict(_LETTERS)
    pairs.update({letter.upper(): folded for letter, folded in _LETTERS.items() if letter != "ß"})
    return [f"{letter} => {folded}" for letter, folded in pairs.items()]


def analysis() -> dict:
    folding = {"type": "custom", "char_filter": ["danish_letters"], "tokenizer": "standard"}
    return {
        "char_filter": {"danish_letters": {"type": "mapping", "mappings": _letter_mappings()}},
        "filter": {
            "folded_stop": {"type": "stop", "stopwords": sorted(stop_words())},
            "danish_stem": {"type": "stemmer", "language": "danish"},
            "prefixes": {"type": "edge_ngram", "min_gram": 2, "max_gram": 20},
        },
        "analyzer": {
            "folded": {**folding, "filter": ["lowercase", "asciifolding", "folded_stop", "danish_stem"]},
            "folded_words": {**folding, "filter": ["lowercase", "asciifolding"]},
            "folded_prefixes": {**folding, "filter": ["lowercase", "asciifolding", "prefixes"]},
        },
    }


def _text(highlighted: bool = False, **extra_fields) -> dict:
    # Highlighted fields keep term offsets in the index, so snippets come from the postings
    # instead of re-analysing every hit's text at query time.
    offsets = {"index_options": "offsets"} if highlighted else {}
    return {
        "type": "text",
        "analyzer": "danish",
        "copy_to": "spell",
        **offsets,
        "fields": {"folded": {"type": "text", "analyzer": "folded", **offsets}, **extra_fields},
    }


_KEYWORD = {"type": "keyword"}
# Facet fields: their global ordinals are built at refresh, not by the first search after it.
_FACET = {"type": "keyword", "eager_global_ordinals": True}

# The fields a document stores (from the projection).
STORED = {
    "kind": _FACET,
    "object_id": _KEYWORD,
    "language": _KEYWORD,
    "slug": _KEYWORD,
    "title": _text(autocomplete={"type": "text", "analyzer": "folded_prefixes", "search_analyzer": "folded_words"}),
    "summary": _text(highlighted=True),
    "body": _text(highlighted=True),
    "keywords": _text(),
    "url": {"type": "keyword", "index": False},
    "topics": _FACET,
    "authority": _FACET,
    "municipalities": _FACET,
}
PROPERTIES = {**STORED, "spell": {"type": "text", "analyzer": "folded_words"}}  # spell: filled by copy_to


def index_body() -> dict:
    """The body of a create-index request (aliases not included)."""
    return {
        "settings": {
            "index": {"number_of_shards": 1, "number_of_replicas": 0, "gc_deletes": GC_DELETES},
            "analysis": analysis(),
        },
        # Only the projection's fields above; the database engine's pre-analysed terms stay out.
        "mappings": {"dynamic": "strict", "properties": PROPERTIES},
    }


def source_of(document: dict) -> dict:
    """The part of a projection document the index stores."""
    return {name: document.get(name) for name in STORED}
