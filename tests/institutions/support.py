"""The registry the institutions tests resolve against: 30 real ROR records (a sample of
data/ror/, in the dump's own format) plus the curated seed, loaded once per database.

A transactional test's flush empties the database for every later test of its xdist worker,
and a test's own transaction rolls back what it loaded, so the load repeats in most of the
~120 tests that need it: 2.5 s each through the importers (about 1,400 queries). The first
load of a process is therefore kept as the COPY text of the four tables it fills, and an
empty database is refilled from that (a few COPY statements) instead.
"""

import json
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.models import Max, Model

from institutions.importer import import_conference
from institutions.models import Alias, Institution, ParentLink, RegistryName
from institutions.refresh import REFRESH
from institutions.registry import import_registry
from institutions.seed_loader import ensure_seed

ROR_SAMPLE = Path(__file__).resolve().parent.parent / "data" / "ror-sample.json"
# Every table the sample and the seed fill, parents first.
TABLES: tuple[type[Model], ...] = (Institution, RegistryName, ParentLink, Alias)
_loaded: dict[str, bytes] = {}  # table -> its rows as COPY text, from the first load


def ensure_registry() -> None:
    """Import the sample and the curated seed if a (flushed) test database lacks them."""
    with REFRESH.off():
        if _loaded and not any(model._default_manager.exists() for model in TABLES):
            _restore()
            return
        if not Institution.objects.exclude(ror_id=None).exists():
            import_registry(ROR_SAMPLE)
        ensure_seed()
        if not _loaded:
            _loaded.update(_copy_out())


def _copy_out() -> dict[str, bytes]:
    rows = {}
    with connection.cursor() as cursor:
        for model in TABLES:
            table = model._meta.db_table
            with cursor.copy(f"COPY {table} TO STDOUT") as copy:
                rows[table] = b"".join(bytes(block) for block in copy)
    return rows


def _restore() -> None:
    with connection.cursor() as cursor:
        for model in TABLES:
            table = model._meta.db_table
            with cursor.copy(f"COPY {table} FROM STDIN") as copy:
                copy.write(_loaded[table])
            # The rows keep their ids: new rows of the test must be numbered after them.
            top = model._default_manager.aggregate(top=Max("pk"))["top"] or 0
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, %s)",
                [table, max(top, 1), top > 0],
            )


def import_list(directory: Path, name: str, records: list[dict[str, Any]]) -> None:
    """Write a conference list in the paperlists format under the name the importer reads
    its conference and year from ("icml2017.json") and import it."""
    path = directory / name
    path.write_text(json.dumps(records), encoding="utf-8")
    import_conference(path)
