"""Serving and precomputing hot/not-hot tables (trends.analytics.hot computes them).

The table for the latest complete month, default window and default categories is computed
after every ingest (`compute_hot` command, `compute_hot_task`) and stored in HotSnapshot;
any other combination is computed on demand and cached until the data changes.
"""

import time
from datetime import date

from django.conf import settings
from django.utils import timezone

from core.cache import cached
from core.months import add_months
from papers.models import DataGeneration, Paper
from trends.analytics.hot import hot_tables
from trends.models import HotSnapshot

DEFAULT_WINDOW = 12
STORED_LIMIT = 100


def categories_key(categories: list[str] | None) -> str:
    return "all" if categories is None else ",".join(sorted(categories))


def latest_complete_month() -> date | None:
    """The newest month with papers, unless it is the current calendar month (still filling)."""
    newest = Paper.objects.order_by("-month").values_list("month", flat=True).first()
    if newest is None:
        return None
    today = timezone.now().date()
    if (newest.year, newest.month) >= (today.year, today.month):
        return add_months(date(today.year, today.month, 1), -1)
    return newest


def compute_and_store(
    as_of: date | None = None,
    window: int = DEFAULT_WINDOW,
    categories: list[str] | None = None,
) -> HotSnapshot | None:
    """Compute the table (default: latest complete month, the six ML categories) and store it."""
    as_of = as_of or latest_complete_month()
    if as_of is None:
        return None
    if categories is None:
        categories = list(settings.ML_CATEGORIES)
    generation = DataGeneration.objects.current()
    started = time.perf_counter()
    tables = hot_tables(as_of, window, categories, STORED_LIMIT)
    snapshot, _ = HotSnapshot.objects.update_or_create(
        as_of=as_of,
        window=window,
        categories_key=categories_key(categories),
        defaults={
            "generation": generation,
            "payload": tables.as_json(),
            "seconds": time.perf_counter() - started,
        },
    )
    return snapshot


def hot_answer(
    as_of: date, window: int, categories: list[str] | None, limit: int
) -> dict[str, object]:
    """The tables as JSON-ready data: from the stored snapshot when fresh, else computed."""
    stored = HotSnapshot.objects.fresh(as_of, window, categories_key(categories))
    if stored is not None and limit <= STORED_LIMIT:
        payload = dict(stored.payload)
        payload["source"] = "precomputed"
    else:
        payload = cached(
            "hot",
            repr((as_of, window, categories, limit)),
            lambda: hot_tables(as_of, window, categories, limit).as_json(),
        )
        payload = dict(payload)
        payload["source"] = "computed on demand"
    for table in ("hot", "not_hot", "new"):
        rows = payload[table]
        assert isinstance(rows, list)
        payload[table] = rows[:limit]
    return payload
