"""The search index as an opensearch-py DSL ``Document``: its fields, analyzers and settings.

Each text field is indexed three times: with OpenSearch's built-in ``danish`` analyzer, as
``.folded`` with an analyzer that mirrors ``search.analysis`` for Danish (æ→ae, ø→oe, å→aa, accents
off, folded stop words, Snowball Danish), so "Roedovre" finds "Rødovre" and "boligstoette" finds
"boligstøtte", and as ``.english`` with the English one (folded, English stop words, Snowball
English): Danish documents are matched on ``.folded`` (its words include the ``danish`` field's, and
matching both doubled the cost of scoring for the same ranking), English documents on ``.english``.
The title also has ``.autocomplete`` (edge n-grams, for prefixes).
Every text field is also copied into ``spell`` (folded, unstemmed): the words the term
suggester knows for "did you mean". One field, so "is this word in the index at all?"
has one answer.

The class describes the index; documents are written as plain dicts in bulk (``source_of``),
which is several times faster for a rebuild than building a ``Document`` per item.
"""

from django.conf import settings
from opensearchpy import Document, Float, Index, Keyword, MetaField, Text, analyzer, char_filter, token_filter

from ...analysis import stop_words

# Out-of-order events: a delete's tombstone (with its external version) must outlive any
# older event still on its way, else that event would resurrect the document.
GC_DELETES = "1d"

_LETTERS = {"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}


def _letter_mappings() -> list[str]:
    pairs = dict(_LETTERS)
    pairs.update({letter.upper(): folded for letter, folded in _LETTERS.items() if letter != "ß"})
    return [f"{letter} => {folded}" for letter, folded in pairs.items()]


_danish_letters = char_filter("danish_letters", "mapping", mappings=_letter_mappings())
_folding = {"tokenizer": "standard", "char_filter": [_danish_letters]}
folded = analyzer(
    "folded",
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("folded_stop", "stop", stopwords=sorted(stop_words())),
        token_filter("danish_stem", "stemmer", language="danish"),
    ],
    **_folding,
)
# English content, mirroring search.analysis for "en": folded, English stop words, Snowball English (Porter2).
english_folded = analyzer(
    "english_folded",
    filter=[
        "lowercase",
        token_filter("english_possessive", "stemmer", language="possessive_english"),
        "asciifolding",
        token_filter("english_stop", "stop", stopwords=sorted(stop_words("en"))),
        token_filter("english_stem", "stemmer", language="porter2"),
    ],
    **_folding,
)
folded_words = analyzer("folded_words", filter=["lowercase", "asciifolding"], **_folding)
folded_prefixes = analyzer(
    "folded_prefixes",
    filter=["lowercase", "asciifolding", token_filter("prefixes", "edge_ngram", min_gram=2, max_gram=20)],
    **_folding,
)


def _text(highlighted: bool = False, **extra_fields) -> Text:
    # Highlighted fields keep term offsets in the index, so snippets come from the postings
    # instead of re-analysing every hit's text at query time.
    offsets = {"index_options": "offsets"} if highlighted else {}
    return Text(
        analyzer="danish", copy_to="spell", **offsets,
        fields={
            "folded": Text(analyzer=folded, **offsets),
            "english": Text(analyzer=english_folded, **offsets),  # what English documents are matched on
            **extra_fields,
        },
    )


def _facet() -> Keyword:
    # Facet fields: their global ordinals are built at refresh, not by the first search after it.
    return Keyword(eager_global_ordinals=True)


class SearchIndexDocument(Document):
    """One search document (search/projection.py) as the index stores it."""

    kind = _facet()
    object_id = Keyword()
    language = Keyword()
    slug = Keyword()
    title = _text(autocomplete=Text(analyzer=folded_prefixes, search_analyzer=folded_words))
    summary = _text(highlighted=True)
    body = _text(highlighted=True)
    keywords = _text()
    url = Keyword(index=False)
    topics = _facet()
    authority = _facet()
    audience = _facet()
    municipalities = _facet()
    signal_boost = Float()  # popularity and helpfulness, bounded (search/signals.py); missing counts as 1
    spell = Text(analyzer=folded_words)  # filled by copy_to, never sent

    class Meta:
        # Only the projection's fields; the database engine's pre-analysed terms stay out.
        dynamic = MetaField("strict")


# The fields a document sends (from the projection); ``spell`` is derived by the index.
STORED = tuple(name for name in SearchIndexDocument._doc_type.mapping if name != "spell")


def index_body() -> dict:
    """The body of a create-index request (aliases not included)."""
    index = Index("search")  # the name is the caller's: a new timestamped index per (re)build
    # One replica on a cluster keeps every document searchable when a node is lost (SEARCH_OPENSEARCH_REPLICAS).
    index.settings(number_of_shards=1, number_of_replicas=settings.SEARCH_OPENSEARCH_REPLICAS, gc_deletes=GC_DELETES)
    index.document(SearchIndexDocument)
    return index.to_dict()


def source_of(document: dict) -> dict:
    """The part of a projection document the index stores."""
    return {name: document.get(name) for name in STORED}
