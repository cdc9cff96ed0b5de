"""From the searcher's text to a query plan: analysed words, synonyms expanded, municipality named.

Synonyms are applied here, at query time, so an editor's change works from the next
search on for both engines, with no reindex and no downtime (docs/decisions/0004).
"""

from dataclasses import replace
from functools import lru_cache

from content_models.models import Municipality

from .analysis import QUESTION_WORDS, analyse_word, clean_query, fold, stop_words, typed_words, words
from .synonyms import synonym_sets
from .types import QueryPlan, TermGroup

MAX_GROUPS = 12  # a longer query keeps its first 12 words: enough to rank, bounded cost


@lru_cache(maxsize=1)
def _municipality_names() -> dict[tuple[str, ...], str]:
    return {tuple(words(name)): code for name, code in Municipality.objects.values_list("name", "code")}


def _municipality_in(tokens: list[str]) -> tuple[str, int, int] | None:
    names = _municipality_names()
    for length in (3, 2, 1):
        for start in range(len(tokens) - length + 1):
            code = names.get(tuple(tokens[start : start + length]))
            if code:
                return code, start, start + length
    return None


def build_plan(raw: str, language: str = "da", others: tuple[str, ...] = ()) -> QueryPlan:
    """The query analysed in ``language`` and, as ``others``, in each of the ``others`` languages too."""
    plan = _plan(raw, language)
    if others:
        plan = replace(plan, others=tuple(_plan(raw, other) for other in others if other != language))
    return plan


def _plan(raw: str, language: str) -> QueryPlan:
    text = clean_query(raw)
    tokens = words(text)
    # The words as typed ("kørekort"), for spelling and "did you mean"; folding rarely splits a word differently.
    typed = typed_words(text)
    if [fold(word) for word in typed] != tokens:
        typed = tokens
    written = dict(zip(tokens, typed))
    stops = stop_words(language) | (QUESTION_WORDS if language == "da" else frozenset())
    hint = ""
    found = _municipality_in(tokens)
    if found and len(tokens) > found[2] - found[1]:
        # "affald aarhus": search for "affald", rank Aarhus' local content first.
        hint, start, end = found
        tokens = tokens[:start] + tokens[end:]
    terms = [(analyse_word(t, language), written.get(t, t)) for t in tokens if t not in stops]
    terms = [(term, word) for term, word in terms if term]
    groups: list[TermGroup] = []
    i = 0
    sets = synonym_sets(language)
    while i < len(terms) and len(groups) < MAX_GROUPS:
        matched = None
        for alternatives in sets:
            for analysed, _ in alternatives:
                n = len(analysed)
                if tuple(t for t, _ in terms[i : i + n]) == analysed and (matched is None or n > matched[1]):
                    matched = (alternatives, n)
        if matched:
            alternatives, n = matched
            groups.append(
                TermGroup(
                    alternatives=tuple(a for a, _ in alternatives),
                    texts=tuple(text for _, text in alternatives),
                    original=" ".join(w for _, w in terms[i : i + n]),
                    is_synonym=True,
                )
            )
            i += n
        else:
            term, word = terms[i]
            groups.append(TermGroup(alternatives=((term,),), texts=(word,), original=word))
            i += 1
    return QueryPlan(text=text, groups=tuple(groups), municipality_hint=hint, language=language)


def spelled_words(plan: QueryPlan) -> list[str]:
    """The searcher's own single words (not synonyms), which spelling may correct."""
    return [g.original for g in plan.groups[:MAX_GROUPS] if not g.is_synonym and g.original and " " not in g.original]
