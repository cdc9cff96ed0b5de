"""Text analysis per language, shared by the database engine, highlighting, synonyms and promotions.

lower case → fold (æ→ae, ø→oe, å→aa, accents off) → drop the language's stop words → its Snowball stem
(Danish for Danish content, English (Porter2) for English content). Folding comes first so that "Roedovre",
"Rødovre" and "RØDOVRE" give one term; the same function analyses the content and the query, so both sides
always agree. The OpenSearch index mirrors these steps in its own analyzers (search/engines/opensearch).
"""

import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

import snowballstemmer

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_WORD = re.compile(r"\w+", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
MAX_QUERY_LENGTH = 200


def fold(text: str) -> str:
    folded = text.lower().translate(_FOLD)
    if folded.isascii():  # most text once æ, ø, å are mapped: nothing left to decompose
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


LANGUAGES = ("da", "en")  # content languages; anything else is analysed as Danish, the portal's language
_STOP_WORD_FILES = {"da": "danish-stopwords.txt", "en": "english-stopwords.txt"}
_STEMMER_NAMES = {"da": "danish", "en": "english"}


def _language(language: str) -> str:
    return language if language in LANGUAGES else "da"


@lru_cache(maxsize=len(LANGUAGES))
def _stop_words(language: str) -> frozenset[str]:
    words = set()
    path = Path(__file__).parent / "data" / _STOP_WORD_FILES[language]
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("|", 1)[0].strip()
        if word:
            words.add(fold(word))
    return frozenset(words)


def stop_words(language: str = "da") -> frozenset[str]:
    return _stop_words(_language(language))


# Question words carry no topic: "hvordan søger jeg om pas" is about "søge pas". Dropped from
# queries only (a title may well contain them). English question words are English stop words already.
QUESTION_WORDS = frozenset(
    fold(w) for w in ("hvordan", "hvorfor", "hvornår", "hvorledes", "hvilken", "hvilket", "hvilke", "hvad", "hvem")
)

# A Snowball stemmer keeps the word it works on in itself: one set per thread (a search and the spelling
# vocabulary's background read stem at the same time; a shared stemmer mixed their words up and failed).
_stemmers = threading.local()


@lru_cache(maxsize=50_000)
def stem(word: str, language: str = "da") -> str:
    stemmers = getattr(_stemmers, "by_language", None)
    if stemmers is None:
        stemmers = {language: snowballstemmer.stemmer(name) for language, name in _STEMMER_NAMES.items()}
        _stemmers.by_language = stemmers
    return stemmers[_language(language)].stemWord(word)


def words(text: str) -> list[str]:
    """The folded words of ``text`` (underscores split words too)."""
    return [w for w in _WORD.findall(fold(text).replace("_", " ")) if w]


def analyse(text: str, language: str = "da") -> list[str]:
    """Index/query terms of ``text`` in ``language``: folded, stop words out, stemmed."""
    stops = stop_words(language)
    return [stem(w, language) for w in words(text) if w not in stops]


def analyse_word(word: str, language: str = "da") -> str:
    """The term of one word, keeping stop words (a synonym or a phrase may need them)."""
    folded = words(word)
    return stem(folded[0], language) if folded else ""


def clean_query(raw: str | None) -> str:
    """A query safe to analyse and log: bounded length, no control characters, single spaces."""
    text = _CONTROL.sub(" ", raw or "")[: MAX_QUERY_LENGTH * 4]
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH]
    return text


def typed_words(text: str) -> list[str]:
    """The words of ``text`` in lower case as written (æ, ø, å kept): what a person reads back."""
    return [w for w in _WORD.findall(text.lower().replace("_", " ")) if w]


def typed_query_key(query: str) -> str:
    """A query as the searcher typed it, in lower case with single spaces: how statistics and suggestions keep it
    (never the folded analysis form: "boligstøtte", not "boligstoette")."""
    return " ".join(typed_words(clean_query(query)))


def normalise_query_key(query: str) -> str:
    """The key that promotions and statistics group queries by: folded words, single spaces."""
    return " ".join(words(clean_query(query)))
