"""Importing an uploaded conference list: inline for a small file, in a worker for a stored
ConferenceUpload (institutions.tasks.import_conference_upload), with its progress saved."""

import tempfile
from collections.abc import Callable
from pathlib import Path

from django.utils import timezone

from institutions.importer import ImportProblem, ImportReport, import_conference
from institutions.refresh import refresh_all
from institutions.upload_jobs import ConferenceUpload


def import_bytes(
    name: str, data: bytes, conference: str | None, year: int | None, all_statuses: bool,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:  # fmt: skip
    """Import an uploaded file's bytes under its own (base) name, then refresh statistics."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (Path(name).name or "upload")
        path.write_bytes(data)
        report = import_conference(path, conference, year, all_statuses, progress)
    refresh_all()
    return report


def run_upload(upload_id: int) -> str:
    """Import a stored upload (the worker's job); its state, progress and report are saved."""
    upload = ConferenceUpload.objects.filter(pk=upload_id).first()
    if upload is None or upload.state != ConferenceUpload.State.QUEUED:
        return "gone or already imported"
    upload.state = ConferenceUpload.State.RUNNING
    upload.save(update_fields=["state"])

    def progress(read: int) -> None:
        ConferenceUpload.objects.filter(pk=upload_id).update(records_read=read)

    try:
        report = import_bytes(
            upload.file_name, bytes(upload.data), upload.conference or None, upload.year,
            upload.all_statuses, progress,
        )  # fmt: skip
    except ImportProblem as exc:
        upload.state, upload.summary = ConferenceUpload.State.FAILED, str(exc)
    else:
        upload.state, upload.summary = ConferenceUpload.State.DONE, report.summary()
        upload.records_read, upload.errors = report.read, report.errors
    upload.finished_at = timezone.now()
    upload.save(update_fields=["state", "summary", "records_read", "errors", "finished_at"])
    return upload.summary
