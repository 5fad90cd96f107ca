"""tests.xdist_plugin: a Redis database per pytest-xdist worker, the demo tests as one unit."""

import os

from django.conf import settings

from tests.xdist_plugin import work_unit, worker_redis_url


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


def test_the_demo_tests_are_one_unit_and_every_other_test_its_own():
    assert work_unit("tests/demo/test_terms_demo.py::test_x") == "tests/demo/"
    assert work_unit("tests/demo/test_months_demo.py::test_y") == "tests/demo/"
    other = "tests/trends/test_months_api.py::test_z"
    assert work_unit(other) == other
