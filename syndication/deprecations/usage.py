"""Counting which deprecated fields each partner key selects: one row per key, field and day.

One statement per request that selects a deprecated field (an upsert that adds one), none for the others. It runs
in a savepoint and a failure is only logged: counting must never fail a partner's request.
"""

import logging

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from ..models import DeprecatedFieldUsage, PartnerKey

logger = logging.getLogger(__name__)


def _upsert_sql() -> str:
    quote = connection.ops.quote_name
    table = quote(DeprecatedFieldUsage._meta.db_table)
    # INSERT ... ON CONFLICT DO UPDATE reads the same on PostgreSQL and SQLite (3.24+).
    return (
        f"INSERT INTO {table} ({quote('key_id')}, {quote('field')}, {quote('day')}, {quote('count')}, "
        f"{quote('last_seen_at')}) VALUES (%s, %s, %s, 1, %s) "
        f"ON CONFLICT ({quote('key_id')}, {quote('field')}, {quote('day')}) DO UPDATE SET "
        f"{quote('count')} = {table}.{quote('count')} + 1, {quote('last_seen_at')} = excluded.{quote('last_seen_at')}"
    )


def record(key: PartnerKey, fields, now=None) -> None:
    if not fields:
        return
    now = now or timezone.now()
    day = timezone.localdate(now)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(_upsert_sql(), [(key.pk, field, day, now) for field in sorted(fields)])
    except DatabaseError:
        logger.warning("deprecated field use not counted", exc_info=True, extra={"key": key.prefix})
