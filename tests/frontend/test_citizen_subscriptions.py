"""A signed-in citizen's Digital Post subscriptions on the citizen site: /mine-abonnementer/, the follow boxes on
guide, topic and standard pages, unfollowing, deleting all their data; the CPR number never shown or logged."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models
from django.test import Client

from cms.sso.citizen import SESSION_KEY, current_citizen
from cms.sso.cpr import cpr_hash
from content_models import publishing
from content_models.models import Topic
from search.models import QueryStat, ResultClick
from syndication.digital_post import crypto
from syndication.models import DigitalPostMessage, Subscription
from tests.cms.sso.conftest import CITIZEN_CPR, person_attributes, post_saml_response, start_saml_login
from tests.factories import make_guide, make_standard, sign_in_citizen

from .test_views import assert_dkfds_page

pytestmark = pytest.mark.django_db

AARHUS_CPR = "0202802345"  # the development person register places this test person in Aarhus (751)
GUIDE_PAGE = "/vejledninger/flytning/"
TOPIC_PAGE = "/emner/bolig-og-flytning/"
STANDARD_PAGE = "/standarder/OIOUBL-2.1/"
OVERVIEW = "/mine-abonnementer/"
FOLLOW = "/mine-abonnementer/foelg/"
UNFOLLOW = "/mine-abonnementer/afmeld/"
DELETE = "/mine-abonnementer/slet-mine-data/"
RECEIPT = "/mine-abonnementer/data-slettet/"


def body_of(response) -> str:
    assert response.status_code == 200, (response.status_code, response.content[:300])
    return response.content.decode()


def body_of_status(response, status: int) -> str:
    assert response.status_code == status, response.status_code
    return response.content.decode()


def assert_no_cpr(text: str, cpr: str = AARHUS_CPR):
    for secret in (cpr, f"{cpr[:6]}-{cpr[6:]}", cpr_hash(cpr)):
        assert secret not in text


def login_redirect_next(response) -> str:
    assert response.status_code == 302, response.status_code
    location = urlsplit(response["Location"])
    assert location.path == "/sso/borger/login/"
    return parse_qs(location.query)["next"][0]


def targets(portal):
    return {
        "guide": portal.guide.pk,
        "topic": Topic.objects.get(slug="bolig-og-flytning").pk,
        "standard": portal.standard.pk,
    }


@pytest.fixture
def citizen(client, portal):
    return sign_in_citizen(client, cpr=AARHUS_CPR)


# --------------------------------------------------------------------------------------------------
# The subscriptions page


def test_the_subscriptions_page_asks_for_a_login_first(client, portal):
    assert login_redirect_next(client.get(OVERVIEW)) == OVERVIEW
    assert login_redirect_next(client.get(DELETE)) == DELETE


def test_the_subscriptions_page_shows_the_citizen_and_their_municipality_never_the_cpr(client, citizen):
    response = client.get(OVERVIEW)
    body = body_of(response)
    assert_dkfds_page(body)
    assert "<h1>Mine abonnementer</h1>" in body and "Du er logget ind" in body
    assert "Du bor i <strong>Aarhus Kommune</strong> ifølge CPR-registret" in body
    for heading, empty in [("Vejledninger", "Du følger ingen vejledninger."), ("Emner", "Du følger ingen emner."),
                           ("Standarder", "Du følger ingen standarder.")]:
        assert f"<h2>{heading}</h2>" in body and empty in body
    assert 'href="/mine-abonnementer/slet-mine-data/"' in body
    assert 'action="/sso/borger/logout/"' in body and "Log ud" in body
    assert_no_cpr(body)
    assert citizen.cpr_token not in body
    assert response["Cache-Control"] == "private, no-store"


def test_a_citizen_living_abroad_is_told_why_there_is_no_local_content(client, portal):
    sign_in_citizen(client, cpr="0505055678")
    body = body_of(client.get(OVERVIEW))
    assert "ingen bopælskommune i Danmark" in body


def test_the_page_says_when_the_citizen_chose_to_see_another_municipality(client, citizen):
    client.cookies["kommune"] = "101"
    body = body_of(client.get(OVERVIEW))
    assert "Du bor i <strong>Aarhus Kommune</strong>" in body
    assert "Du har selv valgt at se lokalt indhold fra <strong>København Kommune</strong>" in body


# --------------------------------------------------------------------------------------------------
# Following from the content pages


@pytest.mark.parametrize(
    ("kind", "path", "changes"),
    [("guide", GUIDE_PAGE, "vejledningen ændres"), ("topic", TOPIC_PAGE, "en vejledning i emnet ændres"),
     ("standard", STANDARD_PAGE, "standarden ændres")],
)
def test_follow_and_unfollow_from_the_page(client, citizen, portal, kind, path, changes):
    pk = targets(portal)[kind]
    page = body_of(client.get(path))
    assert 'action="/mine-abonnementer/foelg/"' in page and "csrfmiddlewaretoken" in page
    assert f'name="kind" value="{kind}"' in page and f'name="id" value="{pk}"' in page
    assert f"Få besked i Digital Post, når {changes}" in page

    response = client.post(FOLLOW, {"kind": kind, "id": pk, "next": path})
    assert response.status_code == 302 and response["Location"] == f"{path}#foelg"  # back to the box
    (subscription,) = Subscription.objects.all()
    assert getattr(subscription, f"{kind}_id") == pk
    assert subscription.subscriber_hash == citizen.cpr_hash == cpr_hash(AARHUS_CPR)
    assert crypto.decrypt(subscription.subscriber_encrypted) == AARHUS_CPR.encode()

    page = body_of(client.get(path))
    assert "Du følger nu" in page  # the message, once
    assert f"Du følger {'vejledningen' if kind == 'guide' else 'emnet' if kind == 'topic' else 'standarden'}" in page
    assert 'action="/mine-abonnementer/afmeld/"' in page and 'action="/mine-abonnementer/foelg/"' not in page
    assert "Du følger nu" not in body_of(client.get(path))
    assert_no_cpr(page)

    response = client.post(UNFOLLOW, {"kind": kind, "id": pk, "next": path})
    assert response.status_code == 302 and response["Location"] == f"{path}#foelg"
    assert not Subscription.objects.exists()
    page = body_of(client.get(path))
    assert "Du følger ikke længere" in page and 'action="/mine-abonnementer/foelg/"' in page


def test_following_twice_keeps_one_subscription(client, citizen, portal):
    for _ in range(2):
        client.post(FOLLOW, {"kind": "guide", "id": portal.guide.pk, "next": GUIDE_PAGE})
    assert Subscription.objects.count() == 1


def test_the_overview_lists_guides_topics_and_standards_with_links_and_unfollow_buttons(client, citizen, portal):
    for kind, pk in targets(portal).items():
        client.post(FOLLOW, {"kind": kind, "id": pk})
    body = body_of(client.get(OVERVIEW))
    for url, title in [(GUIDE_PAGE, "Flytning"), (TOPIC_PAGE, "Bolig og flytning"), (STANDARD_PAGE, "OIOUBL 2.1")]:
        assert f'<a href="{url}">{title}</a>' in body
    assert body.count('action="/mine-abonnementer/afmeld/"') == 3
    assert "Du følger ingen" not in body

    response = client.post(UNFOLLOW, {"kind": "standard", "id": portal.standard.pk, "next": OVERVIEW})
    assert response["Location"] == OVERVIEW
    body = body_of(client.get(OVERVIEW))
    assert "Du følger ikke længere standarden »OIOUBL 2.1«." in body and "Du følger ingen standarder." in body
    assert Subscription.objects.count() == 2


def test_an_unpublished_guide_stays_listed_without_a_link_and_can_be_unfollowed(client, citizen, portal):
    client.post(FOLLOW, {"kind": "guide", "id": portal.guide.pk})
    publishing.unpublish(portal.guide)
    body = body_of(client.get(OVERVIEW))
    assert "Flytning <span class=\"tag\">Ikke offentliggjort lige nu</span>" in body
    assert client.post(UNFOLLOW, {"kind": "guide", "id": portal.guide.pk}).status_code == 302
    assert not Subscription.objects.exists()


def test_a_foreign_next_goes_to_the_overview_instead(client, citizen, portal):
    for next_url in ("https://evil.example/", "//evil.example/", "javascript:alert(1)", ""):
        response = client.post(FOLLOW, {"kind": "guide", "id": portal.guide.pk, "next": next_url})
        assert response["Location"] == OVERVIEW


# --------------------------------------------------------------------------------------------------
# Anonymous visitors: a login link, the same for everyone, and pages as cacheable as before


@pytest.mark.parametrize("path", [GUIDE_PAGE, TOPIC_PAGE, STANDARD_PAGE])
def test_anonymous_visitors_get_a_login_link_and_cacheable_pages(client, portal, path):
    response = client.get(path)
    body = body_of(response)
    assert {part.strip() for part in response["Cache-Control"].split(",")} == {"public", "max-age=60"}
    assert "csrfmiddlewaretoken" not in body and 'action="/mine-abonnementer/' not in body
    (link,) = re.findall(r'href="(/mine-abonnementer/foelg/log-ind/\?[^"]+)"[^>]*>Log ind og få besked', body)
    assert parse_qs(urlsplit(link.replace("&amp;", "&")).query)["next"] == [path]
    assert 'href="/sso/borger/login/?next=%2Fmine-abonnementer%2F"' in body  # the header's login link
    assert not response.cookies

    # A visitor with a session but no citizen in it (a login just started) gets the very same page.
    other = Client()
    session = other.session
    session["sso_oidc_pending"] = {"x": {"state": "s"}}
    session.save()
    other.cookies["sessionid"] = session.session_key
    assert body_of(other.get(path)) == body


def test_the_header_links_a_signed_in_citizen_to_their_subscriptions(client, citizen):
    body = body_of(client.get("/"))
    assert 'href="/mine-abonnementer/"' in body and "Mine abonnementer" in body


def test_editors_previews_have_no_follow_box(client, portal):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True))
    response = client.get(f"/admin/pages/{portal.guide.pk}/view_draft/")
    assert response.status_code == 200
    assert "Få besked i Digital Post" not in response.content.decode()


# --------------------------------------------------------------------------------------------------
# Bad requests: a clear 4xx, never a 500


@pytest.mark.parametrize("path", [FOLLOW, UNFOLLOW])
def test_other_methods_on_post_endpoints_get_405(client, citizen, path):
    for method in (client.get, client.head, client.put, client.delete):
        response = method(path)
        assert response.status_code == 405 and response["Allow"] == "POST"
    assert "kan ikke åbnes direkte" in body_of_status(client.get(path), 405)


def test_the_pages_refuse_methods_they_do_not_take(client, citizen):
    assert client.put(DELETE).status_code == 405
    assert client.post(OVERVIEW).status_code == 405
    response = client.post(RECEIPT)
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"kind": "guide"}, 400),
        ({"kind": "guide", "id": ""}, 400),
        ({"kind": "guide", "id": "abc"}, 400),
        ({"kind": "guide", "id": "-1"}, 400),
        ({"kind": "guide", "id": "1.5"}, 400),
        ({"kind": "guide", "id": "١٢"}, 400),  # Arabic-Indic digits
        ({"kind": "guide", "id": "9" * 40}, 400),
        ({"kind": "page", "id": "1"}, 400),
        ({"kind": "", "id": "1"}, 400),
        ({"id": "1"}, 400),
        ({"kind": "guide", "id": "999999"}, 404),
        ({"kind": "topic", "id": "999999"}, 404),
        ({"kind": "standard", "id": "999999999999999999"}, 404),
    ],
)
def test_bad_targets_are_refused_with_a_danish_page(client, citizen, data, status):
    for path in (FOLLOW, UNFOLLOW):
        response = client.post(path, data)
        assert response.status_code == status, (path, data, response.content[:200])
        body = response.content.decode()
        assert_dkfds_page(body)
        assert "<h1>Forkert forespørgsel</h1>" in body if status == 400 else "<h1>Findes ikke</h1>" in body
    assert not Subscription.objects.exists()


def test_unpublished_things_cannot_be_followed(client, citizen):
    draft = make_guide(slug="kladde", title="Kladde", live=False)
    standard = make_standard(identifier="UDKAST-1", title="Udkast", live=False)
    assert client.post(FOLLOW, {"kind": "guide", "id": draft.pk}).status_code == 404
    assert client.post(FOLLOW, {"kind": "standard", "id": standard.pk}).status_code == 404
    assert not Subscription.objects.exists()


def test_a_post_without_the_csrf_token_is_forbidden(portal):
    strict = Client(enforce_csrf_checks=True)
    sign_in_citizen(strict, cpr=AARHUS_CPR)
    for path, data in [(FOLLOW, {"kind": "guide", "id": portal.guide.pk}), (UNFOLLOW, {"kind": "guide", "id": 1}),
                       (DELETE, {})]:
        refused = strict.post(path, data)
        assert "Formularen kunne ikke sendes" in body_of_status(refused, 403)
    assert not Subscription.objects.exists()
    assert current_citizen(strict.get(OVERVIEW).wsgi_request) is not None  # not deleted, not signed out

    # With the token from the page the same post works.
    page = body_of(strict.get(GUIDE_PAGE))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = strict.post(FOLLOW, {"kind": "guide", "id": portal.guide.pk, "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and Subscription.objects.count() == 1


def test_posts_from_visitors_who_are_not_signed_in_go_to_the_login_and_back(client, portal):
    response = client.post(FOLLOW, {"kind": "guide", "id": portal.guide.pk, "next": GUIDE_PAGE})
    assert login_redirect_next(response) == GUIDE_PAGE
    assert login_redirect_next(client.post(DELETE)) == OVERVIEW
    assert not Subscription.objects.exists()


def test_an_old_session_without_the_encrypted_number_counts_as_signed_out(client, portal):
    session = client.session
    session[SESSION_KEY] = {"cpr_hash": "0" * 64, "municipality_code": "751", "loa": "Substantial",
                            "source": "nemlogin", "signed_in_at": 0}
    session.save()
    client.cookies["sessionid"] = session.session_key
    assert login_redirect_next(client.get(OVERVIEW)) == OVERVIEW
    assert "Log ind og få besked" in body_of(client.get(GUIDE_PAGE))


def test_a_session_whose_number_no_longer_opens_is_signed_out(client, citizen, portal, settings):
    from cryptography.fernet import Fernet

    settings.SUBSCRIBER_ENCRYPTION_KEY = Fernet.generate_key().decode()  # the key changed since login
    assert "Log ind og få besked" in body_of(client.get(GUIDE_PAGE))
    response = client.post(FOLLOW, {"kind": "guide", "id": portal.guide.pk, "next": GUIDE_PAGE})
    assert login_redirect_next(response) == GUIDE_PAGE
    assert current_citizen(response.wsgi_request) is None
    assert not Subscription.objects.exists()


# --------------------------------------------------------------------------------------------------
# Deleting all data


def test_delete_all_data_confirms_deletes_signs_out_and_gives_a_receipt(client, citizen, portal):
    for kind, pk in targets(portal).items():
        client.post(FOLLOW, {"kind": kind, "id": pk})
    other = sign_in_citizen(Client(), cpr="0303903456")
    from syndication.digital_post.identity import Subscriber
    from syndication.digital_post.services import subscribe

    subscribe(Subscriber.cpr("0303903456"), portal.guide)

    confirm = body_of(client.get(DELETE))
    assert "Dine 3 abonnementer" in confirm and 'action="/mine-abonnementer/slet-mine-data/"' in confirm

    response = client.post(DELETE)
    assert response.status_code == 302 and response["Location"] == RECEIPT
    assert current_citizen(response.wsgi_request) is None
    assert list(Subscription.objects.values_list("subscriber_hash", flat=True)) == [other.cpr_hash]

    response = client.get(RECEIPT)
    receipt = body_of(response)
    assert response["Cache-Control"] == "private, no-store"  # signed out by now, but still no shared cache
    assert "Dine data er slettet" in receipt and "du er logget ud" in receipt
    assert re.search(r"<dt>Abonnementer slettet</dt><dd>3</dd>", receipt)
    assert client.get(RECEIPT)["Location"] == "/"  # shown once
    assert login_redirect_next(client.get(OVERVIEW)) == OVERVIEW


def test_nothing_personal_is_left_after_deleting(client, citizen, portal, django_capture_on_commit_callbacks):
    """Sign in, follow, search, delete: no table holds the CPR number, its hash or its encrypted form, and the
    search statistics have no column that could link a query to a citizen."""
    client.post(FOLLOW, {"kind": "guide", "id": portal.guide.pk})
    token = citizen.cpr_token
    with django_capture_on_commit_callbacks(execute=True):  # the statistics are written after the transaction
        assert body_of(client.get("/soeg/", {"q": "flytning"}))
    assert QueryStat.objects.filter(query="flytning").exists()
    assert {field.name for field in QueryStat._meta.get_fields()} == {"id", "week", "query", "searches",
                                                                       "zero_results", "clicks"}
    assert {field.name for field in ResultClick._meta.get_fields()} == {"id", "week", "kind", "object_id", "clicks"}
    client.post(DELETE)

    secrets = (AARHUS_CPR, citizen.cpr_hash, token)
    for model in apps.get_models():
        text_fields = [f.name for f in model._meta.concrete_fields
                       if isinstance(f, models.CharField | models.TextField | models.JSONField)]
        if not text_fields:
            continue
        for row in model.objects.values_list(*text_fields):
            dump = json.dumps(row, default=str)
            for secret in secrets:
                assert secret not in dump, f"{model.__name__} keeps {secret[:6]}…"
    for session in Session.objects.all():
        decoded = json.dumps(session.get_decoded(), default=str)
        assert not any(secret in decoded for secret in secrets)
    assert not DigitalPostMessage.objects.exists()


# --------------------------------------------------------------------------------------------------
# Logs and the real login


def test_the_cpr_number_never_reaches_a_log(client, portal, sso_logs, caplog):
    citizen = sign_in_citizen(client, cpr=CITIZEN_CPR)
    for kind, pk in targets(portal).items():
        client.post(FOLLOW, {"kind": kind, "id": pk, "next": "https://evil.example/"})
    client.post(FOLLOW, {"kind": "guide", "id": "999999"})
    client.post(FOLLOW, {"kind": "guide", "id": "x"})
    client.get(FOLLOW)
    client.post(UNFOLLOW, {"kind": "topic", "id": targets(portal)["topic"]})
    body_of(client.get(OVERVIEW))
    client.post(DELETE)
    assert any("deleted their data" in record.getMessage() for record in caplog.records)
    sso_logs.assert_clean(citizen.cpr_hash, citizen.cpr_token)


@pytest.mark.slow
def test_from_the_real_saml_login_into_the_subscriptions_page(client, portal, saml_idp, sso_logs):
    login_page = login_redirect_next(client.get(OVERVIEW))
    choices = body_of(client.get("/sso/borger/login/", {"next": login_page}))
    assert "Log ind" in choices
    request = start_saml_login(client, saml_idp, audience="citizen", next_url=login_page)
    response = post_saml_response(client, saml_idp.respond(request, person_attributes()))
    assert response.status_code == 302 and response["Location"] == OVERVIEW

    body = body_of(client.get(OVERVIEW))
    assert "Du bor i <strong>København Kommune</strong> ifølge CPR-registret" in body  # 0101701234 lives in 101
    response = client.post(FOLLOW, {"kind": "guide", "id": portal.guide.pk, "next": GUIDE_PAGE})
    assert response["Location"] == f"{GUIDE_PAGE}#foelg"
    assert Subscription.objects.get().subscriber_hash == cpr_hash(CITIZEN_CPR)
    assert_no_cpr(body, CITIZEN_CPR)
    sso_logs.assert_clean()


def test_the_citizen_chooses_immediate_daily_or_weekly(client, citizen, portal):
    client.post(FOLLOW, {"kind": "guide", "id": portal.guide.pk, "next": GUIDE_PAGE})
    body = body_of(client.get(OVERVIEW))
    assert 'id="hyppighed-immediate" name="hyppighed" value="immediate" checked' in body
    response = client.post("/mine-abonnementer/hyppighed/", {"hyppighed": "weekly"})
    assert response.status_code == 302 and response["Location"] == f"{OVERVIEW}#hyppighed"
    assert set(Subscription.objects.values_list("frequency", flat=True)) == {"weekly"}
    body = body_of(client.get(OVERVIEW))
    assert 'value="weekly" checked' in body and "Du får nu besked: én samlet besked om ugen." in body
    assert client.post("/mine-abonnementer/hyppighed/", {"hyppighed": "hourly"}).status_code == 400
    assert client.get("/mine-abonnementer/hyppighed/").status_code == 405
    forged = Client(enforce_csrf_checks=True)
    forged.cookies = client.cookies
    assert forged.post("/mine-abonnementer/hyppighed/", {"hyppighed": "daily"}).status_code == 403
    assert set(Subscription.objects.values_list("frequency", flat=True)) == {"weekly"}
