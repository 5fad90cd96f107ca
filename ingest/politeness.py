"""Politeness towards arXiv: never two requests closer than ARXIV_DELAY_SECONDS, whichever
worker, process or machine sends them.

The gap is kept in PostgreSQL (a locked PoliteSlot row, timed by the database's clock), so it
holds with several Celery workers, and in the embedded mode without Redis too.
"""

import time

from django.conf import settings
from django.db import connection, transaction

from ingest.models import PoliteSlot

# Time between claiming a slot and the request's first byte leaving the machine (building the
# URL, the HTTP client, a busy CPU) varies; claiming the gap plus this margin keeps the gap
# as the remote host sees it, not only as the claims see it.
SEND_MARGIN_SECONDS = 0.1


def wait_for_turn(key: str = "arxiv", gap_seconds: float | None = None) -> None:
    """Block until this process may send the next request to `key`, and claim that slot.

    Call it right before each request, outside any transaction: the row lock is held only for
    the instant of the claim, never while sleeping.
    """
    if connection.in_atomic_block:
        raise RuntimeError("wait_for_turn() must not run inside a transaction")
    gap = settings.ARXIV_DELAY_SECONDS if gap_seconds is None else gap_seconds
    gap += SEND_MARGIN_SECONDS
    table = PoliteSlot._meta.db_table
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (key, next_at) VALUES (%s, 'epoch') "
                "ON CONFLICT (key) DO NOTHING",
                [key],
            )
            cursor.execute(
                f"SELECT next_at, clock_timestamp() FROM {table} WHERE key = %s FOR UPDATE",
                [key],
            )
            next_at, now = cursor.fetchone()
            if next_at <= now:
                cursor.execute(
                    f"UPDATE {table} SET next_at = clock_timestamp() + make_interval(secs => %s) "
                    "WHERE key = %s",
                    [gap, key],
                )
                return
            wait = (next_at - now).total_seconds()
        time.sleep(min(wait, 60.0))


def hold_off(key: str, seconds: float) -> None:
    """Keep every process away from `key` for `seconds` (a 429/503 Retry-After is for all).

    Moves the shared slot forward, never back: a longer hold already set by another worker
    stays.
    """
    table = PoliteSlot._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, next_at) "
            "VALUES (%s, clock_timestamp() + make_interval(secs => %s)) "
            "ON CONFLICT (key) DO UPDATE SET next_at = GREATEST("
            f"{table}.next_at, EXCLUDED.next_at)",
            [key, seconds],
        )
