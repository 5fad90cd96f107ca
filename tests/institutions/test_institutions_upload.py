"""The admin upload of conference lists: every bad input is reported by reason (never a 500),
and a large file is imported by a real Celery worker whose progress admin shows."""

import gzip
import json
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from institutions.models import ConferencePaper, ConferenceUpload
from institutions.seed_loader import ensure_seed
from institutions.upload import INLINE_UPLOAD_BYTES
from tests.conftest import wait_until

UPLOAD = "/admin/institutions/conferencepaper/import/"
HEADER = "title,authors,affiliations\n"


def paper_json(i: int, title: str = "A paper") -> dict[str, str]:
    return {"id": str(i), "title": f"{title} {i}", "status": "Poster", "author": "Ann; Bo",
            "aff": "MIT; Stanford University"}  # fmt: skip


@pytest.fixture
def staff(client, db) -> User:
    ensure_seed()
    user = User.objects.create_superuser("curator", "c@example.org", "pw")
    client.force_login(user)
    return user


def post(client, name: str, data: bytes, **fields: str) -> tuple[int, str]:
    response = client.post(UPLOAD, {"file": SimpleUploadedFile(name, data), **fields}, follow=True)
    return response.status_code, unescape(response.content.decode())


@pytest.mark.parametrize(
    "name, data, fields, reason",
    [
        ("icml2017.csv", (HEADER + "Caf\xe9 au lait,Ann,MIT\n").encode("latin-1"), {},
         "icml2017.csv: not UTF-8 text (byte 0xe9 at offset 30); save the file as UTF-8"),
        ("icml2017.json.gz", gzip.compress(json.dumps([paper_json(1)]).encode()), {},
         "icml2017.json.gz: a gzip-compressed file; upload the uncompressed list"),
        ("icml2017.csv", (HEADER + "T," + "x" * 131_073 + ",MIT\n").encode(), {},
         "icml2017.csv: line 2: unreadable CSV (field larger than field limit (131072))"),
        ("icml2017.json", b"[" * 100_000 + b"]" * 100_000, {},
         "icml2017.json: JSON nested too deeply to be a list of papers"),
        ("icml2017.json", json.dumps([paper_json(1)]).encode(), {"conference": "c" * 30},
         "Ensure this value has at most 20 characters (it has 30)."),
        ("abcdefghijklmnopqrstuvwxyzabcd2017.json", json.dumps([paper_json(1)]).encode(), {},
         "conference: 'abcdefghijklmnopqrstuvwxyzabcd' is not a slug of at most 20 letters"),
    ],
)  # fmt: skip
def test_a_file_that_cannot_be_imported_is_refused_with_its_reason(
    client, staff, name, data, fields, reason
):
    status, page = post(client, name, data, **fields)
    assert status == 200
    assert reason in page
    assert not ConferencePaper.objects.exists()


def test_a_nul_byte_rejects_that_record_only(client, staff):
    records = [paper_json(1), {**paper_json(2), "title": "Bad\x00title"}, paper_json(3)]
    status, page = post(client, "icml2017.json", json.dumps(records).encode())
    assert status == 200
    assert "icml 2017: read 3, imported 2" in page.lower()
    assert "record 2: a nul character in title" in page.lower()
    assert ConferencePaper.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_large_upload_is_imported_by_a_worker_with_progress(client, staff, celery_worker_process):
    worker = celery_worker_process()
    assert worker.poll() is None
    records = [paper_json(i, title="A rather long title of a paper " * 3) for i in range(1, 1801)]
    data = json.dumps(records).encode()
    assert len(data) > INLINE_UPLOAD_BYTES
    status, page = post(client, "neurips2018.json", data)
    assert status == 200
    assert "neurips2018.json is being imported by a worker: progress below." in page.lower()
    upload = ConferenceUpload.objects.get()

    def finished() -> bool:
        upload.refresh_from_db()
        return upload.state in (ConferenceUpload.State.DONE, ConferenceUpload.State.FAILED)

    assert wait_until(finished, timeout=180), upload.state
    assert upload.state == ConferenceUpload.State.DONE, upload.summary
    assert upload.records_read == 1800
    assert upload.summary.startswith("neurips 2018: read 1800, imported 1800")
    assert ConferencePaper.objects.filter(conference__slug="neurips", year=2018).count() == 1800
    listing = client.get("/admin/institutions/conferenceupload/").content.decode()
    assert "neurips2018.json" in listing and "done" in listing
