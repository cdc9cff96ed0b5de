"""The SQL of the database engine, one class per database: match expressions, filters, ranking.

Terms reach SQL only as bound parameters inside the engine's own query syntax, built
from analysed words (letters and digits): nothing the searcher types is ever parsed
as FTS5 or tsquery syntax.
"""

import json
from typing import NamedTuple

from django.db.models import Lookup

from ..analysis import LANGUAGES, words
from ..types import SearchRequest, TermGroup


class Match(NamedTuple):
    # A tuple, not a dataclass: a common word gives up to CANDIDATES (10,000) of these per search.
    id: int
    kind: str
    object_id: str
    score: float
    language: str = "da"


class Found(NamedTuple):
    """The matches of one language, best first, and how many there are (at most the ``limit`` asked for).
    ``ranked`` may hold only the best of them (PostgresFts' title tier); ``total`` still counts them all."""
    ranked: list[Match]
    total: int


def group_prefixes(groups: list[TermGroup], last_word: bool = True) -> list[set[str]]:
    """Per group, the terms also matched as prefixes.

    Every long term, because the Snowball stemmer cuts the same word differently by its ending
    ("genbrugsplads" → "genbrugsplad", "genbrugspladser" → "genbrugsplads"): the shorter stem as a prefix
    meets both. With ``last_word``, the last word as typed (folded, not stemmed), as it may still be being
    typed ("flyt", "kørek"): only for autocomplete, or when the whole words find nothing ("pas" must not find
    "pasning"; and a typo's stem, "flytnig" → "flytn", must not pass for a prefix).
    """
    prefixes = []
    for position, group in enumerate(groups):
        terms = {alt[0] for alt in group.alternatives if len(alt) == 1 and len(alt[0]) >= 6}
        if last_word and position == len(groups) - 1:
            typed = words(group.original)
            if len(typed) == 1 and len(typed[0]) >= 3:
                terms.add(typed[0])
        prefixes.append(terms)
    return prefixes


def prefix_terms(groups: list[TermGroup], last_word: bool = True) -> set[str]:
    """Every group's prefixes (group_prefixes), for highlighting."""
    return set().union(*group_prefixes(groups, last_word)) if groups else set()


class InArray(Lookup):
    """``id__in_array=ids``: the ids as one parameter, an array on PostgreSQL (``= ANY``), a JSON list on SQLite.
    ``id__in`` binds one placeholder per id, and psycopg parses a query of 1,000 of them anew on every search."""

    lookup_name = "in_array"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        condition, params = for_connection(connection).ids_condition(lhs, list(self.rhs))
        return condition, [*lhs_params, *params]


FACET_FIELDS = ("kind", "topic", "authority", "audience", "municipality")


class _Filters:
    def facet_counts(self, ids: list[int]) -> list[tuple[str, str, int]]:
        """(field, value, count) of the facets over the documents ``ids``, counted by the database in one query:
        read into Python, 1,000 documents' JSON lists cost more than the search itself."""
        from django.db import connection

        condition, params = self.ids_condition("id", ids)
        topics, municipalities = self.elements("s.topics"), self.elements("s.municipalities")
        sql = (
            "WITH s AS MATERIALIZED (SELECT kind, topics, authority, audience, municipalities "
            f"FROM search_searchdocument WHERE {condition}) "
            "SELECT 'kind', kind, count(*) FROM s GROUP BY kind "
            f"UNION ALL SELECT 'topic', t.value, count(*) FROM s, {topics} t GROUP BY t.value "
            "UNION ALL SELECT 'authority', authority, count(*) FROM s WHERE authority <> '' GROUP BY authority "
            "UNION ALL SELECT 'audience', audience, count(*) FROM s WHERE audience <> '' GROUP BY audience "
            f"UNION ALL SELECT 'municipality', m.value, count(*) FROM s, {municipalities} m GROUP BY m.value"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def where(self, request: SearchRequest, language: str) -> tuple[list[str], list]:
        clauses, params = ["d.language = %s"], [language]
        if request.kinds:
            clauses.append(f"d.kind IN ({', '.join(['%s'] * len(request.kinds))})")
            params.extend(request.kinds)
        if request.topic:
            clauses.append(self.topic_clause())
            params.append(self.topic_param(request.topic))
        if request.authority:
            clauses.append("d.authority = %s")
            params.append(request.authority)
        if request.audience:
            clauses.append("d.audience = %s")
            params.append(request.audience)
        if request.local_to:
            clauses.append(self.municipality_clause())
            params.append(self.json_value_param(request.local_to))
        return clauses, params


def fts_table(language: str) -> str:
    """The SQLite full-text table of a content language (only the known ones: the name goes into the SQL)."""
    if language not in LANGUAGES:
        raise ValueError(f"no full-text index for language {language!r}")
    return f"search_fts_{language}"


class SqliteFts(_Filters):
    def ids_condition(self, column: str, ids: list[int]) -> tuple[str, list]:
        """``column`` is one of ``ids``, given as one parameter (see InArray)."""
        return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(ids)]

    def elements(self, column):
        """The JSON list's values as a table (``value``); anything but a list gives none."""
        return f"json_each(CASE WHEN json_type({column}) = 'array' THEN {column} ELSE '[]' END)"

    def topic_clause(self):
        return "EXISTS (SELECT 1 FROM json_each(d.topics) WHERE json_each.value = %s)"

    def topic_param(self, topic):
        return topic

    def municipality_clause(self):
        return "EXISTS (SELECT 1 FROM json_each(d.municipalities) WHERE json_each.value = %s)"

    def json_value_param(self, value):
        return value

    @staticmethod
    def _quote(term: str) -> str:
        return '"' + term.replace('"', '""') + '"'

    def expression(self, groups: list[TermGroup], require_all: bool, title_only: bool = False,
                   last_prefix: bool = True) -> str:
        parts = []
        for group, prefixes in zip(groups, group_prefixes(groups, last_prefix)):
            alternatives = [self._quote(" ".join(alt)) for alt in group.alternatives if alt]
            alternatives += [self._quote(p) + "*" for p in sorted(prefixes)]
            if alternatives:
                parts.append("(" + " OR ".join(alternatives) + ")")
        joined = (" AND " if require_all else " OR ").join(parts)
        return f"title_terms : ({joined})" if title_only and joined else joined

    def match(self, groups, request, *, language, require_all, limit, title_only=False, last_prefix=True,
              enough=0) -> Found:
        """Documents in ``language`` whose terms match ``groups`` (analysed in that language), best first: all of
        them, up to ``limit`` (FTS5 ranks by bm25 from its own index, so ``enough`` changes nothing here)."""
        from django.db import connection

        expression = self.expression(groups, require_all, title_only, last_prefix)
        if not expression:
            return Found([], 0)
        clauses, params = self.where(request, language)
        # One index per language (search migration 0004): a language ranks by its own term statistics.
        table = fts_table(language)
        sql = (
            f"SELECT d.id, d.kind, d.object_id, bm25({table}, 4.0, 1.0) AS rank "
            f"FROM {table} JOIN search_searchdocument d ON d.id = {table}.rowid "
            f"WHERE {table} MATCH %s AND {' AND '.join(clauses)} ORDER BY rank LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, *params, limit])
            ranked = [Match(r[0], r[1], r[2], -r[3], language) for r in cursor.fetchall()]
        return Found(ranked, len(ranked))


# Stored by PostgreSQL itself (a generated column, search migration 0008) and indexed: ranking reads it instead of
# parsing each matching document's terms again.
VECTOR = "d.search_vector"
# The title's words alone, indexed too (search migration 0010): matched, and weighted as the title, for ranking.
TITLE_TERMS = "to_tsvector('simple'::regconfig, d.title_terms)"
TITLE_VECTOR = f"setweight({TITLE_TERMS}, 'A')"
# The best matches that the engine counts facets over; a title tier ranks as many.
FACET_SAMPLE = 1_000
# PostgreSQL's random_page_cost for a search's count: the projection is read from memory (see _count).
IN_MEMORY_PAGE_COST = 1.1


class PostgresFts(_Filters):
    def ids_condition(self, column: str, ids: list[int]) -> tuple[str, list]:
        """``column`` is one of ``ids``, given as one parameter (see InArray)."""
        return f"{column} = ANY(%s)", [ids]

    def elements(self, column):
        """The JSON list's values as a table (``value``); anything but a list gives none."""
        return (f"jsonb_array_elements_text(CASE WHEN jsonb_typeof({column}) = 'array' THEN {column} "
                "ELSE '[]'::jsonb END)")

    def topic_clause(self):
        return "d.topics @> %s::jsonb"

    def topic_param(self, topic):
        return self.json_value_param(topic)

    def municipality_clause(self):
        return "d.municipalities @> %s::jsonb"

    def json_value_param(self, value):
        return json.dumps([value])

    @staticmethod
    def _quote(term: str) -> str:
        return "'" + term.replace("\\", "").replace("'", "") + "'"

    def expression(self, groups: list[TermGroup], require_all: bool, last_prefix: bool = True) -> str:
        parts = []
        for group, prefixes in zip(groups, group_prefixes(groups, last_prefix)):
            alternatives = [" <-> ".join(self._quote(t) for t in alt) for alt in group.alternatives if alt]
            alternatives += [self._quote(p) + ":*" for p in sorted(prefixes)]
            if alternatives:
                parts.append("(" + " | ".join(alternatives) + ")")
        return (" & " if require_all else " | ").join(parts)

    def match(self, groups, request, *, language, require_all, limit, title_only=False, last_prefix=True,
              enough=0) -> Found:
        """The matches in ``language``, best first, up to ``limit``.

        Ranking reads every match's vector: a common word at 100,000 documents is 30,000 of them. With
        ``enough`` (the best that the caller needs in order), the matches with a query word in their title are
        ranked first, from the title's own index: a title match outranks a match in the body alone (weight A
        against B) but for differences in length (decision 0018), so when there are ``enough`` of them, the best
        of those are taken for the best of all, and the rest are only counted (up to ``limit``)."""
        expression = self.expression(groups, require_all, last_prefix)
        if not expression:
            return Found([], 0)
        clauses, params = self.where(request, language)
        if enough and not title_only:
            anywhere = self.expression(groups, require_all=False, last_prefix=last_prefix)
            in_title = f"{TITLE_TERMS} @@ to_tsquery('simple'::regconfig, %s)"
            tier = self._ranked(VECTOR, expression, [in_title, f"{VECTOR} @@ q", *clauses], [anywhere, *params],
                                min(limit, FACET_SAMPLE), language)
            if len(tier) >= enough:
                return Found(tier, self._count(expression, [f"{VECTOR} @@ q", *clauses], params, limit))
        # The GIN index covers VECTOR; a title-only query (suggestions) filters the same index's matches. No count
        # beside the ranking (a window function): PostgreSQL would then scan without parallel workers.
        matching = [f"{VECTOR} @@ q"] + ([f"{TITLE_TERMS} @@ q"] if title_only else [])
        ranked = self._ranked(TITLE_VECTOR if title_only else VECTOR, expression, matching + clauses, params, limit,
                              language)
        return Found(ranked, len(ranked))

    @staticmethod
    def _ranked(vector: str, query: str, conditions: list[str], params: list, limit: int, language: str) -> list[Match]:
        """The best ``limit`` documents that meet ``conditions`` (with ``params``), ranked by ``query`` (``q``)."""
        from django.db import connection

        sql = (
            f"SELECT d.id, d.kind, d.object_id, ts_rank({vector}, q, 1) AS rank "
            "FROM search_searchdocument d, to_tsquery('simple'::regconfig, %s) q "
            f"WHERE {' AND '.join(conditions)} ORDER BY rank DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [query, *params, limit])
            return [Match(r[0], r[1], r[2], float(r[3]), language) for r in cursor.fetchall()]

    @staticmethod
    def _count(query: str, conditions: list[str], params: list, limit: int) -> int:
        """How many documents meet ``conditions`` (``q`` is ``query``), counting no further than ``limit``.

        With its default page costs (random reads 4x sequential ones, as on a disk) the planner counts the first
        10,000 of a common word's matches by reading the table from its start until it has them (100 ms at
        100,000 documents) rather than those rows alone through the index (25 ms): the limit and an over-estimate
        of a prefix's matches make the partial scan look cheap. The rows are in memory, where a random read
        costs about what a sequential one does; the count's own transaction says so to the planner."""
        from django.db import connection, transaction

        sql = (
            "SELECT count(*) FROM (SELECT FROM search_searchdocument d, to_tsquery('simple'::regconfig, %s) q "
            f"WHERE {' AND '.join(conditions)} LIMIT %s) AS matching"
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL random_page_cost = {IN_MEMORY_PAGE_COST}")
            cursor.execute(sql, [query, *params, limit])
            return cursor.fetchone()[0]


def for_connection(connection):
    if connection.vendor == "postgresql":
        return PostgresFts()
    if connection.vendor == "sqlite":
        return SqliteFts()
    raise NotImplementedError(f"The database search engine supports SQLite and PostgreSQL, not {connection.vendor}.")
