"""The spelling vocabulary of a large projection is read in the background: a search never waits for it."""

import threading
import time

import pytest

from content_models.worker.drain import drain
from search import spelling
from tests.factories import make_guide


def guide(slug, title):
    make_guide(slug=slug, title=title, summary=f"Om {title.lower()}.", sections=[("om", "Om", f"<p>{title}.</p>")])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the background thread has its own connection
def test_a_large_projection_is_read_in_the_background_at_most_every_ttl(settings, monkeypatch):
    settings.SEARCH_SPELLING_BACKGROUND_ABOVE = 0  # every projection counts as large
    guide("flytning", "Flytning")
    drain()
    words = spelling.Vocabulary()
    release = threading.Event()
    load = words._load
    monkeypatch.setattr(words, "_load", lambda generation: (release.wait(10), load(generation)))

    started = time.monotonic()
    words.refresh(1)
    assert time.monotonic() - started < 1.0  # the search went on at once ...
    assert words.closest("flytnig") == []  # ... without words just after a start
    release.set()
    words.wait(30)
    assert [w.lower() for w in words.closest("flytnig")] == ["flytning"]

    guide("boligstoette", "Boligstøtte")
    drain()
    words.refresh(2)  # content changed, but the last read is less than TTL old: no new read yet
    words.wait(30)
    assert words.closest("boligstote") == []
    words._loaded_at -= spelling.TTL
    words.refresh(3)
    words.wait(30)
    assert [w.lower() for w in words.closest("boligstote")] == ["boligstøtte"]


@pytest.mark.django_db
def test_a_small_projection_is_read_before_the_search_that_needs_it():
    guide("flytning", "Flytning")
    drain()
    words = spelling.Vocabulary()
    words.refresh(1)
    assert [w.lower() for w in words.closest("flytnig")] == ["flytning"]
    guide("boligstoette", "Boligstøtte")
    drain()
    words.refresh(2)  # the content changed: read again at once
    assert [w.lower() for w in words.closest("boligstote")] == ["boligstøtte"]
