"""PostgreSQL: the stored tsvector stays in the row (compressed), not in the TOAST table.

A document's vector (about 2 KB for a 120-word body) was moved out of line, so every match read it back through
the TOAST index: a common word at 100,000 documents meant half a million buffer reads and about a second per search.
STORAGE MAIN keeps it in the row, compressed; the long texts (body, terms) move out of line instead, and only
the ten hits shown read those. Existing rows are written again so that the new storage applies to them.
"""

from django.db import migrations

from ._postgresql import on_postgresql

FORWARD = [
    "ALTER TABLE search_searchdocument ALTER COLUMN search_vector SET STORAGE MAIN",
    # Recomputes the generated column: each row is stored again with the vector inline.
    "UPDATE search_searchdocument SET title_terms = title_terms",
]
BACKWARD = ["ALTER TABLE search_searchdocument ALTER COLUMN search_vector SET STORAGE EXTENDED"]


class Migration(migrations.Migration):
    dependencies = [("search", "0008_postgres_stored_vector")]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))]
