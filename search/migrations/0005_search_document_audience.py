from django.db import migrations, models

# One ALTER TABLE on both databases: on SQLite Django's AddField would rebuild the table, which the per-language
# full-text views and triggers (0004) depend on. The database keeps the default for rows written before a rebuild.
ADD = "ALTER TABLE search_searchdocument ADD COLUMN audience varchar(16) NOT NULL DEFAULT 'citizen'"
DROP = "ALTER TABLE search_searchdocument DROP COLUMN audience"


class Migration(migrations.Migration):
    dependencies = [("search", "0004_full_text_index_per_language")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(ADD, DROP)],
            state_operations=[
                migrations.AddField(
                    model_name="searchdocument", name="audience", field=models.CharField(default="citizen", max_length=16)
                )
            ],
        )
    ]
