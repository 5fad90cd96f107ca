"""Scratch databases for benchmarks, on the same server as the default database.

Benchmarks never touch the real data: they create `<name>_bench_<label>`, run the project's
own commands against it in child processes (so their peak memory can be measured alone),
and reuse a database that an earlier run already filled when asked to.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
from django.conf import settings
from django.db import connection
from psycopg.rows import dict_row

from benchmarks import Figures

RESULT_FILE_ENV = "BENCHMARK_RESULT_FILE"


@dataclass
class ChildRun:
    seconds: float
    peak_rss_mib: float
    output: str
    # CPU time of the child process itself (user + system; not the database server's): on a
    # loaded machine the wall time can be several times it.
    cpu_seconds: float = 0.0


def server_params() -> dict[str, object]:
    connection.ensure_connection()
    params = connection.get_connection_params()
    return {k: params[k] for k in ("host", "port", "user", "password") if params.get(k)}


def database_url(name: str) -> str:
    params = server_params()
    user = quote(str(params.get("user", "postgres")))
    password = f":{quote(str(params['password']))}" if params.get("password") else ""
    host = str(params.get("host", "127.0.0.1"))
    port = params.get("port", 5432)
    if host.startswith("/"):
        return f"postgres://{user}{password}@/{name}?host={quote(host)}&port={port}"
    return f"postgres://{user}{password}@{host}:{port}/{name}"


def scratch_name(label: str) -> str:
    return f"{settings.DATABASES['default']['NAME']}_bench_{label}".lower()[:63]


def database_exists(name: str) -> bool:
    with psycopg.connect(dbname="postgres", **server_params(), autocommit=True) as admin:  # type: ignore[arg-type]
        return (
            admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            is not None
        )


def create_database(name: str) -> str:
    """Drop and create an empty, migrated database; return its DATABASE_URL."""
    with psycopg.connect(dbname="postgres", **server_params(), autocommit=True) as admin:  # type: ignore[arg-type]
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    url = database_url(name)
    run_child(url, ["migrate", "--noinput", "-v0"])
    return url


def run_child(url: str, args: list[str], *, extra_env: dict[str, str] | None = None) -> ChildRun:
    """Run `manage.py ARGS` against the scratch database; time it and read its peak RSS."""
    env = {**os.environ, "DATABASE_URL": url, **(extra_env or {})}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    output = process.stdout.read().decode() if process.stdout else ""
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed ({process.returncode}):\n{output}")
    # ru_maxrss is in KiB on Linux.
    return ChildRun(seconds, usage.ru_maxrss / 1024, output, usage.ru_utime + usage.ru_stime)


def child_figures(url: str, args: list[str], extra_env: dict[str, str]) -> Figures:
    """Run `manage.py benchmark ...` in a child against `url`; its figures, as data."""
    with tempfile.NamedTemporaryFile(suffix=".json") as result:
        child = run_child(url, args, extra_env={**extra_env, RESULT_FILE_ENV: result.name})
        print(child.output.rstrip())
        return json.loads(Path(result.name).read_text())


def latest_run(url: str) -> dict[str, Any]:
    """The newest ingest run of a scratch database, as a dict of its columns."""
    with psycopg.connect(url, row_factory=dict_row) as conn:
        row = conn.execute(
            "SELECT *, extract(epoch FROM finished_at - started_at) AS seconds "
            "FROM ingest_ingestrun ORDER BY id DESC LIMIT 1"
        ).fetchone()
    if row is None:
        raise RuntimeError("the child process recorded no ingest run")
    return row
