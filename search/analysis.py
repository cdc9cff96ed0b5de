"""Danish text analysis shared by the database engine, highlighting, synonyms and promotions.

lower case → fold (æ→ae, ø→oe, å→aa, accents off) → drop stop words → Snowball Danish stem.
Folding comes first so that "Roedovre", "Rødovre" and "RØDOVRE" give one term; the same
function analyses the content and the query, so both sides always agree. The OpenSearch
index mirrors these steps in its own analyzer (search/engines/opensearch).
"""

import re
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
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    words = set()
    for line in (Path(__file__).parent / "data" / "danish-stopwords.txt").read_text(encoding="utf-8").splitlines():
        word = line.split("|", 1)[0].strip()
        if word:
            words.add(fold(word))
    return frozenset(words)


# Question words carry no topic: "hvordan søger jeg om pas" is about "søge pas". Dropped from
# queries only (a title may well contain them).
QUESTION_WORDS = frozenset(
    fold(w) for w in ("hvordan", "hvorfor", "hvornår", "hvorledes", "hvilken", "hvilket", "hvilke", "hvad", "hvem")
)

_stemmer = snowballstemmer.stemmer("danish")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    """The folded words of ``text`` (underscores split words too)."""
    return [w for w in _WORD.findall(fold(text).replace("_", " ")) if w]


def analyse(text: str) -> list[str]:
    """Index/query terms of ``text``: folded, stop words out, stemmed."""
    stops = stop_words()
    return [stem(w) for w in words(text) if w not in stops]


def analyse_word(word: str) -> str:
    """The term of one word, keeping stop words (a synonym or a phrase may need them)."""
    folded = words(word)
    return stem(folded[0]) if folded else ""


def clean_query(raw: str | None) -> str:
    """A query safe to analyse and log: bounded length, no control characters, single spaces."""
    text = _CONTROL.sub(" ", raw or "")[: MAX_QUERY_LENGTH * 4]
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH]
    return text


def normalise_query_key(query: str) -> str:
    """The key that promotions and statistics group queries by: folded words, single spaces."""
    return " ".join(words(clean_query(query)))
