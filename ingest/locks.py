"""Cluster-wide locks in PostgreSQL, so a job never overlaps itself, with or without Redis.

Session-level advisory locks: if the process holding one dies (even by SIGKILL) its
connection closes and PostgreSQL releases the lock, so a crash never leaves a stale lock.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection


@contextmanager
def advisory_lock(name: str) -> Iterator[bool]:
    """Try to take the lock `name` without waiting; yield whether this process holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtextextended(%s, 0))", [name])
        held = bool(cursor.fetchone()[0])
    try:
        yield held
    finally:
        if held:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))", [name])
            except DatabaseError:
                # The connection is gone (a database restart): so is the lock it held.
                connection.close()
