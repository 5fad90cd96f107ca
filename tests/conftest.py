"""Shared fixtures: snapshot files, a real Chromium, a real Celery worker.

Tests run against real PostgreSQL (DATABASE_URL, or the embedded server), real Redis
(REDIS_URL) and Debian's Chromium. Where a part is missing on a developer's machine the
tests that need it are skipped with the reason; under CI=true a missing part is a failure.
"""

import gzip
import json
import lzma
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# under a running loop unless told it is safe (it is: the loop is Playwright's, not ours).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition: bool, reason: str) -> None:
    """Skip when a real part is missing locally; fail under CI, where it must be there."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def v1_created(month: str, day: int = 2) -> list[dict[str, str]]:
    """`versions` of a paper first submitted in `month` ("2015-03"), in the snapshot's format."""
    when = datetime(int(month[:4]), int(month[5:7]), day, 9, 0, tzinfo=UTC)
    return [{"version": "v1", "created": format_datetime(when, usegmt=True)}]


def paper(
    arxiv_id: Any = "1409.0473", month: str | None = None, **overrides: Any
) -> dict[str, Any]:
    """One record in the Cornell snapshot layout, with sensible defaults.

    `month="2015-03"` sets the v1 submission date to that month.
    """
    if month is not None:
        overrides.setdefault("versions", v1_created(month))
    record: dict[str, Any] = {
        "id": arxiv_id,
        "submitter": "Someone",
        "authors": "Dzmitry Bahdanau, Kyunghyun Cho, Yoshua Bengio",
        "title": "Neural Machine Translation by Jointly\n  Learning to Align and Translate",
        "comments": "ICLR 2015",
        "journal-ref": None,
        "doi": None,
        "report-no": None,
        "categories": "cs.CL cs.LG cs.NE stat.ML",
        "license": None,
        "abstract": "  Neural machine translation is a recently proposed approach.\n",
        "versions": [
            {"version": "v1", "created": "Mon, 1 Sep 2014 16:33:02 GMT"},
            {"version": "v2", "created": "Tue, 2 Sep 2014 10:00:00 GMT"},
        ],
        "update_date": "2016-05-19",
        "authors_parsed": [["Bahdanau", "Dzmitry", ""]],
    }
    record.update(overrides)
    return record


@pytest.fixture
def write_snapshot(tmp_path: Path) -> Callable[..., Path]:
    """write_snapshot(lines, name="s.jsonl") -> path; dicts become JSON, strings stay raw."""

    def write(lines: list[Any], name: str = "snapshot.jsonl") -> Path:
        text = "".join((ln if isinstance(ln, str) else json.dumps(ln)) + "\n" for ln in lines)
        path = tmp_path / name
        data = text.encode()
        if name.endswith(".gz"):
            data = gzip.compress(data)
        elif name.endswith(".xz"):
            data = lzma.compress(data)
        path.write_bytes(data)
        return path

    return write


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require(CHROMIUM.exists(), "Debian's chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh page; a screenshot of it is kept in test-artifacts/ for a human to look at."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def database_url_for_subprocess() -> str:
    """A DATABASE_URL that reaches the (test) database this process is using."""
    params = connection.get_connection_params()
    host = params.get("host") or "127.0.0.1"
    port = params.get("port") or 5432
    user = params.get("user") or "postgres"
    name = settings.DATABASES["default"]["NAME"]
    if str(host).startswith("/"):
        return f"postgres://{user}@/{name}?host={host}&port={port}"
    return f"postgres://{user}@{host}:{port}/{name}"


@pytest.fixture
def celery_worker_process(
    transactional_db: None,
) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """start(*extra_args, **env) launches a real `celery worker` on REDIS_URL against the test
    database; keyword arguments are extra environment variables (ARXIV_API_URL=..., ...)."""
    require(bool(settings.REDIS_URL), "REDIS_URL is not set (a real worker needs Redis)")
    connection.ensure_connection()
    env = {**os.environ, "DATABASE_URL": database_url_for_subprocess(), "PYTHONUNBUFFERED": "1"}
    started: list[subprocess.Popen[bytes]] = []

    def start(*extra: str, **extra_env: str) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO",
             "--concurrency=1", "--without-gossip", "--without-mingle", *extra],
            env={**env, **extra_env}, cwd=settings.BASE_DIR, start_new_session=True,
        )  # fmt: skip
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def wait_until(check: Callable[[], bool], timeout: float = 30.0, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)
    return check()


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    """No worker in this test: a queued task runs in process, as without Redis."""
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test starts from generation 0 of its own data: cached answers must not leak."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
