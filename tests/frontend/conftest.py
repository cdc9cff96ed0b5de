"""Content for the citizen site's tests: one of every kind, a local text and a local URL for Aarhus (751)."""

from dataclasses import dataclass

import pytest

from content_models.worker.drain import drain
from content_models.models import Authority, GuidePage, Municipality, SelfServiceLinkPage, Standard
from tests.cms.sso.conftest import saml_idp, saml_parties, sso_keys, sso_logs  # noqa: F401  (the SSO tests' own)
from tests.factories import (
    AuthorityFactory,
    TopicFactory,
    make_guide,
    make_local_text,
    make_self_service_link,
    make_standard,
    make_step_by_step,
    make_teaching_module,
    make_url_override,
)

AARHUS_URL = "https://aarhus.dk/selvbetjening/flytning"
NATIONAL_URL = "https://www.borger.dk/flyt"
LOCAL_TEXT = "Borgerservice i Aarhus ligger i Dokk1 ved havnefronten."


@dataclass
class Portal:
    guide: GuidePage
    link: SelfServiceLinkPage
    standard: Standard
    related: Standard
    aarhus: Municipality


def build_portal() -> Portal:
    topic = TopicFactory(slug="bolig-og-flytning", title="Bolig og flytning")
    aarhus = Municipality.objects.get(code="751")
    AuthorityFactory(
        slug="aarhus-kommune", name="Aarhus Kommune", type=Authority.Type.MUNICIPALITY, municipality=aarhus
    )
    state = AuthorityFactory(slug="cpr-kontoret", name="CPR-kontoret")
    link = make_self_service_link(
        slug="anmeld-flytning", title="Anmeld flytning", url=NATIONAL_URL, login="mitid", authority=state,
        topics=[topic], description="Anmeld din flytning digitalt.",
    )
    make_url_override(link, municipality=aarhus, url=AARHUS_URL)
    guide = make_guide(
        slug="flytning", title="Flytning", summary="Når du flytter, skal du anmelde din nye adresse.", topics=[topic],
        links=[link],
        sections=[
            ("anmeld", "Anmeld din flytning", "<p>Du skal anmelde flytning senest 5 dage efter, du er flyttet.</p>"),
            ("husk", "Det skal du huske", "<p>Husk at vælge en ny læge, hvis du flytter til en anden kommune.</p>"),
        ],
    )
    make_local_text(guide, "anmeld", municipality=aarhus, body=f"<p>{LOCAL_TEXT}</p>")
    make_step_by_step(
        slug="koeb-af-bolig", title="Køb af bolig",
        steps=(("Læg et budget", "<p>Start med budgettet.</p>"), ("Find en bolig", "<p>Se boliger til salg.</p>")),
    )
    make_teaching_module(slug="kom-i-gang-med-mitid", title="Kom i gang med MitID")
    related = make_standard(identifier="NemHandel", title="NemHandel", description="Infrastruktur til e-handel.")
    standard = make_standard(
        identifier="OIOUBL-2.1", title="OIOUBL 2.1", description="Standard for elektroniske fakturaer.",
        version="2.1", status="gældende",
    )
    standard.related = [related]
    standard.save()
    drain()  # the search projection
    return Portal(guide=guide, link=link, standard=standard, related=related, aarhus=aarhus)


@pytest.fixture
def portal(db) -> Portal:
    return build_portal()
