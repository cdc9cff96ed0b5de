"""Malformed SAML responses: refused with 400/413 before or while parsing, never a 500, nothing stored."""

import base64
import time
import zlib

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from cms.sso import replay

from .conftest import EDITOR_UUID, assert_refused, post_saml_response, professional_attributes, start_saml_login

pytestmark = pytest.mark.django_db
User = get_user_model()

XXE = """<?xml version="1.0"?>
<!DOCTYPE samlp:Response [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_x" Version="2.0"
 IssueInstant="2030-01-01T00:00:00Z"><samlp:Status><samlp:StatusMessage>&secret;</samlp:StatusMessage>
</samlp:Status></samlp:Response>"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&lol9;</samlp:Response>"""


def b64(text: str | bytes) -> str:
    return base64.b64encode(text.encode() if isinstance(text, str) else text).decode()


@pytest.fixture
def pending(client, saml_idp, aarhus_authority):
    """A login in progress, so that every post below reaches the parser."""
    return start_saml_login(client, saml_idp)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("", id="empty"),
        pytest.param("this is %%% not base64!", id="not-base64"),
        pytest.param(b64(b"\xff\xfe\x00garbage"), id="not-utf8"),
        pytest.param(b64("hello, not xml"), id="not-xml"),
        pytest.param(b64("<samlp:Response"), id="truncated-xml"),
        pytest.param(b64(zlib.compress(b"<samlp:Response/>")[2:-4]), id="deflated-like-a-redirect"),
    ],
)
def test_unreadable_responses_are_refused(client, pending, sso_logs, value):
    assert_refused(post_saml_response(client, value), "malformed_response", sso_logs)


def test_xml_with_an_external_entity_is_refused_without_reading_it(client, pending, sso_logs):
    response = post_saml_response(client, b64(XXE))
    assert_refused(response, "malformed_response", sso_logs)
    assert b"root:" not in response.content


def test_billion_laughs_is_refused_at_once(client, pending, sso_logs):
    started = time.monotonic()
    response = post_saml_response(client, b64(BILLION_LAUGHS))
    assert time.monotonic() - started < 2
    assert_refused(response, "malformed_response", sso_logs)


def test_xml_that_is_no_saml_response_is_refused(client, pending, sso_logs):
    assert_refused(post_saml_response(client, b64("<hello>world</hello>")), "invalid_response", sso_logs)


def test_an_oversized_post_is_refused_before_parsing(client, pending, sso_logs, monkeypatch):
    from cms.sso import saml_flow

    monkeypatch.setattr(saml_flow, "decode_response", lambda value: pytest.fail("parsed an oversized body"))
    huge = b64("<x>" + "A" * 300_000 + "</x>")
    response = post_saml_response(client, huge)
    assert_refused(response, "request_too_large", sso_logs)


def test_a_get_on_the_acs_is_not_allowed(client, pending):
    assert client.get("/sso/saml/acs/").status_code == 405


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutated_and_random_responses_never_cause_a_500(client, saml_idp, aarhus_authority, data, monkeypatch):
    """A mutation is refused (4xx), or, when it only touched the unsigned envelope (the Response's own ID,
    whitespace), it logs in exactly the editor the IdP signed for: nothing else, and never a 500."""
    monkeypatch.setattr(replay, "first_use", lambda *args: True)
    client.logout()
    request = start_saml_login(client, saml_idp)
    valid = base64.b64decode(saml_idp.respond(request, professional_attributes(), encrypt=False))
    choice = data.draw(st.sampled_from(["flip", "truncate", "random"]))
    # Positions are drawn independently of the response's length, which varies with its random IDs.
    position = data.draw(st.integers(0, 10**6)) % len(valid)
    if choice == "flip":
        mutated = valid[:position] + bytes([valid[position] ^ data.draw(st.integers(1, 255))]) + valid[position + 1:]
    elif choice == "truncate":
        mutated = valid[:position]
    else:
        mutated = data.draw(st.binary(max_size=2000))
    response = post_saml_response(client, b64(mutated))
    assert response.status_code in (302, 400, 403), response.status_code
    usernames = set(User.objects.filter(username__startswith="nemlogin-").values_list("username", flat=True))
    if response.status_code == 302:
        assert client.session["_auth_user_id"] == str(User.objects.get(username=f"nemlogin-{EDITOR_UUID}").pk)
        assert usernames == {f"nemlogin-{EDITOR_UUID}"}
    else:
        assert "_auth_user_id" not in client.session
        assert usernames <= {f"nemlogin-{EDITOR_UUID}"}
