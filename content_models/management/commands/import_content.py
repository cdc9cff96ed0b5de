"""Import content from a JSON Lines file (format: docs/architecture.md, "Import format")."""

import contextlib
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from content_models.importing import report
from content_models.importing.runner import ImportFailed, run_import


class Command(BaseCommand):
    help = (
        "Import topics, authorities, standards and content from a JSON Lines file. Every line is validated first; "
        "a file with an invalid line changes nothing unless --skip-invalid. All writes happen in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON Lines file (UTF-8), or - for standard input")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and apply, then roll back; print what would change."
        )
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Import the valid lines and report the invalid ones."
        )

    def handle(self, *args, file, dry_run, skip_invalid, verbosity, **options):
        with self._open(file) as source:  # read as the import goes: a large file is never in memory whole
            try:
                result = run_import(source, dry_run=dry_run, skip_invalid=skip_invalid, progress=self._progress())
            except ImportFailed as exc:
                raise CommandError(str(exc)) from None

        # From the command line Django prints the CommandError (which lists the errors) to stderr;
        # when called from code, the caller's stderr gets the list as well.
        if result.errors and (result.applied or not self._called_from_command_line):
            for error in result.errors:
                self.stderr.write(str(error))
        if result.applied and (dry_run or verbosity > 1):
            for change in result.changes:
                self.stdout.write(report.change_line(change, dry_run))
        if verbosity > 0:
            for row in report.count_table(result):
                self.stdout.write(row)
        self.stdout.write(report.summary(result))
        if not result.applied:
            listing = "\n".join(str(error) for error in result.errors)
            raise CommandError(f"{result.invalid} invalid line(s); nothing was imported:\n{listing}")

    def _open(self, file: str):
        if file == "-":
            return contextlib.nullcontext(sys.stdin.buffer)
        try:
            return open(file, "rb")
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror or exc}") from None

    def _progress(self):
        if not self.stdout.isatty():
            return None  # no bar in logs, pipes and tests

        def bar(lines, total):
            return tqdm(lines, total=total, file=sys.stderr, unit="line", desc="Importing")

        return bar
