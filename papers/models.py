"""The paper store: papers, month-by-category totals, the data generation counter, and the
coverage of the corpus (declared periods, suspicious months found in the data)."""

from collections.abc import Iterable
from datetime import date

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import connection, models, transaction

from core.cache import forget_generation
from papers.coverage import COMPLETE, PARTIAL, UNKNOWN, Period, suspicious_months


class PaperQuerySet(models.QuerySet["Paper"]):
    def in_categories(self, categories: list[str] | None) -> "PaperQuerySet":
        """Papers carrying any of `categories` (None: every paper)."""
        if categories is None:
            return self
        return self.filter(categories__overlap=categories)

    def in_month(self, month: date) -> "PaperQuerySet":
        return self.filter(month=month)


class Paper(models.Model):
    """One arXiv paper, as of its newest imported metadata (`updated`)."""

    arxiv_id = models.CharField(max_length=40, unique=True)
    title = models.TextField()
    abstract = models.TextField(blank=True)
    authors = models.TextField(blank=True)
    # Primary category first, as arXiv lists them.
    categories = ArrayField(models.CharField(max_length=32))
    primary_category = models.CharField(max_length=32)
    submitted = models.DateTimeField(help_text="v1 submission time (UTC).")
    month = models.DateField(help_text="First day of the v1 submission month.")
    updated = models.DateField(help_text="arXiv's update_date; a newer one replaces the record.")
    comments = models.TextField(blank=True)
    doi = models.CharField(max_length=255, blank=True)

    objects = PaperQuerySet.as_manager()

    class Meta:
        indexes = [
            # PaperQuerySet.in_month and MonthCategoryCount.rebuild_months (per-month scans).
            models.Index(fields=["month"], name="paper_month_idx"),
            # PaperQuerySet.in_categories: `categories && ARRAY[...]`.
            GinIndex(fields=["categories"], name="paper_categories_gin"),
        ]

    def __str__(self) -> str:
        return f"{self.arxiv_id}: {self.title[:60]}"

    @property
    def abs_url(self) -> str:
        return f"https://arxiv.org/abs/{self.arxiv_id}"


class MonthCategoryCountQuerySet(models.QuerySet["MonthCategoryCount"]):
    def rebuild_months(self, months: Iterable[date]) -> int:
        """Recount the given months from the paper table; return the number of rows written.

        Set-based: one DELETE and one INSERT ... SELECT ... GROUP BY, whatever the number of
        papers, so an incremental import only pays for the months it touched.
        """
        month_list = sorted(set(months))
        if not month_list:
            return 0
        table = self.model._meta.db_table
        paper_table = Paper._meta.db_table
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE month = ANY(%s)", [month_list])
            cursor.execute(
                f"""
                INSERT INTO {table} (month, primary_category, categories, papers)
                SELECT month, primary_category, categories, count(*)
                FROM {paper_table} WHERE month = ANY(%s)
                GROUP BY month, primary_category, categories
                """,
                [month_list],
            )
            return cursor.rowcount

    def refresh(self, months: list[date], everything: bool = False) -> int:
        """The after-ingest step (papers.pipeline): recount `months`, or all of them."""
        return self.rebuild_all() if everything else self.rebuild_months(months)

    def rebuild_all(self) -> int:
        """Recount every month (after a bulk import or to repair the aggregate)."""
        months = Paper.objects.values_list("month", flat=True).distinct().order_by()
        self.all().delete()
        return self.rebuild_months(list(months))

    def span(self) -> tuple[date, date] | None:
        """First and last month with papers (None: no papers); bounds every month range."""
        found = self.aggregate(first=models.Min("month"), last=models.Max("month"))
        return (found["first"], found["last"]) if found["first"] else None

    def known_categories(self) -> list[str]:
        """Every category carried by at least one paper, sorted."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT DISTINCT unnest(categories) FROM {self.model._meta.db_table} ORDER BY 1"
            )
            return [row[0] for row in cursor.fetchall()]


class MonthCategoryCount(models.Model):
    """Number of papers of `month` whose category list is exactly `categories`.

    Keyed by the whole category list (not one row per category) so that a selection of
    several categories counts each paper once: the total for a selection S is the sum over
    rows whose `categories` overlap S, and a per-category figure is the sum over rows that
    contain it. A month has a few hundred such rows at most, so no query ever counts papers.
    """

    month = models.DateField()
    primary_category = models.CharField(max_length=32)
    categories = ArrayField(models.CharField(max_length=32))
    papers = models.PositiveIntegerField()

    objects = MonthCategoryCountQuerySet.as_manager()

    class Meta:
        indexes = [
            # rebuild_months deletes by month; analytics.months filters by month range.
            models.Index(fields=["month"], name="monthcount_month_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {','.join(self.categories)}: {self.papers}"


class DataGenerationQuerySet(models.QuerySet["DataGeneration"]):
    """Two counters: row EVERYTHING moves with every change of derived data (the key of every
    cached answer); row TEXT only with what term answers and hot tables read (papers, term
    statistics, vocabulary, coverage), not with institution or entity curation, so such a
    change never sends the stored hot tables (trends.HotSnapshot) back to be computed."""

    EVERYTHING, TEXT = 1, 2

    def current(self) -> str:
        """A token naming the current generation of derived data ("0" before any ingest).

        It carries the time of the change too, so a database rebuilt from scratch (counting
        from 1 again) never matches answers cached for the old one.
        """
        return self._token(self.EVERYTHING)

    def current_text(self) -> str:
        """The same for the text-derived data alone (see the class docstring)."""
        return self._token(self.TEXT)

    def _token(self, pk: int) -> str:
        row = self.filter(pk=pk).values_list("number", "changed_at").first()
        return f"{row[0]}-{row[1].timestamp():.6f}" if row else "0"

    def bump(self, *, text: bool = True) -> None:
        """Start a new generation: every cached answer computed before is stale from now on.

        `text=False` for a change that leaves papers and terms alone (institution aliases,
        entity matching): the text generation, and so the stored hot tables, stay.
        """
        rows = "(1, 1, now()), (2, 1, now())" if text else "(1, 1, now())"
        with connection.cursor() as cursor:
            table = self.model._meta.db_table
            cursor.execute(
                f"INSERT INTO {table} (id, number, changed_at) VALUES {rows} "
                f"ON CONFLICT (id) DO UPDATE SET number = {table}.number + 1, changed_at = now()"
            )
        forget_generation()  # a request that bumps it answers from the new one after


class DataGeneration(models.Model):
    """A single row counting changes to derived data; part of every response-cache key.

    Whatever writes aggregates (ingest, alias curation) bumps it, so cached answers of all
    processes go stale at once without any cache having to be cleared.
    """

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    objects = DataGenerationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"generation {self.number}"


class CoveragePeriodQuerySet(models.QuerySet["CoveragePeriod"]):
    def periods(self) -> list[Period]:
        """The declaration as the pure Periods trends.analytics.coverage reads."""
        return [row.as_period() for row in self.order_by("pk")]

    def replace_with(self, periods: list[Period], source: str) -> int:
        """Load a declaration file: its periods replace those loaded from the same file
        (periods staff added by hand, with another source, stay)."""
        with transaction.atomic():
            self.filter(source=source).delete()
            rows = [
                self.model(
                    categories=list(p.categories), start=p.start, end=p.end,
                    status=p.status, note=p.note, source=source,
                )
                for p in periods
            ]  # fmt: skip
            self.bulk_create(rows)
        return len(rows)


class CoveragePeriod(models.Model):
    """One declared period of coverage: these categories, these months, this completeness.

    Loaded from the declaration beside a corpus (data/demo/coverage.toml) by load_demo and
    edited in admin; trends.analytics.coverage turns the rows into shading, refusals and the
    table on /about/.
    """

    class Status(models.TextChoices):
        COMPLETE = COMPLETE, "complete"
        PARTIAL = PARTIAL, "partial"
        UNKNOWN = UNKNOWN, "unknown"

    categories = ArrayField(models.CharField(max_length=32))
    start = models.DateField(
        null=True, blank=True, help_text="First month (day 1); empty: since the first paper."
    )
    end = models.DateField(
        null=True, blank=True, help_text="Last month (day 1); empty: up to the latest."
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    note = models.TextField(blank=True, help_text="Shown wherever the period is flagged.")
    source = models.CharField(
        max_length=200, blank=True, help_text="The declaration file it was loaded from, if any."
    )

    objects = CoveragePeriodQuerySet.as_manager()

    def __str__(self) -> str:
        span = self.as_period().as_json()
        return f"{','.join(self.categories)} {span['from'] or '…'}..{span['to'] or '…'}"

    def as_period(self) -> Period:
        return Period(tuple(self.categories), self.start, self.end, self.status, self.note)


class SuspiciousMonthQuerySet(models.QuerySet["SuspiciousMonth"]):
    def detect(self) -> int:
        """Run trends.analytics.coverage.suspicious_months over the month totals of every
        category and store what it finds (replacing the last findings)."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT c, month, sum(papers) FROM {MonthCategoryCount._meta.db_table}, "
                "unnest(categories) AS c GROUP BY 1, 2"
            )
            counts: dict[str, dict[date, int]] = {}
            for category, month, papers in cursor.fetchall():
                counts.setdefault(category, {})[month] = int(papers)
        found = suspicious_months(counts)
        with transaction.atomic():
            self.all().delete()
            self.bulk_create(
                self.model(
                    category=s.category, month=s.month, papers=s.papers,
                    trailing_median=s.trailing_median,
                )
                for s in found
            )  # fmt: skip
        return len(found)


class SuspiciousMonth(models.Model):
    """A category-month far below its trailing median, found in the data after each ingest
    (trends.analytics.coverage.suspicious_months): a candidate gap for staff to declare."""

    category = models.CharField(max_length=32)
    month = models.DateField()
    papers = models.PositiveIntegerField()
    trailing_median = models.FloatField()
    detected_at = models.DateTimeField(auto_now=True)

    objects = SuspiciousMonthQuerySet.as_manager()

    class Meta:
        ordering = ["category", "month"]

    def __str__(self) -> str:
        median = f"{self.trailing_median:g}"
        return f"{self.category} {self.month:%Y-%m}: {self.papers} (median {median})"

    @property
    def share(self) -> float:
        return self.papers / self.trailing_median if self.trailing_median else 0.0
