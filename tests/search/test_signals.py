"""Clicks and "Var denne side nyttig?" as a bounded, decaying ranking signal; counted without personal data."""

import datetime

import pytest
from django.test import override_settings

from content_models.worker.drain import drain
from frontend.feedback.models import PageFeedback
from search import service, signals
from search.analytics import week_of
from search.models import QueryStat, ResultClick, SearchDocument
from search.types import SearchRequest
from tests.factories import make_guide
from tests.search.conftest import searchable

pytestmark = pytest.mark.django_db


def guide(slug, title, text):
    return make_guide(slug=slug, title=title, summary=text, sections=[("om", title, f"<p>{text}</p>")])


@pytest.fixture
def twins():
    """Two guides that match "parkering" equally well."""
    first = guide("parkering-a", "Parkering", "Regler for parkering i byen.")
    second = guide("parkering-b", "Parkering", "Regler for parkering i byen.")
    drain()
    return first, second


def ping(client, query, kind, object_id):
    return client.post(f"/soeg/klik/?q={query}&r={kind}-{object_id}", data=b"PING", content_type="text/ping",
                       HTTP_PING_TO="/vejledninger/")


def test_a_followed_result_is_counted_per_week_without_personal_data(client, twins):
    item = twins[1]
    QueryStat.objects.create(week=week_of(datetime.date.today()), query="parkering", searches=1)
    assert ping(client, "Parkering", "guide", item.pk).status_code == 204
    assert ping(client, "Parkering", "guide", item.pk).status_code == 204
    click = ResultClick.objects.get()
    assert (click.kind, click.object_id, click.clicks) == ("guide", str(item.pk), 2)
    assert QueryStat.objects.get().clicks == 2
    assert {f.name for f in ResultClick._meta.fields} == {"id", "week", "kind", "object_id", "clicks"}


@pytest.mark.parametrize("result", ["", "guide", "nokind-1", "guide-<script>", "guide-999999"])
def test_a_ping_for_no_such_result_counts_nothing(client, twins, result):
    response = client.post(f"/soeg/klik/?q=x&r={result}", data=b"PING", content_type="text/ping", HTTP_PING_TO="/")
    assert response.status_code in (204, 400) and not ResultClick.objects.exists()


def test_only_pings_count(client, twins):
    assert client.get(f"/soeg/klik/?r=guide-{twins[0].pk}").status_code == 405
    assert client.post(f"/soeg/klik/?r=guide-{twins[0].pk}").status_code == 400


def test_results_page_links_carry_the_ping(client, twins):
    body = client.get("/soeg/", {"q": "parkering"}).content.decode()
    assert f'ping="/soeg/klik/?q=parkering&amp;r=guide-{twins[0].pk}"' in body


def _clicks(item, week, clicks):
    ResultClick.objects.create(week=week, kind="guide", object_id=str(item.pk), clicks=clicks)


def test_the_factor_is_capped_and_decays():
    today = datetime.date(2026, 12, 2)
    this_week = week_of(today)
    old = this_week - datetime.timedelta(weeks=8)
    a, b = guide("a", "A", "a"), guide("b", "B", "b")
    _clicks(a, this_week, 100_000)
    _clicks(b, old, 100_000)  # as many clicks, two half-lives ago
    factors = signals.boosts(today, cap=0.2)
    assert factors[("guide", str(a.pk))] == 1.1  # most clicked: popularity 1, helpfulness neutral: 1 + 0.2 / 2
    assert 1.0 < factors[("guide", str(b.pk))] < factors[("guide", str(a.pk))]
    _clicks(b, this_week - datetime.timedelta(weeks=20), 10**9)  # beyond the window: not counted at all
    assert signals.boosts(today, cap=0.2) == factors


def test_helpfulness_needs_answers_and_stays_within_bounds():
    a = guide("a", "A", "a")
    for _ in range(4):
        PageFeedback.objects.create(kind="guide", object_id=str(a.pk), title="A", path="/", helpful=False)
    assert signals.boosts(cap=0.2) == {}  # 4 answers say nothing
    for _ in range(500):
        PageFeedback.objects.create(kind="guide", object_id=str(a.pk), title="A", path="/", helpful=False)
    factor = signals.boosts(cap=0.2)[("guide", str(a.pk))]
    assert 0.9 <= factor < 0.91  # never below 1 - cap / 2


@pytest.fixture
def engine(engine, twins):
    searchable(engine)
    return engine


def order(engine):
    response = service.search(SearchRequest(query="parkering"), engine=engine, record=False)
    return [hit.slug for hit in response.hits]


def test_a_popular_result_ranks_first_among_equal_matches_on_both_engines(engine, twins):
    popular = twins[1]
    _clicks(popular, week_of(datetime.date.today()), 50)
    _clicks(twins[0], week_of(datetime.date.today()), 1)
    before = order(engine)
    signals.apply()
    searchable(engine)
    assert order(engine)[0] == "parkering-b"
    assert SearchDocument.objects.get(slug="parkering-b").signal_boost > 1.0
    assert before[0] == "parkering-a"  # the tie broke the other way before the signal


def test_a_popular_weak_match_does_not_beat_a_strong_one(engine):
    strong = guide("parkeringslicens", "Parkering for beboere", "Parkering, parkering og beboerparkering.")
    weak = guide("byliv", "Byliv", "Cafeer, pladser og lidt om parkering.")
    drain()
    searchable(engine)
    _clicks(weak, week_of(datetime.date.today()), 10_000)
    _clicks(strong, week_of(datetime.date.today()), 1)
    with override_settings(SEARCH_SIGNAL_BOOST_MAX=0.2):
        signals.apply()
    searchable(engine)
    found = order(engine)
    assert found.index("parkeringslicens") < found.index("byliv")


def test_a_rebuild_keeps_the_factors(twins):
    from search.indexing.database_sink import rebuild

    _clicks(twins[1], week_of(datetime.date.today()), 5)
    signals.apply()
    boost = SearchDocument.objects.get(slug="parkering-b").signal_boost
    rebuild()
    assert boost > 1.0 and SearchDocument.objects.get(slug="parkering-b").signal_boost == boost
