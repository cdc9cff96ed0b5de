"""What every page of the citizen site links to so citizens can trust it: the accessibility statement and the logo.

The Danish web accessibility act requires a statement made in the national WAS tool, which publishes it at
``https://www.was.digst.dk/<the site's host with "-" for ".">`` (e.g. ``www.was.digst.dk/borger-dk``);
ACCESSIBILITY_STATEMENT_URL points elsewhere when the authority publishes it under another name.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.templatetags.static import static

WAS_TOOL = "https://www.was.digst.dk/"


def accessibility_statement_url() -> str:
    if settings.ACCESSIBILITY_STATEMENT_URL:
        return settings.ACCESSIBILITY_STATEMENT_URL
    host = (urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost").removeprefix("www.")
    return WAS_TOOL + host.replace(".", "-")


def site_logo_url() -> str:
    """SITE_LOGO_URL as given when it is an address on this site ("/..."), else a static file's address."""
    logo = settings.SITE_LOGO_URL
    if not logo:
        return ""
    return logo if logo.startswith("/") else static(logo)
