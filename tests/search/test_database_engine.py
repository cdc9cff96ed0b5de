"""The embedded engine through the search service, on SQLite or PostgreSQL (whichever the suite runs on)."""

import pytest
from django.core.management import call_command

from content_models import publishing
from content_models.models import Municipality
from content_models.worker.drain import drain
from search import service
from search.models import Promotion, Synonym
from search.types import SearchRequest
from tests.factories import (
    TopicFactory, make_guide, make_local_text, make_self_service_link, make_standard, make_url_override,
)

pytestmark = pytest.mark.django_db


def find(query, **kwargs):
    return service.search(SearchRequest(query=query, **kwargs), engine="database", record=False)


def guide(slug, title, summary, **kwargs):
    return make_guide(slug=slug, title=title, summary=summary, sections=[("om", title, f"<p>{summary}</p>")], **kwargs)


def slugs(response):
    return [hit.slug for hit in response.hits]


@pytest.fixture
def corpus():
    family = TopicFactory(slug="familie", title="Familie")
    children = TopicFactory(slug="boern", title="Børn", parent=family)
    make_guide(slug="flytning", title="Flytning", summary="Sådan anmelder du flytning til en ny adresse.",
               sections=[("anmeld", "Anmeld flytning", "<p>Du skal anmelde din flytning senest 5 dage efter.</p>")])
    guide("boligstoette", "Boligstøtte", "Tilskud til huslejen for lejere.", topics=[children])
    guide("sygedagpenge", "Sygedagpenge", "Penge når du er syg fra arbejde.")
    guide("mitid", "MitID", "Din digitale signatur til offentlige selvbetjeninger.")
    make_self_service_link(slug="anmeld-flytning", title="Anmeld flytning", description="Selvbetjening: meld flytning.")
    make_standard(identifier="OIOUBL-2.1", title="OIOUBL 2.1", description="Dansk standard for elektroniske fakturaer.")
    drain()


def test_stemming_finds_inflected_forms(corpus):
    assert "flytning" in slugs(find("flytningerne"))


def test_folding_matches_oe_and_aa_spellings(corpus):
    assert slugs(find("boligstoette"))[0] == "boligstoette"
    assert slugs(find("BOLIGSTØTTE"))[0] == "boligstoette"


def test_a_typo_is_corrected_and_said(corpus):
    response = find("sygedagpnge")
    assert slugs(response)[0] == "sygedagpenge"
    assert response.did_you_mean == "sygedagpenge"


def test_nothing_found_is_an_empty_list_with_the_engine_named(corpus):
    response = find("xylofonundervisning")
    assert response.total == 0 and response.hits == [] and response.engine == "database"


def test_every_kind_is_ranked_in_one_list(corpus):
    kinds = {hit.kind for hit in find("flytning").hits}
    assert kinds == {"guide", "self_service_link"}
    assert find("faktura").hits[0].kind == "standard"


def test_last_word_matches_as_a_prefix(corpus):
    assert "flytning" in slugs(find("flyt"))


def test_synonyms_apply_from_the_next_search(corpus):
    assert find("nemid").total == 0
    Synonym.objects.create(terms="NemID, MitID")
    assert slugs(find("nemid")) == ["mitid"]


def test_multi_word_synonym(corpus):
    Synonym.objects.create(terms="husleje, boligstøtte til lejere")
    assert slugs(find("husleje"))[0] == "boligstoette"


def test_facets_count_kinds_and_topics(corpus):
    facets = {f.field: {v.value: v.count for v in f.values} for f in find("flytning").facets}
    assert facets["kind"] == {"guide": 1, "self_service_link": 1}
    facets = {f.field: {v.value: v.count for v in f.values} for f in find("boligstøtte").facets}
    assert facets["topic"] == {"familie": 1, "boern": 1}  # a child topic counts for its parent too


def test_filters_by_kind_and_by_parent_topic(corpus):
    assert slugs(find("flytning", kinds=("self_service_link",))) == ["anmeld-flytning"]
    assert slugs(find("boligstøtte", topic="familie")) == ["boligstoette"]
    assert slugs(find("flytning", topic="familie")) == []


def test_highlight_marks_matched_words_and_escapes_html(corpus):
    guide("skat", "Skat <script>", "Om <b>skat</b> & fradrag.")
    drain()
    hit = find("fradrag").hits[0]
    assert "<mark>fradrag</mark>" in hit.highlight
    assert "<b>" not in hit.highlight and "&lt;b&gt;" in hit.highlight


def test_local_content_ranks_first_for_its_municipality(corpus):
    first = guide("affald-a", "Affald og genbrug", "Sortering af affald.")
    second = guide("affald-b", "Affald og genbrug", "Sortering af affald.")
    make_local_text(second, municipality=Municipality.objects.get(code="751"), section_key="om")
    drain()
    assert {first.slug, second.slug} == set(slugs(find("affald"))[:2])
    response = find("affald", municipality="751")
    assert slugs(response)[0] == "affald-b" and response.hits[0].local
    assert slugs(find("affald aarhus"))[0] == "affald-b"  # a municipality named in the query


def test_promotion_pins_a_result_first(corpus):
    Promotion.objects.create(query="Flytning", kind="standard", slug="OIOUBL-2.1")
    response = find("flytning")
    assert response.hits[0].slug == "OIOUBL-2.1" and response.hits[0].promoted
    assert slugs(response).count("OIOUBL-2.1") == 1
    assert response.total == 3


def test_an_edited_or_deleted_promotion_applies_from_the_next_search(corpus):
    promotion = Promotion.objects.create(query="Flytning", kind="standard", slug="OIOUBL-2.1")
    assert find("flytning").hits[0].promoted
    promotion.active = False
    promotion.save()
    assert not any(hit.promoted for hit in find("flytning").hits)
    promotion.active = True
    promotion.save()
    assert find("flytning").hits[0].slug == "OIOUBL-2.1"
    promotion.delete()
    assert not any(hit.promoted for hit in find("flytning").hits)


def test_pages_do_not_repeat_or_skip(corpus):
    for n in range(7):
        guide(f"tilskud-{n}", f"Tilskud nummer {n}", "Om tilskud.")
    drain()
    everything = slugs(find("tilskud", first=20))
    paged = slugs(find("tilskud", first=3)) + slugs(find("tilskud", first=3, offset=3)) + slugs(find("tilskud", first=3, offset=6))
    assert paged == everything[:9] and len(set(paged)) == len(paged)


def _common_word(in_title: int, in_body: int) -> None:
    """``in_title`` documents with "flytning" in the title, then ``in_body`` with it only in the body (often)."""
    from search.indexing.database_sink import _bump_generation
    from search.models import SearchDocument
    from search.projection import analysed_terms

    def document(n, title, body):
        return SearchDocument(kind="guide", object_id=str(n), language="da", slug=f"dok-{n}", title=title, summary="",
                              body=body, url=f"/dok-{n}/", topics=[], authority="", municipalities=[], version=1,
                              **analysed_terms(title, "", "", body))

    SearchDocument.objects.bulk_create(
        [document(n, f"Flytning og adresse {n}", "Meld din adresse.") for n in range(in_title)]
        + [document(in_title + n, f"Adresse {n}", "Flytning, flytning og flytning igen.") for n in range(in_body)]
    )
    _bump_generation()


def test_a_common_word_is_counted_whole_and_its_title_matches_lead_every_page():
    """More title matches than the engine re-ranks: on PostgreSQL those are ranked alone (the title tier) and the
    rest only counted; a page past them still comes ranked, from every match."""
    _common_word(in_title=240, in_body=300)
    first = find("flytning", first=20)
    assert first.total == 540
    assert all(hit.title.startswith("Flytning") for hit in first.hits)
    facets = {facet.field: {v.value: v.count for v in facet.values} for facet in first.facets}
    assert facets["kind"]["guide"] >= 240
    deep = find("flytning", first=20, offset=230)
    assert deep.total == 540
    assert [hit.title.startswith("Flytning") for hit in deep.hits] == [True] * 10 + [False] * 10


@pytest.mark.postgresql
def test_postgresql_ranks_the_title_tier_as_the_whole_ranking_would():
    from search.engines.database_sql import PostgresFts
    from search.plan import build_plan

    _common_word(in_title=240, in_body=300)
    groups = list(build_plan("flytning").groups)
    request = SearchRequest(query="flytning")
    tier = PostgresFts().match(groups, request, language="da", require_all=True, limit=10_000, enough=200)
    whole = PostgresFts().match(groups, request, language="da", require_all=True, limit=10_000)
    assert (tier.total, len(tier.ranked), whole.total, len(whole.ranked)) == (540, 240, 540, 540)
    assert {m.id for m in tier.ranked} == {m.id for m in whole.ranked[:240]}
    assert [m.score for m in tier.ranked] == [m.score for m in whole.ranked[:240]]
    # Fewer title matches than needed: the whole ranking.
    assert len(PostgresFts().match(groups, request, language="da", require_all=True, limit=10_000, enough=300).ranked) == 540


@pytest.mark.postgresql
def test_postgresql_keeps_the_search_vector_and_the_short_columns_in_the_row():
    """Out of line (TOAST), every match's vector was read back through the TOAST index: a common word at 100,000
    documents took about a second (search migration 0009); the facets and the re-ranking read the short columns
    of 1,000 documents the same way (0011). The long texts stay out of line."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = 'search_searchdocument'::regclass "
            "AND attname IN ('search_vector', 'title', 'summary', 'topics', 'municipalities', 'body', 'body_terms')"
        )
        assert dict(cursor.fetchall()) == {
            "search_vector": "m", "title": "m", "summary": "m", "topics": "m", "municipalities": "m",
            "body": "x", "body_terms": "x",
        }


def test_every_facet_counts_the_matches_values(corpus):
    """Counted by the database (search.engines.database_sql.facet_counts): kinds, topics with their parents,
    authorities, audiences and the municipalities with local content, each value once, the most frequent first."""
    make_self_service_link(slug="flyt-virksomhed", title="Flyt din virksomhed", description="Meld flytning.",
                           audience="business")
    link = make_self_service_link(slug="flytning-lokal", title="Flytning i kommunen", description="Meld flytning.")
    make_url_override(link, municipality=Municipality.objects.get(code="101"), url="https://www.kk.dk/flytning")
    drain()
    facets = {f.field: [(v.value, v.count) for v in f.values] for f in find("flytning").facets}
    assert facets["kind"] == [("self_service_link", 3), ("guide", 1)]
    assert facets["audience"] == [("citizen", 2), ("business", 1)]
    assert facets["municipality"] == [("101", 1)]
    assert facets["topic"] == [] and facets["authority"] == []
    facets = {f.field: [(v.value, v.count) for v in f.values] for f in find("boligstøtte").facets}
    assert facets["topic"] == [("boern", 1), ("familie", 1)]


def test_publish_then_unpublish_through_the_worker():
    page = guide("pas", "Pas", "Bestil nyt pas.")
    assert find("pas").total == 0  # not indexed before the worker ran
    drain()
    assert slugs(find("pas")) == ["pas"]
    publishing.unpublish(page)
    drain()
    assert find("pas").total == 0


def test_drafts_are_never_found():
    make_guide(slug="hemmelig", title="Hemmelig plan", live=False)
    drain()
    assert find("hemmelig").total == 0


@pytest.mark.parametrize("query", ["", "   ", "!!!", "title:*", "AND OR (", '"', "NEAR(a b)", "a* OR b:", "😀🏠",
                                   "Флытнинг ølkassé 中文", "x" * 10_000, "\x00\x1f", "'; DROP TABLE x;--", "^ * -"])
def test_hostile_input_never_errors(corpus, query):
    response = find(query)
    assert response.engine == "database" and isinstance(response.hits, list)


def test_reindex_command_rebuilds_the_projection(corpus):
    from search.models import SearchDocument

    SearchDocument.objects.all().delete()
    call_command("search_reindex", "--database-only")
    assert slugs(find("flytning"))


def test_filters_by_authority_as_the_facet_reports_it(corpus):
    from tests.factories import AuthorityFactory

    authority = AuthorityFactory(slug="udbetaling-danmark", name="Udbetaling Danmark")
    make_self_service_link(slug="soeg-flytning", title="Søg om flytning", description="Flytning.", authority=authority)
    drain()
    facets = {f.field: {v.value: v.count for v in f.values} for f in find("flytning").facets}
    assert facets["authority"] == {"udbetaling-danmark": 1}
    assert slugs(find("flytning", authority="udbetaling-danmark")) == ["soeg-flytning"]
    assert slugs(find("faktura", authority="Digitaliseringsstyrelsen")) == []
