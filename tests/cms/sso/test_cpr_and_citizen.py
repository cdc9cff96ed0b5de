"""CPR numbers, the person register and the citizen session API (cms/sso/citizen.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from cms.sso import citizen as citizen_module
from cms.sso import number_crypto
from cms.sso.citizen import CitizenSessionInvalid, cpr_number, current_citizen, logout, sign_in
from cms.sso.cpr import DATE, LENGTH, InvalidCPR, cpr_hash, normalise_cpr
from cms.sso.errors import SSOError
from cms.sso.identity import PersonIdentity
from cms.sso.person_register import CprServicePersonRegister, DevelopmentPersonRegister, person_register


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0101701234", "0101701234"),
        ("010170-1234", "0101701234"),
        (" 2902004321 ", "2902004321"),  # 29 Feb 2000: digit 7 = 4 and year 00 give 2000, a leap year
        ("3112999999", "3112999999"),
    ],
)
def test_valid_cpr_numbers(value, expected):
    assert normalise_cpr(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "", "123", "01017012345", "010170123a", "3213701234", "0013701234", "2902011234", "2902701234",
        "٠١٠١٧٠١٢٣٤", "0101-701234",
    ],
)
def test_invalid_cpr_numbers_are_refused_without_echoing_them(value):
    with pytest.raises(InvalidCPR) as refused:
        normalise_cpr(value)
    assert value.strip() == "" or value not in str(refused.value)
    assert refused.value.code == (DATE if value in ("3213701234", "0013701234", "2902011234", "2902701234")
                                  else LENGTH)


def test_the_hash_is_keyed_stable_and_the_one_digital_post_uses(settings):
    digest = cpr_hash("0101701234")
    assert digest == cpr_hash("010170-1234") and len(digest) == 64 and "0101701234" not in digest
    settings.CPR_HASH_KEY = "k" * 40
    assert cpr_hash("0101701234") != digest
    from syndication.digital_post import crypto

    assert cpr_hash("0101701234") == crypto.keyed_hash("cpr", "0101701234")
    # One implementation: Digital Post's crypto is the login's.
    assert (crypto.keyed_hash, crypto.encrypt, crypto.decrypt) == (
        number_crypto.keyed_hash, number_crypto.encrypt, number_crypto.decrypt
    )


def test_a_short_or_missing_key_outside_dev_and_test_is_refused(settings, monkeypatch):
    settings.CPR_HASH_KEY = "too-short"
    with pytest.raises(ImproperlyConfigured, match="at least 32"):
        cpr_hash("0101701234")
    settings.CPR_HASH_KEY = ""
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    with pytest.raises(ImproperlyConfigured, match="CPR_HASH_KEY is required"):
        cpr_hash("0101701234")


@pytest.mark.django_db
def test_the_development_register_knows_its_test_persons_and_places_everyone_else():
    register = DevelopmentPersonRegister()
    assert register.municipality_for("0101701234") == "101"
    assert register.municipality_for("0505055678") is None
    assert register.residence("0505055678").lookup == "abroad"
    assert register.municipality_for("1206881234") == register.municipality_for("1206881234") is not None


def test_the_adapter_comes_from_the_setting(settings):
    settings.PERSON_REGISTER_ADAPTER = "cms.sso.person_register.CprServicePersonRegister"
    assert isinstance(person_register(), CprServicePersonRegister)


@pytest.mark.django_db
def test_sign_in_current_citizen_and_logout(client):
    request = RequestFactory().get("/")
    request.session = client.session
    assert current_citizen(request) is None
    key_before = request.session.session_key
    citizen = sign_in(request, PersonIdentity(source="nemlogin", cpr="0202802345", loa="High"))
    assert current_citizen(request) == citizen
    assert (citizen.municipality_code, citizen.loa) == ("751", "High")
    assert request.session.session_key != key_before
    assert "0202802345" not in repr(request.session[citizen_module.SESSION_KEY])
    assert "0202802345" not in repr(PersonIdentity(source="x", cpr="0202802345"))
    assert citizen.cpr_token not in repr(citizen)
    assert cpr_number(current_citizen(request)) == "0202802345"  # only from the encrypted token
    logout(request)
    assert current_citizen(request) is None


@pytest.mark.django_db
def test_a_session_written_before_the_encrypted_number_counts_as_signed_out(client):
    request = RequestFactory().get("/")
    request.session = client.session
    request.session[citizen_module.SESSION_KEY] = {
        "cpr_hash": "0" * 64, "municipality_code": "751", "loa": "High", "source": "nemlogin", "signed_in_at": 0,
    }
    assert current_citizen(request) is None


@pytest.mark.django_db
def test_a_token_that_does_not_open_or_does_not_match_is_refused(client, settings):
    from dataclasses import replace

    from cryptography.fernet import Fernet

    request = RequestFactory().get("/")
    request.session = client.session
    citizen = sign_in(request, PersonIdentity(source="nemlogin", cpr="0202802345", loa="High"))
    other = sign_in(request, PersonIdentity(source="nemlogin", cpr="0101701234", loa="High"))
    for broken in (replace(citizen, cpr_token=other.cpr_token), replace(citizen, cpr_token="not-a-token"),
                   replace(citizen, cpr_token=None)):
        with pytest.raises(CitizenSessionInvalid) as refused:
            cpr_number(broken)
        assert "0202802345" not in str(refused.value) and "0101701234" not in str(refused.value)
    settings.SUBSCRIBER_ENCRYPTION_KEY = Fernet.generate_key().decode()  # the key changed since login
    with pytest.raises(CitizenSessionInvalid):
        cpr_number(citizen)


@pytest.mark.django_db
def test_sign_in_without_an_encryption_key_outside_dev_and_test_is_refused(client, settings, monkeypatch):
    settings.CPR_HASH_KEY = "k" * 40
    settings.SUBSCRIBER_ENCRYPTION_KEY = ""
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    request = RequestFactory().get("/")
    request.session = client.session
    with pytest.raises(SSOError) as refused:
        sign_in(request, PersonIdentity(source="nemlogin", cpr="0202802345", loa="High"))
    assert refused.value.reason == "not_configured"
    assert current_citizen(request) is None


@pytest.mark.django_db
@pytest.mark.parametrize(("cpr", "loa", "expected"), [("0101701234", "Low", "loa_too_low"),
                                                      ("0101701234", None, "loa_too_low"),
                                                      ("9999999999", "High", "invalid_cpr")])
def test_sign_in_refuses(client, cpr, loa, expected):
    request = RequestFactory().get("/")
    request.session = client.session
    with pytest.raises(SSOError) as refused:
        sign_in(request, PersonIdentity(source="nemlogin", cpr=cpr, loa=loa))
    assert refused.value.reason == expected
    assert current_citizen(request) is None
