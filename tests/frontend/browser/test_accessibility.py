"""WCAG 2.1 AA in a real browser: axe-core finds no violations on any page type, with and without JavaScript
(its CSS and DKFDS' scripts loaded under the site's strict CSP)."""

import pytest

from search import service as search_service

from .conftest import run_axe, violations_on

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGES = [
    ("/", 200),
    ("/soeg/?q=flytning", 200),  # results, highlights, facets, pagination
    ("/soeg/?q=flyttnig", 200),  # "did you mean"
    ("/soeg/", 200),
    ("/vejledninger/flytning/?kommune=751", 200),  # guide with local text
    ("/vejledninger/flytning/?kommune=999", 200),  # unknown municipality notice
    ("/vejledninger/", 200),
    ("/selvbetjening/", 200),
    ("/selvbetjening/?maalgruppe=virksomhed", 200),  # the audience filter
    ("/soeg/?q=flytning&maalgruppe=borger", 200),
    ("/virksomhed/", 200),  # the business login
    ("/selvbetjening/anmeld-flytning/", 200),
    ("/boligejer/", 200),
    ("/boligejer/koeb-af-bolig/", 200),
    ("/it-formidler/", 200),
    ("/it-formidler/kom-i-gang-med-mitid/", 200),
    ("/standarder/", 200),
    ("/standarder/OIOUBL-2.1/", 200),
    ("/emner/", 200),
    ("/emner/bolig-og-flytning/", 200),
    ("/kommune/", 200),
    ("/kommune/?kommune=751", 200),  # the success message
    ("/om-portalen/", 200),
    ("/privatliv-og-cookies/", 200),
    ("/sso/borger/login/?next=/vejledninger/", 200),  # the login pages are on the site's template
    ("/sso/borger/testperson/", 200),
    ("/vejledninger/flytning/?feedback=tak", 200),  # "Tak for dit svar"
    ("/findes-ikke/", 404),
]
# The English site: its own pages, a page with no translation's switch target, and the English 404.
ENGLISH_PAGES = [
    ("/en/", 200),
    ("/en/?ikke-oversat=1", 200),  # "only available in Danish" notice
    ("/en/search/?q=moving", 200),  # English and Danish hits ranked together, each marked with its language
    ("/en/search/?q=flytning", 200),
    ("/en/guides/", 200),
    ("/en/topics/", 200),
    ("/en/topics/bolig-og-flytning/", 200),  # with "Only in Danish"
    ("/en/standards/OIOUBL-2.1/", 200),  # Danish catalogue text marked lang="da"
    ("/en/municipality/", 200),
    ("/en/about/", 200),
    ("/en/privacy-and-cookies/", 200),
    ("/en/no-such-page/", 404),
]


@pytest.fixture
def all_pages(portal_live, settings):
    """PAGES, the development test-person login, and an English translation of the guide."""
    from tests.factories import make_guide

    settings.SSO_DEV_CITIZEN_LOGIN = True
    english = make_guide(slug="moving", title="Moving", locale="en", translation_key=portal_live.guide.translation_key)
    return {**dict(PAGES), **dict(ENGLISH_PAGES), english.get_url(): 200}


def test_every_page_type_has_no_wcag_violations(tab, all_pages):
    expected = all_pages
    assert violations_on(tab, expected, lambda path: tab.goto(path, expect_status=expected[path])) == {}
    tab.assert_no_errors(allow=("404 (Not Found)",))  # the 404 page's own status


def test_phone_width_has_no_wcag_violations(browser, live_server, all_pages):
    context = browser.new_context(locale="da-DK", viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        paths = ("/", "/soeg/?q=flytning", "/vejledninger/flytning/?kommune=751", "/boligejer/koeb-af-bolig/")
        assert violations_on(page, paths, lambda path: page.goto(live_server.url + path)) == {}
    finally:
        context.close()


def test_without_the_sites_scripts_pages_have_no_wcag_violations(browser, live_server, portal_live):
    """The pages as a browser without JavaScript gets them: the site's and DKFDS' scripts never load.

    (axe itself needs script, so the context keeps JavaScript on and blocks the site's script files.)
    """
    context = browser.new_context(locale="da-DK")
    context.route("**/*.js", lambda route: route.abort())
    page = context.new_page()
    try:
        def visit(path):
            page.goto(live_server.url + path)
            assert page.locator("[role=combobox]").count() == 0  # not enhanced

        paths = ("/", "/soeg/?q=flytning", "/vejledninger/flytning/?kommune=751", "/kommune/", "/sso/borger/login/")
        assert violations_on(page, paths, visit) == {}
        page.goto(live_server.url + "/vejledninger/#hovedmenu")  # the drawer opened without script
        assert run_axe(page) == []
    finally:
        context.close()


def test_autocomplete_open_and_degraded_search_have_no_violations(tab, portal_live, monkeypatch):
    real_search = search_service.search

    def degraded(request, **kwargs):
        response = real_search(request, **kwargs)
        response.degraded = True
        return response

    monkeypatch.setattr("frontend.views.search.service.search", degraded)
    tab.goto("/soeg/?q=flytning")
    assert tab.locator(".alert-warning").inner_text().startswith("Søgningen kører i reservetilstand")
    field = tab.locator("#search-page-field")
    field.fill("")
    field.press_sequentially("flyt")
    tab.locator("[role=listbox] [role=option]").first.wait_for()
    tab.keyboard.press("ArrowDown")
    assert run_axe(tab) == []


def test_inline_script_is_blocked_by_the_csp(tab, portal_live):
    tab.goto("/")
    tab.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1';"
        " document.head.appendChild(s); }"
    )
    assert tab.evaluate("() => window.injected") is None
    assert any("Content Security Policy" in problem for problem in tab.problems)


def test_the_axe_harness_reports_violations(tab, portal_live):
    """Guards against a vacuous pass: an image without a text alternative is found."""
    tab.goto("/")
    tab.evaluate("() => document.querySelector('main').appendChild(document.createElement('img')).src = '/x.png'")
    assert "image-alt" in {violation["id"] for violation in run_axe(tab)}


def test_a_signed_in_citizens_pages_have_no_wcag_violations(browser, live_server, portal_live):
    """The subscriptions page, its confirmation and the follow boxes as a signed-in citizen sees them."""
    from django.test import Client

    from content_models.models import Topic
    from syndication.digital_post.identity import Subscriber
    from syndication.digital_post.services import subscribe
    from tests.factories import sign_in_citizen

    client = Client()
    citizen = sign_in_citizen(client)
    subscribe(Subscriber.from_citizen(citizen), Topic.objects.get(slug="bolig-og-flytning"))
    context = browser.new_context(locale="da-DK")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    try:
        def visit(path):
            response = page.goto(live_server.url + path)
            assert response.status == 200 and page.url == live_server.url + path, path  # signed in: no login
            assert "Log ind og få besked" not in page.content(), path

        paths = ("/mine-abonnementer/", "/mine-abonnementer/slet-mine-data/", "/vejledninger/flytning/",
                 "/emner/bolig-og-flytning/")
        assert violations_on(page, paths, visit) == {}
    finally:
        context.close()


def test_a_signed_in_business_users_pages_have_no_wcag_violations(browser, live_server, portal_live):
    """The business page as an employee with the right to manage the company's subscriptions sees it."""
    from django.test import Client

    from tests.factories import sign_in_business

    client = Client()
    sign_in_business(client)
    context = browser.new_context(locale="da-DK")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    try:
        def visit(path):
            response = page.goto(live_server.url + path)
            assert response.status == 200 and "Testvirksomheden ApS" in page.content(), path

        assert violations_on(page, ("/virksomhed/", "/virksomhed/?titel=flyt"), visit) == {}
    finally:
        context.close()
