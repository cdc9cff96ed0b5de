"""A live portal for the partner guide's examples and the reference consumer: content, a partner and its key.

pytest-django's live server runs the real application in a thread; the examples reach it over HTTP from
subprocesses (curl, node, php, the reference consumer) as a partner's code would. Content is committed
(transactional), so the server thread sees it; serialized rollback restores the migrated data afterwards.
"""

import shutil
from dataclasses import dataclass

import pytest

from content_models.models import Municipality, Region
from content_models.worker.drain import drain
from syndication.models import Partner
from syndication.partners.keys import issue_key
from tests import factories
from tests.syndication.webhooks.conftest import receiver  # noqa: F401 - a real HTTP receiver as a fixture
from tests.unavailable import unavailable


def require(program: str) -> str:
    """The path of ``program``; skip without it on a laptop, fail in CI (.ci/run installs it)."""
    path = shutil.which(program)
    if path is None:
        message = f"needs {program} (apt-get install -y {'php-cli' if program == 'php' else program})"
        unavailable(message)
    return path


@dataclass
class LivePortal:
    url: str
    key: str
    partner: Partner
    guide: object
    other_guide: object


def build_content():
    bolig = factories.TopicFactory(slug="bolig-og-flytning", title="Bolig og flytning")
    aarhus = Municipality.objects.get(code="751")
    link = factories.make_self_service_link(topics=[bolig])
    factories.make_url_override(link, municipality=aarhus, url="https://aarhus.example.dk/flyt")
    guide = factories.make_guide(
        topics=[bolig], links=[link], image=factories.make_image(),
        sections=[("anmeld", "Anmeld din flytning", "<p>Senest 5 dage efter.</p>"),
                  ("husk", "Det skal du huske", "<p>Husk at vælge en ny læge.</p>")],
    )
    factories.make_local_text(guide, "anmeld", municipality=aarhus, body="<p>Borgerservice i Aarhus hjælper.</p>")
    factories.make_local_text(guide, "husk", region=Region.objects.get(code="1082"), body="<p>Region Midt.</p>")
    other = factories.make_guide("sygesikring", title="Sygesikring", topics=[bolig])
    factories.make_local_text(other, municipality=Municipality.objects.get(code="101"), body="<p>København.</p>")
    for n in range(3):
        factories.make_guide(f"vejledning-{n}", title=f"Vejledning om flytning {n}")
    drain()  # search projection, webhooks outbox
    return guide, other


@pytest.fixture
def live_portal(django_db_serialized_rollback, transactional_db, live_server):
    guide, other = build_content()
    partner = Partner.objects.create(
        name="Aarhus Kommune", slug="aarhus", requests_per_minute=10_000, contact_email="web@aarhus.example"
    )
    return LivePortal(live_server.url, issue_key(partner, name="Dokumentation")[1], partner, guide, other)
