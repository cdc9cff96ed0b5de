"""The citizen site's English catalogue: every Danish text translated, and the compiled catalogue the site loads
(locale/en/LC_MESSAGES/django.mo, committed so that a fresh clone needs no gettext tools) in step with the .po file
translators edit. After editing the .po: `make messages`."""

import ast
import gettext
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def entries(path: Path) -> list[dict]:
    """The .po file's entries: msgid, msgid_plural, msgstr (or msgstr[n]) and flags, header left out."""
    found, current, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if current and current.get("msgid"):
                found.append(current)
            current, field = None, None
            continue
        current = current if current is not None else {"flags": ""}
        if line.startswith("#,"):
            current["flags"] += line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[field] += ast.literal_eval(line)
        else:
            field, value = line.split(" ", 1)
            current[field] = ast.literal_eval(value)
    return found


def test_every_text_of_the_citizen_site_has_its_english():
    untranslated = [e["msgid"] for e in entries(CATALOGUE / "django.po")
                    if "fuzzy" in e["flags"] or not (e.get("msgstr") or e.get("msgstr[0]"))]
    assert untranslated == []


def test_the_compiled_catalogue_is_the_po_file():
    with open(CATALOGUE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in entries(CATALOGUE / "django.po"):
        if "msgid_plural" in entry:
            pairs = [(compiled.ngettext(entry["msgid"], entry["msgid_plural"], n), entry[f"msgstr[{i}]"])
                     for i, n in ((0, 1), (1, 2))]
        else:
            pairs = [(compiled.gettext(entry["msgid"]), entry["msgstr"])]
        stale += [entry["msgid"] for got, wanted in pairs if got != wanted]
    assert stale == [], "locale/en/LC_MESSAGES/django.mo is older than django.po: run `make messages`"
