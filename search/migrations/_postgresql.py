"""Raw SQL that only PostgreSQL runs (SQLite keeps FTS5 tables of its own). Not a migration: the loader skips
modules whose names start with an underscore."""


def on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run
