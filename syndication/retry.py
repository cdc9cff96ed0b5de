"""Retry mechanics the outbox dispatchers share (webhooks, Digital Post): settings, backoff, a fresh series.

Each dispatcher has its own ``Config`` (a subclass of ``RetryConfig`` with its settings prefix, defaults and
lease) and its own way of claiming and recording rows; the rows are ``syndication.models.outbox.OutboxRow``.
"""

import random
from dataclasses import dataclass, fields
from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.utils import timezone

JITTER = 0.2  # a retry waits between 80 % and 100 % of its nominal delay


def at_least_one(value) -> int:
    return max(1, int(value))


@dataclass(frozen=True)
class RetryConfig:
    """A dispatcher's limits; ``from_settings`` reads each from ``<settings_prefix><NAME>`` (see SETTINGS)."""

    max_attempts: int = 8
    retry_base: float = 30.0
    retry_cap: float = 3600.0
    connect_timeout: float = 3.0
    read_timeout: float = 5.0
    concurrency: int = 8

    settings_prefix: ClassVar[str] = ""
    # Field -> (setting name after the prefix, conversion). Subclasses that add fields extend it.
    SETTINGS: ClassVar[dict] = {
        "max_attempts": ("MAX_ATTEMPTS", int),
        "retry_base": ("RETRY_BASE_SECONDS", float),
        "retry_cap": ("RETRY_CAP_SECONDS", float),
        "connect_timeout": ("CONNECT_TIMEOUT", float),
        "read_timeout": ("READ_TIMEOUT", float),
        "concurrency": ("CONCURRENCY", at_least_one),
    }

    @classmethod
    def from_settings(cls):
        values = {}
        for field in fields(cls):
            name, convert = cls.SETTINGS[field.name]
            values[field.name] = convert(getattr(settings, cls.settings_prefix + name, field.default))
        return cls(**values)

    @property
    def lease(self) -> timedelta:
        """How long a claimed row stays invisible to other workers (each dispatcher says)."""
        raise NotImplementedError


def retry_delay(attempts: int, config: RetryConfig, rng: random.Random | None = None) -> timedelta:
    """Exponential backoff after the ``attempts``-th failure: base * 2**(attempts-1), capped, minus jitter."""
    nominal = min(config.retry_base * 2 ** (attempts - 1), config.retry_cap)
    return timedelta(seconds=nominal * (1 - JITTER * (rng or random).random()))


def retry_now(row, **reset) -> None:
    """Give a dead (or waiting) outbox row a fresh series of attempts, starting now.

    ``reset``: further fields to set with it (e.g. a dispatcher's claim token). A delivered row is left alone.
    """
    model = type(row)
    model._default_manager.filter(pk=row.pk).exclude(status=model.Status.DELIVERED).update(
        status=model.Status.PENDING, attempts=0, next_attempt_at=timezone.now(), **reset
    )
