"""The one place that brings derived tables up to date after papers change.

Every ingest path (snapshot import, arXiv harvests) calls `refresh_after_ingest` with the
months it touched, so each aggregate only recomputes those months.
"""

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from trends.models import DataGeneration, MonthCategoryCount
from trends.terms.refresh import refresh_terms


def refresh_after_ingest(months: Iterable[date], *, everything: bool = False) -> None:
    from entities import mentions  # late import: the entities app builds on trends
    from trends.tasks import compute_hot_task  # late import: tasks import the analytics

    months = sorted(set(months))
    if everything:
        MonthCategoryCount.objects.rebuild_all()
    else:
        MonthCategoryCount.objects.rebuild_months(months)
    # Term statistics of the same months (all months when `everything`), see trends/terms/.
    refresh_terms(months, everything=everything)
    mentions.refresh_after_ingest(months, everything=everything)
    DataGeneration.objects.bump()
    # The hot/not-hot table of the latest month, precomputed by a worker once this commits.
    transaction.on_commit(lambda: compute_hot_task.delay())
