"""How the suite runs under pytest-xdist: a Redis database per worker, and the demo tests on
one worker.

Loaded with `-p tests.xdist_plugin` (pyproject addopts): `-p` plugins are imported before
pytest-django reads config.settings, which is too early for tests/conftest.py.

Redis: each test clears the cache (a FLUSHDB) and the worker tests start Celery workers on
REDIS_URL, so two xdist workers on one Redis database would wipe each other's cache and take
each other's tasks. Worker gwN uses database (D + N) mod 16 of the given REDIS_URL .../D; the
child processes the tests start (Celery, gunicorn) inherit it through the environment. Each
worker gets its own PostgreSQL test database from pytest-django (test_<name>_gwN).

Scheduling: the tests under TOGETHER share a package fixture (tests/demo/ imports the demo
corpus once), so they go to one worker as one unit; every other test is sent on its own, to
whichever worker is free. (xdist's own `--dist loadgroup` cannot do this with pytest 9,
whose node ids it no longer rewrites.) Without xdist nothing here changes anything.
"""

import os
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

REDIS_DATABASES = 16  # Redis' default `databases`
TOGETHER = ("tests/demo/",)


def worker_redis_url(url: str, worker: str) -> str:
    """REDIS_URL for xdist worker `worker` ("gw3"): the database number moved up by 3."""
    parts = urlsplit(url)
    base = int(parts.path.lstrip("/") or 0)
    number = (base + int(worker.removeprefix("gw"))) % REDIS_DATABASES
    return urlunsplit(parts._replace(path=f"/{number}"))


def work_unit(nodeid: str) -> str:
    """The unit a test is scheduled in: its TOGETHER prefix, or the test alone."""
    return next((prefix for prefix in TOGETHER if nodeid.startswith(prefix)), nodeid)


_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker and os.environ.get("REDIS_URL"):
    os.environ["REDIS_URL"] = worker_redis_url(os.environ["REDIS_URL"], _worker)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    from xdist.scheduler import LoadScopeScheduling

    class TogetherScheduling(LoadScopeScheduling):
        """LoadScope over work_unit: the largest units (the demo tests) are sent first."""

        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return TogetherScheduling(config, log)
