"""One Redis database per pytest-xdist worker, chosen before the settings are read.

Loaded with `-p tests.xdist_env` (pyproject addopts): `-p` plugins are imported before
pytest-django reads config.settings, which is too early for tests/conftest.py. Each test
clears the cache (a FLUSHDB) and the worker tests start Celery workers on REDIS_URL, so two
xdist workers on one Redis database would wipe each other's cache and take each other's
tasks. Worker gwN uses database (D + N) mod 16 of the given REDIS_URL .../D; the child
processes the tests start (Celery, gunicorn) inherit it through the environment. Each worker
gets its own PostgreSQL test database from pytest-django (test_<name>_gwN). Without xdist
nothing changes.
"""

import os
from urllib.parse import urlsplit, urlunsplit

REDIS_DATABASES = 16  # Redis' default `databases`


def worker_redis_url(url: str, worker: str) -> str:
    """REDIS_URL for xdist worker `worker` ("gw3"): the database number moved up by 3."""
    parts = urlsplit(url)
    base = int(parts.path.lstrip("/") or 0)
    number = (base + int(worker.removeprefix("gw"))) % REDIS_DATABASES
    return urlunsplit(parts._replace(path=f"/{number}"))


_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker and os.environ.get("REDIS_URL"):
    os.environ["REDIS_URL"] = worker_redis_url(os.environ["REDIS_URL"], _worker)
