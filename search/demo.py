"""Demo search settings: realistic editor-managed synonyms and a few pinned results (idempotent)."""

from pathlib import Path

from .models import Promotion, Synonym

SYNONYMS_FILE = Path(__file__).parent / "data" / "demo_synonyms.txt"
PROMOTIONS = [
    # (query, kind, slug): what a portal editor pins for frequent searches.
    ("mitid", "self_service_link", "bestil-mitid"),
]


def synonym_lines() -> list[str]:
    lines = SYNONYMS_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def ensure_search_demo() -> None:
    for terms in synonym_lines():
        Synonym.objects.get_or_create(terms=terms)
    for query, kind, slug in PROMOTIONS:
        Promotion.objects.get_or_create(query=query, kind=kind, slug=slug)
