"""Caching of computed answers, keyed by the data generation so that ingest invalidates them.

The cache is Redis when REDIS_URL is set (shared by every app worker), else per-process
memory. Either way a key embeds the current data generation (papers.models.DataGeneration,
installed as GENERATION_SOURCE by the papers app, since core knows no models), so an answer
is never served from before the last change of the data it was computed from.

What it keeps is bounded (config/settings.py): an encoded body over CACHE_MAX_BODY_BYTES is
computed again rather than stored, and the per-process cache holds CACHE_MAX_ENTRIES.
`peek` and `store` split `cached` for answers a worker computes and a web process serves.
"""

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache

TIMEOUT_SECONDS = 24 * 3600


def _no_generation() -> str:
    return "0"


GENERATION_SOURCE: Callable[[], str] = _no_generation


def _full_key(namespace: str, key: str) -> str:
    digest = hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()
    return f"{namespace}:{GENERATION_SOURCE()}:{digest}"


def peek(namespace: str, key: str) -> Any:
    """The cached answer of the current generation, or None."""
    return cache.get(_full_key(namespace, key))


def store(namespace: str, key: str, value: object) -> None:
    """Keep `value`, unless it is an encoded body too large to be worth keeping."""
    if not (isinstance(value, bytes) and len(value) > settings.CACHE_MAX_BODY_BYTES):
        cache.set(_full_key(namespace, key), value, TIMEOUT_SECONDS)


def claim(namespace: str, key: str, seconds: int) -> bool:
    """True for the first caller within `seconds` (others see the work is already queued)."""
    return bool(cache.add(_full_key(f"{namespace}.claim", key), 1, seconds))


def cached[T](namespace: str, key: str, compute: Callable[[], T]) -> T:
    value: T | None = peek(namespace, key)
    if value is None:
        value = compute()
        store(namespace, key, value)
    return value
