"""CPR and CVR numbers: valid ones are normalised, invalid ones refused with a clear Danish message."""

import pytest
from django.core.exceptions import ValidationError

from cms.sso.citizen import Citizen
from syndication.digital_post.identity import Subscriber, normalise_cpr, normalise_cvr


@pytest.mark.parametrize(
    "value, expected",
    [
        ("0101901234", "0101901234"),
        ("010190-1234", "0101901234"),
        (" 221177 1212 ", "2211771212"),
        ("2902884234", "2902884234"),  # 1988 was a leap year
        ("2902004234", "2902004234"),  # 7th digit 4, year 00 -> 2000, a leap year
    ],
)
def test_valid_cpr_numbers_are_normalised(value, expected):
    assert normalise_cpr(value) == expected


@pytest.mark.parametrize(
    "value, code",
    [
        ("", "cpr_length"),
        ("123456789", "cpr_length"),
        ("12345678901", "cpr_length"),
        ("01019O1234", "cpr_length"),  # a letter O
        ("3201901234", "cpr_date"),  # day 32
        ("0013901234", "cpr_date"),  # month 13
        ("0000901234", "cpr_date"),
        ("2902891234", "cpr_date"),  # 1989 was no leap year
        ("2902584234", "cpr_date"),  # 7th digit 4 with year 58: 1958, no leap year
    ],
)
def test_invalid_cpr_numbers_are_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as error:
        normalise_cpr(value)
    assert error.value.code == code
    assert "CPR-nummer" in error.value.messages[0]


def test_the_century_digit_decides_leap_days():
    assert normalise_cpr("2902005234") == "2902005234"  # 5-8 with year <= 57: 2000
    with pytest.raises(ValidationError):
        normalise_cpr("2902001234")  # 0-3: 1900, not a leap year


@pytest.mark.parametrize("value", ["34051178", "10103940", "2918 9846", "25-05-29-43"])
def test_valid_cvr_numbers_pass_modulus_11(value):
    assert len(normalise_cvr(value)) == 8


@pytest.mark.parametrize(
    "value, code",
    [("1234567", "cvr_length"), ("123456789", "cvr_length"), ("abcdefgh", "cvr_length"),
     ("34051179", "cvr_checksum"), ("12345678", "cvr_checksum"), ("00000000", "cvr_checksum")],
)
def test_invalid_cvr_numbers_are_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as error:
        normalise_cvr(value)
    assert error.value.code == code
    assert "CVR-nummer" in error.value.messages[0]


def test_a_subscriber_never_shows_its_number():
    subscriber = Subscriber.cpr("010190-1234")
    assert subscriber.number == "0101901234"
    assert "0101901234" not in repr(subscriber) and "0101901234" not in str(subscriber)
    assert subscriber.memo_id_type == "CPR"
    assert Subscriber.cvr("34051178").memo_id_type == "CVR"


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValidationError):
        Subscriber("email", "a@b.dk")


@pytest.mark.parametrize("value", ["٠١٠١٩٠١٢٣٤", "０１０１９０１２３４"])  # Arabic-Indic and full-width digits
def test_only_ascii_digits_count(value):
    with pytest.raises(ValidationError) as error:
        normalise_cpr(value)
    assert error.value.code == "cpr_length"
    with pytest.raises(ValidationError):
        normalise_cvr(value[:8])


def test_the_check_is_the_logins_own(monkeypatch):
    """One implementation of the CPR check (cms/sso/cpr.py); this module only words its refusals in Danish."""
    from cms.sso import cpr

    calls = []
    original = cpr.normalise_cpr
    monkeypatch.setattr(cpr, "normalise_cpr", lambda value: calls.append(value) or original(value))
    assert normalise_cpr("010190 1234") == "0101901234" and calls == ["0101901234"]


@pytest.mark.django_db
def test_a_signed_in_citizen_becomes_a_subscriber_from_their_session(client):
    from django.test import RequestFactory

    from cms.sso.citizen import CitizenSessionInvalid, sign_in
    from cms.sso.identity import PersonIdentity
    from syndication.digital_post import crypto

    request = RequestFactory().get("/")
    request.session = client.session
    citizen = sign_in(request, PersonIdentity(source="nemlogin", cpr="010190-1234", loa="High"))
    subscriber = Subscriber.from_citizen(citizen)
    assert (subscriber.kind, subscriber.number) == ("cpr", "0101901234")
    assert crypto.keyed_hash("cpr", subscriber.number) == citizen.cpr_hash
    assert "0101901234" not in repr(subscriber)
    with pytest.raises(CitizenSessionInvalid):
        Subscriber.from_citizen(Citizen(**{**citizen.__dict__, "cpr_token": "gAAAA-forged"}))
