"""SQLite: one full-text index per content language, so that each language ranks by its own term statistics.

FTS5's bm25 weighs a term by how many documents of the whole index contain it: with one index for both languages,
English pages mentioning "Digital Post" or "MitID" would change how Danish pages rank against each other. Each
language gets its own FTS5 table over a view of its documents, kept in step by triggers; the database engine
matches a language's query against that language's table (search.engines.database_sql). PostgreSQL's ts_rank
uses no corpus statistics: its one GIN index stays as it is.
"""

from django.db import migrations

LANGUAGES = ("da", "en")  # search.analysis.LANGUAGES when this was written; a new language needs a migration

ONE_INDEX = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts_vocab",
    "DROP TABLE IF EXISTS search_fts",
]


def _index_of(language: str) -> list[str]:
    table, view = f"search_fts_{language}", f"search_document_{language}"
    insert = (f"INSERT INTO {table}(rowid, title_terms, body_terms) "
              f"SELECT new.id, new.title_terms, new.body_terms WHERE new.language = '{language}';")
    delete = (f"INSERT INTO {table}({table}, rowid, title_terms, body_terms) "
              f"SELECT 'delete', old.id, old.title_terms, old.body_terms WHERE old.language = '{language}';")
    return [
        f"CREATE VIEW {view} AS SELECT id, title_terms, body_terms FROM search_searchdocument "
        f"WHERE language = '{language}'",
        f"""CREATE VIRTUAL TABLE {table} USING fts5(
            title_terms, body_terms, content='{view}', content_rowid='id',
            tokenize='unicode61 remove_diacritics 0')""",
        f"CREATE TRIGGER {table}_ai AFTER INSERT ON search_searchdocument BEGIN {insert} END",
        f"CREATE TRIGGER {table}_ad AFTER DELETE ON search_searchdocument BEGIN {delete} END",
        # One trigger, so the old terms leave before the new ones come (SQLite orders separate triggers itself).
        f"CREATE TRIGGER {table}_au AFTER UPDATE ON search_searchdocument BEGIN {delete} {insert} END",
        f"INSERT INTO {table}({table}) VALUES ('rebuild')",
    ]


def _drop_index_of(language: str) -> list[str]:
    table = f"search_fts_{language}"
    return [
        *(f"DROP TRIGGER IF EXISTS {table}_{name}" for name in ("au", "ad", "ai")),
        f"DROP TABLE IF EXISTS {table}",
        f"DROP VIEW IF EXISTS search_document_{language}",
    ]


def _one_index() -> list[str]:
    """0002's single index, for migrating backwards."""
    from importlib import import_module

    previous = import_module("search.migrations.0002_full_text_index")
    return [*previous.SQLITE_FORWARD, "INSERT INTO search_fts(search_fts) VALUES ('rebuild')"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in ONE_INDEX + [s for language in LANGUAGES for s in _index_of(language)]:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in [s for language in LANGUAGES for s in _drop_index_of(language)] + _one_index():
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_admin_index_backlog")]

    operations = [migrations.RunPython(forward, backward)]
