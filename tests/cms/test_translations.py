"""The admin's own Danish catalogue: the committed .mo files say what the .po sources say, and Django uses them."""

import ast
import gettext
from pathlib import Path

import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "da" / "LC_MESSAGES"


def singular_entries(po: Path) -> dict[str, str]:
    """msgid -> msgstr of the one-line singular entries (all the catalogue's singular entries are one line)."""
    entries, msgid = {}, None
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            msgid = ast.literal_eval(line[6:])
        elif line.startswith("msgstr ") and msgid:
            entries[msgid] = ast.literal_eval(line[7:])
            msgid = None
        elif line.startswith("msgid_plural"):
            msgid = None
    return entries


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_compiled_catalogue_matches_its_source(domain):
    compiled = gettext.GNUTranslations((LOCALE / f"{domain}.mo").open("rb"))
    entries = singular_entries(LOCALE / f"{domain}.po")
    assert len(entries) > 10
    stale = {msgid: (msgstr, compiled.gettext(msgid)) for msgid, msgstr in entries.items()
             if compiled.gettext(msgid) != msgstr}
    assert stale == {}, "run `make messages` after editing the .po"


def test_the_review_workflow_speaks_unambiguous_danish():
    with translation.override("da"):
        assert translation.gettext("Request changes") == "Afvis og bed om ændringer"
        assert translation.gettext("%(label)s and Publish") % {"label": translation.gettext("Approve")} == (
            "Godkend og publicér"
        )
        assert translation.gettext("Submit to %(workflow_name)s") % {"workflow_name": "National redaktionel godkendelse"} \
            == "Send til godkendelse (National redaktionel godkendelse)"
