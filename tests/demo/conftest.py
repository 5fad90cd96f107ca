"""The tests on the whole bundled corpus share one import of it.

The 69,760 demo papers are imported once for this package, the way `make demo` imports
them: by `manage.py import_snapshot` in a child process, whose term extraction forks a pool
of workers (inside a pytest-xdist worker, or inside a transaction, extraction runs in one
process: 3-4 minutes on two cores instead of under two). The import commits to this
worker's test database; after the package's last test the database is flushed, as a
transactional test leaves it, so the other tests still start from an empty one. Each test
here runs in a savepoint (pytest-django's `db`), so what a test writes is rolled back
before the next one. While the child imports, this process builds
the brute-force term oracle from the raw file, and while the tests run a second child
imports the file again (it must change nothing), so the costliest steps overlap.

Under pytest-xdist, tests/xdist_plugin.py sends the tests here to one worker as one unit,
first, so the import happens once per run while the other workers take the rest.
"""

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.management import call_command
from pytest_django import DjangoDbBlocker

from entities.models import Entity
from entities.seeding import seed_entities
from ingest.models import IngestRun
from ingest.records import parse_record
from ingest.snapshot import open_snapshot
from tests.conftest import database_url_for_subprocess
from tests.trends.bruteforce_terms import Oracle

IMPORT_TIMEOUT_S = 1800


@dataclass
class DemoCorpus:
    run: IngestRun  # the import's ingest run (its counts)
    # The brute-force term oracle over the raw file's papers, built while the import runs.
    oracle: Oracle
    # The same file imported again, in the background while the tests run: it must change
    # nothing (the months test waits for it and reads its ingest run).
    again: "ImportChild"


class ImportChild:
    """`manage.py import_snapshot` of the demo corpus (every category) in a child process,
    against this process's test database; its output goes to a temporary file (a pipe
    nobody reads while the parent works could fill and stall the child)."""

    def __init__(self) -> None:
        self.output = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed in finish)
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "import_snapshot", str(settings.DEMO_CORPUS),
             "--categories", "all"],
            env={**os.environ, "DATABASE_URL": database_url_for_subprocess()},
            cwd=settings.BASE_DIR, stdout=self.output, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.log: str | None = None

    def finish(self) -> IngestRun:
        """Wait for the import (once); its ingest run (the latest)."""
        if self.log is None:
            try:
                self.process.wait(timeout=IMPORT_TIMEOUT_S)
            finally:
                self.process.kill()  # only if the wait timed out (else it has ended)
                self.output.seek(0)
                self.log = self.output.read()
                self.output.close()
        assert self.process.returncode == 0, f"the demo import failed:\n{self.log}"
        return IngestRun.objects.latest("pk")


@pytest.fixture(scope="package")
def demo_corpus(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[DemoCorpus]:
    """The whole demo corpus (every category, as `load_demo` loads it), imported once for
    the tests of this package."""
    with django_db_blocker.unblock():
        # The entity matcher runs during the import: the seeded entities must be there
        # (a transactional test may have flushed the rows migrations made).
        if not Entity.objects.exists():
            seed_entities()
        first = ImportChild()
        try:
            oracle = Oracle(_raw_texts())
        finally:
            run = first.finish()
        again = ImportChild()
        try:
            with django_db_blocker.block():  # the tests reach the database through django_db
                yield DemoCorpus(run, oracle, again)
        finally:
            again.finish()
            call_command("flush", interactive=False, verbosity=0)


def _raw_texts() -> Iterator[tuple[str, str]]:
    """(title, abstract) of every record of the corpus file, as the importer parses them."""
    stream, raw = open_snapshot(settings.DEMO_CORPUS)
    with stream, raw:
        for line in stream:
            record, _ = parse_record(json.loads(line))
            yield record.title, record.abstract
