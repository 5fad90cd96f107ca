import itertools
import subprocess
import sys
import time
from datetime import datetime

import pytest
from django.conf import settings

from ingest.models import PoliteSlot
from ingest.politeness import hold_off, wait_for_turn
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


@pytest.mark.django_db(transaction=True)
def test_a_retry_after_seen_by_one_process_holds_off_the_others():
    """The hold is set only once the other process is up (Django's start-up can take longer
    than any hold on a busy machine), and both ends are read on the database's clock."""
    script = (
        "import django, os, sys; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings';"
        "django.setup(); from django.db import connection\n"
        "from ingest.politeness import wait_for_turn\n"
        "print('ready', flush=True); sys.stdin.readline(); wait_for_turn('held-host', 0.1)\n"
        "with connection.cursor() as c:\n"
        "    c.execute('SELECT clock_timestamp()'); print(c.fetchone()[0].isoformat())\n"
    )
    env = {"DATABASE_URL": database_url_for_subprocess(), "PATH": "/usr/bin:/bin"}
    other = subprocess.Popen([sys.executable, "-c", script], env=env, cwd=settings.BASE_DIR,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert other.stdout is not None and other.stdin is not None
    assert other.stdout.readline().strip() == "ready"
    hold_off("held-host", 1.0)
    held_until = PoliteSlot.objects.get(key="held-host").next_at
    out, _ = other.communicate("go\n", timeout=60)
    claimed_at = datetime.fromisoformat(out.strip())
    assert claimed_at >= held_until, (claimed_at, held_until)
