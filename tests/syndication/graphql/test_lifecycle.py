"""Lifecycle, link health and local text for every kind, as partners read them."""

import datetime

import pytest
from django.utils import timezone

from content_models import publishing
from content_models.models import LinkStatus, ModuleLocalText, Municipality, StepLocalText
from tests import factories

pytestmark = pytest.mark.django_db


def test_every_page_kind_has_owner_review_date_and_last_major_update(gql):
    owner = factories.AuthorityFactory(slug="digst", name="Digitaliseringsstyrelsen")
    guide = factories.make_guide(content_owner=owner)
    factories.make_self_service_link(content_owner=owner)
    factories.make_step_by_step()
    factories.make_teaching_module()
    query = """{ guide(slug: "flytning") { lastMajorUpdateAt changeNote reviewBy owner { slug name } }
      selfServiceLink(slug: "anmeld-flytning") { lastMajorUpdateAt reviewBy owner { slug name } }
      stepByStepGuide(slug: "koeb-af-bolig") { lastMajorUpdateAt reviewBy owner { slug } }
      teachingModule(slug: "kom-i-gang-med-mitid") { lastMajorUpdateAt reviewBy owner { slug } } }"""
    data = gql(query)["data"]
    in_a_year = (timezone.localdate() + datetime.timedelta(days=365)).isoformat()
    assert data["guide"]["owner"] == {"slug": "digst", "name": "Digitaliseringsstyrelsen"}
    assert data["selfServiceLink"]["owner"]["slug"] == "digst"
    assert data["stepByStepGuide"]["owner"] is None
    for item in data.values():
        assert item["reviewBy"] == in_a_year  # the default: 12 months after publish
        assert item["lastMajorUpdateAt"] is not None
    first = data["guide"]["lastMajorUpdateAt"]

    # A minor edit keeps "Sidst opdateret"; a major one moves it and shows its change note.
    guide = guide.get_latest_revision_as_object()
    guide.summary = "Rettet stavefejl."
    publishing.publish(guide)
    assert gql(query)["data"]["guide"]["lastMajorUpdateAt"] == first
    guide.major_update, guide.change_note = True, "Nye frister for anmeldelse."
    publishing.publish(guide)
    after = gql(query)["data"]["guide"]
    assert after["lastMajorUpdateAt"] > first and after["changeNote"] == "Nye frister for anmeldelse."


def test_local_text_says_when_it_is_outdated(gql):
    guide = factories.make_guide()
    factories.make_local_text(guide, municipality=Municipality.objects.get(code="751"))
    query = '{ guide(slug: "flytning", municipality: "751") { sections { localText { outdated nationalChangedAt } } } }'
    assert gql(query)["data"]["guide"]["sections"][0]["localText"] == {"outdated": False, "nationalChangedAt": None}
    guide = guide.get_latest_revision_as_object()
    sections = list(guide.sections.all())
    sections[0].body = "<p>Nye regler.</p>"
    guide.sections = sections
    publishing.publish(guide)
    local = gql(query)["data"]["guide"]["sections"][0]["localText"]
    assert local["outdated"] is True and local["nationalChangedAt"] is not None


def test_steps_and_modules_have_local_text_for_the_municipality(gql):
    aarhus = Municipality.objects.get(code="751")
    page = factories.make_step_by_step(steps=(("Læg budget", "<p>Start.</p>"), ("Find bolig", "<p>Søg.</p>")))
    text = StepLocalText.objects.create(step_by_step=page, step_key="find-bolig", region=aarhus.region,
                                        body="<p>Regionens boligportal.</p>")
    publishing.publish(text)
    module = factories.make_teaching_module()
    publishing.publish(ModuleLocalText.objects.create(teaching_module=module, municipality=aarhus,
                                                      body="<p>Kurser på Dokk1.</p>"))
    data = gql("""{ stepByStepGuide(slug: "koeb-af-bolig", municipality: "751") {
        steps { position key title localText { bodyHtml outdated scope } } }
      teachingModule(slug: "kom-i-gang-med-mitid", municipality: "751") { localText { bodyHtml outdated } }
      other: teachingModule(slug: "kom-i-gang-med-mitid", municipality: "101") { localText { bodyHtml } } }""")["data"]
    steps = data["stepByStepGuide"]["steps"]
    assert [(s["position"], s["key"]) for s in steps] == [(1, "laeg-budget"), (2, "find-bolig")]
    assert steps[0]["localText"] is None
    assert steps[1]["localText"] == {"bodyHtml": "<p>Regionens boligportal.</p>", "outdated": False, "scope": "REGION"}
    assert data["teachingModule"]["localText"] == {"bodyHtml": "<p>Kurser på Dokk1.</p>", "outdated": False}
    assert data["other"]["localText"] is None
    listed = gql('{ teachingModules(municipality: "751") { edges { node { slug localText { bodyHtml } } } } }')
    assert listed["data"]["teachingModules"]["edges"][0]["node"]["localText"]["bodyHtml"] == "<p>Kurser på Dokk1.</p>"


def test_link_status_is_the_status_of_the_url_the_municipality_uses(gql):
    link = factories.make_self_service_link(url="https://www.borger.dk/flyt")
    factories.make_url_override(link, municipality=Municipality.objects.get(code="751"), url="https://aarhus.dk/flyt")
    checked = timezone.now()
    LinkStatus.objects.create(url="https://aarhus.dk/flyt", state="BROKEN", http_status=404, checked_at=checked)
    query = '{ selfServiceLink(slug: "anmeld-flytning", municipality: "%s") { url linkStatus { state httpStatus checkedAt } } }'
    local = gql(query % "751")["data"]["selfServiceLink"]
    assert local["linkStatus"]["state"] == "BROKEN" and local["linkStatus"]["httpStatus"] == 404
    response = gql(query % "101")
    assert "errors" not in response, response
    national = response["data"]["selfServiceLink"]
    assert national["linkStatus"] == {"state": "UNCHECKED", "httpStatus": None, "checkedAt": None}


def test_a_renamed_page_is_a_redirect_in_the_change_feed(gql):
    guide = factories.make_guide()
    guide.slug = "flytning-og-adresse"
    publishing.publish(guide)
    edges = gql("{ changes(first: 10) { edges { node { slug action redirectTo redirectToKind } } } }")
    nodes = [edge["node"] for edge in edges["data"]["changes"]["edges"]]
    assert {"slug": "flytning", "action": "REDIRECTED", "redirectTo": "flytning-og-adresse",
            "redirectToKind": "GUIDE"} in nodes
