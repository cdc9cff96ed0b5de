"""The business journey on the citizen site: an employee signs in for the company (MitID Erhverv; here the
development login), follows and unfollows content for it when they have the right, and a major update reaches
the company in Digital Post. Self-service links for businesses are marked and can be filtered. The CVR number is
never shown, logged or stored in the clear."""

import logging

import pytest
from django.contrib.sessions.models import Session

from cms.sso.business import SESSION_KEY, current_business
from cms.sso.dev_business_login import COMPANY, CVR
from cms.sso.number_crypto import keyed_hash
from content_models.worker.drain import drain
from syndication.digital_post import crypto
from syndication.models import DigitalPostMessage, Subscription
from tests.factories import make_self_service_link

from .test_views import assert_dkfds_page

pytestmark = pytest.mark.django_db
BUSINESS = "/virksomhed/"


@pytest.fixture(autouse=True)
def _dev_logins(settings):
    settings.SSO_DEV_CITIZEN_LOGIN = True


def _sign_in(client, employee="1"):
    response = client.post("/sso/virksomhed/testvirksomhed/", {"employee": employee})
    assert response.status_code == 302 and response["Location"] == BUSINESS
    return current_business(response.wsgi_request)


def _page(client, path=BUSINESS, **params) -> str:
    response = client.get(path, params)
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    assert_dkfds_page(body)
    assert CVR not in body
    return body


def test_anonymous_visitors_get_the_login_and_the_business_self_service(client, portal):
    make_self_service_link(slug="moms", title="Indberet moms", login="mitid_erhverv", audience="business")
    body = _page(client)
    assert "<h1>For virksomheder</h1>" in body and "Log ind som testvirksomhed (kun udvikling)" in body
    assert "Indberet moms" in body and "Anmeld flytning" not in body  # a link for citizens
    assert 'href="/virksomhed/"' in _page(client, "/")  # in the main menu


def test_an_employee_with_the_right_follows_and_unfollows_for_the_company(client, portal, caplog):
    caplog.set_level(logging.DEBUG)
    user = _sign_in(client)
    assert user.may_manage and user.organisation_name == COMPANY
    body = _page(client)
    assert f"<h1>{COMPANY}</h1>" in body and "Du må tilmelde og afmelde" in body and "(siden )" not in body

    found = _page(client, titel="flyt")
    assert "Flytning" in found and 'action="/virksomhed/foelg/"' in found
    response = client.post("/virksomhed/foelg/", {"kind": "guide", "id": portal.guide.pk, "next": BUSINESS})
    assert response.status_code == 302 and response["Location"] == BUSINESS
    (subscription,) = Subscription.objects.all()
    assert subscription.subscriber_kind == "cvr" and subscription.subscriber_hash == keyed_hash("cvr", CVR)
    assert crypto.decrypt(subscription.subscriber_encrypted).decode() == CVR
    body = _page(client)
    assert "Virksomheden følger nu vejledningen »Flytning«" in body and 'action="/virksomhed/afmeld/"' in body
    assert "Følges allerede" in _page(client, titel="flyt")

    client.post("/virksomhed/afmeld/", {"kind": "guide", "id": portal.guide.pk, "next": BUSINESS})
    assert not Subscription.objects.exists()
    assert CVR not in caplog.text
    stored = " ".join(str(s.get_decoded()) for s in Session.objects.all())
    assert CVR not in stored and "cvr_token" in stored  # only encrypted, beside its hash


def test_a_major_update_reaches_the_company_in_digital_post(client, portal, settings, tmp_path):
    from tests.syndication.digital_post.conftest import publish_major

    settings.DIGITAL_POST_BACKEND = f"file://{tmp_path}"
    _sign_in(client)
    client.post("/virksomhed/foelg/", {"kind": "guide", "id": portal.guide.pk, "next": BUSINESS})
    publish_major(portal.guide, title="Flytning – nye regler")
    drain()
    (message,) = DigitalPostMessage.objects.all()
    assert message.recipient_kind == "cvr" and message.recipient_hash == keyed_hash("cvr", CVR)
    assert b"<memo:idType>CVR</memo:idType>" in crypto.decrypt(message.payload)


def test_an_employee_without_the_right_sees_but_cannot_change(client, portal):
    user = _sign_in(client, employee="2")
    assert not user.may_manage
    body = _page(client, titel="flyt")
    assert "men ikke ændre dem" in body and "foelg" not in body and "Find noget" not in body
    response = client.post("/virksomhed/foelg/", {"kind": "guide", "id": portal.guide.pk, "next": BUSINESS})
    assert response.status_code == 403
    assert "Du kan ikke ændre virksomhedens abonnementer" in response.content.decode()
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    "data, status",
    [({"kind": "guide", "id": "x"}, 400), ({"kind": "nyhed", "id": "1"}, 400), ({"kind": "guide", "id": "999999"}, 404)],
)
def test_bad_follow_requests_get_a_danish_error_page(client, portal, data, status):
    _sign_in(client)
    response = client.post("/virksomhed/foelg/", data)
    assert response.status_code == status and '<html lang="da">' in response.content.decode()
    assert client.get("/virksomhed/foelg/").status_code == 405


def test_without_a_business_login_the_follow_buttons_lead_to_the_login(client, portal):
    response = client.post("/virksomhed/foelg/", {"kind": "guide", "id": portal.guide.pk})
    assert response.status_code == 302 and response["Location"] == BUSINESS
    assert not Subscription.objects.exists()


def test_logging_out_forgets_the_company(client, portal):
    _sign_in(client)
    response = client.post("/sso/virksomhed/logout/")
    assert response.status_code == 302 and response["Location"] == BUSINESS
    assert SESSION_KEY not in client.session
    assert "Log ind for din virksomhed" in _page(client)


def test_self_service_links_for_businesses_are_marked_and_can_be_filtered(client, portal):
    moms = make_self_service_link(slug="moms", title="Indberet moms", login="mitid_erhverv", audience="business")
    portal.guide.self_service_links = [portal.link, moms]
    portal.guide.save_revision().publish()

    everything = _page(client, "/selvbetjening/")
    assert "Alle (2)" in everything and "For borgere (1)" in everything and "For virksomheder (1)" in everything
    assert everything.count('class="tag tag-audience">For virksomheder<') == 1
    businesses = _page(client, "/selvbetjening/", maalgruppe="virksomhed")
    assert "Indberet moms" in businesses and "Anmeld flytning" not in businesses
    assert '<strong aria-current="true">For virksomheder (1)</strong>' in businesses
    citizens = _page(client, "/selvbetjening/", maalgruppe="borger")
    assert "Anmeld flytning" in citizens and "Indberet moms" not in citizens
    assert "Indberet moms" in _page(client, "/selvbetjening/", maalgruppe="ukendt")  # no filter
    assert 'class="tag tag-audience">For virksomheder<' in _page(client, "/vejledninger/flytning/")


def test_search_marks_and_filters_self_service_links_for_businesses(client, portal):
    make_self_service_link(slug="flyt-virksomhed", title="Flyt din virksomhed", audience="business",
                           description="Anmeld flytning af virksomheden.")
    drain()
    body = _page(client, "/soeg/", q="flytning")
    assert "Målgruppe (selvbetjening)" in body and "For virksomheder (1)" not in body  # a facet: label, then count
    assert 'class="tag tag-audience">For virksomheder<' in body
    filtered = _page(client, "/soeg/", q="flytning", maalgruppe="virksomhed")
    assert "Flyt din virksomhed" in filtered and "Anmeld flytning<" not in filtered
    assert "Fjern målgruppen" in filtered and "<strong>For virksomheder</strong>" in filtered
