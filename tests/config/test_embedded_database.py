"""The embedded default: no DATABASE_URL means the project runs its own PostgreSQL."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
from django.conf import settings

from tests.config.gunicorn_support import get, gunicorn_env, serving
from tests.conftest import paper


def manage(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["ARXIV_TRENDS_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip


def test_it_starts_its_own_postgres_and_shares_it_between_commands(tmp_path, write_snapshot):
    data_dir = tmp_path / "data"
    snapshot = write_snapshot([paper("1409.0473"), paper("1706.03762")])
    migrated = manage("migrate", "--noinput", "-v0", data_dir=data_dir)
    assert migrated.returncode == 0, migrated.stderr
    imported = manage("import_snapshot", str(snapshot), data_dir=data_dir)
    assert imported.returncode == 0, imported.stderr
    assert "imported 2" in imported.stdout
    # A third process finds the data the second one wrote: one server, one data folder.
    counted = manage(
        "shell", "-c", "from trends.models import Paper; print(Paper.objects.count())",
        data_dir=data_dir,
    )  # fmt: skip
    assert counted.stdout.strip().splitlines()[-1] == "2", counted.stderr
    assert (data_dir / "pg" / "PG_VERSION").exists()


def test_it_says_why_it_cannot_start_and_how_to_use_database_url(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    result = manage("migrate", "--noinput", data_dir=blocker / "data")
    assert result.returncode != 0
    assert "The embedded PostgreSQL (pgserver" in result.stderr
    assert "could not start" in result.stderr
    assert "DATABASE_URL=postgres://" in result.stderr


def test_it_serves_gunicorn_on_one_server_that_outlives_worker_restarts(tmp_path):
    """The master starts the embedded server once; a worker recycled after every 2 requests
    never stops it, and max_connections is the configured one."""
    data_dir = tmp_path / "data"
    assert manage("migrate", "--noinput", "-v0", data_dir=data_dir).returncode == 0
    env = {k: v for k, v in gunicorn_env().items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        ARXIV_TRENDS_DATA_DIR=str(data_dir), LOOPBACK_ONLY="1", WEB_CONCURRENCY="1",
        GUNICORN_MAX_REQUESTS="2", EMBEDDED_DATABASE_MAX_CONNECTIONS="60",
    )  # fmt: skip
    postmaster = data_dir / "pg" / "postmaster.pid"
    with serving(env) as base:
        first_pid = postmaster.read_text().split()[0]
        statuses = [get(f"{base}/api/months")[0] for _ in range(12)]
        assert statuses == [200] * 12
        lines = postmaster.read_text().splitlines()
        assert lines[0] == first_pid
        # postmaster.pid: pid, data dir, start time, port, socket dir, ...
        with psycopg.connect(host=lines[4], port=int(lines[3]), user="postgres") as conn:
            assert conn.execute("SHOW max_connections").fetchone() == ("60",)
