import itertools
import subprocess
import sys
import time

import pytest
from django.conf import settings

from ingest.politeness import wait_for_turn
from tests.conftest import database_url_for_subprocess

GAP = 0.3


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_gap_between_processes():
    """Three processes claim slots at once; the claims are at least GAP apart, in any order."""
    script = (
        "import django, os, time; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings';"
        "django.setup(); from ingest.politeness import wait_for_turn\n"
        "for _ in range(3):\n"
        f"    wait_for_turn('test-host', {GAP}); print(time.time(), flush=True)\n"
    )
    env = {"DATABASE_URL": database_url_for_subprocess(), "PATH": "/usr/bin:/bin"}
    workers = [
        subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE,
                         cwd=settings.BASE_DIR, text=True)
        for _ in range(3)
    ]  # fmt: skip
    stamps = sorted(float(line) for w in workers for line in w.communicate(timeout=60)[0].split())
    assert len(stamps) == 9
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    # Process start-up and printing add jitter after the claim, never before it.
    assert min(gaps) >= GAP - 0.05, gaps


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_hold_the_lock_inside_a_transaction():
    from django.db import transaction

    with transaction.atomic(), pytest.raises(RuntimeError):
        wait_for_turn("test-host", GAP)
    started = time.monotonic()
    wait_for_turn("other-host", GAP)
    assert time.monotonic() - started < GAP
