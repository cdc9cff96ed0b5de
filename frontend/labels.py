"""Danish names for the codes search and content use (kinds, facet fields)."""

KIND_LABELS = {
    "guide": "Vejledning",
    "self_service_link": "Selvbetjening",
    "step_by_step": "Trin for trin",
    "teaching_module": "Undervisningsforløb",
    "standard": "Standard",
}

FACET_HEADINGS = {
    "kind": "Type",
    "topic": "Emne",
    "authority": "Myndighed",
    "municipality": "Lokalt indhold for kommune",
}

STANDARD_CATEGORY_PLURALS = {
    "standard": "Standarder",
    "architecture_document": "Arkitekturdokumenter",
    "service": "Tjenester",
    "organisation": "Organisationer",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def local_label(place, what: str = "information") -> str:
    """The marker of local content: "Lokal information fra Aarhus Kommune", "Lokal løsning fra Region ..."."""
    name = getattr(place, "display_name", None) or str(place)
    return f"Lokal {what} fra {name}"
