from django.db import migrations, models

# A column of the projection by one ALTER TABLE on both databases: on SQLite Django's AddField would rebuild
# the table, which the per-language full-text views and triggers (0006) depend on. The database keeps the
# default for rows written before the next rebuild. (audience came with 0004.)
ADD_BOOST = "ALTER TABLE search_searchdocument ADD COLUMN signal_boost double precision NOT NULL DEFAULT 1.0"


def _column(sql, name, field):
    return migrations.SeparateDatabaseAndState(
        database_operations=[migrations.RunSQL(sql, f"ALTER TABLE search_searchdocument DROP COLUMN {name}")],
        state_operations=[migrations.AddField(model_name="searchdocument", name=name, field=field)],
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0006_full_text_index_per_language")]

    operations = [
        _column(ADD_BOOST, "signal_boost", models.FloatField(default=1.0)),
        migrations.AddField(model_name="querystat", name="clicks", field=models.PositiveIntegerField(default=0)),
        migrations.CreateModel(
            name="ResultClick",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("week", models.DateField()),
                ("kind", models.CharField(max_length=32)),
                ("object_id", models.CharField(max_length=64)),
                ("clicks", models.PositiveIntegerField(default=0)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("week", "kind", "object_id"),
                                                        name="search_resultclick_week_item")],
            },
        ),
    ]
