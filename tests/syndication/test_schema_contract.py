"""The committed schema.graphql is the contract: it must match the code, and name the contract's fields."""

from pathlib import Path

from django.conf import settings
from graphql import GraphQLObjectType, build_schema

from syndication.management.commands.export_graphql_schema import schema_sdl

SCHEMA_FILE = Path(settings.BASE_DIR) / "schema.graphql"


def test_committed_schema_is_current():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_sdl(), (
        "schema.graphql is stale: run `python manage.py export_graphql_schema` and commit it"
    )


def test_every_type_and_field_has_a_description():
    schema = build_schema(schema_sdl())
    missing = []
    for name, graphql_type in schema.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Boolean", "Float", "ID", "DateTime"}:
            continue
        if not graphql_type.description and name != "Query":
            missing.append(name)
        if isinstance(graphql_type, GraphQLObjectType):
            missing += [f"{name}.{field}" for field, f in graphql_type.fields.items() if not f.description]
    assert missing == []


def test_contract_fields_exist():
    query = build_schema(schema_sdl()).query_type.fields
    for field in ("municipalities", "regions", "topics", "guide", "guides", "selfServiceLink", "selfServiceLinks",
                  "stepByStepGuide", "stepByStepGuides", "teachingModule", "teachingModules", "standard",
                  "standards", "changes"):
        assert field in query, field
    guide_args = set(query["guides"].args)
    assert {"first", "after", "topic", "municipality", "updatedSince", "locale"} <= guide_args
    assert {"first", "after", "topic", "municipality", "audience", "authority"} <= set(query["selfServiceLinks"].args)
