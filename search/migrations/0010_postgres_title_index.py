"""PostgreSQL: the titles' words get a full-text index of their own.

A common word matches a third of the documents, and ranking reads every match's vector. The matches with a query
word in the title rank first, so the database engine ranks those alone when there are enough of them (the title
tier, search/engines/database_sql.py), found through this index; suggestions match titles through it too.
"""

from django.db import migrations

from ._postgresql import on_postgresql

FORWARD = [
    "CREATE INDEX IF NOT EXISTS search_document_title_terms ON search_searchdocument "
    "USING gin (to_tsvector('simple'::regconfig, title_terms))",
]
BACKWARD = ["DROP INDEX IF EXISTS search_document_title_terms"]


class Migration(migrations.Migration):
    dependencies = [("search", "0009_postgres_vector_inline")]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))]
