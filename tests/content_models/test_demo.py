"""The demo's English: at least ten guides for newcomers, each a translation of a Danish guide, one of them out of
date (load_demo's major update of its source), and nothing made twice when load_demo runs again."""

from io import StringIO

import pytest
from django.core.management import call_command

from content_models.demo.translations import SOURCE, TRANSLATION, ensure_outdated_translation
from content_models.management.commands.load_demo import DEMO_FILE
from content_models.models import GuidePage
from content_models.translations.selectors import translation_states

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

NEWCOMER_JOURNEY = {
    "moving-to-denmark", "cpr-number", "mitid-for-foreigners", "health-insurance-card", "tax-card",
    "working-in-denmark", "housing-benefit", "starting-school", "digital-post", "residence-permit",
}


def test_the_demo_has_english_guides_for_newcomers_linked_to_their_sources_one_out_of_date():
    call_command("import_content", str(DEMO_FILE), stdout=StringIO(), stderr=StringIO())
    english = list(GuidePage.objects.live().filter(locale__language_code="en"))
    assert NEWCOMER_JOURNEY <= {guide.slug for guide in english} and len(english) >= 10
    states = translation_states(english)
    assert all(states[guide.pk].source is not None and states[guide.pk].source.live for guide in english)
    assert not any(state.outdated for state in states.values())

    assert ensure_outdated_translation()
    outdated = {guide.slug for guide in english if translation_states([guide])[guide.pk].outdated}
    assert outdated == {TRANSLATION}
    source = GuidePage.objects.get(slug=SOURCE, locale__language_code="da")
    assert source.translation_key == next(g for g in english if g.slug == TRANSLATION).translation_key
    assert not ensure_outdated_translation()  # load_demo again: already out of date, nothing published
