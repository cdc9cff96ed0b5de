"""The live self-service links as a CPSV-AP 3.2.0 JSON-LD document (EU Core Public Service Vocabulary AP).

A service's name and description are language-tagged: Danish, and English where the link has a live English
translation (which then also lists English among the service's languages).

Each live link in the default locale becomes a ``cpsv:PublicService`` with its competent authority
(``cv:PublicOrganisation``), one web ``cv:Channel`` for the national address, and one more web channel for
every live municipal or regional address (``SelfServiceUrlOverride``), owned by that municipality or region.
Every node is typed so that the document conforms to the official SHACL shapes; see
docs/decisions/0003-cpsv-ap-export.md for the modelling choices and the IRIs of the code lists.
"""

import copy
import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch

from content_models.models import Authority, Municipality, Region, SelfServiceLinkPage, SelfServiceUrlOverride
from content_models.selectors import default_locale_code, live_self_service_links
from content_models.translations.selectors import translation_states

DATA_DIR = Path(__file__).resolve().parent / "data"
CONTEXT_FILE = DATA_DIR / "cpsv-ap.jsonld"

# Where SEMIC publishes the context we embed; consumers may swap the inline copy for this URL.
CPSV_AP_CONTEXT_URL = "https://semiceu.github.io/uri.semic.eu-generated/CPSV-AP/releases/3.2.0/context/cpsv-ap.jsonld"
CPSV_AP_SPECIFICATION = "https://semiceu.github.io/CPSV-AP/releases/3.2.0/"

# Prefixes for the few properties the 3.2.0 context has no term for (labels of concepts and locations, homepages).
PREFIXES = {
    "adms": "http://www.w3.org/ns/adms#",
    "cpsv": "http://purl.org/vocab/cpsv#",
    "cv": "http://data.europa.eu/m8g/",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# Code lists of the EU Publications Office (EU Vocabularies).
DENMARK = "http://publications.europa.eu/resource/authority/country/DNK"
DANISH = "http://publications.europa.eu/resource/authority/language/DAN"
ENGLISH = "http://publications.europa.eu/resource/authority/language/ENG"
LANGUAGES = {"da": (DANISH, {"da": "dansk", "en": "Danish"}), "en": (ENGLISH, {"da": "engelsk", "en": "English"})}
# Europass "Communication channel type" scheme (the one CPSV-AP recommends for Channel.type); b37115f83e is "Web",
# the concept the official CPSV-AP example uses for its online channel.
CHANNEL_TYPE_SCHEME = "http://data.europa.eu/snb/com-channel/25831c2"
CHANNEL_TYPE_WEB = "http://data.europa.eu/snb/com-channel/b37115f83e"

# Danish Address Web API (DAWA/Dataforsyningen, DAGI): one resource per municipality and region.
DAWA_MUNICIPALITY = "https://api.dataforsyningen.dk/kommuner/{code4}"
DAWA_REGION = "https://api.dataforsyningen.dk/regioner/{code}"

# Official names of the municipalities whose name is not "<name> Kommune".
MUNICIPALITY_AUTHORITY_NAMES = {"101": "Københavns Kommune", "400": "Bornholms Regionskommune"}

AUDIENCE_LABELS = {"citizen": ("Borger", "Citizen"), "business": ("Virksomhed", "Business")}


@lru_cache(maxsize=1)
def _cpsv_ap_context() -> dict:
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def document_context() -> list:
    """The @context of the export: the official 3.2.0 context, inline, then our prefixes."""
    return [copy.deepcopy(_cpsv_ap_context()), dict(PREFIXES)]


def _text(value: str, language: str) -> dict:
    # A value object: the context coerces these properties to rdf:langString, which needs a language tag.
    return {"@value": value, "@language": language}


def _labels(labels: dict[str, str]) -> list[dict]:
    return [_text(value, language) for language, value in labels.items()]


class _Graph:
    """Nodes by @id in first-seen order, so shared nodes (authorities, places, concepts) appear once."""

    def __init__(self):
        self.nodes: dict[str, dict] = {}

    def add(self, node: dict) -> str:
        self.nodes.setdefault(node["@id"], node)
        return node["@id"]

    def __contains__(self, iri):
        return iri in self.nodes


class _Builder:
    def __init__(self, base_url: str, language: str):
        self.base = base_url.rstrip("/")
        self.language = language
        self.graph = _Graph()
        authorities = Authority.objects.filter(
            type__in=[Authority.Type.MUNICIPALITY, Authority.Type.REGION]
        ).select_related("municipality__region", "region").order_by("slug")
        # A municipality's or region's own authority, when the portal has one, owns its local channels.
        self.municipal_authorities: dict[int, Authority] = {}
        self.regional_authorities: dict[int, Authority] = {}
        for authority in authorities:
            if authority.type == Authority.Type.MUNICIPALITY and authority.municipality_id:
                self.municipal_authorities.setdefault(authority.municipality_id, authority)
            elif authority.type == Authority.Type.REGION and authority.region_id:
                self.regional_authorities.setdefault(authority.region_id, authority)

    # Places (dct:Location) ------------------------------------------------------------------------------------

    def denmark(self) -> str:
        return self.graph.add({
            "@id": DENMARK, "@type": "Location",
            "skos:prefLabel": _labels({"da": "Danmark", "en": "Denmark"}),
            "dct:identifier": "DNK",
        })

    def municipality_location(self, municipality: Municipality) -> str:
        return self.graph.add({
            "@id": DAWA_MUNICIPALITY.format(code4=municipality.code4), "@type": "Location",
            "skos:prefLabel": [_text(municipality.name, "da")],
            "dct:identifier": municipality.code4,
        })

    def region_location(self, region: Region) -> str:
        return self.graph.add({
            "@id": DAWA_REGION.format(code=region.code), "@type": "Location",
            "skos:prefLabel": [_text(region.name, "da")],
            "dct:identifier": region.code,
        })

    # Organisations (cv:PublicOrganisation) ------------------------------------------------------------------

    def _organisation(self, iri, name, identifier, location, homepage=None) -> str:
        if iri in self.graph:
            return iri
        node = {
            "@id": iri,
            # Typed org:Organization as well, so that Channel.ownedBy (sh:class org:Organization) holds without
            # RDFS inference; Agent.identifier and Agent.name make it valid as a foaf:Agent under inference too.
            "@type": ["PublicOrganization", "Organization"],
            "PublicOrganization.preferredLabel": [_text(name, "da")],
            "PublicOrganization.spatial": [location],
            "Agent.name": [_text(name, "da")],
            "Agent.identifier": identifier,
        }
        if homepage:
            node["foaf:homepage"] = {"@id": homepage}
        return self.graph.add(node)

    def authority(self, authority: Authority) -> str:
        return self._organisation(
            f"{self.base}/cpsv-ap/organisations/{authority.slug}",
            authority.name,
            authority.cvr or authority.slug,  # the CVR number is the formally issued identifier, when known
            self.jurisdiction(authority),
            authority.url or None,
        )

    def jurisdiction(self, authority: Authority) -> str:
        """Where an authority is competent: its municipality or region, Denmark for state agencies."""
        if authority.type == Authority.Type.MUNICIPALITY and authority.municipality_id:
            return self.municipality_location(authority.municipality)
        if authority.type == Authority.Type.REGION and authority.region_id:
            return self.region_location(authority.region)
        if authority.type == Authority.Type.OTHER:
            if authority.municipality_id:
                return self.municipality_location(authority.municipality)
            if authority.region_id:
                return self.region_location(authority.region)
        return self.denmark()

    def municipality_organisation(self, municipality: Municipality) -> str:
        authority = self.municipal_authorities.get(municipality.pk)
        if authority is not None:
            return self.authority(authority)
        name = MUNICIPALITY_AUTHORITY_NAMES.get(municipality.code, f"{municipality.name} Kommune")
        return self._organisation(
            f"{self.base}/cpsv-ap/organisations/kommune/{municipality.code4}", name, municipality.code4,
            self.municipality_location(municipality),
        )

    def region_organisation(self, region: Region) -> str:
        authority = self.regional_authorities.get(region.pk)
        if authority is not None:
            return self.authority(authority)
        return self._organisation(
            f"{self.base}/cpsv-ap/organisations/region/{region.code}", region.name, region.code,
            self.region_location(region),
        )

    # Concepts (skos:Concept) and languages ------------------------------------------------------------------

    def concept(self, iri, labels: dict[str, str], scheme: str | None = None, broader: str | None = None) -> str:
        node = {"@id": iri, "@type": "Concept", "skos:prefLabel": _labels(labels)}
        if scheme:
            node["skos:inScheme"] = {"@id": scheme}
        if broader:
            node["skos:broader"] = {"@id": broader}
        return self.graph.add(node)

    def web_channel_type(self) -> str:
        return self.concept(CHANNEL_TYPE_WEB, {"en": "Web"}, CHANNEL_TYPE_SCHEME)

    def topic(self, topic) -> str:
        scheme = f"{self.base}/cpsv-ap/concepts/topics"
        broader = self.topic(topic.parent) if topic.parent_id else None
        labels = {"da": topic.title, **({"en": topic.title_en} if topic.title_en else {})}
        return self.concept(f"{scheme}/{topic.slug}", labels, scheme, broader)

    def audience(self, audience: str) -> str:
        scheme = f"{self.base}/cpsv-ap/concepts/audiences"
        danish, english = AUDIENCE_LABELS[audience]
        return self.concept(f"{scheme}/{audience}", {"da": danish, "en": english}, scheme)

    def language_node(self, code: str) -> str | None:
        if code not in LANGUAGES:
            return None
        iri, labels = LANGUAGES[code]
        return self.graph.add({"@id": iri, "@type": "LinguisticSystem", "skos:prefLabel": _labels(labels)})

    # Channels and services ----------------------------------------------------------------------------------

    def channel(self, iri, url, owner, description) -> str:
        return self.graph.add({
            "@id": iri,
            "@type": "Channel",
            # CPSV-AP 3.2.0 has no URL property on Channel: the address is its identifier and, as the
            # specification suggests for web channels, its foaf:homepage.
            "Channel.identifier": url,
            "foaf:homepage": {"@id": url},
            "Channel.type": self.web_channel_type(),
            "Channel.ownedBy": [owner],
            "Channel.description": [_text(description, "da")],
        })

    def service(self, link, translations=()) -> str:
        """``link``'s public service; ``translations`` are its live versions in other languages (their names and
        descriptions join the link's own, each tagged with its language)."""
        iri = f"{self.base}/cpsv-ap/services/{link.slug}"
        language = link.locale.language_code if link.locale_id else self.language
        versions = [(language, link), *((t.locale.language_code, t) for t in translations)]
        authority = self.authority(link.authority)
        overrides = _ordered_overrides(link.cpsv_overrides)
        main = "Adresse til selvbetjeningen" + (", hvor der ikke er en lokal adresse." if overrides else ".")
        channels = [self.channel(f"{iri}/channels/web", link.url, authority, main)]
        for override in overrides:
            if override.municipality_id:
                suffix = f"kommune/{override.municipality.code4}"
                owner = self.municipality_organisation(override.municipality)
                place = override.municipality.name
            else:
                suffix = f"region/{override.region.code}"
                owner = self.region_organisation(override.region)
                place = override.region.name
            description = f"Lokal adresse for {place}."
            channels.append(self.channel(f"{iri}/channels/{suffix}", override.url, owner, description))
        node = {
            "@id": iri,
            "@type": "PublicService",
            "PublicService.identifier": link.slug,
            "PublicService.name": [_text(version.title, code) for code, version in versions],
            "PublicService.description": [_text(version.description, code) for code, version in versions],
            "PublicService.hasCompetentAuthority": [authority],
            "PublicService.hasChannel": channels,
            "PublicService.spatial": [self.jurisdiction(link.authority)],
            "PublicService.addressee": [self.audience(link.audience)],
        }
        language_iris = [iri for code, _ in versions if (iri := self.language_node(code))]
        if language_iris:
            node["PublicService.language"] = language_iris
        topics = sorted(link.topics.all(), key=lambda topic: topic.slug)
        if topics:
            node["PublicService.thematicArea"] = [self.topic(topic) for topic in topics]
        return self.graph.add(node)


def _ordered_overrides(overrides):
    # Municipalities before regions, each by code, so the document (and its ETag) is deterministic.
    return sorted(overrides, key=lambda o: (0, o.municipality.code4) if o.municipality_id else (1, o.region.code))


def exported_links(locale: str | None = None):
    """Live, public self-service links of one locale that can be described: those with a competent authority.

    CPSV-AP requires a competent authority for every public service, so links without one are left out.
    """
    overrides = SelfServiceUrlOverride.objects.filter(live=True).select_related("municipality", "region")
    return (
        live_self_service_links(locale=locale or default_locale_code())
        .filter(authority__isnull=False)
        .select_related("locale", "authority__municipality", "authority__region")
        .prefetch_related("topics__parent", Prefetch("url_overrides", queryset=overrides, to_attr="cpsv_overrides"))
        .order_by("slug", "pk")
    )


def _live_translations(links) -> dict[int, list[SelfServiceLinkPage]]:
    """Each link's live translations (the same eService in other languages), by link id; two queries in all."""
    states = translation_states(links)
    ids = {version.page.pk: link.pk for link in links for version in states[link.pk].live_others}
    found: dict[int, list[SelfServiceLinkPage]] = {}
    pages = SelfServiceLinkPage.objects.filter(pk__in=ids).select_related("locale").order_by("locale__language_code")
    for page in pages:
        found.setdefault(ids[page.pk], []).append(page)
    return found


def build_document(base_url: str | None = None, locale: str | None = None) -> dict:
    """The CPSV-AP JSON-LD document (a dict) for the live self-service links."""
    locale = locale or default_locale_code()
    builder = _Builder(base_url or settings.WAGTAILADMIN_BASE_URL, locale)
    links = list(exported_links(locale))
    translated = _live_translations(links)
    services = [builder.service(link, translated.get(link.pk, ())) for link in links]
    # Services first, then the nodes they share, so a reader meets each service before its details.
    service_ids = set(services)
    others = [node for iri, node in builder.graph.nodes.items() if iri not in service_ids]
    return {
        "@context": document_context(),
        "@graph": [builder.graph.nodes[iri] for iri in services] + others,
    }


def render_document(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
