"""Cluster-wide locks in PostgreSQL (advisory locks), so a job never overlaps itself, with or
without Redis. The one place that takes them: ingest runs, term refreshes, institution
refreshes.

Locks are named ("ingest:arxiv_api:cs.LG:2019-02-01:2019-02-28"), hashed to PostgreSQL's
64-bit key by `hashtextextended`. They are session-level: if the process holding one dies
(even by SIGKILL) its connection closes and PostgreSQL releases the lock, so a crash never
leaves a stale lock.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from django.db import DatabaseError, connection

_TRY = "SELECT pg_try_advisory_lock(hashtextextended(%s, 0))"
_WAIT = "SELECT pg_advisory_lock(hashtextextended(%s, 0)), true"
_UNLOCK = "SELECT pg_advisory_unlock(hashtextextended(%s, 0))"


@contextmanager
def advisory_lock(name: str, *, wait: bool = False, own_connection: bool = False) -> Iterator[bool]:
    """Take the lock `name`; yield whether this process holds it.

    Without `wait` it does not queue (another holder: yields False at once); with it, it
    blocks until the lock is free and always yields True. `own_connection` holds it on a
    connection of its own, for work that closes Django's connections while it runs (a fork
    of worker processes would silently drop a lock taken on the shared one).
    """
    if own_connection:
        params = connection.get_connection_params()
        keys = ("dbname", "host", "port", "user", "password")
        settings = {k: params[k] for k in keys if params.get(k)}
        with psycopg.connect(**settings, autocommit=True) as own:
            row = own.execute(_WAIT if wait else _TRY, [name]).fetchone()
            yield bool(row and row[-1])  # closing the connection releases the lock
        return
    with connection.cursor() as cursor:
        cursor.execute(_WAIT if wait else _TRY, [name])
        held = bool(cursor.fetchone()[-1])
    try:
        yield held
    finally:
        if held:
            try:
                with connection.cursor() as cursor:
                    cursor.execute(_UNLOCK, [name])
            except DatabaseError:
                # The connection is gone (a database restart): so is the lock it held.
                connection.close()
