"""tests.xdist_env: each pytest-xdist worker gets a Redis database of its own."""

import os

from django.conf import settings

from tests.xdist_env import worker_redis_url


def test_it_moves_each_worker_up_from_the_given_database():
    assert worker_redis_url("redis://127.0.0.1:6379/2", "gw0") == "redis://127.0.0.1:6379/2"
    assert worker_redis_url("redis://127.0.0.1:6379/2", "gw1") == "redis://127.0.0.1:6379/3"
    assert worker_redis_url("redis://127.0.0.1:6379/15", "gw1") == "redis://127.0.0.1:6379/0"
    assert worker_redis_url("rediss://:pw@cache:6380", "gw2") == "rediss://:pw@cache:6380/2"


def test_the_cache_the_broker_and_the_child_processes_share_the_workers_database():
    # Child processes (Celery workers, gunicorn) inherit os.environ; the cache and the broker
    # of this process were configured from the settings, which must have read it already
    # moved (under xdist) to this worker's database.
    url = os.environ.get("REDIS_URL", "")
    assert url == settings.REDIS_URL
    if url:
        assert url == settings.CACHES["default"]["LOCATION"]
        assert url == settings.CELERY_BROKER_URL
