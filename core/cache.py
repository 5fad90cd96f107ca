"""Caching of computed answers, keyed by the data generation so that ingest invalidates them.

The cache is Redis when REDIS_URL is set (shared by every app worker), else per-process
memory. Either way a key embeds the current data generation (papers.models.DataGeneration,
installed as GENERATION_SOURCE by the papers app, since core knows no models), so an answer
is never served from before the last change of the data it was computed from.

What it keeps is bounded (config/settings.py): an encoded body over CACHE_MAX_BODY_BYTES is
computed again rather than stored, and the per-process cache holds CACHE_MAX_ENTRIES.
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

TIMEOUT_SECONDS = 24 * 3600


def _no_generation() -> str:
    return "0"


GENERATION_SOURCE: Callable[[], str] = _no_generation


def cached[T](namespace: str, key: str, compute: Callable[[], T]) -> T:
    digest = hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()
    full_key = f"{namespace}:{GENERATION_SOURCE()}:{digest}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        if not (isinstance(value, bytes) and len(value) > settings.CACHE_MAX_BODY_BYTES):
            cache.set(full_key, value, TIMEOUT_SECONDS)
    return value
