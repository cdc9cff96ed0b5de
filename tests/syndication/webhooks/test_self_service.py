"""A partner manages its own webhook endpoints with its API key, over GraphQL, against a real receiver."""

import json

import pytest
from content_models.worker.drain import drain
from wagtail.models import ModelLogEntry

from content_models.models import Municipality, PublishingEvent, Region
from syndication.models import Partner, WebhookDelivery, WebhookEndpoint
from syndication.partners.keys import issue_key
from syndication.webhooks import dispatch, signing
from tests import factories
from tests.syndication.http.conftest import Api

from .conftest import ERROR, OK

pytestmark = pytest.mark.django_db

ENDPOINT_FIELDS = "id url kinds actions topics municipalities active"
CREATE = """mutation ($input: WebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { secret endpoint { %s } }
}""" % ENDPOINT_FIELDS


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def key(partner):
    return issue_key(partner)[1]


@pytest.fixture
def other_key(db):
    return issue_key(Partner.objects.create(name="Odense Kommune", slug="odense"))[1]


def call(api, key, query, variables=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    response = api.post(query, variables, **headers)
    assert response.status_code == 200, response.content
    return response


def create(api, key, url, **filters):
    body = call(api, key, CREATE, {"input": {"url": url, **filters}}).json()
    assert "errors" not in body, body
    return body["data"]["createWebhookEndpoint"]


def state():
    """Everything a refused call must leave as it was."""
    return list(WebhookEndpoint.objects.order_by("pk").values()), WebhookDelivery.objects.count()


def test_a_partner_registers_an_endpoint_and_gets_its_secret_once(api, key, receiver):
    created = create(api, key, receiver.endpoint_url("/hook"), kinds=["GUIDE", "LOCAL_TEXT"],
                     municipalities=["0751"], topics=[factories.TopicFactory(slug="bolig").slug])
    endpoint = WebhookEndpoint.objects.get()
    assert created["secret"] == endpoint.secret and endpoint.secret.startswith("whsec_")
    assert created["endpoint"] == {
        "id": str(endpoint.pk), "url": receiver.endpoint_url("/hook"), "kinds": ["GUIDE", "LOCAL_TEXT"],
        "actions": [], "topics": ["bolig"], "municipalities": ["751"], "active": True,
    }
    assert endpoint.partner.slug == "aarhus"
    listed = call(api, key, "{ webhookEndpoints { %s } }" % ENDPOINT_FIELDS).json()["data"]["webhookEndpoints"]
    assert listed == [created["endpoint"]]
    assert "secret" not in json.dumps(listed)
    entry = ModelLogEntry.objects.get(object_id=str(endpoint.pk), action="wagtail.create")
    assert entry.data["via"] == "api"


def test_without_a_key_nothing_is_shown_or_created(api, receiver):
    response = call(api, None, CREATE, {"input": {"url": receiver.endpoint_url("/hook")}})
    assert Api.codes(response) == ["UNAUTHENTICATED"]
    assert Api.codes(call(api, None, "{ webhookEndpoints { id } }")) == ["UNAUTHENTICATED"]
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("url, filters, field", [
    ("http://partner.example.dk/hook", {}, "url"),
    ("ftp://partner.example.dk/hook", {}, "url"),
    ("https://", {}, "url"),
    ("https://partner.example.dk/hook", {"topics": ["findes-ikke"]}, "topics"),
    ("https://partner.example.dk/hook", {"municipalities": ["999"]}, "municipalities"),
], ids=["plain-http", "ftp", "no-host", "unknown-topic", "unknown-municipality"])
def test_invalid_input_is_bad_user_input_naming_the_field_and_nothing_is_created(api, key, url, filters, field):
    response = call(api, key, CREATE, {"input": {"url": url, **filters}})
    [error] = Api.errors(response)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert list(error["extensions"]["fields"]) == [field]
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("url", [
    "https://127.0.0.1/hook", "https://0x7f000001/hook", "https://10.0.0.5/hook", "https://[::1]/hook",
    "https://169.254.169.254/latest/meta-data", "https://[::ffff:192.168.1.1]/hook",
])
def test_an_internal_address_is_refused_on_create_and_on_update_and_nothing_changes(api, key, settings, url):
    """The request-forgery rule of the admin (cms/outbound.py) holds for the partner's own mutations too."""
    settings.OUTBOUND_ALLOW_LOOPBACK = False
    response = call(api, key, CREATE, {"input": {"url": url}})
    [error] = Api.errors(response)
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and list(error["extensions"]["fields"]) == ["url"]
    assert not WebhookEndpoint.objects.exists()
    endpoint_id = create(api, key, "https://partner.example.dk/hook")["endpoint"]["id"]
    before = state()
    refused = call(api, key, 'mutation ($id: ID!, $url: String!) { updateWebhookEndpoint(id: $id, input: {url: $url}) '
                             "{ id } }", {"id": endpoint_id, "url": url})
    assert Api.codes(refused) == ["BAD_USER_INPUT"]
    assert state() == before


def test_an_unknown_kind_is_refused_by_the_schema(api, key):
    response = call(api, key, CREATE, {"input": {"url": "https://partner.example.dk/hook", "kinds": ["PAGE"]}})
    assert Api.codes(response) == ["BAD_USER_INPUT"]
    assert not WebhookEndpoint.objects.exists()


def test_a_partner_has_at_most_the_configured_number_of_endpoints(api, key, settings):
    settings.WEBHOOK_MAX_ENDPOINTS_PER_PARTNER = 2
    for n in range(2):
        create(api, key, f"https://partner.example.dk/hook{n}")
    response = call(api, key, CREATE, {"input": {"url": "https://partner.example.dk/hook3"}})
    assert Api.codes(response) == ["BAD_USER_INPUT"]
    assert WebhookEndpoint.objects.count() == 2


ANOTHER_PARTNERS = [
    'mutation { updateWebhookEndpoint(id: "%s", input: {url: "https://evil.example/x"}) { id } }',
    'mutation { pauseWebhookEndpoint(id: "%s") { id } }',
    'mutation { resumeWebhookEndpoint(id: "%s") { id } }',
    'mutation { rotateWebhookSecret(id: "%s") { secret } }',
    'mutation { deleteWebhookEndpoint(id: "%s") { id } }',
    '{ webhookEndpoint(id: "%s") { url recentDeliveries { id } } }',
]


@pytest.mark.parametrize("query", ANOTHER_PARTNERS, ids=lambda q: q.split("(")[0].split()[-1])
def test_another_partners_endpoint_is_not_found_and_nothing_changes(api, key, other_key, query):
    theirs = create(api, other_key, "https://odense.example.dk/hook")["endpoint"]["id"]
    before = state()
    for endpoint_id in (theirs, "999999", "abc", "-1", str(2**70)):
        response = call(api, key, query % endpoint_id)
        assert Api.codes(response) == ["NOT_FOUND"], (endpoint_id, response.json())
    assert state() == before
    assert call(api, other_key, '{ webhookEndpoint(id: "%s") { url } }' % theirs).json()["data"]["webhookEndpoint"]


def test_a_mutation_sent_with_get_is_refused_and_changes_nothing(api, key):
    endpoint_id = create(api, key, "https://partner.example.dk/hook")["endpoint"]["id"]
    before = state()
    response = api.get_query('mutation { deleteWebhookEndpoint(id: "%s") { id } }' % endpoint_id,
                             HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 405
    assert state() == before


def test_a_partners_endpoints_are_never_served_from_the_shared_cache(api, key, other_key):
    create(api, key, "https://aarhus.example.dk/hook")
    create(api, other_key, "https://odense.example.dk/hook")
    query = "{ webhookEndpoints { url } }"
    for raw_key, expected in ((key, "https://aarhus.example.dk/hook"), (other_key, "https://odense.example.dk/hook")):
        response = api.get_query(query, HTTP_AUTHORIZATION=f"Bearer {raw_key}")
        assert response.json()["data"]["webhookEndpoints"] == [{"url": expected}]
        assert response["Cache-Control"] == "no-store" and "ETag" not in response


def test_update_changes_only_what_is_given(api, key):
    endpoint_id = create(api, key, "https://partner.example.dk/hook", kinds=["GUIDE"], actions=["DELETED"])[
        "endpoint"]["id"]
    body = call(api, key, 'mutation { updateWebhookEndpoint(id: "%s", input: {kinds: [], municipalities: ["101"]}) '
                          "{ %s } }" % (endpoint_id, ENDPOINT_FIELDS)).json()
    updated = body["data"]["updateWebhookEndpoint"]
    assert (updated["kinds"], updated["actions"], updated["municipalities"]) == ([], ["DELETED"], ["101"])
    refused = call(api, key, 'mutation { updateWebhookEndpoint(id: "%s", input: {url: "http://x.example/"}) { id } }'
                   % endpoint_id)
    assert Api.codes(refused) == ["BAD_USER_INPUT"]
    assert WebhookEndpoint.objects.get().url == "https://partner.example.dk/hook"


def _publish_and_send():
    drain()
    return dispatch.deliver_due()


def test_pause_stops_new_deliveries_and_resume_starts_them_again(api, key, receiver):
    created = create(api, key, receiver.endpoint_url("/hook"))
    receiver.secrets["/hook"] = created["secret"]
    endpoint_id = created["endpoint"]["id"]
    paused = call(api, key, 'mutation { pauseWebhookEndpoint(id: "%s") { active } }' % endpoint_id).json()
    assert paused["data"]["pauseWebhookEndpoint"] == {"active": False}
    factories.make_guide("mens-pause", title="Mens pause")
    assert _publish_and_send()["delivered"] == 0
    call(api, key, 'mutation { resumeWebhookEndpoint(id: "%s") { active } }' % endpoint_id)
    factories.make_guide("efter-pause", title="Efter pause")
    assert _publish_and_send()["delivered"] == 1
    assert [request.json["slug"] for request in receiver.received] == ["efter-pause"]


def test_recent_deliveries_show_what_the_receiver_answered(api, key, receiver):
    created = create(api, key, receiver.endpoint_url("/hook"))
    receiver.secrets["/hook"] = created["secret"]
    receiver.behaviour = lambda n: ERROR if n == 1 else OK
    factories.make_guide("foerste", title="Første")
    _publish_and_send()
    factories.make_guide("anden", title="Anden")
    _publish_and_send()  # the first is not due again yet: backoff
    query = ('{ webhookEndpoint(id: "%s") { recentDeliveries(first: 5) { id slug kind action status attempts '
             "lastStatusCode lastError } } }" % created["endpoint"]["id"])
    deliveries = call(api, key, query).json()["data"]["webhookEndpoint"]["recentDeliveries"]
    assert [(d["slug"], d["status"], d["lastStatusCode"]) for d in deliveries] == [
        ("anden", "DELIVERED", 200), ("foerste", "PENDING", 500)
    ]
    assert deliveries[1]["lastError"].startswith("HTTP 500")
    assert {d["id"] for d in deliveries} == {str(k) for k in WebhookDelivery.objects.values_list(
        "idempotency_key", flat=True)}
    bad = call(api, key, query.replace("first: 5", "first: 101"))
    assert Api.codes(bad) == ["BAD_USER_INPUT"]


def test_a_rotated_secret_overlaps_so_the_receiver_can_switch(api, key, receiver):
    created = create(api, key, receiver.endpoint_url("/hook"))
    old = created["secret"]
    endpoint_id = created["endpoint"]["id"]
    rotated = call(api, key, 'mutation { rotateWebhookSecret(id: "%s", overlapHours: 2) { secret endpoint '
                             "{ previousSecretValidUntil } } }" % endpoint_id).json()["data"]["rotateWebhookSecret"]
    new = rotated["secret"]
    assert new != old and rotated["endpoint"]["previousSecretValidUntil"]
    receiver.secrets["/hook"] = old  # a receiver that has not switched yet still accepts
    factories.make_guide("under-skift", title="Under skift")
    _publish_and_send()
    [request] = receiver.received
    timestamp, header = request.headers["X-Portal-Timestamp"], request.headers["X-Portal-Signature"]
    assert request.signature_ok and header.count("v1=") == 2
    assert signing.verify(new, timestamp, request.body, header) and signing.verify(old, timestamp, request.body, header)

    call(api, key, 'mutation { rotateWebhookSecret(id: "%s", overlapHours: 0) { secret } }' % endpoint_id)
    newest = WebhookEndpoint.objects.get().secret
    factories.make_guide("efter-skift", title="Efter skift")
    _publish_and_send()
    last = receiver.received[-1]
    assert not last.signature_ok  # the old secret no longer signs
    assert signing.verify(newest, last.headers["X-Portal-Timestamp"], last.body, last.headers["X-Portal-Signature"])
    assert last.headers["X-Portal-Signature"].count("v1=") == 1
    refused = call(api, key, 'mutation { rotateWebhookSecret(id: "%s", overlapHours: 73) { secret } }' % endpoint_id)
    assert Api.codes(refused) == ["BAD_USER_INPUT"] and WebhookEndpoint.objects.get().secret == newest


def test_delete_removes_the_endpoint_and_its_queued_deliveries(api, key, receiver):
    endpoint_id = create(api, key, receiver.endpoint_url("/hook"))["endpoint"]["id"]
    factories.make_guide()
    drain()
    assert WebhookDelivery.objects.count() == 1
    body = call(api, key, 'mutation { deleteWebhookEndpoint(id: "%s") { id } }' % endpoint_id).json()
    assert body["data"]["deleteWebhookEndpoint"] == {"id": endpoint_id}
    assert not WebhookEndpoint.objects.exists() and not WebhookDelivery.objects.exists()
    assert dispatch.deliver_due()["delivered"] == 0 and receiver.received == []


# --- the dispatcher honours the filters ----------------------------------------------------------------------------


def queued_slugs(endpoint_id):
    return sorted(WebhookDelivery.objects.filter(endpoint_id=endpoint_id).values_list("payload__slug", flat=True))


def test_topic_filters_include_subtopics_and_items_deleted_since(api, key):
    bolig = factories.TopicFactory(slug="bolig", title="Bolig")
    flytning = factories.TopicFactory(slug="flytning", title="Flytning", parent=bolig)
    familie = factories.TopicFactory(slug="familie", title="Familie")
    endpoint_id = int(create(api, key, "https://partner.example.dk/hook", topics=["bolig"])["endpoint"]["id"])
    moving = factories.make_guide("flyt", title="Flyt", topics=[flytning])
    factories.make_guide("boern", title="Børn", topics=[familie])
    factories.make_local_text(moving, municipality=Municipality.objects.get(code="751"))
    factories.make_standard()
    moving.delete()  # deleted before the worker reads the events: the event remembers its topics
    drain()
    of_the_moving_guide = sorted(PublishingEvent.objects.filter(identifier__startswith="flyt").values_list(
        "identifier", "action"))
    assert ("flyt", "DELETED") in of_the_moving_guide and ("flyt/anmeld/751", "DELETED") in of_the_moving_guide
    queued = WebhookDelivery.objects.filter(endpoint_id=endpoint_id).values_list("payload__slug", "payload__action")
    assert sorted(queued) == of_the_moving_guide


def test_municipality_filters_take_national_items_their_own_and_their_regions_local_variants(api, key):
    endpoint_id = int(create(api, key, "https://partner.example.dk/hook", municipalities=["751"])["endpoint"]["id"])
    guide = factories.make_guide()
    aarhus, odense = Municipality.objects.get(code="751"), Municipality.objects.get(code="461")
    factories.make_local_text(guide, municipality=aarhus)
    factories.make_local_text(guide, municipality=odense)
    factories.make_local_text(guide, region=Region.objects.get(code="1082"))  # Midtjylland: Aarhus' region
    factories.make_local_text(guide, region=Region.objects.get(code="1083"))  # Syddanmark: Odense's
    link = factories.make_self_service_link()
    factories.make_url_override(link, municipality=aarhus, url="https://aarhus.dk/flyt")
    factories.make_url_override(link, municipality=odense, url="https://odense.dk/flyt")
    drain()
    assert queued_slugs(endpoint_id) == [
        "anmeld-flytning", "anmeld-flytning/751", "flytning", "flytning/anmeld/1082", "flytning/anmeld/751",
    ]


def test_kind_and_action_filters_still_apply_with_the_new_ones(api, key):
    endpoint_id = int(create(api, key, "https://partner.example.dk/hook", kinds=["LOCAL_TEXT"], actions=["DELETED"],
                             municipalities=["751"])["endpoint"]["id"])
    guide = factories.make_guide()
    local = factories.make_local_text(guide, municipality=Municipality.objects.get(code="751"))
    local.delete()
    drain()
    assert list(WebhookDelivery.objects.filter(endpoint_id=endpoint_id).values_list(
        "payload__slug", "payload__action")) == [("flytning/anmeld/751", "DELETED")]
