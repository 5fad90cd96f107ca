"""The Celery worker `make demo` runs beside gunicorn (EMBEDDED_WORKER=1, no REDIS_URL).

gunicorn's master starts it once it is ready (config/gunicorn.py `when_ready`, so the
embedded database is already up and the two never race to start it) and stops it when it
exits (`on_exit`): one command serves the demo, and Ctrl-C stops both. The worker runs in a
session of its own, so the terminal's Ctrl-C reaches gunicorn only, which then stops the
worker at once (a cold shutdown: a task in progress goes back to the queue, acks_late). It
runs at a lower CPU priority than the web workers, which share the machine with it. With the
embedded database it connects to the master's server by address (DATABASE_URL).
"""

import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

CONCURRENCY = 2  # a long after-ingest precompute never holds up a page's table
NICENESS = 10
STOP_SECONDS = 15


def start() -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    if settings.DATABASES["default"]["ENGINE"] == "config.embedded_postgres":
        # The server the master started, by address: the worker's processes must not join
        # pgserver's list of users (killed at a cold shutdown, they would stay listed and
        # keep the server running after the demo stops).
        from config.embedded_postgres.base import start_configured_server

        host, port = start_configured_server()
        name = quote(settings.EMBEDDED_DATABASE_NAME)
        env["DATABASE_URL"] = f"postgres://postgres@/{name}?host={quote(host)}&port={port}"
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker",
        "--concurrency", str(CONCURRENCY), "--loglevel", "WARNING", "-n", "demo@%h",
        # One worker on a folder broker: no peers to greet, sync with or watch.
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    return subprocess.Popen(
        command,
        cwd=Path(settings.BASE_DIR),
        env=env,
        start_new_session=True,
        preexec_fn=lambda: os.nice(NICENESS),  # safe: the master runs no threads
    )


def stop(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is not None:
        return
    worker.send_signal(signal.SIGQUIT)  # Celery's cold shutdown
    try:
        worker.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
