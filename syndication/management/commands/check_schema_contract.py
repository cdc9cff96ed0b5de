"""Fail when schema.graphql breaks the last release's contract (schema.release.graphql).

The rules: syndication/deprecations/contract.py."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from syndication.deprecations.contract import check

ROOT = Path(settings.BASE_DIR)


class Command(BaseCommand):
    help = ("Compare schema.graphql with schema.release.graphql: additions pass, a field may only go after its "
            "sunset date, anything else that breaks a client fails.")

    def add_arguments(self, parser):
        parser.add_argument("--release", default=str(ROOT / "schema.release.graphql"), help="The last release's SDL.")
        parser.add_argument("--schema", default=str(ROOT / "schema.graphql"), help="The schema to check.")

    def handle(self, *args, release, schema, **options):
        report = check(Path(release).read_text(encoding="utf-8"), Path(schema).read_text(encoding="utf-8"),
                       timezone.localdate())
        for line in report.retired:
            self.stdout.write(f"retired after its sunset: {line}")
        for line in report.dangerous:
            self.stdout.write(f"check with partners (dangerous, not breaking): {line}")
        for line in report.overdue:
            self.stdout.write(self.style.WARNING(f"past its sunset, remove it from the schema: {line}"))
        if not report.ok:
            raise CommandError(
                f"{schema} breaks the contract of the last release ({release}):\n"
                + "\n".join(f"  - {line}" for line in report.breaking)
                + "\nKeep the field (deprecate it with a sunset date in syndication/graphql/core/deprecations.py) "
                "and remove it after the sunset."
            )
        self.stdout.write(self.style.SUCCESS(f"{schema} keeps the contract of {Path(release).name}."))
