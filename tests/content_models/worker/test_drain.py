"""Consumers read the log from stored cursors; failures and crashes lose nothing."""

import pytest
from django.core.management import call_command

from content_models.worker.registry import register_consumer, unregister_consumer
from content_models.worker.drain import drain, lag, process_batch
from content_models.models import ConsumerCursor
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def consumer():
    """A registered consumer that records what it saw and can be told to fail."""

    class Recorder:
        seen: list[tuple[int, str, str]] = []
        fail_on: str | None = None

        def __call__(self, events):
            for event in events:
                if event.identifier == self.fail_on:
                    raise RuntimeError(f"cannot handle {event.identifier}")
            self.seen.extend((e.sequence, e.identifier, e.action) for e in events)

    recorder = Recorder()
    recorder.seen = []
    registered = register_consumer("test-recorder", recorder, batch_size=2)
    yield recorder, registered
    unregister_consumer("test-recorder")


def test_run_worker_once_delivers_every_event_in_order(consumer):
    recorder, _ = consumer
    for slug in ("a", "b", "c"):
        factories.make_guide(slug=slug, title=slug.upper())
    call_command("run_worker", "--once")
    assert [identifier for _, identifier, _ in recorder.seen] == ["a", "b", "c"]
    sequences = [sequence for sequence, _, _ in recorder.seen]
    assert sequences == sorted(sequences)
    assert lag()["test-recorder"] == 0


def test_a_failing_consumer_keeps_its_events_and_resumes(consumer):
    recorder, registered = consumer
    factories.make_guide(slug="a", title="A")
    factories.make_guide(slug="b", title="B")
    factories.make_guide(slug="c", title="C")
    recorder.fail_on = "c"
    report = drain([registered])
    assert "test-recorder" in report.failed
    assert [i for _, i, _ in recorder.seen] == ["a", "b"]  # the first batch committed
    cursor = ConsumerCursor.objects.get(name="test-recorder")
    assert cursor.failures == 1 and "cannot handle c" in cursor.last_error
    recorder.fail_on = None
    assert drain([registered]).ok
    assert [i for _, i, _ in recorder.seen] == ["a", "b", "c"]
    assert ConsumerCursor.objects.get(name="test-recorder").failures == 0


def test_run_worker_once_exits_non_zero_when_a_consumer_fails(consumer):
    recorder, _ = consumer
    recorder.fail_on = "a"
    factories.make_guide(slug="a", title="A")
    with pytest.raises(SystemExit) as exit_info:
        call_command("run_worker", "--once")
    assert exit_info.value.code == 1
    assert recorder.seen == []
    assert lag()["test-recorder"] == 1


def test_an_unfinished_batch_is_redelivered_after_a_crash(consumer):
    """Writes a consumer made before failing are rolled back with the batch: at-least-once, no half state."""
    recorder, registered = consumer
    factories.make_guide(slug="a", title="A")

    def crash_after_writing(events):
        factories.TopicFactory(slug="side-effect")
        raise RuntimeError("worker died")

    from content_models.worker.registry import Consumer
    from content_models.models import Topic

    crashing = Consumer(name="test-recorder", handle=crash_after_writing, batch_size=10)
    assert "test-recorder" in drain([crashing]).failed
    assert not Topic.objects.filter(slug="side-effect").exists()
    assert process_batch(registered) == 1
    assert [i for _, i, _ in recorder.seen] == ["a"]


def test_consumers_have_independent_cursors(consumer):
    recorder, registered = consumer
    other_seen = []
    other = register_consumer("test-other", lambda events: other_seen.extend(e.identifier for e in events))
    try:
        factories.make_guide(slug="a", title="A")
        drain([registered])
        factories.make_guide(slug="b", title="B")
        drain([other])
        assert other_seen == ["a", "b"]
        assert [i for _, i, _ in recorder.seen] == ["a"]
    finally:
        unregister_consumer("test-other")


def test_a_service_outage_is_waited_out_with_one_warning_and_run_worker_once_succeeds(consumer, caplog):
    """OpenSearch down: its consumer's events wait (no failure, no traceback, one warning), then it catches up."""
    from search.engines.base import EngineUnavailable

    recorder, _ = consumer
    down = {"yes": True}

    def handle(events):
        if down["yes"]:
            raise EngineUnavailable("OpenSearch index: cannot reach http://search.internal:9200")
        recorder.seen.extend((e.sequence, e.identifier, e.action) for e in events)

    registered = register_consumer("test-recorder", handle, batch_size=2)
    factories.make_guide(slug="a", title="A")
    with caplog.at_level("INFO"):
        for _ in range(3):
            call_command("run_worker", "--once")  # exits 0: an outage is not a worker failure
            report = drain([registered])
            assert report.ok and "test-recorder" in report.waiting
        warnings = [r for r in caplog.records if r.levelname == "WARNING" and "waits for its service" in r.getMessage()]
        assert len(warnings) == 1 and not any(r.exc_info for r in caplog.records)
        down["yes"] = False
        call_command("run_worker", "--once")
    assert [identifier for _, identifier, _ in recorder.seen] == ["a"]
    assert lag()["test-recorder"] == 0
    assert any("resumed" in r.getMessage() for r in caplog.records)
