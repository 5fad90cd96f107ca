"""Celery tasks of the trends app: thin wrappers that take plain values and call one function."""

from datetime import date

from celery import Task, shared_task
from django.db import transaction

from core.locks import advisory_lock
from core.months import month_label, parse_month
from trends.hot import Plan, compute_answer, precompute_default

PRECOMPUTE_RETRY_SECONDS = 30


# max_retries=None on the task: retry(max_retries=None) alone means "the task's default" (3),
# so a precompute waiting behind `make demo`'s every-month run failed after 90 s.
@shared_task(bind=True, acks_late=True, max_retries=None, soft_time_limit=1800, time_limit=1860)
def compute_hot_task(self: Task, months: list[str] | None = None) -> dict[str, int]:
    """Precompute the default selection's hot/not-hot tables after an ingest that touched
    `months` (YYYY-MM; None: all). Safe to run twice: stored tables are overwritten.

    Run in the ingesting process (no broker), it stores only the latest table.
    """
    touched = [parse_month(m) for m in months] if months else None
    eager = bool(self.request.is_eager)
    # Two at once (an ingest's and `make demo`'s) would compute the same months. The second
    # comes back later (then finds them stored) rather than hold a worker process while it
    # waits: the other process is for the tables pages ask for meanwhile.
    with advisory_lock("trends:hot-precompute", wait=eager) as held:
        if not held:
            raise self.retry(countdown=PRECOMPUTE_RETRY_SECONDS)
        return precompute_default(touched, latest_only=eager)


@shared_task(acks_late=True, soft_time_limit=300, time_limit=330)
def compute_hot_answer_task(
    as_of: str, window: int, categories: list[str] | None, since: str | None, limit: int
) -> dict[str, object]:
    """Compute one hot table a page asked for and store it (HotSnapshot, read by every web
    process; the page polls). Already stored and fresh: returns at once."""
    wanted = Plan(parse_month(as_of), window, categories, parse_month(since) if since else None)
    answer = compute_answer(wanted, limit)
    return {"as_of": answer["as_of"], "hot": len(answer["hot"])}  # type: ignore[arg-type]


def queue_hot_after_ingest(months: list[date], everything: bool = False) -> None:
    """The after-ingest step (papers.pipeline): once the ingest has committed, a worker (in
    process without REDIS_URL) brings the default hot tables up to date from the first
    touched month on; the tables before it read no changed month."""
    labels = None if everything else [month_label(m) for m in months]
    transaction.on_commit(lambda: compute_hot_task.delay(labels))
