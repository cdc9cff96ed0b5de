"""Harvest the standards catalogue from a JSON Lines or CSV file or URL (see content_models/importing/harvesting)."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from content_models.importing.runner import ImportFailed
from content_models.importing.harvesting import csv_catalogue
from content_models.importing.harvesting.harvest import CatalogueData, HarvestRefused, HarvestReport, harvest
from content_models.importing.harvesting.sources import FORMATS, SourceError, guess_format, read_source

_VERB = {"created": "create", "updated": "update", "unpublished": "unpublish", "deleted": "delete",
         "withdrawn": "withdraw"}


class Command(BaseCommand):
    help = (
        "Harvest standards, architecture documents, services and organisations from a catalogue: a JSON Lines file "
        "in the import format (standard lines only) or a CSV file with the columns identifier,title,category,"
        "version,status,description,url,owner,related; a path, - for standard input, or an http(s) URL (a public "
        "address; file:// only with --allow-file). Standards "
        "are upserted by identifier; a catalogue with an invalid line changes nothing. Running it again with the "
        "same catalogue changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="catalogue file, - for standard input, or an http(s) or file:// URL")
        parser.add_argument("--format", choices=FORMATS,
                            help="jsonl or csv (default: guessed from the extension, content type or content)")
        parser.add_argument("--dry-run", action="store_true",
                            help="Validate and apply, then roll back; print what would change.")
        parser.add_argument("--withdraw-missing", action="store_true",
                            help="Unpublish live standards that the catalogue does not list.")
        parser.add_argument("--allow-file", action="store_true",
                            help="Allow a file:// URL as SOURCE (refused without it: a URL may come from others).")

    def handle(self, *args, source, format, dry_run, withdraw_missing, allow_file, verbosity, **options):
        try:
            fetched = read_source(source, allow_file=allow_file)
            fmt = format or guess_format(fetched)
        except SourceError as exc:
            raise CommandError(str(exc)) from None
        catalogue = csv_catalogue.read_csv(fetched.data) if fmt == "csv" else CatalogueData(fetched.data)
        try:
            report = harvest(catalogue, dry_run=dry_run, withdraw_missing=withdraw_missing,
                             progress=self._progress())
        except (ImportFailed, HarvestRefused) as exc:
            raise CommandError(str(exc)) from None

        if report.errors:
            # As import_content: from the command line Django prints the CommandError (which lists the
            # errors) to stderr; when called from code, the caller's stderr gets the list as well.
            if not self._called_from_command_line:
                for error in report.errors:
                    self.stderr.write(str(error))
            self.stdout.write(f"Nothing harvested: {report.invalid_lines} invalid line(s). Fix them and harvest again.")
            listing = "\n".join(str(error) for error in report.errors)
            raise CommandError(f"{report.invalid_lines} invalid line(s); nothing was harvested:\n{listing}")
        if verbosity > 0:
            for row in self._listing(report, verbosity):
                self.stdout.write(row)
        self.stdout.write(self._summary(report, fetched.name))

    @staticmethod
    def _listing(report: HarvestReport, verbosity: int) -> list[str]:
        rows = []
        for action in ("created", "updated", "unpublished", "deleted", "withdrawn", "unchanged"):
            identifiers = getattr(report, action)
            if not identifiers:
                continue
            label = f"would {_VERB[action]}" if report.dry_run and action in _VERB else action
            if action == "unchanged" and verbosity < 2:
                rows.append(f"{label} ({len(identifiers)})")  # the long list only when asked for (-v 2)
            else:
                rows.append(f"{label} ({len(identifiers)}): {', '.join(identifiers)}")
        return rows

    @staticmethod
    def _summary(report: HarvestReport, name: str) -> str:
        unchanged = len(report.unchanged)
        if report.dry_run:
            return (f"Dry run, rolled back: {report.changed} would change, {unchanged} unchanged. "
                    "Nothing was saved.")
        return f"Harvested {name}: {report.changed} changed, {unchanged} unchanged."

    def _progress(self):
        if not self.stdout.isatty():
            return None  # no bar in logs, pipes and tests

        def bar(lines, total):
            return tqdm(lines, total=total, file=sys.stderr, unit="line", desc="Harvesting")

        return bar
