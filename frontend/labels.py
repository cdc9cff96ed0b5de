"""Danish names for the codes search and content use (facet fields, standard categories).

Kind names come from the content-kind registry (content_models.kinds), like everywhere else.
"""

from content_models.kinds import registry

FACET_HEADINGS = {
    "kind": "Type",
    "topic": "Emne",
    "authority": "Myndighed",
    "audience": "Målgruppe (selvbetjening)",
    "municipality": "Lokalt indhold for kommune",
}

STANDARD_CATEGORY_PLURALS = {
    "standard": "Standarder",
    "architecture_document": "Arkitekturdokumenter",
    "service": "Tjenester",
    "organisation": "Organisationer",
}


def kind_label(kind: str) -> str:
    return registry.label(kind)


def local_label(place, what: str = "information") -> str:
    """The marker of local content from a variant's Place: "Lokal information fra Aarhus Kommune",
    "Lokal løsning fra Region ..."."""
    return f"Lokal {what} fra {place.name}"
