"""The three editorial journeys in Chromium, with a browser that asks for English: every word they meet is Danish.

A municipal editor adds a local text from the guide (with a mistake first), a national editor edits a guide and
sends it for approval, an approver approves it. Each page's visible text, the hidden menu items and the
placeholder/aria-label/title attributes are checked against English phrases seen in the admin before.
"""

import re

import pytest
from django.contrib.auth.models import Group

from content_models.models import GuidePage, LocalText, Municipality
from content_models.roles import NATIONAL_APPROVERS, NATIONAL_EDITORS
from tests import factories
from tests.frontend.conftest import build_portal

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "hemmelig-kode-123"
ENGLISH = [
    "could not be created due to errors", "could not be saved due to errors", "Autosave is paused", "Password",
    "Forgotten password", "Search all pages", "Collapse all", "Expand all", "Reports", "Help", "LIVE + IN MODERATION",
    "live + in moderation", "In Moderation", "Submit to", "Request changes", "Approve with comment", "Approve",
    "True", "False", "Save draft", "Dashboard", "Preview", "Edit", "Delete", "Unpublish", "Publish", "Awaiting",
    "Write something", "Toggle", "Actions", "Root", "Pages", "Choose", "Sign in", "Remember me", "Log out",
    "Page title", "Main menu", "Select all", "Show filters", "Pagination", "Page status", "Draft", "Visit the live",
]
PATTERN = re.compile(r"(?<![A-Za-zÆØÅæøå])(" + "|".join(re.escape(p) for p in ENGLISH) + r")(?![a-zæøå])")

TEXTS = """() => {
  const parts = [document.title, document.body.innerText];
  // Menu items and buttons that show only on a click, and what screen readers hear.
  for (const el of document.querySelectorAll('button, a, [role=menuitem], option, label, th, .w-status-tag')) {
    parts.push(el.textContent);
  }
  for (const el of document.querySelectorAll('[placeholder],[aria-label],[title]')) {
    for (const name of ['placeholder', 'aria-label', 'title']) { const v = el.getAttribute(name); if (v) parts.push(v); }
  }
  return parts.join('\\n');
}"""


class Journey:
    def __init__(self, browser, base_url, username):
        # The browser asks for English: the admin must answer in Danish all the same.
        self.context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.base_url, self.found = base_url, {}
        self.goto("/admin/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(re.compile(r".*/admin/$"))
        self.check("dashboard")

    def goto(self, path):
        response = self.page.goto(self.base_url + path)
        assert response.status == 200, f"{path}: HTTP {response.status}"
        self.check(path)

    def check(self, where):
        self.page.wait_for_load_state("networkidle")
        text = self.page.evaluate(TEXTS)
        # Each English phrase with a little of the text around it, to find it on the page.
        english = sorted({text[max(0, m.start() - 25):m.end() + 25].replace("\n", " ⏎ ") for m in PATTERN.finditer(text)})
        if english:
            self.found[where] = english

    def close(self):
        self.context.close()


@pytest.fixture
def editors(live_server):
    portal = build_portal()
    users = {
        "aarhus": factories.municipal_editor("751", username="aarhus", password=PASSWORD),
        "national": factories.UserFactory(username="national", password=PASSWORD,
                                          groups=[Group.objects.get(name=NATIONAL_EDITORS)]),
        "approver": factories.UserFactory(username="approver", password=PASSWORD,
                                          groups=[Group.objects.get(name=NATIONAL_APPROVERS)]),
    }
    return portal, users


def test_three_journeys_meet_only_danish(browser, live_server, editors):
    portal, _ = editors
    guide = portal.guide
    found = {}

    # 1. Aarhus' editor adds local text to "Det skal du huske" from the guide's local-content page.
    aarhus = Journey(browser, live_server.url, "aarhus")
    aarhus.page.click("text=Find indhold")
    aarhus.check("find indhold")
    aarhus.page.click(f"text={guide.title}")
    aarhus.check("guide")
    aarhus.page.locator("a:has-text('Tilføj lokal tekst')").first.click()
    aarhus.page.wait_for_load_state("networkidle")
    assert aarhus.page.locator("select[name=section_key]").input_value() == "husk"
    assert aarhus.page.locator("select[name=municipality] option").all_inner_texts() == ["Aarhus"]
    aarhus.page.locator("button.action-save, button[type=submit]:has-text('Gem')").first.click()  # empty: errors
    aarhus.check("add with errors")
    aarhus.page.locator(".public-DraftEditor-content").click()
    aarhus.page.keyboard.type("Husk at bestille tid i Borgerservice Aarhus.")
    aarhus.page.locator("button.action-save, button[type=submit]:has-text('Gem')").first.click()
    aarhus.page.wait_for_url(re.compile(r".*/localtext/edit/\d+/"))
    aarhus.check("saved")
    assert LocalText.objects.filter(section_key="husk", municipality__code="751").exists()
    aarhus.goto("/admin/snippets/content_models/localtext/")
    found.update({f"kommuneredaktør {k}": v for k, v in aarhus.found.items()})
    aarhus.close()

    # 2. A national editor edits the guide and sends it for approval.
    national = Journey(browser, live_server.url, "national")
    national.goto(f"/admin/pages/{guide.pk}/edit/")
    assert national.page.locator("input[type=checkbox][name=topics]").count() >= 1  # a checkbox list, not a multi-select
    national.page.fill("textarea[name=summary]", "Når du flytter, skal du anmelde din nye adresse inden 5 dage.")
    national.page.locator("footer .w-dropdown__toggle").last.click()
    national.page.locator("button[name=action-submit]").click()
    national.page.wait_for_load_state("networkidle")
    national.check("submitted")
    national.goto(f"/admin/pages/{guide.pk}/edit/")
    found.update({f"national redaktør {k}": v for k, v in national.found.items()})
    national.close()

    # 3. The approver finds it in the review queue and approves it.
    approver = Journey(browser, live_server.url, "approver")
    assert "Afventer din godkendelse" in approver.page.inner_text("body")
    approver.goto(f"/admin/pages/{guide.pk}/edit/")
    approver.page.locator("footer .w-dropdown__toggle").last.click()
    approver.check("approver's actions")
    actions = {name: approver.page.locator(f"footer button[data-workflow-action-name={name}]").all_inner_texts()
               for name in ("approve", "reject")}
    assert [label.strip() for label in actions["approve"]] == ["Godkend og publicér", "Godkend med kommentar og publicér"]
    assert [label.strip() for label in actions["reject"]] == ["Afvis og bed om ændringer"]
    approver.page.locator("footer button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])").click()
    approver.page.wait_for_load_state("networkidle")
    approver.check("approved")
    found.update({f"godkender {k}": v for k, v in approver.found.items()})
    approver.close()

    assert found == {}, f"English in the admin: {found}"
    guide.refresh_from_db()
    assert GuidePage.objects.get(pk=guide.pk).summary.endswith("inden 5 dage.")
    assert Municipality.objects.get(code="751")
