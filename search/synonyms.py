"""Editor-managed synonyms, analysed once and cached until an editor changes them."""

from django.core.cache import cache

from .analysis import LANGUAGES, analyse, words
from .models import Synonym

CACHE_KEY = "search:synonyms"


def synonym_sets(language: str = "da") -> list[list[tuple[tuple[str, ...], str]]]:
    """Each active synonym group as (analysed terms, text as written) alternatives, analysed in ``language``."""
    key = f"{CACHE_KEY}:{language}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    sets = []
    for synonym in Synonym.objects.filter(active=True):
        alternatives = []
        for text in synonym.term_list():
            terms = tuple(analyse(text, language)) or tuple(words(text))
            if terms and terms not in [a for a, _ in alternatives]:
                alternatives.append((terms, text))
        if len(alternatives) > 1:
            sets.append(alternatives)
    # Short-lived: with a per-process cache (no Redis) other processes see an edit within a minute.
    cache.set(key, sets, timeout=60)
    return sets


def forget() -> None:
    cache.delete_many([f"{CACHE_KEY}:{language}" for language in LANGUAGES])
