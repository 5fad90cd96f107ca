"""Full text end to end: PDFs generated with fpdf2, served by a real HTTP server on 127.0.0.1,
fetched by a real Celery worker after an import, extracted with pypdf, split at the
bibliography, matched, and counted in the full-text modes of the API."""

import itertools
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings
from fpdf import FPDF

from entities.fulltext import extract_text, split_bibliography
from entities.models import FullText
from ingest.snapshot import SnapshotFilter, import_snapshot
from tests.conftest import wait_until
from tests.entities.entities_support import seeded_entities  # noqa: F401  (fixture)
from tests.entities.test_entities_aggregates import record

pytestmark = pytest.mark.usefixtures("seeded_entities")

GAP = 0.4  # seconds between two requests to the PDF server (the shared politeness slot)


def make_pdf(paragraphs: list[str]) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    for text in paragraphs:
        pdf.add_page() if text == "<page>" else pdf.multi_cell(
            0, 6, text, new_x="LMARGIN", new_y="NEXT"
        )
    return bytes(pdf.output())


BODY_AND_BIB = make_pdf([
    "1 Introduction",
    "We train a sequence model. Our implementation uses PyTorch on eight GPUs.",
    "<page>",
    "5 Conclusion",
    "The model is small.",
    "References",
    "[1] M. Abadi et al. TensorFlow: large-scale machine learning on heterogeneous systems, 2015.",
])  # fmt: skip
ONLY_BIB = make_pdf([
    "1 Introduction",
    "A theoretical note on learning rates without any experiment.",
    "References",
    "[1] Theano Development Team. Theano: A Python framework for fast computation, 2016.",
])  # fmt: skip
BROKEN = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer garbage"

PDFS = {"1912.00001": BODY_AND_BIB, "1912.00002": ONLY_BIB, "1912.00003": BROKEN}
PAPERS = [
    record("1912.00001", "Dec 2019", "cs.LG", "A sequence model."),
    record("1912.00002", "Dec 2019", "cs.LG", "Learning rates."),
    record("1912.00003", "Dec 2019", "cs.LG", "A broken file."),
    record("1912.00004", "Dec 2019", "cs.LG", "No PDF at all."),  # the server answers 404
]


class PdfServer:
    def __init__(self) -> None:
        self.log: list[tuple[float, str]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.log.append((time.monotonic(), self.path))
                data = PDFS.get(self.path.rsplit("/", 1)[-1])
                self.send_response(200 if data else 404)
                self.send_header("Content-Type", "application/pdf" if data else "text/plain")
                body = data or b"not found"
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_port}/pdf"

    def __enter__(self) -> "PdfServer":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def pdf_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[PdfServer]:
    with PdfServer() as server:
        # The worker process reads its settings from the environment.
        for name, value in {
            "FULLTEXT_PDF_BASE_URL": server.base_url,
            "ARXIV_DELAY_SECONDS": str(GAP),
            "ARXIV_RETRIES": "0",
            "ARXIV_BACKOFF_SECONDS": "0",
        }.items():
            monkeypatch.setenv(name, value)
        yield server


def test_split_at_the_last_bibliography_heading():
    body, bib = split_bibliography(
        "Intro\nReferences to prior work below\nText\n7 References\n[1] X"
    )
    assert body == "Intro\nReferences to prior work below\nText\n"
    assert bib == "7 References\n[1] X"
    assert split_bibliography("No heading here") == ("No heading here", "")


def test_pypdf_extracts_the_generated_pdf_and_refuses_the_broken_one():
    extracted = extract_text(BODY_AND_BIB)
    assert extracted.pages == 2
    assert "PyTorch" in extracted.body and "TensorFlow" not in extracted.body
    assert "TensorFlow" in extracted.bibliography
    with pytest.raises(Exception, match=r"pypdf cannot read it|no extractable text"):
        extract_text(BROKEN)
    with pytest.raises(Exception, match="not a PDF"):
        extract_text(b"<html>rate limited</html>")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_import_queues_full_text_fetched_politely_and_counted(
    pdf_server, celery_worker_process, write_snapshot, client
):
    celery_worker_process()
    started = time.monotonic()
    with override_settings(FULLTEXT_ENABLED=True, FULLTEXT_BATCH=10):
        import_snapshot(write_snapshot(PAPERS), SnapshotFilter(None))
    # Ingest does not wait for PDFs: it is back long before four polite requests are done.
    assert time.monotonic() - started < 3 * GAP + 5
    assert wait_until(lambda: FullText.objects.count() == 4, timeout=90)

    states = dict(FullText.objects.values_list("paper__arxiv_id", "state"))
    assert states == {"1912.00001": "fetched", "1912.00002": "fetched",
                      "1912.00003": "failed", "1912.00004": "failed"}  # fmt: skip
    broken = FullText.objects.get(paper__arxiv_id="1912.00003")
    assert broken.error.startswith("1912.00003: ")
    assert "pypdf cannot read it" in broken.error or "no extractable text" in broken.error
    missing = FullText.objects.get(paper__arxiv_id="1912.00004")
    assert "download failed" in missing.error and "HTTP 404" in missing.error

    # The requests went through the shared politeness slot: never closer than the gap.
    times = sorted(at for at, _ in pdf_server.log)
    assert len(times) == 4
    # By construction (ingest.politeness): a turn starts a gap after the previous answer.
    assert all(b - a >= GAP - 0.001 for a, b in itertools.pairwise(times))

    def month(**params):
        response = client.get("/api/entities", {"kind": "framework", "month": "2019-12", **params})
        data = json.loads(response.content)
        return data, {row["entity"]: row["papers"] for row in data["rows"]}

    data, abstract_only = month()
    assert abstract_only["pytorch"] == 0
    data, full = month(text="full")
    assert data["full_text_papers"] == 2
    assert full["pytorch"] == 1
    assert full["tensorflow"] == 0  # only in the bibliography
    assert full["theano"] == 0  # the paper whose only framework mention is a reference
    data, with_bib = month(text="full", bibliography="1")
    assert with_bib["tensorflow"] == 1
    assert with_bib["theano"] == 1
    assert with_bib["pytorch"] == 1
