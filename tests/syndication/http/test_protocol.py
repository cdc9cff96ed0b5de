"""GraphQL over HTTP as the specification describes it: methods, media types and status codes."""

import json

import pytest

from .conftest import GRAPHQL_RESPONSE

pytestmark = pytest.mark.django_db

REGIONS = "{ regions { code name } }"
JSON_TYPES = ["application/json", GRAPHQL_RESPONSE]


def media_type(response):
    return response["Content-Type"].split(";")[0]


# --- successful requests ---------------------------------------------------------------------------


def test_post_json_answers_application_json_by_default(api):
    response = api.post(REGIONS)
    assert response.status_code == 200
    assert media_type(response) == "application/json"
    assert response["Content-Type"].endswith("charset=utf-8")
    regions = response.json()["data"]["regions"]
    assert [r["code"] for r in regions] == ["1081", "1082", "1083", "1084", "1085"]
    assert "errors" not in response.json()


def test_get_runs_a_query_from_url_parameters(api):
    response = api.get_query("query Kode($code: String!) { guide(slug: $code) { title } regions { code } }",
                             {"code": "findes-ikke"})
    assert response.status_code == 200
    body = response.json()
    assert len(body["data"]["regions"]) == 5
    assert body["data"]["guide"] is None


@pytest.mark.parametrize(
    "accept, expected",
    [
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        ("application/json", "application/json"),
        ("*/*", "application/json"),
        (f"{GRAPHQL_RESPONSE}, application/json;q=0.9", GRAPHQL_RESPONSE),
        (f"application/json, {GRAPHQL_RESPONSE};q=0.5", "application/json"),
        (f"{GRAPHQL_RESPONSE};q=0, application/json", "application/json"),
        ("text/html;q=0.9, application/*;q=0.8", "application/json"),
    ],
)
def test_response_media_type_follows_accept(api, accept, expected):
    for response in (api.post(REGIONS, HTTP_ACCEPT=accept), api.get_query(REGIONS, HTTP_ACCEPT=accept)):
        assert response.status_code == 200
        assert media_type(response) == expected
        assert len(response.json()["data"]["regions"]) == 5


def test_operation_name_picks_one_of_several_operations(api):
    document = "query A { regions { code } } query B { topics { slug } }"
    body = api.post(body=json.dumps({"query": document, "operationName": "B"})).json()
    assert body == {"data": {"topics": []}}


# --- requests that are not well-formed: 4xx whatever the media type --------------------------------


@pytest.mark.parametrize("accept", JSON_TYPES)
@pytest.mark.parametrize(
    "body, reason",
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"variables": {}}), "Missing `query`"),
        (json.dumps({"query": ""}), "Missing `query`"),
        (json.dumps({"query": REGIONS, "variables": [1, 2]}), "`variables` must be a JSON object"),
        (json.dumps({"query": REGIONS, "variables": "not json"}), "`variables` is not valid JSON"),
        (json.dumps({"query": REGIONS, "extensions": 7}), "`extensions` must be a JSON object"),
        (json.dumps({"query": 42}), "`query` must be a string"),
        (json.dumps({"query": REGIONS, "operationName": ["A"]}), "`operationName` must be a string"),
        (json.dumps([{"query": REGIONS}]), "Batched requests are not supported"),
        (json.dumps("query"), "must be a JSON object"),
        (json.dumps({"query": REGIONS, "variables": {"a": json.loads("[" * 40 + "]" * 40)}}), "nests JSON more than"),
    ],
)
def test_malformed_requests_are_400_with_the_reason(api, accept, body, reason):
    response = api.post(body=body, HTTP_ACCEPT=accept)
    assert response.status_code == 400
    assert media_type(response) == accept
    assert response["Cache-Control"] == "no-store"
    [error] = api.errors(response)
    assert reason in error["message"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "data" not in response.json()


def test_json_nested_beyond_the_interpreter_s_recursion_is_a_400_not_a_500(api):
    deep = "[" * 100_000 + "]" * 100_000
    response = api.post(body='{"query": "{ regions { code } }", "variables": {"a": ' + deep + "}}")
    assert response.status_code == 400
    assert "nests JSON" in api.errors(response)[0]["message"]


def test_get_with_malformed_variables_is_400(api):
    response = api.get({"query": REGIONS, "variables": "{oops"}, HTTP_ACCEPT=GRAPHQL_RESPONSE)
    assert response.status_code == 400
    assert "`variables` is not valid JSON" in api.errors(response)[0]["message"]


def test_a_body_over_django_s_upload_limit_is_413(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = api.post(REGIONS, {"padding": "x" * 2_000})
    assert response.status_code == 413
    assert api.codes(response) == ["BAD_REQUEST"]


# --- GraphQL request errors: 400 for graphql-response+json, 200 for application/json (spec) -------


@pytest.mark.parametrize(
    "payload, code",
    [
        ({"query": "{ regions { code "}, "GRAPHQL_PARSE_FAILED"),
        ({"query": "{ regions { kode } }"}, "GRAPHQL_VALIDATION_FAILED"),
        ({"query": "{ guides(first: \"ti\") { totalCount } }"}, "GRAPHQL_VALIDATION_FAILED"),
        ({"query": "query ($n: Int) { guides(first: $n) { totalCount } }", "variables": {"n": "ti"}},
         "BAD_USER_INPUT"),
        ({"query": "query ($slug: String!) { guide(slug: $slug) { title } }"}, "BAD_USER_INPUT"),
        ({"query": "query ($t: DateTime) { guides(updatedSince: $t) { totalCount } }",
          "variables": {"t": "i går"}}, "BAD_USER_INPUT"),
        ({"query": "query A { regions { code } } query B { topics { slug } }"}, "BAD_REQUEST"),
        ({"query": "query A { regions { code } }", "operationName": "B"}, "BAD_REQUEST"),
    ],
)
def test_request_errors_follow_the_media_type(api, payload, code):
    strict = api.post(body=json.dumps(payload), HTTP_ACCEPT=GRAPHQL_RESPONSE)
    assert strict.status_code == 400
    assert media_type(strict) == GRAPHQL_RESPONSE
    legacy = api.post(body=json.dumps(payload), HTTP_ACCEPT="application/json")
    assert legacy.status_code == 200
    assert media_type(legacy) == "application/json"
    for response in (strict, legacy):
        body = response.json()
        assert "data" not in body, body  # the request never reached execution
        assert body["errors"][0]["extensions"]["code"] == code
        assert body["errors"][0]["message"]


@pytest.mark.parametrize("accept", JSON_TYPES)
def test_field_errors_keep_status_200_and_the_rest_of_the_data(api, accept):
    response = api.post('{ guide(slug: "findes-ikke") { title } regions { code } }', HTTP_ACCEPT=accept)
    assert response.status_code == 200
    body = response.json()
    assert body["data"]["guide"] is None
    assert len(body["data"]["regions"]) == 5
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert body["errors"][0]["path"] == ["guide"]


# --- methods, content types, Accept ----------------------------------------------------------------


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow(api, method):
    response = api.generic(method, json.dumps({"query": REGIONS}))
    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "POST"}
    assert api.codes(response) == ["BAD_REQUEST"]


def test_a_mutation_sent_with_get_is_405_and_never_runs(api):
    response = api.get({"query": "mutation { publish(slug: \"x\") }"})
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "cannot be sent with GET" in api.errors(response)[0]["message"]
    named = api.get({"query": "query A { regions { code } } mutation B { x }", "operationName": "B"})
    assert named.status_code == 405


def test_a_mutation_the_schema_does_not_have_is_a_validation_error(api):
    # The only mutations are a partner's own webhooks (tests/syndication/graphql/test_webhook_self_service.py).
    response = api.post("mutation { publish }", HTTP_ACCEPT=GRAPHQL_RESPONSE)
    assert response.status_code == 400
    assert api.codes(response) == ["GRAPHQL_VALIDATION_FAILED"]


def test_a_subscription_is_a_validation_error(api):
    response = api.post("subscription { changes { totalCount } }", HTTP_ACCEPT=GRAPHQL_RESPONSE)
    assert response.status_code == 400
    assert api.codes(response) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "webhooks" in api.errors(response)[0]["message"]


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]
)
def test_wrong_content_type_is_415(api, content_type):
    response = api.post(REGIONS, content_type=content_type)
    assert response.status_code == 415
    assert "application/json" in api.errors(response)[0]["message"]


def test_json_with_charset_is_accepted(api):
    response = api.post(REGIONS, content_type="application/json; charset=utf-8")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "accept", ["text/plain", "image/png", "application/xml", "application/json;q=0", "text/*"]
)
def test_an_unacceptable_accept_is_406(api, accept):
    for response in (api.post(REGIONS, HTTP_ACCEPT=accept), api.get_query(REGIONS, HTTP_ACCEPT=accept)):
        assert response.status_code == 406
        assert media_type(response) == "application/json"
        assert "application/graphql-response+json" in api.errors(response)[0]["message"]


# --- GraphiQL for a browser ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "accept",
    ["text/html", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"],
)
def test_a_browser_gets_graphiql(api, accept):
    response = api.get(HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert media_type(response) == "text/html"
    assert 'data-endpoint="/graphql/"' in response.content.decode()


def test_a_browser_opening_a_query_url_gets_the_result_as_json(api):
    response = api.get_query(REGIONS, HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert response.status_code == 200
    assert media_type(response) == "application/json"
    assert len(response.json()["data"]["regions"]) == 5


def test_a_get_without_query_from_a_program_is_400(api):
    response = api.get(HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "Missing `query`" in api.errors(response)[0]["message"]
