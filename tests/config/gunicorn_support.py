"""Start the project's real gunicorn (config/gunicorn.py) in a child process for a test."""

import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings

from benchmarks.api import _free_port


def gunicorn_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "LOOPBACK_ONLY")}
    return {**env, "PYTHONUNBUFFERED": "1", "GUNICORN_ACCESS_LOG": "", **extra}


def run_gunicorn(env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run gunicorn expecting it to stop by itself (a refusal at start)."""
    return subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@contextmanager
def serving(
    env: dict[str, str], up_timeout: float = 90, started: list[subprocess.Popen[str]] | None = None
) -> Iterator[str]:
    """gunicorn on a free loopback port; yields its base URL and stops it afterwards (its
    master process is appended to `started`, when given)."""
    port = _free_port()
    log = tempfile.TemporaryFile("w+")  # noqa: SIM115  (a pipe nobody reads could block it)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=settings.BASE_DIR, env={**env, "BIND": f"127.0.0.1:{port}"},
        stdout=log, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    if started is not None:
        started.append(process)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + up_timeout
        while True:
            try:
                if get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise AssertionError(f"gunicorn did not come up:\n{log.read()}")
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
