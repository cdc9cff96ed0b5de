"""Fixtures for Digital Post: subscribers, a major update, a file backend and a fake endpoint (optionally mTLS)."""

import pytest
from cryptography.fernet import Fernet

from content_models import publishing
from syndication.digital_post.backends import FileBackend, from_url
from syndication.digital_post.identity import Subscriber
from tests.fakes.digital_post_endpoint import API_KEY, SYSTEM_ID, FakeDigitalPost, make_pki

# Valid numbers: CPR with a real date part, CVR passing modulus 11.
CPRS = ["0101901234", "2211771212", "3112851111", "1502002222", "2902881234"]
CVRS = ["10103940", "29189846", "25052943"]
READ_TIMEOUT = 2.0  # short, with room for a loaded CI machine


@pytest.fixture(autouse=True)
def _digital_post_settings(settings, tmp_path):
    settings.SUBSCRIBER_ENCRYPTION_KEY = Fernet.generate_key().decode()
    settings.CPR_HASH_KEY = "k" * 40
    settings.DIGITAL_POST_BACKEND = f"file://{tmp_path / 'outbox'}"
    settings.DIGITAL_POST_SENDER_CVR = "34051178"
    settings.DIGITAL_POST_SENDER_NAME = "Digitaliseringsstyrelsen"
    settings.DIGITAL_POST_MAX_ATTEMPTS = 8
    settings.DIGITAL_POST_RETRY_BASE_SECONDS = 60
    settings.DIGITAL_POST_RETRY_CAP_SECONDS = 6 * 3600
    settings.DIGITAL_POST_CONNECT_TIMEOUT = 1
    settings.DIGITAL_POST_READ_TIMEOUT = READ_TIMEOUT
    settings.DIGITAL_POST_CONCURRENCY = 4
    settings.DIGITAL_POST_BATCH_SIZE = 16
    settings.WAGTAILADMIN_BASE_URL = "https://www.borgerportalen.example"
    settings.DIGITAL_POST_SYSTEM_ID, settings.DIGITAL_POST_API_KEY = SYSTEM_ID, API_KEY  # the fake's sender system


@pytest.fixture
def citizens():
    return [Subscriber.cpr(number) for number in CPRS]


@pytest.fixture
def businesses():
    return [Subscriber.cvr(number) for number in CVRS]


@pytest.fixture
def outbox_dir(tmp_path):
    return tmp_path / "outbox"


@pytest.fixture
def file_backend(outbox_dir):
    return FileBackend(outbox_dir)


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def fake():
    """The fake endpoint on plain http (127.0.0.1)."""
    with FakeDigitalPost() as server:
        server.state.slow_seconds = READ_TIMEOUT + 1
        yield server


@pytest.fixture
def tls_fake(pki):
    with FakeDigitalPost(tls=pki) as server:
        server.state.slow_seconds = READ_TIMEOUT + 1
        yield server


@pytest.fixture
def https_backend(settings, pki, tls_fake):
    settings.DIGITAL_POST_BACKEND = tls_fake.url
    settings.DIGITAL_POST_CLIENT_CERT = pki.client_cert
    settings.DIGITAL_POST_CLIENT_KEY = pki.client_key
    settings.DIGITAL_POST_CA_BUNDLE = pki.ca_cert
    return from_url(tls_fake.url)


def publish_major(obj, major=True, **changes):
    """Publish ``obj`` as an editor would, with the "major update" box ticked (or not)."""
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.major_update = major
    return publishing.publish(obj)
