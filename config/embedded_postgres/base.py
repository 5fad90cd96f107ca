import functools
import logging
import warnings
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.backends.postgresql import base


@functools.cache
def start_server(data_dir: str, database: str) -> tuple[str, int]:
    """Start (or join) the embedded server in `data_dir`; return its (host, port)."""
    # pgserver logs every pg_ctl call at INFO and platformdirs warns about XDG_RUNTIME_DIR.
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    try:
        import pgserver

        Path(data_dir).parent.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(data_dir)
        info = server.get_postmaster_info()
        # pgserver listens on a unix socket where the path is short enough, else on loopback.
        host = str(info.socket_dir) if info.socket_dir else "127.0.0.1"
        with psycopg.connect(host=host, port=info.port, user="postgres", dbname="postgres") as conn:
            conn.autocommit = True
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
            if exists.fetchone() is None:
                conn.execute(f'CREATE DATABASE "{database}"')
    except Exception as exc:
        raise ImproperlyConfigured(
            f"The embedded PostgreSQL (pgserver, data folder {data_dir}) could not start: "
            f"{type(exc).__name__}: {exc}. Either fix that (see {data_dir}/log), or run against "
            "an existing server by setting DATABASE_URL, e.g. "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/arxiv_trends"
        ) from exc
    return host, info.port


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict[str, Any]:
        host, port = start_server(settings.EMBEDDED_DATABASE_DIR, settings.EMBEDDED_DATABASE_NAME)
        self.settings_dict["HOST"] = host
        self.settings_dict["PORT"] = str(port)
        return super().get_connection_params()
