"""Which language versions a page has and when a translation is out of date: its source had a major update after
the translation was last published (read from the publish events, in bulk)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content_models import publishing
from content_models.translations import services
from content_models.translations.selectors import translation_state, translation_states
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_translation_is_out_of_date_only_after_a_major_update_of_its_source():
    danish = factories.make_guide()
    english = factories.make_guide("moving", "Moving", locale="en", translation_key=danish.translation_key)
    assert not translation_state(english).outdated

    publishing.publish(danish)  # an ordinary edit
    assert not translation_state(english).outdated
    danish.major_update = True
    publishing.publish(danish)
    state = translation_state(english)
    assert state.outdated and state.source.page.pk == danish.pk and state.source_major_update_at is not None
    assert translation_state(danish).version("en").outdated and not translation_state(danish).outdated

    publishing.publish(english)  # translated again
    assert not translation_state(english).outdated


def test_a_draft_translation_is_not_out_of_date_and_not_live():
    danish = factories.make_guide()
    factories.make_guide("moving", locale="en", translation_key=danish.translation_key, live=False)
    danish.major_update = True
    publishing.publish(danish)
    version = translation_state(danish).version("en")
    assert version is not None and not version.live and not version.outdated
    assert translation_state(danish).live_others == ()


def test_states_of_many_pages_cost_two_queries():
    pages = []
    for n in range(8):
        danish = factories.make_step_by_step(f"trin-{n}")
        pages += [danish, factories.make_step_by_step(f"steps-{n}", locale="en", translation_key=danish.translation_key)]
    with CaptureQueriesContext(connection) as queries:
        states = translation_states(pages)
    assert len(queries) == 2 and len(states) == 16
    assert all(state.version("en" if state.language == "da" else "da") for state in states.values())


def test_creating_a_translation_refuses_a_second_one_and_a_translation_as_source():
    danish = factories.make_teaching_module()
    english = services.create_translation(danish)
    assert english.locale.language_code == "en" and english.translation_key == danish.translation_key
    assert english.get_parent().slug == "it-teaching" and english.title == danish.title
    with pytest.raises(services.TranslationRefused, match="allerede en engelsk oversættelse"):
        services.create_translation(danish)
    with pytest.raises(services.TranslationRefused, match="Kun den danske side"):
        services.create_translation(english)


def test_every_kind_knows_when_its_translation_is_out_of_date():
    # Only kinds with subscribers carry the major flag in their events; the page's own "Sidst opdateret" is read.
    for make, slug in ((factories.make_step_by_step, "trin"), (factories.make_teaching_module, "forloeb"),
                       (factories.make_self_service_link, "link")):
        danish = make(slug)
        english = make(f"{slug}-en", locale="en", translation_key=danish.translation_key)
        assert not translation_state(english).outdated
        danish.major_update = True
        publishing.publish(danish)
        assert translation_state(english).outdated, slug


def test_a_new_translation_has_its_own_last_major_update_and_change_note():
    danish = factories.make_guide()
    danish.major_update, danish.change_note = True, "Nye regler for flytning."
    publishing.publish(danish)
    english = services.create_translation(danish)
    assert (english.major_update, english.last_major_update_at, english.change_note) == (False, None, "")
    draft = english.get_latest_revision_as_object()
    assert (draft.major_update, draft.change_note) == (False, "")
    publishing.publish(draft)
    english.refresh_from_db()
    assert english.last_major_update_at is not None and english.last_major_update_at > danish.last_major_update_at
