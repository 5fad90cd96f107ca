"""The alias preview runs staff patterns under a time limit and a bounded context window:
a catastrophic pattern answers "too slow" within the budget instead of holding the worker."""

import time

import pytest

from entities.models import Entity
from entities.preview import MAX_CONTEXT_WINDOW, PREVIEW_SECONDS
from ingest.snapshot import SnapshotFilter, import_snapshot
from tests.entities.entities_support import seeded_entities  # noqa: F401  (fixture)
from tests.entities.test_entities_admin import PREVIEW, alias_form, staff  # noqa: F401  (fixture)
from tests.entities.test_entities_aggregates import record

pytestmark = [pytest.mark.usefixtures("seeded_entities", "staff", "papers"), pytest.mark.django_db]

# `(a|aa)+b` tries every split of a run of a's into ones and twos before giving up: a run of
# 40 is ~10^8 splits per start position, minutes of backtracking with Python's `re`.
RUNS = "x " + "a" * 40 + " y"


@pytest.fixture
def papers(write_snapshot):
    lines = [
        record(f"1708.{i:05d}", "Aug 2017", "cs.LG", f"We train with Caffe. {RUNS}")
        for i in range(1, 6)
    ]
    import_snapshot(write_snapshot(lines), SnapshotFilter(None))


def test_a_catastrophic_pattern_stops_at_the_time_limit(client):
    caffe = Entity.objects.get(slug="caffe")
    started = time.process_time()
    response = client.get(PREVIEW, alias_form(caffe, "(a|aa)+b", is_pattern="1"))
    cpu = time.process_time() - started
    assert response.status_code == 200
    text = response.content.decode()
    assert f"matching took over {PREVIEW_SECONDS:g} s, so the preview stopped" in text
    # The regex engine counts its timeout in CPU time: on an oversubscribed machine the wall
    # clock runs longer, but the worker's CPU spent on the pattern stays within the budget.
    assert cpu < PREVIEW_SECONDS + 2


def test_a_catastrophic_context_pattern_stops_too_and_a_normal_one_still_works(client):
    caffe = Entity.objects.get(slug="caffe")
    slow = alias_form(caffe, "Caffe", context="(a|aa)+b")
    assert "so the preview stopped" in client.get(PREVIEW, slow).content.decode()
    fine = alias_form(caffe, "Caffe", context="train", context_window="40")
    text = client.get(PREVIEW, fine).content.decode()
    assert "<strong>5</strong> papers matched" in text and "<mark>Caffe</mark>" in text


def test_the_context_window_is_bounded(client):
    caffe = Entity.objects.get(slug="caffe")
    wide = alias_form(caffe, "Caffe", context="train", context_window=str(10**9))
    text = client.get(PREVIEW, wide).content.decode()
    assert f"context window: at most {MAX_CONTEXT_WINDOW} characters" in text
