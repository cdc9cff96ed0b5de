"""CI fails when schema.graphql loses a field that is not deprecated past its sunset (manage.py check_schema_contract)."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from syndication.deprecations.contract import check

TODAY = date(2027, 7, 1)
RELEASE = '''
type Query {
  """A"""
  municipalities: [Municipality!]!
}
type Municipality {
  code: String!
  code4: String! @deprecated(reason: "Use `code`. Sunset: 2027-06-30.")
  name: String!
  region: String @deprecated(reason: "Use `regionCode`. Sunset: 2028-01-01.")
  nuts: String @deprecated(reason: "Nobody uses it.")
}
'''


def without(*lines):
    sdl = RELEASE
    for line in lines:
        assert line in sdl
        sdl = sdl.replace(line, "")
    return sdl


def test_additions_pass():
    assert check(RELEASE, RELEASE.replace("name: String!", "name: String!\n  image: String"), TODAY).ok


def test_a_field_past_its_sunset_may_go():
    report = check(RELEASE, without('  code4: String! @deprecated(reason: "Use `code`. Sunset: 2027-06-30.")\n'), TODAY)
    assert report.ok and report.retired == ["Municipality.code4 was removed. (sunset 2027-06-30)"]


@pytest.mark.parametrize("line, why", [
    ("  name: String!\n", "it was not deprecated with a sunset date"),
    ('  region: String @deprecated(reason: "Use `regionCode`. Sunset: 2028-01-01.")\n', "its sunset is 2028-01-01"),
    ('  nuts: String @deprecated(reason: "Nobody uses it.")\n', "it was not deprecated with a sunset date"),
])
def test_any_other_removed_field_fails(line, why):
    report = check(RELEASE, without(line), TODAY)
    assert not report.ok and why in report.breaking[0]


def test_a_changed_type_fails_and_a_field_past_its_sunset_still_there_is_reported():
    report = check(RELEASE, RELEASE.replace("name: String!", "name: Int!"), TODAY)
    assert report.breaking == ["Municipality.name changed type from String! to Int!."]
    assert report.overdue == ["Municipality.code4 (sunset 2027-06-30)"]


def test_the_committed_schema_keeps_the_last_releases_contract():
    call_command("check_schema_contract", stdout=None)


def test_the_command_fails_naming_the_field_when_a_live_field_is_dropped(tmp_path):
    schema = (Path(settings.BASE_DIR) / "schema.graphql").read_text(encoding="utf-8")
    broken = tmp_path / "schema.graphql"
    broken.write_text(schema.replace('  """Danish name, e.g. \'København\'."""\n  name: String!\n', "", 1))
    assert broken.read_text() != schema
    with pytest.raises(CommandError) as failure:
        call_command("check_schema_contract", "--schema", str(broken), stdout=None)
    assert "Municipality.name was removed. Not allowed yet: it was not deprecated with a sunset date." in str(
        failure.value)
