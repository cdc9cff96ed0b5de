"""Arguments shared by several queries, resolved once into model objects.

``municipality`` left out of a request made in a signed-in citizen's session on the portal (the browser sends
the session cookie) means the municipality where the citizen lives (the person register, cms.sso.citizen), as
on the citizen site. That default is decided here and nowhere else: the view (syndication/http/view.py) runs
such requests with ``CitizenMunicipality``, which fills in the argument before any resolver sees it, and
keeps their responses out of every cache. An explicit argument wins, even ``null`` or ``""`` (no
municipality). Partners' requests carry no session, so nothing changes for them.
"""

from django.conf import settings

from cms.sso.citizen import current_citizen
from content_models.selectors import UnknownMunicipality, municipality_by_code

from .errors import BadUserInput

LOCALES = ("da", "en")
MUNICIPALITY = "municipality"


def resolve_municipality(code):
    """The municipality for a `municipality` argument, or a GraphQL error naming the bad code."""
    try:
        return municipality_by_code(code)
    except UnknownMunicipality as exc:
        raise BadUserInput(str(exc), argument="municipality") from exc


def resolve_locale(locale):
    if locale is not None and locale not in LOCALES:
        raise BadUserInput(f"Unknown locale '{locale}'. Use one of: {', '.join(LOCALES)}.", argument="locale")
    return locale


def content_locale(locale) -> str:
    """The language a list or lookup reads: the `locale` argument, Danish when it is left out."""
    return resolve_locale(locale) or settings.LANGUAGE_CODE


def citizen_municipality_code(request) -> str | None:
    """The signed-in citizen's municipality code for this request, or None (no session cookie, nobody signed
    in, no municipality in the person register, or one the portal does not know)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES or not hasattr(request, "session"):
        return None  # without a session cookie the session is not even read (no Vary: Cookie for partners)
    citizen = current_citizen(request)
    if citizen is None or not citizen.municipality_code:
        return None
    try:
        municipality = municipality_by_code(citizen.municipality_code)
    except UnknownMunicipality:
        return None
    return municipality.code


class CitizenMunicipality:
    """graphql-core middleware: a field that takes `municipality` and was not given one gets ``code``."""

    def __init__(self, code: str):
        self.code = code

    def resolve(self, next_, root, info, **args):
        if MUNICIPALITY not in args and MUNICIPALITY in info.parent_type.fields[info.field_name].args:
            args[MUNICIPALITY] = self.code
        return next_(root, info, **args)
