"""The citizen site on a phone (375 px) and a desktop (1280 px), by keyboard only and without JavaScript: the DKFDS
header's menu drawer, the search page's results before its folded filters, following and feedback in place."""

import pytest

from .test_keyboard import focused, tab_to

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(locale="da-DK", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def open_menu_by_keyboard(page):
    tab_to(page, ".js-menu-open")
    assert page.locator(".js-menu-open").get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    page.locator(".mobile-drawer.is-visible").wait_for()


def test_the_menu_drawer_by_keyboard_on_a_phone(phone, live_server, portal_live):
    phone.goto(live_server.url + "/vejledninger/flytning/")
    assert not phone.locator(".navigation-menu .nav").is_visible()  # the desktop menu is folded away
    button = phone.locator(".js-menu-open")
    assert button.is_visible() and button.evaluate("b => b.tagName") == "BUTTON"
    assert button.get_attribute("aria-controls") == "hovedmenu"
    open_menu_by_keyboard(phone)
    assert button.get_attribute("aria-expanded") == "true"
    # Focus stays in the open drawer, however often one tabs, both ways.
    for key in ["Tab"] * 14 + ["Shift+Tab"] * 5:
        phone.keyboard.press(key)
        assert phone.evaluate("() => !!document.activeElement.closest('#hovedmenu')"), key
    for title in ("Vejledninger", "Selvbetjening", "Trin for trin", "IT-formidler", "Emner", "Standarder"):
        assert phone.locator(f"#hovedmenu .nav-link:has-text('{title}')").is_visible()
    assert phone.locator("#hovedmenu").get_by_text("Log ind").is_visible()
    phone.keyboard.press("Escape")
    phone.locator(".mobile-drawer.is-visible").wait_for(state="detached")
    assert not phone.locator("#hovedmenu").is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    assert focused(phone, "classList.contains('js-menu-open')")  # back where the citizen was

    # And a menu item takes them there.
    open_menu_by_keyboard(phone)
    tab_to(phone, "#hovedmenu a[href='/selvbetjening/']")
    phone.keyboard.press("Enter")
    phone.wait_for_url(live_server.url + "/selvbetjening/")


def test_without_javascript_the_menu_is_still_reachable(browser, live_server, portal_live):
    context = browser.new_context(locale="da-DK", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/vejledninger/")
        assert not page.locator("#hovedmenu").is_visible()
        tab_to(page, "a[href='#hovedmenu']")
        page.keyboard.press("Enter")
        assert page.locator("#hovedmenu").is_visible()
        assert page.locator("#hovedmenu a[href='/emner/']").is_visible()
        page.locator("#hovedmenu a[href='/emner/']").click()
        page.wait_for_url(live_server.url + "/emner/")
        assert page.locator("h1").inner_text() == "Emner"
        page.goto(live_server.url + "/vejledninger/#hovedmenu")
        page.locator("#hovedmenu a:has-text('Luk')").click()
        assert not page.locator("#hovedmenu").is_visible()
    finally:
        context.close()


def test_on_a_phone_search_results_come_first_and_filters_fold_into_filtrer(phone, live_server, portal_live):
    phone.goto(live_server.url + "/soeg/?q=flytning")
    first_result = phone.locator(".result h2 a").first
    assert first_result.bounding_box()["y"] < PHONE["height"]  # on the first screen
    filters = phone.locator(".search-filters")
    assert filters.get_attribute("open") is None
    assert not phone.locator("#facet-kind-guide").is_visible()
    summary = phone.locator(".search-filters > summary")
    assert summary.inner_text().startswith("Filtrér")
    tab_to(phone, ".search-filters > summary")
    phone.keyboard.press("Enter")
    assert phone.locator("#facet-kind-guide").is_visible()
    tab_to(phone, "#facet-kind-guide")
    phone.keyboard.press("Space")
    tab_to(phone, ".facet button[type=submit]")
    phone.keyboard.press("Enter")
    phone.wait_for_url("**type=guide**")
    assert phone.locator(".filter-state").is_visible()  # "(filtre valgt)" on the folded control


def test_on_a_desktop_the_menu_and_the_filters_are_open(tab, portal_live):
    tab.goto("/soeg/?q=flytning")
    assert tab.locator(".navigation-menu .nav a[href='/vejledninger/']").is_visible()
    assert not tab.locator(".js-menu-open").is_visible()
    assert tab.locator("#facet-kind-guide").is_visible()
    assert not tab.locator(".search-filters > summary").is_visible()
    facets, results = tab.locator(".search-filters").bounding_box(), tab.locator(".result").first.bounding_box()
    assert facets["x"] < results["x"] and abs(facets["y"] - results["y"]) < 200  # side by side
    tab.assert_no_errors()


def test_feedback_and_following_without_javascript_come_back_to_their_box(browser, live_server, portal_live, settings):
    settings.SSO_DEV_CITIZEN_LOGIN = True
    context = browser.new_context(locale="da-DK", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/vejledninger/flytning/")
        tab_to(page, "#nyttig-ja")  # a radio group is one tab stop; the arrow keys choose
        page.keyboard.press("ArrowRight")
        assert page.locator("#nyttig-nej").is_checked()
        tab_to(page, "#nyttig-kommentar")
        page.keyboard.type("Skriv til mig på a@b.dk")
        tab_to(page, ".feedback-box button[type=submit]")
        page.keyboard.press("Enter")
        page.wait_for_url("**#var-siden-nyttig")
        status = page.locator("#var-siden-nyttig [role=status]")
        assert status.is_visible() and status.inner_text().startswith("Tak for dit svar")
        box = status.bounding_box()
        assert 0 <= box["y"] < PHONE["height"]  # in view, not 1,600 px below

        page.locator("text=Log ind og få besked").click()
        page.locator("text=Log ind som testborger (kun udvikling)").click()
        page.locator("button:has-text('Log ind')").click()
        page.wait_for_load_state()
        assert page.url == live_server.url + "/vejledninger/flytning/#foelg"
        confirmation = page.locator("#foelg [role=status]")
        assert "Du følger nu vejledningen »Flytning«" in confirmation.inner_text()
        assert 0 <= confirmation.bounding_box()["y"] < PHONE["height"]
    finally:
        context.close()
