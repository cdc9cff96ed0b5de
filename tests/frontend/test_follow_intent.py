""""Log ind og få besked" in one step: the wish to follow survives the login, only a fresh login carries it
out (a forged link does nothing), and the citizen lands on the page's follow box with an announced confirmation."""

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from frontend import follow_intent
from syndication.models import Subscription
from tests.factories import sign_in_citizen

pytestmark = pytest.mark.django_db

GUIDE_PAGE = "/vejledninger/flytning/"


def box_link(client, path=GUIDE_PAGE) -> str:
    body = client.get(path).content.decode()
    (link,) = re.findall(r'href="([^"]+)"[^>]*>Log ind og få besked', body)
    return link.replace("&amp;", "&")


def continuation_of(response) -> str:
    """The address the login comes back to, from the redirect to the login choices."""
    location = urlsplit(response["Location"])
    assert location.path == "/sso/borger/login/"
    return parse_qs(location.query)["next"][0]


def test_log_in_and_follow_in_one_step_back_at_the_box(client, portal):
    response = client.get(box_link(client))
    continuation = continuation_of(response)
    assert not Subscription.objects.exists()  # nothing happens before the login

    sign_in_citizen(client)  # what a completed MitID login does
    response = client.get(continuation)
    assert response.status_code == 302 and response["Location"] == f"{GUIDE_PAGE}#foelg"
    assert Subscription.objects.get().guide_id == portal.guide.pk

    body = client.get(GUIDE_PAGE).content.decode()
    box = body[body.index('id="foelg"'):]
    assert re.search(r'role="status"[\s\S]*Du følger nu vejledningen »Flytning«', box)
    # Used once: coming back to the continuation does not subscribe again or to anything else.
    assert client.get(continuation)["Location"] == "/mine-abonnementer/"


def test_a_forged_continuation_without_a_fresh_login_does_nothing(client, portal):
    link = box_link(Client())  # the same for every visitor
    attacker = Client()
    forged = continuation_of(attacker.get(link))  # the attacker's own intent: not in the victim's session
    sign_in_citizen(client)  # the victim signed in earlier
    time.sleep(1.01)  # whole seconds: the intent below is made after that login
    # A cross-site page makes the signed-in citizen's browser open the start link, then the continuation (CSRF).
    continuation = continuation_of(client.get(link))
    assert client.get(continuation)["Location"] == "/mine-abonnementer/"
    assert client.get(forged)["Location"] == "/mine-abonnementer/"
    assert not Subscription.objects.exists()


def test_a_tampered_or_expired_intent_does_nothing(client, portal, monkeypatch):
    link = box_link(Client())
    continuation = continuation_of(client.get(link))
    sign_in_citizen(client)
    assert client.get(continuation[:-3] + "abc")["Location"] == "/mine-abonnementer/"
    assert not Subscription.objects.exists()

    continuation = continuation_of(client.get(link))
    monkeypatch.setattr(follow_intent, "MAX_AGE", -1)
    sign_in_citizen(client)
    assert client.get(continuation)["Location"] == "/mine-abonnementer/"
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("query", ["type=page&id=1", "type=topic&id=999999", "type=guide&id=999999", "type=guide&id=x", ""])
def test_a_follow_link_for_nothing_is_a_4xx(client, portal, query):
    assert client.get(f"/mine-abonnementer/foelg/log-ind/?{query}").status_code in (400, 404)


def test_an_outside_next_goes_home_not_away(client, portal):
    link = f"/mine-abonnementer/foelg/log-ind/?type=guide&id={portal.guide.pk}&next=https://evil.example/"
    continuation = continuation_of(client.get(link))
    sign_in_citizen(client)
    assert client.get(continuation)["Location"] == "/#foelg"
