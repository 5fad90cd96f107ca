"""What every ingest run saw and did, so runs can be audited and resumed."""

from datetime import timedelta

from django.db import models
from django.utils import timezone

MAX_STORED_ERRORS = 1000


class IngestRunQuerySet(models.QuerySet["IngestRun"]):
    def succeeded(self) -> "IngestRunQuerySet":
        return self.filter(state=IngestRun.State.SUCCEEDED)

    def for_source(self, source: str, key: str) -> "IngestRunQuerySet":
        """Runs of one source over one input (a file path, a date window, ...)."""
        return self.filter(source=source, key=key)

    def latest_for(self, source: str, key: str) -> "IngestRun | None":
        """The newest run over this input: the one a new run resumes from if unfinished."""
        return self.for_source(source, key).order_by("-started_at", "-pk").first()

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
    # The first MAX_STORED_ERRORS problems, each {"where": ..., "reason": ...}.
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

    def add_error(self, where: str, reason: str) -> None:
        """Note a problem with where it happened (a page, a record); the list stays bounded."""
        if len(self.errors) < MAX_STORED_ERRORS:
            self.errors.append({"where": where, "reason": reason})


class PoliteSlot(models.Model):
    """When the next request to a remote host may be sent; shared by every process.

    One row per host key ("arxiv"). ingest.politeness.wait_for_turn locks the row, so two
    workers on two machines still keep the gap: the database is the one clock and lock.
    """

    key = models.CharField(max_length=64, primary_key=True)
    next_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.key}: next request at {self.next_at:%H:%M:%S.%f}"
