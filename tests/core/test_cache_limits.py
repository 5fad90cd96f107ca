"""What the answer cache keeps is bounded: no oversized bodies, a capped per-process cache."""

import pytest
from django.conf import settings
from django.core.cache import cache

from core.cache import cached


@pytest.mark.django_db
def test_it_does_not_keep_a_body_over_the_size_cap():
    calls: list[int] = []

    def big() -> bytes:
        calls.append(1)
        return b"x" * (settings.CACHE_MAX_BODY_BYTES + 1)

    def small() -> bytes:
        calls.append(1)
        return b"x" * 100

    for _ in range(2):
        assert len(cached("test.big", "k", big)) == settings.CACHE_MAX_BODY_BYTES + 1
    assert len(calls) == 2  # computed both times: never stored
    calls.clear()
    for _ in range(2):
        cached("test.small", "k", small)
    assert len(calls) == 1


def test_it_caps_the_in_process_cache():
    if settings.REDIS_URL:
        # Redis is bounded by its maxmemory (volatile-lru in docker-compose.yml, so cached
        # answers go first and Celery's queues never); the cap is for the per-process cache.
        assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
        return
    assert cache._max_entries == settings.CACHE_MAX_ENTRIES
    for i in range(settings.CACHE_MAX_ENTRIES * 2):
        cache.set(f"fill:{i}", i)
    assert len(cache._cache) <= settings.CACHE_MAX_ENTRIES  # type: ignore[attr-defined]
