"""A PostgreSQL backend that starts its own server (pgserver) on first connection.

Used when DATABASE_URL is not set, so `make demo` needs nothing but Python. The server
lives in a git-ignored data folder and is shared by every process of the project (gunicorn,
management commands, workers). pgserver keeps a list of the processes using it and stops the
server when the last one exits.

Under gunicorn the master starts the server once, before forking (config/gunicorn.py calls
`start_server` in `on_starting`): the master is on pgserver's list for as long as gunicorn
runs, and each worker inherits the cached (host, port) instead of joining the list itself.
A worker that exits or is killed and replaced therefore never takes the server down.

Processes that start at once (the pytest-xdist workers of a first `make test`) take turns
(`_start_lock`): pgserver's own lock covers initdb and the start, not the data folder's
creation, the max_connections restart below or the database's creation, and each of those
failed a worker when two raced.
"""

import fcntl
import functools
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.backends.postgresql import base


def _connect(host: str, port: int) -> psycopg.Connection[Any]:
    return psycopg.connect(
        host=host, port=port, user="postgres", dbname="postgres", autocommit=True
    )


def _apply_max_connections(server: Any, host: str, port: int, wanted: int) -> tuple[str, int]:
    """Set max_connections to `wanted`; it needs a restart, so only when it differs (the
    first start of a data folder, or a changed setting)."""
    # pg_ctl is made when pgserver._commands is imported, so mypy cannot see it.
    from pgserver._commands import pg_ctl  # type: ignore[attr-defined]
    from pgserver.utils import PostmasterInfo

    with _connect(host, port) as conn:
        current = conn.execute("SHOW max_connections").fetchone()
        if current is not None and int(current[0]) == wanted:
            return host, port
        conn.execute(f"ALTER SYSTEM SET max_connections = {int(wanted)}")
    pg_ctl(["-w", "restart"], pgdata=server.pgdata, user=server.system_user, timeout=30)
    info = PostmasterInfo.read_from_pgdata(server.pgdata)
    assert info is not None
    server._postmaster_info = info  # pgserver stops the server it knows about at exit
    return (str(info.socket_dir) if info.socket_dir else "127.0.0.1"), info.port


@contextmanager
def _start_lock(data_dir: str) -> Iterator[None]:
    """One process at a time starts or joins the server of `data_dir` (module docstring)."""
    folder = Path(data_dir)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with (folder.parent / f".{folder.name}.start-lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        yield


@functools.cache
def start_server(data_dir: str, database: str) -> tuple[str, int]:
    """Start (or join) the embedded server in `data_dir`; return its (host, port)."""
    # pgserver logs every pg_ctl call at INFO and platformdirs warns about XDG_RUNTIME_DIR.
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    try:
        with _start_lock(data_dir):
            return _start(data_dir, database)
    except Exception as exc:
        raise ImproperlyConfigured(
            f"The embedded PostgreSQL (pgserver, data folder {data_dir}) could not start: "
            f"{type(exc).__name__}: {exc}. Either fix that (see {data_dir}/log), or run against "
            "an existing server by setting DATABASE_URL, e.g. "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/arxiv_trends"
        ) from exc


def _start(data_dir: str, database: str) -> tuple[str, int]:
    import pgserver

    server = pgserver.get_server(data_dir)
    info = server.get_postmaster_info()
    # pgserver listens on a unix socket where the path is short enough, else on loopback.
    host = str(info.socket_dir) if info.socket_dir else "127.0.0.1"
    host, port = _apply_max_connections(
        server, host, info.port, settings.EMBEDDED_DATABASE_MAX_CONNECTIONS
    )
    with _connect(host, port) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
        if exists.fetchone() is None:
            conn.execute(f'CREATE DATABASE "{database}"')
    return host, port


def start_configured_server() -> tuple[str, int]:
    """The embedded server of the current settings (gunicorn's master calls this)."""
    return start_server(settings.EMBEDDED_DATABASE_DIR, settings.EMBEDDED_DATABASE_NAME)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict[str, Any]:
        host, port = start_configured_server()
        self.settings_dict["HOST"] = host
        self.settings_dict["PORT"] = str(port)
        return super().get_connection_params()
