"""Serving a hot table to a request: the stored table, or one a worker computes (trends.tasks).

Apart from trends.hot, which the tasks themselves call to compute and store tables.
"""

from core.cache import cached, claim, peek
from core.months import month_label
from trends.hot import CLAIM_SECONDS, STORED_LIMIT, Plan, stored
from trends.tasks import compute_hot_answer_task


def hot_answer(wanted: Plan, limit: int) -> dict[str, object] | None:
    """The tables as JSON-ready data, or None while a worker computes them."""
    payload = None
    if limit <= STORED_LIMIT:  # one cache read, not a JSON column, on the common path
        payload = cached("hot-stored", wanted.key, lambda: stored(wanted))
    source = "precomputed"
    if payload is None:
        source = "computed by a worker"
        key = f"{wanted.key}:{limit}"
        payload = peek("hot", key)
        if payload is None and claim("hot", key, CLAIM_SECONDS):
            compute_hot_answer_task.delay(
                month_label(wanted.as_of), wanted.window, wanted.categories,
                month_label(wanted.since) if wanted.since else None, limit,
            )  # fmt: skip
            payload = peek("hot", key)  # there already when the task ran in this process
        if payload is None:
            return None
    payload = {**payload, "source": source, "warnings": wanted.warnings}
    for table in ("hot", "not_hot", "new"):
        rows = payload[table]
        assert isinstance(rows, list)
        payload[table] = rows[:limit]
    return payload
