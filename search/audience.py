"""Who an item is for, and how much that weighs in the ranking of the citizen portal.

Citizens search the one box; teaching modules (for digital-skills teachers) and the standards catalogue (for
developers and architects) are for professionals, and some self-service links are for businesses. For the same
match these rank below citizen content (weights in settings.SEARCH_AUDIENCE_WEIGHTS, from the environment
variable of that name), unless the search asks for them: a word such as "undervisning", "standard" or
"virksomhed" in the query, or a kind filter (teaching modules, standards). Multiplicative, like the local boost,
so the weights mean the same on both engines.
"""

from django.conf import settings

from .analysis import analyse
from .types import QueryPlan, SearchRequest

CITIZEN, BUSINESS, PROFESSIONAL = "citizen", "business", "professional"
AUDIENCES = (CITIZEN, BUSINESS, PROFESSIONAL)
# Professionals' content is known by its kind; businesses' by a self-service link's audience (the document's
# ``audience``, "business").
PROFESSIONAL_KINDS = ("teaching_module", "standard")


def audience_of(kind: str, audience: str) -> str:
    """The ranking audience of a document: professional by kind, business by a link's audience, else citizen."""
    if kind in PROFESSIONAL_KINDS:
        return PROFESSIONAL
    return BUSINESS if audience == BUSINESS else CITIZEN
DEFAULT_WEIGHTS = {CITIZEN: 1.0, BUSINESS: 0.7, PROFESSIONAL: 0.5}

# Words that ask for an audience's content (analysed like queries: "standarderne" and "undervise" count too).
_ASKING = {
    PROFESSIONAL: "undervisning undervise underviser undervisningsforløb forløb kursus lærer it-formidler formidler "
                  "formidlere standard standarder specifikation datastandard arkitektur snitflade api "
                  "teaching course standards specification",
    BUSINESS: "virksomhed virksomheder erhverv erhvervsdrivende firma selskab cvr arbejdsgiver business company",
}
_ASKING_KINDS = {PROFESSIONAL: set(PROFESSIONAL_KINDS)}


def _asking_terms(audience: str) -> frozenset[str]:
    return frozenset(term for language in ("da", "en") for term in analyse(_ASKING[audience], language))


_TERMS = {audience: _asking_terms(audience) for audience in _ASKING}


def parse_weights(raw: str) -> dict[str, float]:
    """"business=0.7,professional=0.5" → the weights (citizen 1.0 unless given); raises ValueError naming the
    problem."""
    weights = dict(DEFAULT_WEIGHTS)
    for part in filter(None, (p.strip() for p in raw.split(","))):
        name, _, value = part.partition("=")
        name = name.strip()
        if name not in AUDIENCES:
            raise ValueError(f"unknown audience {name!r} (one of {', '.join(AUDIENCES)})")
        number = float(value)
        if not 0 < number <= 10:
            raise ValueError(f"weight of {name} must be above 0 and at most 10, got {number}")
        weights[name] = number
    return weights


def weights_for(plan: QueryPlan, request: SearchRequest) -> dict[str, float]:
    """Each audience's score factor for this search: 1.0 for the audiences it asks for."""
    weights = dict(settings.SEARCH_AUDIENCE_WEIGHTS)
    terms = {term for language_plan in plan.languages for g in language_plan.groups for alt in g.alternatives
             for term in alt}
    for audience, asking in _TERMS.items():
        if terms & asking or set(request.kinds) & _ASKING_KINDS.get(audience, set()):
            weights[audience] = 1.0
    return {audience: weight for audience, weight in weights.items() if weight != 1.0}
