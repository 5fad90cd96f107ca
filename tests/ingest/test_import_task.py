"""The snapshot import as a Celery task, run by a real worker through the real Redis broker."""

import pytest

from ingest.models import IngestRun
from ingest.tasks import import_snapshot_task
from papers.models import MonthCategoryCount, Paper
from tests.conftest import paper

pytestmark = pytest.mark.worker


def test_a_worker_imports_a_snapshot_by_path(celery_worker_process, write_snapshot):
    path = write_snapshot([paper("1409.0473"), paper("1706.03762"), "{bad"], "s.jsonl.gz")
    celery_worker_process()
    result = import_snapshot_task.delay(str(path))
    summary = result.get(timeout=120)
    assert summary["imported"] == 2
    assert summary["invalid"] == 1
    assert set(Paper.objects.values_list("arxiv_id", flat=True)) == {"1409.0473", "1706.03762"}
    assert sum(MonthCategoryCount.objects.values_list("papers", flat=True)) == 2
    run = IngestRun.objects.get(pk=summary["run"])
    assert run.state == IngestRun.State.SUCCEEDED
    assert run.errors == [{"where": "line 3", "reason": run.errors[0]["reason"]}]
    assert run.errors[0]["reason"].startswith("malformed JSON")
