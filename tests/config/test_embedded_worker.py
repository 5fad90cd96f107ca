"""`make demo`'s worker: with EMBEDDED_WORKER=1 and no Redis, gunicorn's master runs a Celery
worker on a folder broker, a new hot selection is computed there (the request answers 202 at
once), every web process then serves it, and stopping gunicorn stops the worker."""

import subprocess
import time

import psutil
import pytest

from tests.config.gunicorn_support import get, gunicorn_env, serving
from tests.conftest import database_url_for_subprocess, wait_until
from tests.trends.test_hot_serving import _corpus

pytestmark = pytest.mark.worker


@pytest.mark.django_db(transaction=True)
def test_a_new_hot_selection_is_computed_by_the_embedded_worker(
    write_snapshot, eager_tasks, tmp_path
):
    _corpus(write_snapshot)
    env = {k: v for k, v in gunicorn_env().items() if k != "REDIS_URL"}
    env.update(
        DATABASE_URL=database_url_for_subprocess(), LOOPBACK_ONLY="1", EMBEDDED_WORKER="1",
        ARXIV_TRENDS_DATA_DIR=str(tmp_path), WEB_CONCURRENCY="2",
    )  # fmt: skip
    url = "/api/hot?as_of=2016-07&window=2&categories=cs.CL,cs.LG"
    masters: list[subprocess.Popen[str]] = []
    with serving(env, started=masters) as base:
        workers = [p for p in psutil.Process(masters[0].pid).children() if "celery" in p.cmdline()]
        assert len(workers) == 1, "gunicorn's master runs one Celery worker"
        started = time.monotonic()
        status, headers, _ = get(base + url)
        assert status == 202 and headers["Retry-After"] == "2"
        assert time.monotonic() - started < 30  # queued, not computed in the request
        assert wait_until(lambda: get(base + url)[0] == 200, timeout=180, interval=1)
        for _ in range(4):  # whichever web worker answers, it reads the stored table
            status, _, body = get(base + url)
            assert status == 200 and b'"source":"computed by a worker"' in body
    workers[0].wait(timeout=30)  # stopped with gunicorn
    assert not workers[0].is_running()
