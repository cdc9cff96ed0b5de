"""Search statistics: anonymous weekly counts, shown to editors in the admin."""

import datetime

import pytest

from search import analytics
from search.models import QueryStat
from tests.factories import national_editor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query, stored", [
    ("Flytning  til Udlandet", "flytning til udlandet"),
    ("cpr 010190-1234 sygedagpenge", "cpr sygedagpenge"),
    ("0101901234", ""),
    ("skriv til jens@example.dk om pas", "skriv til om pas"),
    ("tlf 12345678 skat", "tlf skat"),
])
def test_personal_data_is_never_stored(query, stored):
    analytics.record(query, found=True)
    assert list(QueryStat.objects.values_list("query", flat=True)) == ([stored] if stored else [])


def test_counts_per_week_and_zero_results():
    analytics.record("pas", found=True)
    analytics.record("PAS", found=False)
    stat = QueryStat.objects.get()
    assert (stat.searches, stat.zero_results) == (2, 1)
    assert stat.week.weekday() == 0  # Monday of the ISO week


def test_editors_see_top_and_zero_result_queries_per_week(client):
    week = analytics.week_of(datetime.date(2026, 11, 23))
    QueryStat.objects.create(week=week, query="flytning", searches=40, zero_results=0)
    QueryStat.objects.create(week=week, query="hundeskat", searches=7, zero_results=7)
    QueryStat.objects.create(week=week - datetime.timedelta(days=7), query="gammel uge", searches=99)
    client.force_login(national_editor())
    html = client.get("/admin/search-statistics/", {"week": "2026-11-25"}).content.decode()
    assert "<title>Søgestatistik" in html and html.count("Søgninger uden klik") == 1
    top, rest = html.split("Søgninger uden resultat")
    zero, unclicked = rest.split("Søgninger uden klik")
    assert "flytning" in top and "hundeskat" in top and "gammel uge" not in html
    assert "hundeskat" in zero and "flytning" not in zero
    assert "flytning" in unclicked and "hundeskat" not in unclicked  # found results, none followed


def test_statistics_need_permission(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody", password="x"))
    assert client.get("/admin/search-statistics/").status_code in (302, 403)


def test_editors_manage_synonyms_in_the_admin(client):
    client.force_login(national_editor())
    response = client.post("/admin/snippets/search/synonym/add/", {"terms": "NemID, MitID", "active": "on"})
    assert response.status_code == 302
    from search.models import Synonym

    assert Synonym.objects.get().term_list() == ["NemID", "MitID"]
    response = client.post("/admin/snippets/search/synonym/add/", {"terms": "ensom", "active": "on"})
    assert response.status_code == 200 and "mindst to" in response.content.decode()
