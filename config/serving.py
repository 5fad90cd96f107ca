"""Checks made before the app serves a request, so a wrong deployment stops at start.

The built-in SECRET_KEY (settings.BUILTIN_SECRET_KEY, used when SECRET_KEY is unset) signs
sessions and CSRF tokens with a key anyone can read in this repository. It may serve only a
server nobody else can reach: the operator says so with LOOPBACK_ONLY=1 (`make demo` does),
and gunicorn's master verifies every address it binds is a loopback one. Any other WSGI
server loading config/wsgi.py gets the same refusal unless LOOPBACK_ONLY=1 is set.
"""

import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def is_loopback(address: str) -> bool:
    """'127.0.0.1:8000', '[::1]:8000', 'localhost:8000' are; '0.0.0.0:8000', a host name,
    'unix:/path' (reachable by whoever can reach the socket's proxy) are not."""
    host = address.rsplit(":", 1)[0] if not address.startswith("[") else address[1:].split("]")[0]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def refuse_insecure_key(bound: Iterable[str] | None = None) -> None:
    """ImproperlyConfigured when the built-in key would serve beyond loopback."""
    if settings.SECRET_KEY != settings.BUILTIN_SECRET_KEY:
        return
    if not settings.LOOPBACK_ONLY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: refusing to serve with the built-in key. Set SECRET_KEY, "
            "or LOOPBACK_ONLY=1 when the server listens on 127.0.0.1 only (as `make demo`)."
        )
    public = [address for address in bound or [] if not is_loopback(address)]
    if public:
        raise ImproperlyConfigured(
            f"LOOPBACK_ONLY=1 but gunicorn binds {', '.join(public)}: with the built-in "
            "SECRET_KEY the server may listen on loopback addresses only. Set SECRET_KEY."
        )


def check_connection_budget(serving_threads: int) -> None:
    """Each serving thread holds one persistent database connection; half of the server's
    max_connections is left for Celery, beat and management commands."""
    budget = settings.DATABASE_MAX_CONNECTIONS // 2
    if serving_threads > budget:
        raise ImproperlyConfigured(
            f"WEB_CONCURRENCY x GUNICORN_THREADS = {serving_threads} persistent database "
            f"connections, over half of DATABASE_MAX_CONNECTIONS "
            f"({settings.DATABASE_MAX_CONNECTIONS}); lower them or raise the server's limit."
        )
