"""GET /cpsv-ap/services.jsonld: JSON-LD media type, public caching, ETag revalidation."""

import json

import pytest
from django.test import RequestFactory
from django.urls import reverse
from rdflib import Namespace
from rdflib.namespace import RDF

from content_models import publishing
from content_models.models import Authority
from syndication.cpsv.export import DATA_DIR
from syndication.cpsv.views import services_jsonld
from tests import factories

from .shacl import parse_jsonld, shacl_validate, source_dirs

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("tests.syndication.cpsv.urls"),
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

CPSV = Namespace("http://purl.org/vocab/cpsv#")
PATH = "/cpsv-ap/services.jsonld"


@pytest.fixture
def link(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://portal.example.dk"
    authority = factories.AuthorityFactory(slug="cpr-kontoret", name="CPR-kontoret", type=Authority.Type.STATE)
    return factories.make_self_service_link(authority=authority)


def test_route_name_and_path():
    assert reverse("cpsv_ap_services") == PATH


def test_get_returns_valid_json_ld_with_caching_headers(client, link):
    response = client.get(PATH)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
    document = json.loads(response.content)
    official = json.loads((DATA_DIR / "cpsv-ap.jsonld").read_text(encoding="utf-8"))["@context"]
    assert document["@context"][0] == official
    graph = parse_jsonld(response.content)
    assert len(set(graph.subjects(RDF.type, CPSV.PublicService))) == 1
    report = shacl_validate(graph, source_dirs()[0])
    assert report.conforms, report.text


def test_if_none_match_gives_304_until_content_changes(client, link):
    etag = client.get(PATH)["ETag"]

    not_modified = client.get(PATH, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert not_modified["Cache-Control"] == "public, max-age=300"
    assert client.get(PATH, headers={"If-None-Match": f'"other", W/{etag}'}).status_code == 304
    assert client.get(PATH, headers={"If-None-Match": '"stale"'}).status_code == 200

    link.title = "Anmeld flytning digitalt"
    publishing.publish(link)
    changed = client.get(PATH, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Anmeld flytning digitalt" in changed.content.decode("utf-8")


def test_drafts_do_not_change_the_document(client, link):
    etag = client.get(PATH)["ETag"]
    link.title = "Ikke udgivet endnu"
    publishing.save_draft(link)
    response = client.get(PATH, headers={"If-None-Match": etag})
    assert response.status_code == 304


def test_only_get_and_head_are_allowed(client, link):
    assert client.head(PATH).status_code == 200
    assert client.post(PATH).status_code == 405


def test_view_function_with_request_factory(link):
    response = services_jsonld(RequestFactory().get(PATH))
    assert response.status_code == 200
    first = json.loads(response.content)["@graph"][0]
    assert first["@id"] == "https://portal.example.dk/cpsv-ap/services/anmeld-flytning"
