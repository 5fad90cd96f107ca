"""Serving hot tables: refusals, coverage warnings, precomputed months, the worker path."""

import time

import pytest
from django.conf import settings
from django.test import Client

from core.months import add_months, month_label, month_span, parse_month
from ingest.snapshot import SnapshotFilter, import_snapshot
from papers.declaration import declaration_beside, load_declaration
from tests.conftest import paper, wait_until
from trends.hot import DEFAULT_WINDOW, precompute_default
from trends.models import HotSnapshot

PER_MONTH = 110
FIRST, LAST = "2015-01", "2017-06"


# A subject is named again and again, as in real abstracts (trends.analytics.filler).
RISING = "Capsule routing. Capsule routing by agreement."


def _corpus(write_snapshot, first: str = FIRST, last: str = LAST, name: str = "s.jsonl"):
    """cs.CL and cs.LG papers, 110 a month; capsules rise from 2016-06 on."""
    records = []
    for month in month_span(parse_month(first), parse_month(last)):
        label = month_label(month)
        for i in range(PER_MONTH):
            rising = month >= parse_month("2016-06") and i < 10 + month.month
            records.append(
                paper(f"{label[2:4]}{label[5:7]}.{i:05d}", label, title="A study",
                      abstract=RISING if rising else "Kernel methods for parsing.",
                      categories="cs.CL" if i % 2 else "cs.LG")
            )  # fmt: skip
    import_snapshot(write_snapshot(records, name), SnapshotFilter(None))


@pytest.mark.django_db
def test_it_refuses_an_as_of_outside_the_data_with_a_message(client, write_snapshot, eager_tasks):
    _corpus(write_snapshot)
    for url in ("/api/hot", "/hot/"):
        for as_of in ("2030-01", "1990-05"):
            response = client.get(url, {"as_of": as_of})
            assert response.status_code == 400
            text = response.json()["error"] if url.startswith("/api") else response.content.decode()
            # Far outside: papers.params' range check; else the selection's own months.
            assert f"as_of: {as_of} is outside" in text
            assert FIRST in text and LAST in text


@pytest.mark.django_db
def test_it_refuses_or_warns_on_partial_coverage_and_defaults_to_a_complete_month(
    client, write_snapshot, eager_tasks
):
    """The demo declaration over a corpus shaped like it: 2019 cs.CL is partial."""
    load_declaration(declaration_beside(settings.DEMO_CORPUS))
    _corpus(write_snapshot, "2017-01", "2019-12")
    response = client.get("/api/hot", {"categories": "cs.CL", "as_of": "2019-12"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert "partial" in error and "2019 cs.CL is partial" in error and "allow_partial=1" in error
    page = client.get("/hot/", {"categories": "cs.CL", "as_of": "2019-12"})
    assert page.status_code == 400 and "2019 cs.CL is partial" in page.content.decode()
    allowed = client.get(
        "/api/hot", {"categories": "cs.CL", "as_of": "2019-12", "allow_partial": "1"}
    )
    assert allowed.status_code == 200
    assert any("2019 cs.CL is partial" in w for w in allowed.json()["warnings"])
    page = client.get("/hot/", {"categories": "cs.CL", "as_of": "2019-12", "allow_partial": "1"})
    assert page.status_code == 200 and "Read with care" in page.content.decode()
    # Default as_of: the latest month whose selection is complete (cs.CL: 2018-12).
    assert client.get("/api/hot", {"categories": "cs.CL"}).json()["as_of"] == "2018-12"
    # The six categories: from 2017-04 four of them are partial.
    response = client.get("/api/hot", {"as_of": "2017-06"})
    assert response.status_code == 400
    assert "from 2017-04 only papers cross-listed" in response.json()["error"]


@pytest.mark.django_db
def test_it_precomputes_every_month_and_a_new_month_does_not_recompute_history(
    client, write_snapshot, eager_tasks
):
    _corpus(write_snapshot)  # no declaration: coverage unknown, answered with a warning
    HotSnapshot.objects.all().delete()
    first = precompute_default()
    months = month_span(parse_month(FIRST), parse_month(LAST))
    assert first["computed"] == len(months) and first["kept"] == 0
    stored = set(HotSnapshot.objects.values_list("as_of", flat=True))
    assert stored == set(months)
    answer = client.get("/api/hot", {"as_of": "2016-09"}).json()
    assert answer["source"] == "precomputed"
    assert any(w.startswith("coverage unknown") for w in answer["warnings"])
    # A new month arrives: the import bumps the generation; history is re-stamped only.
    new = month_label(add_months(parse_month(LAST), 1))
    _corpus(write_snapshot, new, new, name="new.jsonl")
    started = time.perf_counter()
    second = precompute_default([parse_month(new)])
    assert second == {"computed": 1, "kept": len(months)}, time.perf_counter() - started
    assert client.get("/api/hot", {"as_of": "2016-09"}).json()["source"] == "precomputed"
    assert client.get("/api/hot", {"as_of": new}).json()["source"] == "precomputed"
    assert DEFAULT_WINDOW == 12


def test_it_answers_202_while_a_worker_computes_then_serves_the_result(
    live_server, write_snapshot, celery_worker_process
):
    _corpus(write_snapshot)
    client = Client()
    params = {"as_of": "2016-07", "window": "2", "categories": "cs.CL,cs.LG"}
    first = client.get("/api/hot", params)
    assert first.status_code == 202, first.content
    assert first.json()["status"] == "computing" and first["Retry-After"] == "2"
    page = client.get("/hot/", params)
    assert page.status_code == 202 and "Computing this table" in page.content.decode()
    worker = celery_worker_process()
    assert wait_until(lambda: client.get("/api/hot", params).status_code == 200, timeout=120)
    assert worker.poll() is None
    answer = client.get("/api/hot", params).json()
    assert answer["source"] == "computed by a worker" and answer["as_of"] == "2016-07"
    # "capsule" or, since terms fold a unigram into its dominant bigram, "capsule routing".
    assert any(row["term"].startswith("capsule") for t in ("hot", "new") for row in answer[t])


def test_a_precompute_behind_another_one_comes_back_as_often_as_it_takes():
    # Celery reads retry(max_retries=None) as "the task's limit"; only the task's own
    # max_retries=None lets it retry past 3 (make demo's every-month run holds the lock for
    # minutes, and the after-ingest precompute behind it failed after 90 s).
    from trends.tasks import PRECOMPUTE_RETRY_SECONDS, compute_hot_task

    assert compute_hot_task.max_retries is None
    assert PRECOMPUTE_RETRY_SECONDS > 0
