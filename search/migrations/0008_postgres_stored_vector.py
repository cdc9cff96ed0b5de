"""PostgreSQL: the weighted tsvector is stored (a generated column with the GIN index), not parsed per query.

Ranking read the vector of every matching document by parsing its terms again: with 100,000 documents a common
word matches thousands, and that parsing was most of a search's time (p95 about 1 s). A stored generated column
is kept by PostgreSQL itself on every insert and update, so nothing in Python writes it. SQLite is unchanged
(FTS5 keeps its own index).
"""

from django.db import migrations

from ._postgresql import on_postgresql

VECTOR = (
    "(setweight(to_tsvector('simple'::regconfig, title_terms), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, body_terms), 'B'))"
)
FORWARD = [
    f"ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({VECTOR}) STORED",
    "CREATE INDEX search_document_vector ON search_searchdocument USING gin (search_vector)",
    "DROP INDEX IF EXISTS search_document_fts",
]
BACKWARD = [
    f"CREATE INDEX IF NOT EXISTS search_document_fts ON search_searchdocument USING gin ({VECTOR})",
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0007_signals")]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))]
