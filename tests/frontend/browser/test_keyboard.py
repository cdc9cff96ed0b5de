"""The main flows by keyboard only, as a keyboard or screen-reader user walks them, and without JavaScript."""

import pytest

from tests.frontend.conftest import LOCAL_TEXT

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def tab_to(page, selector: str, limit: int = 60):
    """Press Tab until the element matching ``selector`` has focus (fails after ``limit`` presses)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def focused(page, expression: str):
    return page.evaluate(f"() => document.activeElement.{expression}")


def test_search_by_keyboard_with_autocomplete(tab, portal_live):
    tab.goto("/")
    tab.keyboard.press("Tab")
    assert focused(tab, "textContent") == "Gå til sidens indhold"  # the skip link comes first
    tab_to(tab, "#home-search")
    field = tab.locator("#home-search")
    assert field.get_attribute("role") == "combobox" and field.get_attribute("aria-expanded") == "false"

    tab.keyboard.type("flyt", delay=30)
    options = tab.locator("#home-search-listbox [role=option]")
    options.first.wait_for()
    count = options.count()
    assert count >= 2
    # A suggestion is a line of the listbox, not an item of a bulleted list (DKFDS marks list items).
    assert options.first.evaluate("e => getComputedStyle(e, '::before').content") in ("none", "normal")
    assert field.get_attribute("aria-expanded") == "true"
    assert field.get_attribute("aria-controls") == "home-search-listbox"
    status = tab.locator(".search [role=status]")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text().startswith(f"{count} forslag")

    tab.keyboard.press("ArrowDown")
    first_id = options.nth(0).get_attribute("id")
    assert field.get_attribute("aria-activedescendant") == first_id
    assert options.nth(0).get_attribute("aria-selected") == "true"
    tab.keyboard.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
    tab.keyboard.press("ArrowUp")
    assert field.get_attribute("aria-activedescendant") == first_id
    assert focused(tab, "id") == "home-search"  # focus never leaves the field

    tab.keyboard.press("Escape")
    assert field.get_attribute("aria-expanded") == "false" and tab.locator("#home-search-listbox").is_hidden()
    tab.keyboard.press("ArrowDown")  # reopens the same suggestions
    assert field.get_attribute("aria-expanded") == "true"
    title = options.nth(0).locator("span").first.inner_text()
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.locator("h1").inner_text() == title


def test_enter_without_a_chosen_suggestion_submits_the_search(tab, portal_live):
    tab.goto("/")
    tab_to(tab, "#home-search")
    tab.keyboard.type("flytning", delay=20)
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert "/soeg/?q=flytning" in tab.url
    assert "resultater for »flytning«" in tab.locator(".result-count").inner_text()
    tab_to(tab, ".result h2 a")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.locator("h1").count() == 1


def test_change_municipality_by_keyboard_and_see_local_text(tab, portal_live):
    tab.goto("/vejledninger/flytning/")
    assert tab.get_by_text(LOCAL_TEXT).count() == 0
    tab_to(tab, "a.function-link[href^='/kommune/']")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.locator("h1").inner_text() == "Vælg din kommune"
    tab_to(tab, "#kommune-valg")
    tab.keyboard.type("Aarhus")  # a focused select picks the option typed
    assert tab.locator("#kommune-valg").input_value() == "751"
    tab_to(tab, "button[type=submit].button-primary")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.url.endswith("/vejledninger/flytning/")
    local = tab.locator(".local-text")
    assert local.locator("h3").inner_text() == "Lokal information fra Aarhus Kommune"
    assert LOCAL_TEXT in local.inner_text()
    assert "Aarhus Kommune" in tab.locator(".portal-user .portal-municipality").inner_text()


def test_accordion_sections_toggle_by_keyboard(tab, portal_live):
    tab.goto("/vejledninger/flytning/")
    button = tab.locator(".accordion-button").first
    panel = tab.locator("#afsnit-anmeld")
    assert button.get_attribute("aria-expanded") == "true" and panel.is_visible()
    tab_to(tab, ".accordion-button")
    tab.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "false" and panel.is_hidden()
    tab.keyboard.press("Space")
    assert button.get_attribute("aria-expanded") == "true" and panel.is_visible()
    tab.assert_no_errors()


def test_everything_works_without_javascript(browser, live_server, portal_live):
    context = browser.new_context(locale="da-DK", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.locator("#home-search").fill("flytning")
        with page.expect_navigation():
            page.locator("#home-search").press("Enter")
        assert page.locator(".result").count() >= 2
        page.get_by_label("Selvbetjeningsløsning (1)").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Vis resultater").click()
        assert page.locator(".result").count() == 1
        page.goto(live_server.url + "/vejledninger/flytning/?kommune=751")
        assert page.locator("#afsnit-anmeld").is_visible()  # sections are open without the accordion script
        assert LOCAL_TEXT in page.locator(".local-text").inner_text()
    finally:
        context.close()
