"""gunicorn settings for every deployment (`make demo`, the Docker image, `benchmark serve`).

    gunicorn -c config/gunicorn.py config.wsgi

Workers come from WEB_CONCURRENCY (default 2), threads per worker from GUNICORN_THREADS
(default 1: sync workers), the address from BIND (default 127.0.0.1:$PORT). Before forking,
the master checks what the workers will need and refuses to start rather than fail later:
- database connections: each serving thread keeps one persistent connection, so
  workers x threads must fit in half of DATABASE_MAX_CONNECTIONS;
- the built-in SECRET_KEY serves only with LOOPBACK_ONLY=1, and then every bound address
  must be a loopback one (config/serving.py);
- with the embedded database, the master starts it once (config/embedded_postgres/base.py),
  so worker restarts never stop it.
With EMBEDDED_WORKER=1 (`make demo`) the master also runs the Celery worker of the embedded
broker, from when it is ready until it exits (config/embedded_worker.py).
"""

import os
from typing import Any

from config.env import envint, envstr

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

bind = [envstr("BIND", f"127.0.0.1:{envint('PORT', 8000, minimum=1)}")]
workers = envint("WEB_CONCURRENCY", 2, minimum=1)
threads = envint("GUNICORN_THREADS", 1, minimum=1)
timeout = envint("GUNICORN_TIMEOUT", 30, minimum=1)
# Recycling workers now and then bounds what a slow leak could grow to.
max_requests = envint("GUNICORN_MAX_REQUESTS", 5000, minimum=0)
max_requests_jitter = max_requests // 10
accesslog = envstr("GUNICORN_ACCESS_LOG", "-") or None
# The master loads the app (and, in when_ready, every view module) before forking: workers
# start warm and share those pages, and a recycled worker is not slow on its first requests.
# The master opens no database connection, so none is shared across the fork.
preload_app = True
forwarded_allow_ips = envstr("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server: Any) -> None:
    import django
    from django.conf import settings

    from config import serving

    django.setup()
    serving.check_connection_budget(workers * threads)
    serving.refuse_insecure_key(server.cfg.bind)
    if settings.DATABASES["default"]["ENGINE"] == "config.embedded_postgres":
        from config.embedded_postgres.base import start_configured_server

        start_configured_server()


def when_ready(server: Any) -> None:
    from django.conf import settings
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view (and plotly) before the fork
    if settings.EMBEDDED_WORKER:
        from config import embedded_worker

        server.embedded_worker = embedded_worker.start()


def on_exit(server: Any) -> None:
    worker = getattr(server, "embedded_worker", None)
    if worker is not None:
        from config import embedded_worker

        embedded_worker.stop(worker)
