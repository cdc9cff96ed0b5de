"""Fixtures shared by the syndication tests."""

import pytest

from tests import factories


@pytest.fixture
def admin_client(client):
    """The test client logged in as a superuser (in place of pytest-django's ``admin_client``)."""
    client.force_login(factories.UserFactory(is_superuser=True))
    return client
