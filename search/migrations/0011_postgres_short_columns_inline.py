"""PostgreSQL: the short columns that a search reads for many documents stay in the row.

A row holds its search vector inline (about 2 KB, migration 0009), so it is over PostgreSQL's 2 KB target for
every document, and the TOAST step moved every other column longer than a pointer out of line, down to the
20-byte topic list. The facets (1,000 documents' kind, topics, authority, audience, municipalities) and the
re-ranking (200 documents' titles and summaries) then read each value back through the TOAST index: 20 ms of a
search at 100,000 documents. STORAGE MAIN keeps these in the row (compressed if need be); the long texts (body,
terms, keywords) still move out, and only the ten hits shown read them. Existing rows are written again with new
values (an unchanged value would keep its TOAST pointer), so the new storage applies to them.
"""

from django.db import migrations

from ._postgresql import on_postgresql

TEXTS = ("kind", "object_id", "language", "slug", "title", "summary", "url", "authority", "audience", "title_terms")
LISTS = ("topics", "municipalities")
COLUMNS = TEXTS + LISTS

FORWARD = [
    "ALTER TABLE search_searchdocument " + ", ".join(f"ALTER COLUMN {c} SET STORAGE MAIN" for c in COLUMNS),
    "UPDATE search_searchdocument SET "
    + ", ".join([f"{c} = {c} || ''" for c in TEXTS] + [f"{c} = {c}::text::jsonb" for c in LISTS]),
]
BACKWARD = ["ALTER TABLE search_searchdocument " + ", ".join(f"ALTER COLUMN {c} SET STORAGE EXTENDED" for c in COLUMNS)]


class Migration(migrations.Migration):
    dependencies = [("search", "0010_postgres_title_index")]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))]
