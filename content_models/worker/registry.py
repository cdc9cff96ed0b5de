"""The registry of event-log consumers (search indexer, webhooks, Digital Post, ...).

Each consumer is registered once, from its app's ready(), under a stable name;
the name keys its stored cursor, so renaming a consumer restarts it from zero.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..models import PublishingEvent

Handler = Callable[[Sequence[PublishingEvent]], None]


@dataclass(frozen=True)
class Consumer:
    name: str
    handle: Handler
    batch_size: int = 100


_registry: dict[str, Consumer] = {}


def register_consumer(name: str, handle: Handler, batch_size: int = 100) -> Consumer:
    consumer = Consumer(name=name, handle=handle, batch_size=batch_size)
    _registry[name] = consumer
    return consumer


def unregister_consumer(name: str) -> None:
    _registry.pop(name, None)


def registered_consumers() -> list[Consumer]:
    return list(_registry.values())


# Work the worker does on every pass besides draining the log (sending due webhooks, ...).
# Each task returns a one-line summary, or "" when it had nothing to do.
_periodic: dict[str, Callable[[], str]] = {}


def register_periodic_task(name: str, task: Callable[[], str]) -> None:
    _periodic[name] = task


def periodic_tasks() -> list[Callable[[], str]]:
    return list(_periodic.values())
