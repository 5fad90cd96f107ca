"""A conference list uploaded in admin and imported by a worker (institutions.tasks)."""

from django.conf import settings
from django.db import models


class ConferenceUpload(models.Model):
    """The file itself (at most upload.MAX_UPLOAD_BYTES) and how far its import has got;
    the admin lists these with their progress, summary and the bad records by reason."""

    class State(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    file_name = models.CharField(max_length=255)
    data = models.BinaryField()
    conference = models.CharField(max_length=20, blank=True)
    year = models.PositiveIntegerField(null=True, blank=True)
    all_statuses = models.BooleanField(default=False)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    records_read = models.PositiveIntegerField(default=0)
    summary = models.TextField(blank=True)
    errors = models.JSONField(default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "institutions"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.state})"
