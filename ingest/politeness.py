"""Politeness towards arXiv: never two requests closer than ARXIV_DELAY_SECONDS, whichever
worker, process or machine sends them.

The gap is kept in PostgreSQL, so it holds with several Celery workers, and in the embedded
mode without Redis too. It holds by construction, however late a busy CPU sends or the
network delivers, not by a safety margin:
- one request at a time: a turn is a session-level advisory lock (core.locks) held while the
  request is in flight; a process killed mid-request loses its connection and so the lock;
- the next gap starts when the previous request was answered (the PoliteSlot row's
  `next_at`, on the database's clock): the remote host has seen a request before its answer
  arrives, and sees the next one no sooner than a gap after that.
A turn also moves `next_at` a gap past its own start before sending, so even a process
killed before its answer keeps the next request about a gap away.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction

from core.locks import advisory_lock
from ingest.models import PoliteSlot

# The longest single sleep before the slot is looked at again (a Retry-After may shorten a
# wait only by being over; it is re-read anyway).
MAX_SLEEP_SECONDS = 60.0


@contextmanager
def polite_turn(key: str = "arxiv", gap_seconds: float | None = None) -> Iterator[None]:
    """Wait for the turn of `key`, hold it while the body of the `with` sends one request
    and reads its answer, and start the next gap when the body ends (answer or failure).

    Use it outside any transaction; no row lock is held while sleeping or sending.
    """
    if connection.in_atomic_block:
        raise RuntimeError("polite_turn() must not run inside a transaction")
    gap = settings.ARXIV_DELAY_SECONDS if gap_seconds is None else gap_seconds
    with advisory_lock(f"politeness:{key}", wait=True):
        _claim(key, gap)
        try:
            yield
        finally:
            _start_gap(key, gap)


def _claim(key: str, gap: float) -> None:
    """Sleep until the slot's time has come, then move it a gap on (in one statement, so a
    hold set meanwhile is never run over)."""
    table = PoliteSlot._meta.db_table
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (key, next_at) VALUES (%s, 'epoch') "
                "ON CONFLICT (key) DO NOTHING",
                [key],
            )
            cursor.execute(
                f"UPDATE {table} SET next_at = clock_timestamp() + make_interval(secs => %s) "
                "WHERE key = %s AND next_at <= clock_timestamp() RETURNING 1",
                [gap, key],
            )
            if cursor.fetchone():
                return
            cursor.execute(
                f"SELECT extract(epoch FROM next_at - clock_timestamp()) FROM {table} "
                "WHERE key = %s",
                [key],
            )
            wait = float(cursor.fetchone()[0])
        time.sleep(min(max(wait, 0.0), MAX_SLEEP_SECONDS))


def _start_gap(key: str, gap: float) -> None:
    """The next request may go `gap` seconds from now, or later if a hold says so."""
    table = PoliteSlot._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET next_at = "
            "GREATEST(next_at, clock_timestamp() + make_interval(secs => %s)) WHERE key = %s",
            [gap, key],
        )


def hold_off(key: str, seconds: float) -> None:
    """Keep every process away from `key` for `seconds` (a 429/503 Retry-After is for all).

    Moves the shared slot forward, never back: a longer hold already set by another worker
    stays. Called inside the turn whose answer asked for it, so no other process sends first.
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
