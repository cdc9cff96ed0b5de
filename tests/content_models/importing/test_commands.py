"""import_content and export_content as operators run them: exit status, output, all or nothing."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from content_models.importing.apply import Applier
from content_models.models import GuidePage, Topic
from tests import factories

from . import sample_lines as s

pytestmark = pytest.mark.django_db


def two_good_one_bad():
    return [s.topic(), s.guide(topics=["bolig-og-flytning"], login="mitid"), s.step_by_step(steps=[])]


def test_a_file_with_an_invalid_line_changes_nothing(import_lines, events):
    with pytest.raises(CommandError) as failure:
        import_lines(two_good_one_bad())
    expected = [
        "line 2: login: unknown field; remove it (guide lines take slug, locale, title, summary, topics, "
        "self_service_links, sections, owner, review_by, image, kind, live, delete)",
        "line 3: steps: must not be empty",
    ]
    assert str(failure.value) == "2 invalid line(s); nothing was imported:\n" + "\n".join(expected)
    assert not Topic.objects.exists()
    assert events() == []


def test_errors_go_to_stderr_and_the_report_to_stdout(write_jsonl):
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_content", str(write_jsonl(two_good_one_bad())), stdout=stdout, stderr=stderr)
    assert stderr.getvalue().splitlines() == [
        "line 2: login: unknown field; remove it (guide lines take slug, locale, title, summary, topics, "
        "self_service_links, sections, owner, review_by, image, kind, live, delete)",
        "line 3: steps: must not be empty",
    ]
    assert stdout.getvalue().splitlines()[-1] == (
        "Nothing imported: 2 invalid line(s). Fix them, or use --skip-invalid to import the valid lines."
    )


def test_skip_invalid_applies_the_valid_lines_and_reports_the_others(import_lines):
    lines = [s.topic(title=None), s.guide(topics=["bolig-og-flytning"]), s.step_by_step(), s.teaching_module()]
    output = import_lines(lines, "--skip-invalid")
    assert output.stderr.splitlines() == [
        "line 1: title: required field is missing",
        "line 2: topics[0]: topic 'bolig-og-flytning' on line 1 is invalid; fix that line first",
    ]
    assert output.stdout.splitlines()[-1] == "Imported: 2 changed, 0 unchanged, 2 invalid (skipped)."
    assert not GuidePage.objects.exists()
    assert output.stdout.splitlines()[:-1] == [
        "kind                   created     updated   unchanged unpublished     deleted     invalid",
        "topic                        0           0           0           0           0           1",
        "guide                        0           0           0           0           0           1",
        "step_by_step                 1           0           0           0           0           0",
        "teaching_module              1           0           0           0           0           0",
        "total                        2           0           0           0           0           2",
    ]


def test_dry_run_applies_then_rolls_back_and_says_what_would_change(import_lines, events):
    factories.make_guide()
    same_guide = s.guide(sections=[{"key": "anmeld", "heading": "Anmeld din flytning",
                                    "body_html": "<p>Du skal anmelde flytning senest 5 dage efter.</p>"}])
    lines = [s.topic(), same_guide, {"kind": "guide", "slug": "x", "delete": True}, s.standard()]
    output = import_lines(lines, "--dry-run")
    assert output.stdout.splitlines()[:2] == [
        "line 1: would create topic 'bolig-og-flytning'",
        "line 4: would create standard 'OIOUBL-2.1'",
    ]
    assert output.stdout.splitlines()[-1] == (
        "Dry run, rolled back: 2 would change, 2 unchanged, 0 invalid. Nothing was saved."
    )
    assert not Topic.objects.exists()
    assert events() == [("guide", "flytning", "PUBLISHED")]  # only the factory's


def test_dry_run_still_refuses_an_invalid_file(import_lines):
    with pytest.raises(CommandError):
        import_lines([s.topic(title=None)], "--dry-run")


def test_importing_a_file_twice_reports_no_changes_the_second_time(import_lines, events):
    lines = [s.topic(), s.authority(), s.guide(topics=["bolig-og-flytning"]), s.local_text()]
    first = import_lines(lines)
    assert first.stdout.splitlines()[-1] == "Imported: 4 changed, 0 unchanged, 0 invalid."
    logged = len(events())
    second = import_lines(lines)
    assert second.stdout.splitlines()[-1] == "Imported: 0 changed, 4 unchanged, 0 invalid."
    assert len(events()) == logged


def test_verbose_import_lists_each_change(import_lines):
    output = import_lines([s.topic(), s.guide()], verbosity=2)
    assert output.stdout.splitlines()[:2] == [
        "line 1: created topic 'bolig-og-flytning'",
        "line 2: created guide 'flytning'",
    ]


def test_an_unreadable_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match=r"^cannot read .*missing\.jsonl: No such file or directory$"):
        call_command("import_content", str(tmp_path / "missing.jsonl"), stdout=io.StringIO())


def test_an_unexpected_failure_is_a_command_error_and_rolls_back(import_lines, monkeypatch):
    def fail(self, line, kind):
        raise ValidationError("Afsnitsnøglen 'x' bruges mere end én gang.")

    monkeypatch.setattr(Applier, "apply_page", fail)
    with pytest.raises(CommandError, match=r"^line 2: -: could not apply guide 'flytning': Afsnitsnøglen"):
        import_lines([s.topic(), s.guide()])
    assert not Topic.objects.exists()


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_progress_bar_is_shown_on_stderr_only_for_a_terminal(write_jsonl, capsys):
    path = str(write_jsonl([s.topic()]))
    call_command("import_content", path, stdout=io.StringIO(), stderr=io.StringIO())
    assert "Importing" not in capsys.readouterr().err
    call_command("import_content", path, stdout=_Terminal(), stderr=io.StringIO())
    assert "Importing" in capsys.readouterr().err


def test_export_to_a_file_and_to_stdout(tmp_path, apply_lines):
    apply_lines([s.topic(), s.guide(topics=["bolig-og-flytning"])])
    target = tmp_path / "export.jsonl"
    stdout = io.StringIO()
    call_command("export_content", str(target), stdout=stdout)
    assert stdout.getvalue() == "Exported 2 items: 1 topic, 1 guide.\n"
    assert [json.loads(line)["kind"] for line in target.read_text(encoding="utf-8").splitlines()] == ["topic", "guide"]
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("export_content", "-", stdout=stdout, stderr=stderr)
    assert stdout.getvalue() == target.read_text(encoding="utf-8")
    assert stderr.getvalue() == "Exported 2 items: 1 topic, 1 guide.\n"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_export_into_a_missing_directory_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="^cannot write"):
        call_command("export_content", str(tmp_path / "nowhere" / "x.jsonl"), stdout=io.StringIO())
