"""Caching of computed answers, keyed by the data generation so that ingest invalidates them.

The cache is Redis when REDIS_URL is set (shared by every app worker), else per-process
memory. Either way a key embeds the current data generation (papers.models.DataGeneration,
installed as GENERATION_SOURCE by the papers app, since core knows no models), so an answer
is never served from before the last change of the data it was computed from.

What it keeps is bounded (config/settings.py): an encoded body over CACHE_MAX_BODY_BYTES is
computed again rather than stored, and the per-process cache holds CACHE_MAX_ENTRIES.
`peek` and `store` split `cached` for answers a worker computes and a web process serves.

A request answers from one generation throughout, and a web process reads it from the
database at most once every CACHE_GENERATION_SECONDS (default 1 s): a cached answer then costs
no query at all, and a change made by another process is seen within that time, as if the
request had arrived a moment earlier. A change made by this process (DataGeneration.bump calls
`forget_generation`) is seen at once, and outside a request (tasks, commands) every lookup
reads the database.
"""

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.signals import request_finished, request_started

TIMEOUT_SECONDS = 24 * 3600


def _no_generation() -> str:
    return "0"


GENERATION_SOURCE: Callable[[], str] = _no_generation


class _RequestMemo(threading.local):
    active = False  # this thread is serving a request
    generation: str | None = None  # the one that request answers from


_memo = _RequestMemo()
# The generation last read by a request of this process, and when (time.monotonic()).
_recent: tuple[float, str] | None = None


def _request_started(**kwargs: object) -> None:
    _memo.active, _memo.generation = True, None


def _request_finished(**kwargs: object) -> None:
    _memo.active, _memo.generation = False, None


request_started.connect(_request_started, dispatch_uid="core.cache.request_started")
request_finished.connect(_request_finished, dispatch_uid="core.cache.request_finished")


@contextmanager
def request_scope() -> Iterator[None]:
    """Lookups as a request makes them, outside one: a benchmark measuring what a request
    costs on a cache miss (benchmarks/fractions.py) reads the generation as a web process
    does."""
    _request_started()
    try:
        yield
    finally:
        _request_finished()


def current_generation() -> str:
    """The data generation (see the module docstring for how often it is read)."""
    global _recent
    if _memo.generation is not None:
        return _memo.generation
    if not _memo.active:
        return GENERATION_SOURCE()
    now, recent = time.monotonic(), _recent
    if recent is not None and now - recent[0] < settings.CACHE_GENERATION_SECONDS:
        generation = recent[1]
    else:
        generation = GENERATION_SOURCE()
        _recent = (now, generation)
    _memo.generation = generation
    return generation


def forget_generation() -> None:
    """This process changed the generation (papers.models.DataGeneration.bump): read it
    again at the next lookup."""
    global _recent
    _memo.generation, _recent = None, None


def per_generation[T](compute: Callable[[], T]) -> Callable[[], T]:
    """`compute()` kept in this process while the data generation is unchanged: for what
    every request needs whole and a Redis round trip would cost more than it saves (the
    query lexicon, the abbreviation table). Computed again after the next change."""
    kept: tuple[str, T] | None = None

    def get() -> T:
        nonlocal kept
        generation = current_generation()
        if kept is None or kept[0] != generation:
            kept = (generation, compute())
        return kept[1]

    return get


def _full_key(namespace: str, key: str) -> str:
    digest = hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()
    return f"{namespace}:{current_generation()}:{digest}"


def peek(namespace: str, key: str) -> Any:
    """The cached answer of the current generation, or None."""
    return cache.get(_full_key(namespace, key))


def store(namespace: str, key: str, value: object) -> None:
    """Keep `value`, unless it is (or holds) an encoded body too large to be worth keeping."""
    parts = value if isinstance(value, tuple) else (value,)
    encoded = sum(len(part) for part in parts if isinstance(part, bytes))
    if encoded <= settings.CACHE_MAX_BODY_BYTES:
        cache.set(_full_key(namespace, key), value, TIMEOUT_SECONDS)


def claim(namespace: str, key: str, seconds: int) -> bool:
    """True for the first caller within `seconds`, in any process (others see the work is
    already queued): kept in the "shared" cache (config/settings.py)."""
    return bool(caches["shared"].add(_full_key(f"{namespace}.claim", key), 1, seconds))


def cached[T](namespace: str, key: str, compute: Callable[[], T]) -> T:
    value: T | None = peek(namespace, key)
    if value is None:
        value = compute()
        store(namespace, key, value)
    return value
