"""Public URLs of pages, with the site-root lookup cached for the whole request.

Wagtail's ``get_full_url`` finds the page's site and reverses its route page by page; a list of 50 guides paid
for that 50 times. Here the site roots are read once a request and each language's route prefix once a process,
so a URL is the site's root URL + the prefix + the page's path below the site root. Whatever this shortcut does
not cover (several sites holding the page, a path with characters the reverse would quote, custom routing) is
left to Wagtail; tests/syndication/graphql/test_page_urls.py checks both agree on every page.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site

_SAFE_PATH = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_/")


def page_url(page, request) -> str | None:
    fast = _fast_full_url(page, request)
    return fast if fast is not None else page.get_full_url(request=request)


def _site_root_paths(request) -> list:
    try:
        return request._wagtail_cached_site_root_paths  # where Page.get_url_parts keeps them for the request
    except AttributeError:
        request._wagtail_cached_site_root_paths = Site.get_site_root_paths()
        return request._wagtail_cached_site_root_paths


@lru_cache(maxsize=16)
def _route_prefix(language_code: str | None) -> str | None:
    """What reversing wagtail_serve puts before a page's path in ``language_code`` ("/" or "/en/"); None: the
    active language (Wagtail's i18n off)."""
    try:
        if language_code is None:
            return reverse("wagtail_serve", args=("",))
        with translation.override(language_code):
            return reverse("wagtail_serve", args=("",))
    except NoReverseMatch:
        return None


def _fast_full_url(page, request) -> str | None:
    url_path = page.url_path
    if type(page).get_url_parts is not Page.get_url_parts or not set(url_path) <= _SAFE_PATH:
        return None
    sites = [srp for srp in _site_root_paths(request) if url_path.startswith(srp.root_path)]
    if len({srp.site_id for srp in sites}) != 1:
        return None  # no site, or several (Wagtail then prefers the request's own site)
    root_path, root_url, language_code = sites[0].root_path, sites[0].root_url, sites[0].language_code
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        try:  # as Wagtail: the active language when it is a variant of the page's
            if get_supported_content_language_variant(translation.get_language()) == language_code:
                language_code = translation.get_language()
        except LookupError:
            pass
    else:
        language_code = None
    prefix = _route_prefix(language_code)
    if prefix is None or root_url is None or not getattr(settings, "WAGTAIL_APPEND_SLASH", True):
        return None
    return root_url + prefix + url_path[len(root_path):]
