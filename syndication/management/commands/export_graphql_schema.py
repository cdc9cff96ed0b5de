"""Write the public GraphQL schema as SDL; the committed schema.graphql is the partners' contract."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from graphql import print_schema

from syndication.graphql.schema import schema

DEFAULT_PATH = Path(settings.BASE_DIR) / "schema.graphql"
RELEASE_PATH = Path(settings.BASE_DIR) / "schema.release.graphql"


def schema_sdl() -> str:
    return print_schema(schema.graphql_schema) + "\n"


class Command(BaseCommand):
    help = "Write the GraphQL schema (SDL) to schema.graphql, or check that the committed file is current."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH), help="Output file (default: schema.graphql).")
        parser.add_argument("--check", action="store_true", help="Fail if the file differs from the schema.")
        parser.add_argument(
            "--release", action="store_true",
            help="Cutting a release: also write schema.release.graphql, the contract check_schema_contract compares "
            "the next changes with.",
        )

    def handle(self, *args, path, check, release, **options):
        target = Path(path)
        sdl = schema_sdl()
        if check:
            if not target.exists() or target.read_text(encoding="utf-8") != sdl:
                raise CommandError(
                    f"{target} is stale. Run `python manage.py export_graphql_schema` and commit the result."
                )
            self.stdout.write(f"{target} is current.")
            return
        target.write_text(sdl, encoding="utf-8")
        self.stdout.write(f"Wrote {target} ({len(sdl.splitlines())} lines).")
        if release:
            RELEASE_PATH.write_text(sdl, encoding="utf-8")
            self.stdout.write(f"Wrote {RELEASE_PATH}: the contract of this release.")
