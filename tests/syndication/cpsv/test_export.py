"""The CPSV-AP 3.2.0 export: live links only, every node valid under the official SHACL shapes."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import FOAF, RDF, SKOS

from content_models import publishing
from content_models.models import Authority, Municipality, Region, SelfServiceLinkPage
from syndication.cpsv.export import (
    CHANNEL_TYPE_WEB,
    DANISH,
    DATA_DIR,
    ENGLISH,
    DENMARK,
    build_document,
    exported_links,
    render_document,
)
from tests import factories

from .shacl import SHARED_DIR, load_example, parse_jsonld, shacl_validate, source_dirs, source_params

pytestmark = [
    pytest.mark.django_db,
    # rdflib 7.6's JSON-LD parser uses its own deprecated ConjunctiveGraph internally.
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

BASE = "https://portal.example.dk"
CPSV = Namespace("http://purl.org/vocab/cpsv#")
CV = Namespace("http://data.europa.eu/m8g/")
DCT = Namespace("http://purl.org/dc/terms/")
ORG = Namespace("http://www.w3.org/ns/org#")

AARHUS_URL = "https://www.aarhus.dk/selvbetjening/boligstoette"
COPENHAGEN_URL = "https://www.kk.dk/selvbetjening/boligstoette"
CAPITAL_REGION_URL = "https://www.regionh.dk/boligstoette"
DRAFT_OVERRIDE_URL = "https://www.frb.dk/kladde"
UNPUBLISHED_OVERRIDE_URL = "https://www.ballerup.dk/tilbagetrukket"
DRAFT_LINK_URL = "https://www.borger.dk/kladde"


def municipality(code):
    return Municipality.objects.get(code=code)


def region(code):
    return Region.objects.get(code=code)


@pytest.fixture
def content():
    """Links of a state, a regional, a municipal and an 'other' authority, with live and non-live variants."""
    aarhus = municipality("751")
    state = factories.AuthorityFactory(
        slug="udbetaling-danmark", name="Udbetaling Danmark", type=Authority.Type.STATE, cvr="29980656",
        url="https://www.atp.dk",
    )
    regional = factories.AuthorityFactory(
        slug="region-midtjylland", name="Region Midtjylland", type=Authority.Type.REGION, region=region("1082"),
    )
    municipal = factories.AuthorityFactory(
        slug="aarhus-kommune", name="Aarhus Kommune", type=Authority.Type.MUNICIPALITY, municipality=aarhus,
    )
    other = factories.AuthorityFactory(slug="kombit", name="KOMBIT", type=Authority.Type.OTHER)
    housing = factories.TopicFactory(slug="bolig", title="Bolig", title_en="Housing")
    benefit = factories.TopicFactory(slug="boligstoette", title="Boligstøtte", parent=housing)

    support = factories.make_self_service_link(
        slug="ansoeg-om-boligstoette", title="Ansøg om boligstøtte", url="https://www.borger.dk/boligstoette",
        description="Søg boligstøtte digitalt.", authority=state,
    )
    support.topics.set([benefit])
    publishing.publish(support)
    factories.make_url_override(support, municipality=aarhus, url=AARHUS_URL)
    factories.make_url_override(support, municipality=municipality("101"), url=COPENHAGEN_URL)
    factories.make_url_override(support, region=region("1084"), url=CAPITAL_REGION_URL)
    factories.make_url_override(support, municipality=municipality("147"), url=DRAFT_OVERRIDE_URL, live=False)
    withdrawn = factories.make_url_override(support, municipality=municipality("151"), url=UNPUBLISHED_OVERRIDE_URL)
    publishing.unpublish(withdrawn)
    factories.make_self_service_link(
        slug="apply-for-housing-benefit", title="Apply for housing benefit", url="https://www.borger.dk/boligstoette",
        description="Apply for housing benefit online.", authority=state, locale="en",
        translation_key=support.translation_key,
    )
    factories.make_self_service_link(  # an English draft: not part of the export
        slug="order-a-health-card", title="Order a health card", url="https://www.rm.dk/sundhedskort", locale="en",
        authority=regional, live=False,
    )

    factories.make_self_service_link(
        slug="bestil-sundhedskort", title="Bestil sundhedskort", url="https://www.rm.dk/sundhedskort",
        description="Bestil et nyt sundhedskort.", authority=regional,
    )
    factories.make_self_service_link(
        slug="anmeld-flytning", title="Anmeld flytning", url="https://www.aarhus.dk/flyt", authority=municipal,
        audience=SelfServiceLinkPage.Audience.CITIZEN,
    )
    factories.make_self_service_link(
        slug="digital-post-virksomhed", title="Digital Post til virksomheder", url="https://www.virk.dk/post",
        description="Læs virksomhedens Digital Post.", authority=other, audience=SelfServiceLinkPage.Audience.BUSINESS,
    )
    factories.make_self_service_link(
        slug="kladde-link", title="Kladde", url=DRAFT_LINK_URL, authority=state, live=False,
    )
    return {"state": state, "regional": regional, "municipal": municipal, "other": other, "support": support}


@pytest.fixture
def document(content, settings):
    settings.WAGTAILADMIN_BASE_URL = BASE + "/"
    return build_document()


@pytest.fixture
def body(document):
    return render_document(document)


@pytest.fixture
def graph(body):
    return parse_jsonld(body)


def service(slug):
    return URIRef(f"{BASE}/cpsv-ap/services/{slug}")


def organisation(slug):
    return URIRef(f"{BASE}/cpsv-ap/organisations/{slug}")


def channel_with_url(graph, url):
    channels = [c for c in graph.subjects(FOAF.homepage, URIRef(url)) if (c, RDF.type, CV.Channel) in graph]
    assert len(channels) == 1, f"expected one channel for {url}, found {channels}"
    return channels[0]


# Validation ---------------------------------------------------------------------------------------------------


def test_shapes_are_read_from_shared_when_present_and_match_the_project_copy():
    assert DATA_DIR in source_dirs()
    if SHARED_DIR.is_dir():
        assert source_dirs()[0] == SHARED_DIR
        for name in ("cpsv-ap-SHACL.ttl", "cpsv-ap.jsonld", "cpsv-ap.ttl", "example-rdf_public_service.jsonld"):
            assert (DATA_DIR / name).read_bytes() == (SHARED_DIR / name).read_bytes(), name


@pytest.mark.parametrize("shapes_dir", source_params())
def test_export_conforms_to_the_cpsv_ap_shapes(graph, shapes_dir):
    report = shacl_validate(graph, shapes_dir)
    assert report.violations() == [], report.text
    assert report.conforms, report.text


@pytest.mark.parametrize("shapes_dir", source_params())
def test_export_conforms_with_rdfs_inference_over_the_vocabulary(graph, shapes_dir):
    # With inference every PublicOrganisation is also a foaf:Agent, which must have an identifier and a name.
    report = shacl_validate(graph, shapes_dir, inference="rdfs")
    assert report.violations() == [], report.text
    assert report.conforms, report.text


@pytest.mark.parametrize("shapes_dir", source_params())
def test_official_example_without_fixes_reports_violations(shapes_dir):
    """The validator is live: the example's untyped code-list IRIs break six sh:class constraints."""
    report = shacl_validate(parse_jsonld(load_example()), shapes_dir)
    assert not report.conforms
    assert len(report.violations("ClassConstraintComponent")) == 6, report.text
    assert len(report.violations()) == 6, report.text


def test_a_broken_export_is_caught(document):
    """Removing a mandatory property (the competent authority) makes the export fail validation."""
    broken = json.loads(render_document(document))
    for node in broken["@graph"]:
        node.pop("PublicService.hasCompetentAuthority", None)
    report = shacl_validate(parse_jsonld(broken), source_dirs()[0])
    assert not report.conforms
    assert len(report.violations("MinCountConstraintComponent")) == 4


# Content ------------------------------------------------------------------------------------------------------


def test_context_is_the_official_3_2_0_context_inline(document):
    official = json.loads((DATA_DIR / "cpsv-ap.jsonld").read_text(encoding="utf-8"))["@context"]
    assert document["@context"][0] == official
    assert document["@context"][1]["cv"] == "http://data.europa.eu/m8g/"


def test_one_public_service_per_live_link(graph):
    services = set(graph.subjects(RDF.type, CPSV.PublicService))
    # One per live Danish link: an English translation is the same service, in another language.
    assert len(services) == SelfServiceLinkPage.objects.live().filter(locale__language_code="da").count() == 4
    assert services == {
        service(slug)
        for slug in ("ansoeg-om-boligstoette", "bestil-sundhedskort", "anmeld-flytning", "digital-post-virksomhed")
    }


def test_drafts_and_unpublished_variants_are_left_out(body, graph):
    text = body.decode("utf-8")
    assert "kladde-link" not in text and DRAFT_LINK_URL not in text
    assert DRAFT_OVERRIDE_URL not in text
    assert UNPUBLISHED_OVERRIDE_URL not in text
    assert (service("kladde-link"), None, None) not in graph


def test_a_draft_edit_of_a_live_variant_keeps_the_live_url(content, settings):
    settings.WAGTAILADMIN_BASE_URL = BASE
    override = content["support"].url_overrides.get(municipality__code="751")
    override.url = "https://www.aarhus.dk/kladde"
    publishing.save_draft(override)
    text = render_document(build_document()).decode("utf-8")
    assert AARHUS_URL in text and "https://www.aarhus.dk/kladde" not in text


def test_service_properties(graph):
    support = service("ansoeg-om-boligstoette")
    assert graph.value(support, DCT.identifier) == Literal("ansoeg-om-boligstoette")
    # Named and described in both languages: the English translation's own texts, tagged "en".
    assert set(graph.objects(support, DCT.title)) == {
        Literal("Ansøg om boligstøtte", lang="da"), Literal("Apply for housing benefit", lang="en")
    }
    assert set(graph.objects(support, DCT.description)) == {
        Literal("Søg boligstøtte digitalt.", lang="da"), Literal("Apply for housing benefit online.", lang="en")
    }
    assert set(graph.objects(support, DCT.language)) == {URIRef(DANISH), URIRef(ENGLISH)}
    health = service("bestil-sundhedskort")  # no live English translation: Danish only
    assert set(graph.objects(health, DCT.title)) == {Literal("Bestil sundhedskort", lang="da")}
    assert set(graph.objects(health, DCT.language)) == {URIRef(DANISH)}
    assert graph.value(support, DCT.spatial) == URIRef(DENMARK)
    audience = graph.value(support, DCT.audience)
    assert graph.value(audience, SKOS.prefLabel) == Literal("Borger", lang="da")
    topic = graph.value(support, CV.thematicArea)
    assert (topic, RDF.type, SKOS.Concept) in graph
    assert graph.value(topic, SKOS.prefLabel) == Literal("Boligstøtte", lang="da")
    assert set(graph.objects(graph.value(topic, SKOS.broader), SKOS.prefLabel)) == {
        Literal("Bolig", lang="da"), Literal("Housing", lang="en")
    }


def test_competent_authority_with_label_and_jurisdiction(graph):
    authority = graph.value(service("ansoeg-om-boligstoette"), CV.hasCompetentAuthority)
    assert authority == organisation("udbetaling-danmark")
    assert (authority, RDF.type, CV.PublicOrganisation) in graph
    assert graph.value(authority, SKOS.prefLabel) == Literal("Udbetaling Danmark", lang="da")
    assert graph.value(authority, DCT.identifier) == Literal("29980656")
    assert graph.value(authority, DCT.spatial) == URIRef(DENMARK)
    assert (URIRef(DENMARK), RDF.type, DCT.Location) in graph

    regional = graph.value(service("bestil-sundhedskort"), CV.hasCompetentAuthority)
    assert graph.value(regional, DCT.spatial) == URIRef("https://api.dataforsyningen.dk/regioner/1082")
    municipal = graph.value(service("anmeld-flytning"), CV.hasCompetentAuthority)
    aarhus = URIRef("https://api.dataforsyningen.dk/kommuner/0751")
    assert graph.value(municipal, DCT.spatial) == aarhus
    assert (aarhus, RDF.type, DCT.Location) in graph
    assert graph.value(aarhus, SKOS.prefLabel) == Literal("Aarhus", lang="da")
    other = graph.value(service("digital-post-virksomhed"), CV.hasCompetentAuthority)
    assert graph.value(other, SKOS.prefLabel) == Literal("KOMBIT", lang="da")
    assert graph.value(other, DCT.spatial) == URIRef(DENMARK)
    assert graph.value(service("anmeld-flytning"), DCT.spatial) == aarhus


def test_national_channel_is_a_typed_web_channel(graph):
    support = service("ansoeg-om-boligstoette")
    channel = channel_with_url(graph, "https://www.borger.dk/boligstoette")
    assert channel == URIRef(f"{support}/channels/web")
    assert (support, CV.hasChannel, channel) in graph
    assert graph.value(channel, DCT.identifier) == Literal("https://www.borger.dk/boligstoette")
    assert graph.value(channel, DCT.type) == URIRef(CHANNEL_TYPE_WEB)
    assert (URIRef(CHANNEL_TYPE_WEB), RDF.type, SKOS.Concept) in graph
    assert graph.value(channel, CV.ownedBy) == organisation("udbetaling-danmark")


def test_municipal_and_regional_variants_are_channels_owned_by_the_place(graph):
    support = service("ansoeg-om-boligstoette")
    assert len(set(graph.objects(support, CV.hasChannel))) == 4  # national, Aarhus, København, Region Hovedstaden

    aarhus = channel_with_url(graph, AARHUS_URL)
    assert aarhus == URIRef(f"{support}/channels/kommune/0751")
    assert (support, CV.hasChannel, aarhus) in graph
    assert graph.value(aarhus, DCT.identifier) == Literal(AARHUS_URL)
    # Aarhus has its own authority in the portal, which owns the channel.
    owner = graph.value(aarhus, CV.ownedBy)
    assert owner == organisation("aarhus-kommune")
    assert graph.value(owner, DCT.spatial) == URIRef("https://api.dataforsyningen.dk/kommuner/0751")

    copenhagen = channel_with_url(graph, COPENHAGEN_URL)
    owner = graph.value(copenhagen, CV.ownedBy)
    assert owner == organisation("kommune/0101")
    assert {(owner, RDF.type, CV.PublicOrganisation), (owner, RDF.type, ORG.Organization)} <= set(graph)
    assert graph.value(owner, SKOS.prefLabel) == Literal("Københavns Kommune", lang="da")
    assert graph.value(owner, DCT.spatial) == URIRef("https://api.dataforsyningen.dk/kommuner/0101")
    assert graph.value(copenhagen, DCT.description) == Literal("Lokal adresse for København.", lang="da")

    capital = channel_with_url(graph, CAPITAL_REGION_URL)
    owner = graph.value(capital, CV.ownedBy)
    assert graph.value(owner, SKOS.prefLabel) == Literal("Region Hovedstaden", lang="da")
    assert graph.value(owner, DCT.spatial) == URIRef("https://api.dataforsyningen.dk/regioner/1084")


def test_shared_nodes_appear_once(document):
    ids = [node["@id"] for node in document["@graph"]]
    assert len(ids) == len(set(ids))
    assert ids[:4] == [str(service(slug)) for slug in (
        "anmeld-flytning", "ansoeg-om-boligstoette", "bestil-sundhedskort", "digital-post-virksomhed",
    )]


def test_links_without_an_authority_are_left_out(settings):
    # CPSV-AP requires a competent authority; such a link cannot be described conformantly.
    settings.WAGTAILADMIN_BASE_URL = BASE
    factories.make_self_service_link(slug="uden-myndighed", authority=None)
    assert exported_links().count() == 0
    assert build_document()["@graph"] == []


def test_an_empty_export_is_still_valid_json_ld(settings):
    settings.WAGTAILADMIN_BASE_URL = BASE
    graph = parse_jsonld(build_document())
    assert len(graph) == 0
    assert shacl_validate(graph, source_dirs()[0]).conforms


def test_export_is_deterministic(content, settings):
    settings.WAGTAILADMIN_BASE_URL = BASE
    assert render_document(build_document()) == render_document(build_document())


def test_query_count_does_not_grow_with_links(content, settings):
    settings.WAGTAILADMIN_BASE_URL = BASE
    with CaptureQueriesContext(connection) as before:
        build_document()
    topic = factories.TopicFactory(slug="sundhed", title="Sundhed")
    for number in range(3):
        link = factories.make_self_service_link(
            slug=f"ekstra-{number}", title=f"Ekstra {number}", url=f"https://www.borger.dk/ekstra-{number}",
            authority=content["regional"],
        )
        link.topics.set([topic])
        publishing.publish(link)
        factories.make_url_override(link, municipality=municipality("461"), url=f"https://odense.dk/ekstra-{number}")
    with CaptureQueriesContext(connection) as after:
        document = build_document()
    assert len(document["@graph"]) > 0
    assert len(after.captured_queries) == len(before.captured_queries), after.captured_queries
