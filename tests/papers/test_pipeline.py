"""The after-ingest pipeline: the steps apps register in ready(), run in order by after_ingest."""

from datetime import date

import pytest

from ingest.records import parse_record
from papers import pipeline
from papers.models import DataGeneration, MonthCategoryCount
from papers.store import upsert_papers
from tests.conftest import paper

pytestmark = pytest.mark.django_db


def test_it_knows_the_steps_every_app_registers_in_their_order() -> None:
    assert [step.name for step in pipeline.steps()] == [
        "month totals",
        "suspicious months",
        "term statistics",
        "entity mentions",
        "full-text jobs",
        "hot table",
    ]


def test_it_runs_each_step_on_the_touched_months_then_starts_a_new_generation() -> None:
    upsert_papers([parse_record(paper("1503.00001", month="2015-03"))[0]])
    before = DataGeneration.objects.current()

    timings = pipeline.after_ingest([date(2015, 3, 1), date(2015, 3, 1)])

    assert set(timings) == {step.name for step in pipeline.steps()}
    assert all(seconds >= 0 for seconds in timings.values())
    assert MonthCategoryCount.objects.filter(month=date(2015, 3, 1)).exists()
    assert DataGeneration.objects.current() != before


def test_a_registered_step_gets_the_sorted_months_and_a_second_registration_replaces_it() -> None:
    seen: list[tuple[list[date], bool]] = []
    try:
        pipeline.register("probe", 5, lambda months, everything: seen.append((months, everything)))
        pipeline.register("probe", 5, lambda months, everything: seen.append((months, everything)))
        pipeline.after_ingest([date(2016, 2, 1), date(2015, 1, 1)], everything=True)
    finally:
        pipeline._STEPS.pop("probe")

    assert seen == [([date(2015, 1, 1), date(2016, 2, 1)], True)]
