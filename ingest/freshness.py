"""How current the data is: the admin freshness panel.

- last success per source (newest succeeded run of each),
- lag behind arXiv: how long ago the newest harvested paper was submitted, and how long ago
  the newest successfully harvested API window ended,
- weekdays in the recent past with zero new papers: arXiv receives ML papers every weekday,
  so a zero there means a harvest missed it.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Count, Max
from django.db.models.fields.json import KT
from django.db.models.functions import TruncDate
from django.utils import timezone

from ingest.models import IngestRun
from papers.models import Paper

RECENT_DAYS = 14


@dataclass(frozen=True)
class SourceFreshness:
    source: str
    label: str
    last_success: IngestRun | None


@dataclass(frozen=True)
class Freshness:
    sources: list[SourceFreshness]
    newest_submitted: datetime | None
    harvested_through: datetime | None
    now: datetime
    days: list[tuple[date, int]]  # (day, new papers) for the recent weekdays, oldest first

    @property
    def submission_lag(self) -> timedelta | None:
        return self.now - self.newest_submitted if self.newest_submitted else None

    @property
    def harvest_lag(self) -> timedelta | None:
        return self.now - self.harvested_through if self.harvested_through else None

    @property
    def empty_weekdays(self) -> list[date]:
        return [day for day, papers in self.days if papers == 0]


def papers_per_day(first: date, last: date) -> dict[date, int]:
    """Papers by the UTC day of their v1 submission, for days first..last (inclusive)."""
    start = datetime.combine(first, time(), tzinfo=UTC)
    end = datetime.combine(last + timedelta(days=1), time(), tzinfo=UTC)
    rows = (
        # The month bound lets PostgreSQL use paper_month_idx instead of scanning every paper.
        Paper.objects.filter(month__gte=first.replace(day=1), submitted__gte=start)
        .filter(submitted__lt=end)
        .annotate(day=TruncDate("submitted", tzinfo=UTC))
        .values("day")
        .annotate(papers=Count("id"))
        .order_by()
    )
    return {row["day"]: row["papers"] for row in rows}


def harvested_through() -> datetime | None:
    """End of the newest window a successful API harvest covered (midnight after `until`)."""
    until = (
        IngestRun.objects.succeeded()
        .filter(source=IngestRun.Source.ARXIV_API)
        .annotate(until=KT("parameters__until"))
        .aggregate(last=Max("until"))["last"]
    )
    if not until:
        return None
    # The window ends with its last day: everything before the next midnight is in.
    return datetime.combine(date.fromisoformat(until) + timedelta(days=1), time(), tzinfo=UTC)


def freshness(now: datetime | None = None, days: int = RECENT_DAYS) -> Freshness:
    """Everything the freshness panel shows; `days` weekdays back from yesterday are checked."""
    now = now or timezone.now()
    latest = IngestRun.objects.last_success_by_source()
    sources = [
        SourceFreshness(value, str(label), latest.get(value))
        for value, label in IngestRun.Source.choices
    ]
    yesterday = now.astimezone(UTC).date() - timedelta(days=1)
    first = yesterday - timedelta(days=days - 1)
    counts = papers_per_day(first, yesterday)
    recent = [
        (first + timedelta(days=i), counts.get(first + timedelta(days=i), 0))
        for i in range(days)
        if (first + timedelta(days=i)).weekday() < 5
    ]
    return Freshness(
        sources=sources,
        newest_submitted=Paper.objects.aggregate(newest=Max("submitted"))["newest"],
        harvested_through=harvested_through(),
        now=now,
        days=recent,
    )
