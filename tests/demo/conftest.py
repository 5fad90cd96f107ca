"""The tests on the whole bundled corpus share one import of it.

Importing the 69,760 demo papers (with the aggregates after_ingest builds) takes a minute or
two; each test here used to do it inside its own transaction. Now the corpus is imported
once, inside a transaction opened before the first test of this package and rolled back
after its last one, so every other test still starts from an empty database. Each test runs
in a savepoint inside it (pytest-django's `db`), so what a test writes (the months test
imports the corpus a second time) is rolled back before the next one. No test here may be
transactional: a flush would run inside the shared transaction.

Under pytest-xdist, tests/xdist_plugin.py sends the tests here to one worker as one unit, so
the import happens once per run.
"""

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import transaction
from pytest_django import DjangoDbBlocker

from core.reports import ImportReport
from entities.models import Entity
from entities.seeding import seed_entities
from ingest.snapshot import SnapshotFilter, import_snapshot


@pytest.fixture(scope="package")
def demo_corpus(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[ImportReport]:
    """The whole demo corpus (every category, as `load_demo` loads it), imported once for
    the tests of this package; its import report."""
    with django_db_blocker.unblock(), transaction.atomic():
        # The entity matcher runs during the import: the seeded entities must be there
        # (a transactional test elsewhere may have flushed the rows migrations made).
        if not Entity.objects.exists():
            seed_entities()
        report, _run = import_snapshot(settings.DEMO_CORPUS, SnapshotFilter(None))
        with django_db_blocker.block():  # the tests reach the database through django_db
            yield report
        transaction.set_rollback(True)
