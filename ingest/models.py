"""What every ingest run saw and did, so runs can be audited and resumed.

One lifecycle for every source (snapshot file, arXiv API, OAI-PMH), on the model:
`IngestRun.objects.open` starts a run over an input, taking over the cursor of an unfinished
predecessor; `save_progress` commits the counts and the cursor (inside the transaction that
wrote the data they describe, so the two always match); `refresh_months` runs the
after-ingest pipeline over what was written; `finish` records the outcome. The
caller holds the input's lock (`IngestRun.lock_name`) throughout.
"""

from datetime import date, timedelta
from time import perf_counter

from django.db import models
from django.utils import timezone

from core.reports import ImportReport
from papers.pipeline import after_ingest

# The counters an ImportReport and a run share, copied by IngestRun.save_progress.
COUNTERS = ("read", "imported", "updated", "unchanged", "skipped", "invalid", "repaired")


class IngestBusy(Exception):
    """Another process is ingesting the same input right now."""


class IngestRunQuerySet(models.QuerySet["IngestRun"]):
    def succeeded(self) -> "IngestRunQuerySet":
        return self.filter(state=IngestRun.State.SUCCEEDED)

    def for_source(self, source: str, key: str) -> "IngestRunQuerySet":
        """Runs of one source over one input (a file path, a date window, ...)."""
        return self.filter(source=source, key=key)

    def latest_for(self, source: str, key: str) -> "IngestRun | None":
        """The newest run over this input: the one a new run resumes from if unfinished."""
        return self.for_source(source, key).order_by("-started_at", "-pk").first()

    def open(
        self, source: str, key: str, parameters: dict[str, object], *, resume: bool
    ) -> "IngestRun":
        """Start a run over the input `key`; with `resume`, it starts from the cursor of the
        latest run over it if that one did not succeed.

        Call it holding the input's lock: a predecessor still RUNNING is then known dead
        (its process would hold the lock) and is marked abandoned.
        """
        previous = self.latest_for(source, key)
        cursor: dict[str, object] = {}
        if previous and previous.state != IngestRun.State.SUCCEEDED:
            if previous.state == IngestRun.State.RUNNING:
                previous.state = IngestRun.State.FAILED
                previous.message = "abandoned: its process stopped without finishing (killed?)"
                previous.finished_at = timezone.now()
                previous.save(update_fields=["state", "message", "finished_at"])
            if resume:
                cursor = dict(previous.cursor)
        return self.create(
            source=source,
            key=key,
            parameters={
                **parameters,
                "resumed_from_run": previous.pk if previous and cursor else None,
            },
            cursor=cursor,
        )

    def last_success_for(self, source: str, key: str) -> "IngestRun | None":
        """The newest succeeded run over this input (its cursor keeps a list's ETag)."""
        return self.for_source(source, key).succeeded().order_by("-finished_at", "-pk").first()

    def last_success_by_source(self) -> dict[str, "IngestRun"]:
        """The newest succeeded run of each source (the freshness panel)."""
        latest: dict[str, IngestRun] = {}
        for run in self.succeeded().order_by("source", "-finished_at").distinct("source"):
            latest[run.source] = run
        return latest


class IngestRun(models.Model):
    class Source(models.TextChoices):
        SNAPSHOT = "snapshot", "Snapshot file"
        ARXIV_API = "arxiv_api", "arXiv API"
        ARXIV_OAI = "arxiv_oai", "arXiv OAI-PMH"
        PAPERLISTS = "paperlists", "Conference list (paperlists JSON)"
        OPENREVIEW = "openreview", "OpenReview API v2"

    class State(models.TextChoices):
        RUNNING = "running"
        SUCCEEDED = "succeeded"
        FAILED = "failed"

    source = models.CharField(max_length=32, choices=Source.choices)
    # What this run reads (a file path and size, a date window): runs with the same key can
    # resume one another.
    key = models.CharField(max_length=500)
    parameters = models.JSONField(default=dict)
    state = models.CharField(max_length=16, choices=State.choices, default=State.RUNNING)
    # Last position committed to the database (a line number, a resumption token, ...).
    cursor = models.JSONField(default=dict, blank=True)
    read = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    invalid = models.PositiveIntegerField(default=0)
    repaired = models.PositiveIntegerField(default=0)
    # The first core.errors.MAX_ERRORS problems, each {"where": ..., "reason": ...}.
    errors = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    # Requests sent to the remote source (retries included) and where the run is, in words,
    # so a running harvest shows its progress in admin.
    requests = models.PositiveIntegerField(default=0)
    # What the after-ingest refresh cost: {"months": n, "seconds": s, "steps": {name: s}}.
    refresh = models.JSONField(default=dict, blank=True)
    progress = models.CharField(max_length=300, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = IngestRunQuerySet.as_manager()

    class Meta:
        indexes = [
            # IngestRunQuerySet.for_source: the latest run of a source over an input.
            models.Index(fields=["source", "key", "-started_at"], name="ingestrun_source_key_idx"),
            # IngestRunQuerySet.last_success_by_source: newest success per source.
            models.Index(
                fields=["source", "-finished_at"],
                condition=models.Q(state="succeeded"),
                name="ingestrun_success_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.key} ({self.state})"

    @property
    def duration(self) -> timedelta:
        """Wall time so far (still running) or in all (finished)."""
        return (self.finished_at or timezone.now()) - self.started_at

    @staticmethod
    def lock_name(source: str, key: str) -> str:
        """The advisory lock (core.locks) that keeps two runs over one input apart."""
        return f"ingest:{source}:{key}"

    @property
    def cursor_months(self) -> set[date]:
        """Months written under this cursor and not re-aggregated yet (a taken-over run's)."""
        return {date.fromisoformat(m) for m in self.cursor.get("months", [])}

    def save_progress(
        self, report: ImportReport, cursor: dict[str, object], months: set[date], progress: str
    ) -> None:
        """Store the counts, the problems and where the run is (`cursor`, plus the months
        written so far, so whoever takes the run over re-aggregates them too)."""
        self._take_counts(report)
        self.cursor = {**cursor, "months": sorted(m.isoformat() for m in months)}
        self.progress = progress
        self.save()

    def refresh_months(self, months: set[date], *, everything: bool = False) -> None:
        """Run the after-ingest pipeline over the months this run wrote (`everything`: all
        months); record what each step cost in `refresh`."""
        started = perf_counter()
        steps = after_ingest(months, everything=everything) if months or everything else {}
        self.refresh = {
            "months": len(months),
            "seconds": round(perf_counter() - started, 3),
            "steps": steps,
        }

    def _take_counts(self, report: ImportReport) -> None:
        for name in COUNTERS:
            setattr(self, name, getattr(report, name))
        self.errors = list(report.errors)

    def finish(self, report: ImportReport, state: str, message: str) -> None:
        """Record the outcome: the final counts and problems, how it ended, what it did."""
        self._take_counts(report)
        self.state = state
        self.message = message
        self.finished_at = timezone.now()
        self.save()


class PoliteSlot(models.Model):
    """When the next request to a remote host may be sent; shared by every process.

    One row per host key ("arxiv"). ingest.politeness.polite_turn locks the row to reserve
    it for one request and to start the next gap once that request is answered, so two
    workers on two machines still keep the gap: the database is the one clock and lock.
    """

    key = models.CharField(max_length=64, primary_key=True)
    next_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.key}: next request at {self.next_at:%H:%M:%S.%f}"
