"""The page editor's header: which language versions a page has and whether a translation is out of date."""

from django import template
from django.urls import reverse

from ..kinds import registry
from ..translations.selectors import SOURCE_LANGUAGE, translation_state

register = template.Library()

LANGUAGE_NAMES = {"da": "Dansk", "en": "Engelsk"}


@register.inclusion_tag("translations/admin/header_status.html")
def translation_status(page):
    """Tags for the editor's header: each other language version (its status, a link to edit it), or that there is
    none yet; on a translation, its Danish source and whether the translation is out of date."""
    if page is None or page.pk is None:
        return {"tags": []}
    kind = registry.for_model(type(page.specific))
    if kind is None or not kind.translatable:
        return {"tags": []}
    state = translation_state(page)
    tags = []
    for version in state.others:
        name = LANGUAGE_NAMES.get(version.language, version.language)
        if version.language == SOURCE_LANGUAGE:
            status = "dansk kilde"
        elif version.outdated:
            status = "forældet"
        elif not version.live:
            status = "kladde"
        else:
            status = "oversat"
        tags.append({"label": f"{name}: {status}", "url": reverse("wagtailadmin_pages:edit", args=[version.page.pk]),
                     "warning": version.outdated, "title": version.page.title})
    if state.outdated:
        tags.insert(0, {"label": "Forældet oversættelse", "url": "", "warning": True,
                        "title": "Den danske side har fået en væsentlig ændring, efter at denne oversættelse sidst "
                                 "blev publiceret."})
    elif state.language == SOURCE_LANGUAGE and not state.others:
        tags.append({"label": "Ingen engelsk oversættelse", "url": "", "warning": False, "title": ""})
    return {"tags": tags}
