"""Export all content as JSON Lines, in the format import_content reads."""

import os
import tempfile

from django.core.management.base import BaseCommand, CommandError

from content_models.importing.export import write_export


class Command(BaseCommand):
    help = "Write every topic, authority, standard and content item to FILE (or - for stdout) as JSON Lines."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Output file, or - for standard output")

    def handle(self, *args, file, verbosity, **options):
        if file == "-":
            counts = write_export(self.stdout)  # every line ends in "\n", so the wrapper adds nothing
            report = self.stderr  # stdout carries the data
        else:
            counts = self._write_file(file)
            report = self.stdout
        if verbosity > 0:
            summary = ", ".join(f"{count} {kind}" for kind, count in counts.items()) or "nothing"
            report.write(f"Exported {sum(counts.values())} items: {summary}.")

    @staticmethod
    def _write_file(path: str):
        # Write a temporary file next to the target and rename it: never half a file under the real name.
        directory = os.path.dirname(os.path.abspath(path))
        try:
            stream = tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", newline="\n", dir=directory, delete=False, suffix=".tmp"
            )
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
        try:
            with stream:
                counts = write_export(stream)
            os.chmod(stream.name, 0o644)  # temporary files are private; an export is an ordinary file
            os.replace(stream.name, path)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
        finally:
            if os.path.exists(stream.name):
                os.unlink(stream.name)
        return counts
