"""Serving a hot table to a request: the stored table, or one a worker computes (trends.tasks).

Apart from trends.hot, which the tasks themselves call to compute and store tables. A web
process never computes a table: it reads HotSnapshot (trends.hot.stored), and while a table
is missing it queues the worker's task once (a claim in the cache) and answers None.
"""

from core.cache import cached, claim
from core.months import month_label
from trends.hot import CLAIM_SECONDS, PRECOMPUTED, STORED_LIMIT, Plan, stored
from trends.tasks import compute_hot_answer_task


def hot_answer(wanted: Plan, limit: int) -> dict[str, object] | None:
    """The tables as JSON-ready data, or None while a worker computes them."""
    # One cache read on the common path; a missing table is not cached (None), so a poll
    # sees the worker's table as soon as it is stored.
    payload = cached("hot-stored", wanted.key, lambda: stored(wanted))
    if payload is None or int(payload.get("limit", STORED_LIMIT)) < limit:  # type: ignore[call-overload]
        payload = stored(wanted, limit)
        if payload is None and claim("hot", f"{wanted.key}:{limit}", CLAIM_SECONDS):
            compute_hot_answer_task.delay(
                month_label(wanted.as_of), wanted.window, wanted.categories,
                month_label(wanted.since) if wanted.since else None, limit,
            )  # fmt: skip
            payload = stored(wanted, limit)  # there already when the task ran in this process
        if payload is None:
            return None
    source = payload.get("source", PRECOMPUTED)
    payload = {**payload, "source": source, "warnings": wanted.warnings}
    payload.pop("limit", None)
    for table in ("hot", "not_hot", "new"):
        rows = payload[table]
        assert isinstance(rows, list)
        payload[table] = rows[:limit]
    return payload
