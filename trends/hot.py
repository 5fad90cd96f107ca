"""Serving and precomputing hot/not-hot tables (trends.analytics.hot computes them).

- What a table may rest on: `plan` refuses an `as_of` outside the data (400), and a window or
  earlier period on partial coverage (trends.analytics.coverage.hot_periods) unless the
  caller allows it, in which case the answer carries the warnings.
- The default selection (six ML categories, default window) is precomputed for every valid
  `as_of` after each ingest and stored in HotSnapshot (`precompute_default`). Incremental:
  a table as of M reads only months <= M, so after an ingest touching months >= T the
  tables as of months before T are still right and are only re-stamped with the new
  generation; the rest are recomputed.
- Any other combination is computed by a worker (`compute_hot_answer_task`) and stored in
  HotSnapshot too, where every web process finds it (a per-process cache would not share
  it); until it is there the answer is None ("computing": the page says so and refreshes,
  the API answers 202). `make demo` runs such a worker on its embedded broker; only with
  no worker at all (CELERY_TASK_ALWAYS_EAGER) does the task run in the request.
- Freshness is the text generation (DataGeneration.current_text): papers and terms, not
  institution or entity curation.
"""

import time
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils import timezone

from core.cache import cached
from core.months import add_months, month_label, month_span
from core.params import QueryError
from papers.coverage import hot_periods, latest_complete
from papers.declaration import declared_periods
from papers.models import DataGeneration
from trends.analytics.fractions import primary_totals
from trends.analytics.hot import hot_tables
from trends.models import HotSnapshot

DEFAULT_WINDOW = 12
STORED_LIMIT = 100
# Where a stored table came from (its payload's "source"): the after-ingest precompute, or a
# worker answering a request for another selection.
PRECOMPUTED, COMPUTED = "precomputed", "computed by a worker"
# Tables stored for requests of other selections: at most this many are kept.
KEPT_ANSWERS = 1000
# A worker's answer is awaited this long before the same request may queue it again.
CLAIM_SECONDS = 120


def categories_key(categories: list[str] | None) -> str:
    return "all" if categories is None else ",".join(sorted(categories))


def data_months(categories: list[str] | None) -> list[date]:
    """Every month from the selection's first paper to its newest finished month (the
    current calendar month is still filling up and never counts)."""
    totals = cached("primary-totals", repr(categories), lambda: primary_totals(categories))
    today = timezone.now().date()
    finished = [m for m in totals if (m.year, m.month) < (today.year, today.month)]
    return month_span(min(finished), max(finished)) if finished else []


def default_as_of(categories: list[str] | None) -> date | None:
    """The latest month whose selection is complete (demo, six categories: 2017-03)."""
    return latest_complete(declared_periods(), categories, data_months(categories))


@dataclass(frozen=True)
class Plan:
    """A hot table that may be answered: its parameters and what the reader must be told."""

    as_of: date
    window: int
    categories: list[str] | None
    since: date | None  # first month of the earlier period
    warnings: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return repr((self.as_of, self.window, categories_key(self.categories), self.since))


def plan(
    as_of: date | None, window: int, categories: list[str] | None, allow_partial: bool
) -> Plan:
    """Check `as_of` against the data and the coverage; QueryError names what is wrong.

    Cached per generation (a refusal too: it is a QueryError every time until data or
    coverage change), so serving a stored table costs no coverage walk.
    """
    key = repr((as_of, window, categories, allow_partial))
    outcome: Plan | str = cached(
        "hot-plan", key, lambda: _plan_or_refusal(as_of, window, categories, allow_partial)
    )
    if isinstance(outcome, str):
        raise QueryError(outcome)
    return outcome


def _plan_or_refusal(
    as_of: date | None, window: int, categories: list[str] | None, allow_partial: bool
) -> Plan | str:
    try:
        return _plan(as_of, window, categories, allow_partial)
    except QueryError as exc:
        return str(exc)


def _plan(
    as_of: date | None, window: int, categories: list[str] | None, allow_partial: bool
) -> Plan:
    months = data_months(categories)
    if not months:
        raise QueryError("as_of: there are no papers in the selected categories yet")
    if as_of is None:
        as_of = default_as_of(categories) or months[-1]
    if not months[0] <= as_of <= months[-1]:
        raise QueryError(
            f"as_of: {month_label(as_of)} is outside the data; the selected categories have "
            f"papers from {month_label(months[0])} to {month_label(months[-1])}"
        )
    upto = [m for m in months if m <= as_of]
    check = hot_periods(declared_periods(), categories, upto, add_months(as_of, 1 - window), window)
    since = check.earlier_start
    if check.problems and not allow_partial:
        raise QueryError(
            f"as_of: the table as of {month_label(as_of)} would rest on partial data: "
            + " | ".join(check.problems)
            + ". Choose an earlier as_of or other categories, or add allow_partial=1 to see "
            "it anyway, with a warning"
        )
    if any("earlier period" in p for p in check.problems):
        since = None  # too few complete months before the window: take every earlier month
    warnings = [f"partial coverage: {p}" for p in check.problems]
    warnings += [f"coverage unknown: {note}" for note in check.unknown]
    return Plan(as_of, window, categories, since, warnings)


def compute_and_store(
    as_of: date | None = None,
    window: int = DEFAULT_WINDOW,
    categories: list[str] | None = None,
) -> HotSnapshot | None:
    """Compute one table (default: the default as_of of the six ML categories) and store it,
    over the earlier period `plan` chooses (partial coverage allowed: staff asked for it)."""
    if categories is None:
        categories = list(settings.ML_CATEGORIES)
    if not data_months(categories):
        return None
    wanted = plan(as_of, window, categories, allow_partial=True)
    return _store(wanted, STORED_LIMIT, PRECOMPUTED)


def _store(wanted: Plan, limit: int, source: str) -> HotSnapshot:
    generation = DataGeneration.objects.current_text()
    started = time.perf_counter()
    tables = hot_tables(wanted.as_of, wanted.window, wanted.categories, limit, wanted.since)
    snapshot, _ = HotSnapshot.objects.update_or_create(
        as_of=wanted.as_of,
        window=wanted.window,
        categories_key=categories_key(wanted.categories),
        defaults={
            "generation": generation,
            "payload": {**tables.as_json(), "limit": limit, "source": source},
            "seconds": time.perf_counter() - started,
        },
    )
    return snapshot


def precompute_default(
    touched: list[date] | None = None, *, latest_only: bool = False
) -> dict[str, int]:
    """Store the default selection's table for every as_of it can be answered for, newest
    first (the default page is ready soonest).

    `touched`: the months an ingest changed (None: everything). Tables as of months before
    the first of them read no changed month and are re-stamped, not recomputed.
    `latest_only`: just the default as_of (no worker runs: the embedded demo, where the
    others are computed on first request instead of delaying the import by minutes).
    """
    categories = list(settings.ML_CATEGORIES)
    key = categories_key(categories)
    generation = DataGeneration.objects.current_text()
    kept = 0
    if touched:
        kept = HotSnapshot.objects.filter(
            window=DEFAULT_WINDOW, categories_key=key, as_of__lt=min(touched)
        ).update(generation=generation)
    computed = 0
    months = data_months(categories)
    latest = default_as_of(categories)
    if latest_only:
        months = [latest] if latest else []
    for as_of in reversed(months):
        if latest and as_of > latest:
            continue  # after the latest complete month: partial or still filling up
        try:
            wanted = plan(as_of, DEFAULT_WINDOW, categories, allow_partial=False)
        except QueryError:
            continue  # rests on partial coverage: refused, so never precomputed
        if stored(wanted) is None:
            compute_and_store(as_of, DEFAULT_WINDOW, categories)
            computed += 1
    return {"computed": computed, "kept": kept}


def stored(wanted: Plan, limit: int = STORED_LIMIT) -> dict[str, object] | None:
    """The stored table for `wanted` with at least `limit` rows a table, if it is fresh."""
    stored = HotSnapshot.objects.fresh(
        wanted.as_of, wanted.window, categories_key(wanted.categories)
    )
    since = month_label(wanted.since) if wanted.since else None
    if stored is None or stored.payload.get("earlier_from") != since:
        return None  # the coverage changed what the earlier period is
    if int(stored.payload.get("limit", STORED_LIMIT)) < limit:
        return None  # computed with fewer rows than asked for
    return dict(stored.payload)


def compute_answer(wanted: Plan, limit: int) -> dict[str, object]:
    """Compute a table a request asked for and store it beside the precomputed ones, where
    every web process finds it (what the worker runs; asked twice, it computes once).

    The tables requests add are bounded: those of an older text generation, and all but the
    newest KEPT_ANSWERS, are deleted."""
    answer = stored(wanted, limit)
    if answer is not None:
        return answer
    default = wanted.window == DEFAULT_WINDOW and categories_key(wanted.categories) == (
        categories_key(list(settings.ML_CATEGORIES))
    )
    snapshot = _store(wanted, max(limit, STORED_LIMIT), PRECOMPUTED if default else COMPUTED)
    asked = HotSnapshot.objects.filter(payload__source=COMPUTED)
    asked.exclude(generation=snapshot.generation).delete()
    newest = asked.order_by("-computed_at").values_list("pk", flat=True)[:KEPT_ANSWERS]
    asked.exclude(pk__in=list(newest)).delete()
    return dict(snapshot.payload)
