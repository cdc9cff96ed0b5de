"""Names for the codes search and content use (facet fields, standard categories, kinds), in the page's language.

Kind names come from the content-kind registry (content_models.kinds), like everywhere else; their Danish names are
the msgids of the project's catalogue, so an English page shows them in English.
"""

from django.utils.translation import gettext, gettext_lazy as _

from content_models.kinds import registry

FACET_HEADINGS = {
    "kind": _("Type"),
    "topic": _("Emne"),
    "authority": _("Myndighed"),
    "audience": _("Målgruppe (selvbetjening)"),
    "municipality": _("Lokalt indhold for kommune"),
}

STANDARD_CATEGORY_PLURALS = {
    "standard": _("Standarder"),
    "architecture_document": _("Arkitekturdokumenter"),
    "service": _("Tjenester"),
    "organisation": _("Organisationer"),
}

# "Lokal information fra Aarhus Kommune", "Lokal løsning fra Region Midtjylland"
_LOCAL_LABELS = {
    "information": _("Lokal information fra %(place)s"),
    "løsning": _("Lokal løsning fra %(place)s"),
}


def kind_label(kind: str) -> str:
    return gettext(registry.label(kind))


def kind_plural(kind: str) -> str:
    return gettext(registry.get(kind).plural)


def local_label(place, what: str = "information") -> str:
    """The marker of local content from a variant's Place."""
    return _LOCAL_LABELS[what] % {"place": place.name}
