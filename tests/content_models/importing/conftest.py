from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import call_command

from content_models.importing.runner import run_import, validate
from content_models.models import PublishingEvent

from .sample_lines import jsonl


@dataclass
class Output:
    stdout: str
    stderr: str


@pytest.fixture
def write_jsonl(tmp_path):
    def write(lines, name="import.jsonl"):
        path = tmp_path / name
        path.write_bytes(jsonl(lines))
        return path

    return write


@pytest.fixture
def import_lines(write_jsonl):
    """Run import_content on a file holding ``lines``; returns its output (CommandError propagates)."""

    def run(lines, *args, **options):
        stdout, stderr = StringIO(), StringIO()
        call_command("import_content", str(write_jsonl(lines)), *args, stdout=stdout, stderr=stderr, **options)
        return Output(stdout.getvalue(), stderr.getvalue())

    return run


@pytest.fixture
def errors_for():
    """The error messages validation gives for ``lines`` (nothing is applied)."""

    def errors(lines):
        _, found, _ = validate(jsonl(lines))
        return [str(error) for error in found]

    return errors


@pytest.fixture
def events():
    def collect():
        return list(PublishingEvent.objects.values_list("kind", "identifier", "action"))

    return collect


@pytest.fixture
def apply_lines():
    """Import ``lines`` through the runner; they must be valid. Returns the ImportResult."""

    def run(lines, **options):
        result = run_import(jsonl(lines), **options)
        assert [str(error) for error in result.errors] == []
        return result

    return run
