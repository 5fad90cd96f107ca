"""After-ingest pipeline: the one place that brings derived data up to date after papers change.

Every ingest path (snapshot import, arXiv API and OAI harvests) calls `after_ingest` with the
months it touched. The steps are not known here: each app registers its own in
`AppConfig.ready()` (month totals in papers, term statistics and hot tables in trends, entity
mentions and full-text jobs in entities), so the store never imports a feature app and a new
feature plugs in without editing ingest.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from time import perf_counter

from papers.models import DataGeneration

# Run order of the registered steps: totals first (every fraction divides by them), then the
# per-paper statistics, then what reads those (hot tables are queued for after the commit).
ORDER_TOTALS = 0
ORDER_TERMS = 10
ORDER_MENTIONS = 20
ORDER_AFTER_COMMIT = 90

StepFunction = Callable[[list[date], bool], object]


@dataclass(frozen=True)
class Step:
    name: str
    order: int
    run: StepFunction


_STEPS: dict[str, Step] = {}


def register(name: str, order: int, run: StepFunction) -> None:
    """Add (or replace, so a second `ready()` is harmless) the step called `name`.

    `run(months, everything)` gets the sorted touched months; `everything` asks it to
    recompute all months (a bulk or resumed import).
    """
    _STEPS[name] = Step(name, order, run)


def steps() -> list[Step]:
    return sorted(_STEPS.values(), key=lambda step: (step.order, step.name))


def after_ingest(months: Iterable[date], *, everything: bool = False) -> dict[str, float]:
    """Run every registered step over `months`, then start a new data generation.

    Returns the seconds each step took, by name (ingest runs record them).
    """
    touched = sorted(set(months))
    timings: dict[str, float] = {}
    for step in steps():
        started = perf_counter()
        step.run(touched, everything)
        timings[step.name] = round(perf_counter() - started, 3)
    DataGeneration.objects.bump()
    return timings
