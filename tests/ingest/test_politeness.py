import itertools
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection

from ingest.models import PoliteSlot
from ingest.politeness import hold_off, polite_turn
from tests.conftest import database_url_for_subprocess

GAP = 0.3


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_gap_between_processes():
    """Three processes take turns at once, each "sending" (stamping the time) in its turn and
    sometimes slowly, as a busy CPU would: the stamps are at least GAP apart, in any order."""
    script = (
        "import django, os, random, time; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings';"
        "django.setup(); from ingest.politeness import polite_turn\n"
        "for _ in range(3):\n"
        f"    with polite_turn('test-host', {GAP}):\n"
        "        time.sleep(random.uniform(0, 0.2)); print(time.time(), flush=True)\n"
        "        time.sleep(random.uniform(0, 0.2))\n"
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
    # By construction, not by a margin: a turn starts a gap after the previous one ended
    # (the tolerance is the clocks' microsecond rounding).
    assert min(gaps) >= GAP - 0.001, gaps


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_hold_the_lock_inside_a_transaction():
    from django.db import transaction

    with transaction.atomic(), pytest.raises(RuntimeError), polite_turn("test-host", GAP):
        pass
    started = time.monotonic()
    with polite_turn("other-host", GAP):
        pass
    assert time.monotonic() - started < GAP


@pytest.mark.django_db(transaction=True)
def test_a_retry_after_seen_by_one_process_holds_off_the_others():
    """The hold is set only once the other process is up (Django's start-up can take longer
    than any hold on a busy machine), and both ends are read on the database's clock."""
    script = (
        "import django, os, sys; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings';"
        "django.setup(); from django.db import connection\n"
        "from ingest.politeness import polite_turn\n"
        "print('ready', flush=True); sys.stdin.readline()\n"
        "with polite_turn('held-host', 0.1), connection.cursor() as c:\n"
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


@pytest.mark.django_db(transaction=True)
def test_the_next_gap_starts_when_a_slow_request_is_answered():
    """A request that takes longer than the gap holds the slot until it is answered; the next
    turn comes a whole gap after that, not a gap after the slow one was claimed."""
    answered: list[float] = []
    inside = threading.Event()

    def slow_request() -> None:
        try:
            with polite_turn("slow-host", GAP):
                inside.set()
                time.sleep(2 * GAP)
                answered.append(time.monotonic())
        finally:
            connection.close()

    thread = threading.Thread(target=slow_request)
    thread.start()
    assert inside.wait(timeout=30)
    with polite_turn("slow-host", GAP):
        turn = time.monotonic()
    thread.join(timeout=30)
    assert turn - answered[0] >= GAP - 0.001, (turn, answered)


@pytest.mark.django_db(transaction=True)
def test_a_process_killed_mid_request_frees_the_turn_a_gap_after_its_start():
    """Its connection, and so its turn, is gone with it; the next request still waits a gap
    from the killed one's start, and not for the 600 s it meant to take."""
    script = (
        "import django, os, time; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings';"
        "django.setup(); from ingest.politeness import polite_turn\n"
        f"with polite_turn('killed-host', {GAP}):\n"
        "    print('sending', flush=True); time.sleep(600)\n"
    )
    env = {"DATABASE_URL": database_url_for_subprocess(), "PATH": "/usr/bin:/bin"}
    doomed = subprocess.Popen([sys.executable, "-c", script], env=env, cwd=settings.BASE_DIR,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert doomed.stdout is not None and doomed.stdout.readline().strip() == "sending"
    claimed_until = PoliteSlot.objects.get(key="killed-host").next_at
    doomed.kill()
    doomed.wait(timeout=30)
    with polite_turn("killed-host", GAP), connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        entered_at = cursor.fetchone()[0]
    assert claimed_until <= entered_at < claimed_until + timedelta(seconds=30)
