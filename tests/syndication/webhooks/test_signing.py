"""Signatures: HMAC-SHA256 over "<timestamp>.<body>", constant-time check, stale timestamps refused."""

import hashlib
import hmac
import time

from syndication.webhooks import signing

SECRET = "whsec_test"
BODY = '{"id":"k","slug":"flytning","title":"Flytning – ændret"}'.encode()


def test_sign_is_hmac_sha256_over_timestamp_and_body():
    expected = hmac.new(SECRET.encode(), b"1700000000." + BODY, hashlib.sha256).hexdigest()
    assert signing.sign(SECRET, 1700000000, BODY) == expected
    assert signing.sign(SECRET, "1700000000", BODY.decode()) == expected
    assert signing.signature_header(SECRET, 1700000000, BODY) == f"v1={expected}"


def test_verify_accepts_a_fresh_genuine_request():
    now = int(time.time())
    assert signing.verify(SECRET, now, BODY, signing.signature_header(SECRET, now, BODY))


def test_verify_rejects_tampering_wrong_secret_and_garbage():
    now = int(time.time())
    header = signing.signature_header(SECRET, now, BODY)
    assert not signing.verify(SECRET, now, BODY.replace(b"flytning", b"flytninG"), header)
    assert not signing.verify(SECRET, now + 1, BODY, header)  # the timestamp is signed too
    assert not signing.verify("whsec_other", now, BODY, header)
    assert not signing.verify(SECRET, now, BODY, header.replace("v1=", "v0="))
    assert not signing.verify(SECRET, now, BODY, "")
    assert not signing.verify(SECRET, "not-a-number", BODY, header)


def test_verify_rejects_stale_or_future_timestamps():
    sent = 1700000000
    header = signing.signature_header(SECRET, sent, BODY)
    assert signing.verify(SECRET, sent, BODY, header, now=sent + 299)
    assert not signing.verify(SECRET, sent, BODY, header, now=sent + 301)
    assert not signing.verify(SECRET, sent, BODY, header, now=sent - 301)
    assert signing.verify(SECRET, sent, BODY, header, tolerance=3600, now=sent + 3000)


def test_verify_accepts_any_of_several_signatures_during_a_rotation():
    now = int(time.time())
    header = f"{signing.signature_header('whsec_old', now, BODY)}, {signing.signature_header(SECRET, now, BODY)}"
    assert signing.verify(SECRET, now, BODY, header)
