"""Search documents know a self-service link's audience (borgere or virksomheder), so search can filter by it."""

from importlib import import_module

from django.db import migrations, models

FULL_TEXT = import_module("search.migrations.0002_full_text_index")


def fill_audience(apps, schema_editor):
    """Existing self-service link documents get their link's audience (new ones get it from the projection)."""
    SearchDocument = apps.get_model("search", "SearchDocument")
    SelfServiceLinkPage = apps.get_model("content_models", "SelfServiceLinkPage")
    business = {str(pk) for pk in SelfServiceLinkPage.objects.filter(audience="business").values_list("pk", flat=True)}
    links = SearchDocument.objects.filter(kind="self_service_link")
    links.filter(object_id__in=business).update(audience="business")
    links.exclude(object_id__in=business).update(audience="citizen")


def restore_full_text_triggers(apps, schema_editor):
    """SQLite adds a NOT NULL column by rebuilding the table, which drops the triggers that keep the FTS5 index
    in step (0002): they are created again and the index rebuilt from the table."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in FULL_TEXT.SQLITE_FORWARD:
        if statement.startswith("CREATE TRIGGER"):
            schema_editor.execute(statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))
    schema_editor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0003_kind_labels_from_registry"),
        ("content_models", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="audience",
            field=models.CharField(blank=True, max_length=16),
        ),
        migrations.RunPython(restore_full_text_triggers, migrations.RunPython.noop),
        migrations.RunPython(fill_audience, migrations.RunPython.noop),
    ]
