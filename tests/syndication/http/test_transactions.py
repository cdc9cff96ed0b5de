"""Which GraphQL requests run in a transaction: mutations always, queries only where a transaction costs readers
nothing (PostgreSQL). On SQLite a transaction takes the one write lock, and partners' reads would queue behind it."""

import pytest
from django.db import connection

from syndication.http import view
from syndication.models import Partner
from syndication.partners.keys import issue_key
from tests.syndication.http.conftest import Api

# Not wrapped in a test transaction, so that what the view opens is what is seen.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def in_transaction(monkeypatch):
    """Whether each execution ran inside a transaction."""
    seen = []
    execute = view.execute

    def spy(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return execute(*args, **kwargs)

    monkeypatch.setattr(view, "execute", spy)
    return seen


def test_a_query_takes_no_write_lock_on_sqlite_and_a_mutation_is_all_or_nothing(client, in_transaction):
    api = Api(client)
    assert api.post("{ topics { slug } }").status_code == 200
    key = issue_key(Partner.objects.create(name="Aarhus Kommune", slug="aarhus"))[1]
    response = api.post('mutation { pauseWebhookEndpoint(id: "999999") { id } }', HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200 and response.json()["errors"]
    query_in_transaction = connection.vendor != "sqlite"  # PostgreSQL: the statement time-out is per transaction
    assert in_transaction == [query_in_transaction, True]
