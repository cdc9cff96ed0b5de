"""Bad input gets a precise GraphQL error a partner can act on; internals never leak."""

import base64
import json

import pytest

from syndication.graphql.guides import resolvers as guide_resolvers
from tests import factories

pytestmark = pytest.mark.django_db

GUIDES_PAGE = "query ($after: String, $first: Int) { guides(first: $first, after: $after) { edges { node { slug } } pageInfo { hasNextPage endCursor } } }"


def run(api, query, variables=None):
    response = api.post(query, variables)
    assert response.status_code == 200, response.content
    return response.json()


def only_error(body):
    assert len(body["errors"]) == 1, body["errors"]
    return body["errors"][0]


def forged(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.fixture
def three_guides(db):
    return [factories.make_guide(slug=slug, title=slug.title()) for slug in ("a-guide", "b-guide", "c-guide")]


# --- cursors and page sizes -----------------------------------------------------------------------


def test_cursors_page_through_a_list(api, three_guides):
    first = run(api, GUIDES_PAGE, {"first": 2})["data"]["guides"]
    assert [e["node"]["slug"] for e in first["edges"]] == ["a-guide", "b-guide"]
    assert first["pageInfo"]["hasNextPage"] is True
    second = run(api, GUIDES_PAGE, {"first": 2, "after": first["pageInfo"]["endCursor"]})["data"]["guides"]
    assert [e["node"]["slug"] for e in second["edges"]] == ["c-guide"]
    assert second["pageInfo"]["hasNextPage"] is False


@pytest.mark.parametrize(
    "cursor",
    [
        "ikke-en-cursor",
        "!!!",
        "",  # empty means "from the start" - see below
        forged({"guides": "x"}),
        forged(["guides"]),
        forged(["guides", None]),
        forged(["guides", {"path": "0001"}]),
        forged(["guides", True]),
        forged("guides"),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
def test_an_invalid_cursor_is_bad_user_input(api, three_guides, cursor):
    body = run(api, GUIDES_PAGE, {"after": cursor})
    if cursor == "":
        assert len(body["data"]["guides"]["edges"]) == 3
        return
    assert body["data"] is None  # guides is non-null, so the error reaches the root
    error = only_error(body)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "after"}
    assert error["message"].startswith("Invalid cursor")
    assert error["path"] == ["guides"]


@pytest.mark.parametrize("key", ["not-a-number", 2**70, -(2**70), "1\x002"])
def test_a_forged_cursor_of_the_wrong_type_is_bad_user_input_not_a_database_error(api, key):
    body = run(api, "query ($after: String) { changes(after: $after) { edges { node { sequence } } } }",
               {"after": forged(["changes", key])})
    assert only_error(body)["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_cursor_from_another_list_is_refused(api, three_guides):
    factories.make_standard()
    standards = run(api, "{ standards(first: 1) { pageInfo { endCursor } } }")
    cursor = standards["data"]["standards"]["pageInfo"]["endCursor"]
    error = only_error(run(api, GUIDES_PAGE, {"after": cursor}))
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "belongs to another list (standards), not guides" in error["message"]


@pytest.mark.parametrize("first", [0, 101, -1])
def test_first_out_of_range_is_bad_user_input(api, first):
    body = run(api, GUIDES_PAGE, {"first": first})
    error = only_error(body)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "first"}
    assert f"between 1 and 100, got {first}" in error["message"]


@pytest.mark.parametrize("field", ["selfServiceLinks", "standards", "changes", "stepByStepGuides", "teachingModules"])
def test_every_list_checks_first(api, field):
    error = only_error(run(api, f"{{ {field}(first: 101) {{ totalCount }} }}"))
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


def test_first_beyond_a_32_bit_int_is_a_validation_error(api):
    response = api.post("{ guides(first: 3000000000) { totalCount } }")
    error = only_error(response.json())
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "32-bit" in error["message"]


# --- unknown identifiers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, field",
    [
        ('{ guide(slug: "findes-ikke") { title } }', "guide"),
        ('{ selfServiceLink(slug: "findes-ikke") { title } }', "selfServiceLink"),
        ('{ stepByStepGuide(slug: "findes-ikke") { title } }', "stepByStepGuide"),
        ('{ teachingModule(slug: "findes-ikke") { title } }', "teachingModule"),
        ('{ standard(identifier: "findes-ikke") { title } }', "standard"),
    ],
)
def test_an_unknown_slug_is_not_found_with_null_for_that_field(api, query, field):
    body = run(api, query[:-1] + " regions { code } }")
    assert body["data"][field] is None
    assert len(body["data"]["regions"]) == 5  # the rest of the query is answered
    error = only_error(body)
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert "findes-ikke" in error["message"]
    assert error["path"] == [field]


def test_an_unpublished_guide_is_not_found(api):
    factories.make_guide(slug="kladde", live=False)
    assert only_error(run(api, '{ guide(slug: "kladde") { title } }'))["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize("code", ["999", "abc", "07510", "1081"])
def test_an_unknown_municipality_code_is_bad_user_input(api, code):
    for query in (
        f'{{ guide(slug: "flytning", municipality: "{code}") {{ title }} }}',
        f'{{ guides(municipality: "{code}") {{ totalCount }} }}',
        f'{{ selfServiceLinks(municipality: "{code}") {{ totalCount }} }}',
    ):
        error = only_error(run(api, query))
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "municipality"}
        assert f"Unknown municipality code '{code}'" in error["message"]


def test_a_zero_padded_municipality_code_is_accepted(api):
    factories.make_guide(slug="flytning")
    body = run(api, '{ guide(slug: "flytning", municipality: "0751") { title } }')
    assert body == {"data": {"guide": {"title": "Flytning"}}}


@pytest.mark.parametrize("field", ["guides", "selfServiceLinks", "stepByStepGuides"])
def test_an_unknown_topic_is_bad_user_input(api, field):
    error = only_error(run(api, f'{{ {field}(topic: "findes-ikke") {{ totalCount }} }}'))
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "topic"}
    assert "Unknown topic 'findes-ikke'" in error["message"]


def test_an_unknown_authority_and_locale_are_bad_user_input(api):
    authority = only_error(run(api, '{ selfServiceLinks(authority: "findes-ikke") { totalCount } }'))
    assert authority["extensions"] == {"code": "BAD_USER_INPUT", "argument": "authority"}
    locale = only_error(run(api, '{ guides(locale: "de") { totalCount } }'))
    assert locale["extensions"] == {"code": "BAD_USER_INPUT", "argument": "locale"}


# --- wrong types and unknown fields: validation, before anything runs -----------------------------


@pytest.mark.parametrize(
    "query, fragment",
    [
        ('{ guides(first: "ti") { totalCount } }', "Int cannot represent non-integer value"),
        ("{ guide(slug: 5) { title } }", "String cannot represent a non string value"),
        ('{ guide(slug: "x", municipality: 751) { title } }', "String cannot represent a non string value"),
        ("{ selfServiceLinks(audience: EVERYONE) { totalCount } }", "Value 'EVERYONE' does not exist"),
        ('{ guides(updatedSince: "i går") { totalCount } }', "DateTime"),
        ("{ guide { title } }", "argument 'slug' of type 'String!' is required"),
        ('{ guides(sort: "title") { totalCount } }', "Unknown argument 'sort'"),
        ("{ regions { kode } }", "Cannot query field 'kode' on type 'Region'. Did you mean 'code'?"),
        ("{ kommuner { code } }", "Cannot query field 'kommuner' on type 'Query'"),
        ("{ regions }", "must have a selection of subfields"),
        ("{ regions { code { x } } }", "must not have a selection"),
    ],
)
def test_wrong_types_and_unknown_fields_are_validation_errors(api, query, fragment):
    body = run(api, query)
    assert "data" not in body
    assert any(fragment in e["message"] for e in body["errors"]), body["errors"]
    assert {e["extensions"]["code"] for e in body["errors"]} == {"GRAPHQL_VALIDATION_FAILED"}


def test_a_validation_error_points_at_the_line_and_column(api):
    body = run(api, "{\n  regions {\n    kode\n  }\n}")
    assert only_error(body)["locations"] == [{"line": 3, "column": 5}]


def test_a_variable_of_the_wrong_type_is_bad_user_input(api):
    body = run(api, "query ($first: Int) { guides(first: $first) { totalCount } }", {"first": "ti"})
    assert "data" not in body
    error = only_error(body)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "$first" in error["message"]


# --- failures inside the server ---------------------------------------------------------------------


def test_a_resolver_exception_is_masked_and_the_rest_is_answered(api, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(guide_resolvers, "live_guides", broken)
    response = api.post('{ guide(slug: "flytning") { title } regions { code } }')
    assert response.status_code == 200
    body = response.json()
    assert body["data"]["guide"] is None
    assert len(body["data"]["regions"]) == 5
    error = only_error(body)
    assert error == {
        "message": "Internal error while resolving this field.", "path": ["guide"],
        "extensions": {"code": "INTERNAL_SERVER_ERROR"},
    }
    assert "hunter2" not in response.content.decode()
    assert "RuntimeError" not in response.content.decode()
    # The operator still sees what happened.
    assert any(record.exc_info and "hunter2" in str(record.exc_info[1]) for record in caplog.records)


def test_a_masked_error_in_a_non_null_list_nulls_the_data_without_500(api, monkeypatch):
    monkeypatch.setattr(guide_resolvers, "live_guides", lambda *a, **k: 1 / 0)
    response = api.get_query("{ guides { totalCount } }")
    assert response.status_code == 200
    assert response.json()["data"] is None
    assert only_error(response.json())["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "query, variables",
    [
        ('{ guide(slug: "flyt\\u0000ning") { title } }', None),
        ('{ guides(topic: "\\u0000") { totalCount } }', None),
        ("query ($m: String) { guides(municipality: $m) { totalCount } }", {"m": "75\u00001"}),
        ("query ($k: [ChangeKind!]) { changes(kinds: $k) { totalCount } }", None),
    ],
)
def test_a_nul_character_in_a_string_is_bad_user_input(api, query, variables):
    # PostgreSQL cannot compare text with NUL: without this check the resolver failed with a masked error.
    response = api.post(query, variables)
    assert response.status_code == 200
    body = response.json()
    if "\\u0000" not in query and not variables:
        assert "errors" not in body  # the control: no NUL, no error
        return
    assert "data" not in body
    error = only_error(body)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "NUL character" in error["message"]
