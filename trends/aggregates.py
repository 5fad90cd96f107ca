"""The one place that brings derived tables up to date after papers change.

Every ingest path (snapshot import, arXiv harvests) calls `refresh_after_ingest` with the
months it touched, so each aggregate only recomputes those months.
"""

from collections.abc import Iterable
from datetime import date

from trends.models import DataGeneration, MonthCategoryCount


def refresh_after_ingest(months: Iterable[date], *, everything: bool = False) -> None:
    if everything:
        MonthCategoryCount.objects.rebuild_all()
    else:
        MonthCategoryCount.objects.rebuild_months(months)
    DataGeneration.objects.bump()
