"""Coverage as data: what a corpus declares about its completeness, and what the data shows.

A declaration (a TOML file beside the corpus, e.g. data/demo/coverage.toml, loaded into the
CoveragePeriod model and editable in admin) says per category and period whether the corpus
holds every paper arXiv lists (complete), a biased sample of them (partial) or nobody knows
(unknown). Everything here is a pure function of the declared periods and of counts, so the
charts, /hot/, /api/coverage and /about/ share one reading of it:

- `month_statuses`: the status of a selection in each month is the strictest status of its
  categories (a union with one partial category is a partial union);
- `shaded_periods`: the runs of not-complete months a chart shades;
- `hot_periods`: whether a hot/not-hot table as of M rests on partial months;
- `suspicious_months`: detection from the data, a category-month far below its trailing median
  (a missing day of a dump, a harvest that stopped), listed in admin for a human to judge;
- `bulk_months`: the opposite, a category-month far above the months around it (a bulk upload
  of old proceedings carrying the upload's date: the demo's cs.AI of 2013-01..03 holds UAI
  papers of the 1990s), which must not serve as a term's "earlier" peak in hot/not hot.
"""

import statistics
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from core.months import add_months, month_label, month_span, parse_month

COMPLETE, PARTIAL, UNKNOWN = "complete", "partial", "unknown"
STATUSES = (COMPLETE, PARTIAL, UNKNOWN)
# Which status wins where periods overlap, or categories of a selection differ.
_SEVERITY = {COMPLETE: 0, UNKNOWN: 1, PARTIAL: 2}

# Detection: a month holding less than SUSPICIOUS_SHARE of the median of the TRAILING_MONTHS
# before it is suspicious, once there are MIN_HISTORY months to take a median of and the
# median is at least MIN_MEDIAN papers (below that, halving is ordinary noise).
TRAILING_MONTHS = 12
MIN_HISTORY = 6
SUSPICIOUS_SHARE = 0.5
MIN_MEDIAN = 20
# Bulk uploads: a category-month holding more than BULK_FACTOR times the median of the
# TRAILING_MONTHS before and after it (itself left out) and at least BULK_MIN_EXCESS papers
# above that median. Conference seasons move a category by 1.5-2x; the demo's cs.AI bulk
# months are 4-9x (241, 249, 468 papers against a median of 50-60).
BULK_FACTOR = 3.0
BULK_MIN_EXCESS = 100


class DeclarationError(ValueError):
    """A coverage declaration that cannot be read; the message names the entry and field."""


@dataclass(frozen=True)
class Period:
    categories: tuple[str, ...]
    start: date | None  # None: since the first paper
    end: date | None  # None: up to the latest
    status: str
    note: str = ""

    def covers(self, category: str, month: date) -> bool:
        return (
            category in self.categories
            and (self.start is None or month >= self.start)
            and (self.end is None or month <= self.end)
        )

    def as_json(self) -> dict[str, object]:
        return {
            "categories": list(self.categories),
            "from": month_label(self.start) if self.start else None,
            "to": month_label(self.end) if self.end else None,
            "status": self.status,
            "note": self.note,
        }


def parse_declaration(text: str) -> list[Period]:
    """The periods of a coverage TOML file (see data/demo/coverage.toml for the format)."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DeclarationError(f"not valid TOML: {exc}") from None
    entries = document.get("period", [])
    if not isinstance(entries, list):
        raise DeclarationError("`period` must be an array of tables ([[period]])")
    return [_period(i + 1, entry) for i, entry in enumerate(entries)]


def _period(number: int, entry: object) -> Period:
    where = f"period {number}"
    if not isinstance(entry, dict):
        raise DeclarationError(f"{where}: not a table")
    categories = entry.get("categories")
    if not (
        isinstance(categories, list)
        and categories
        and all(isinstance(c, str) and c.strip() for c in categories)
    ):
        raise DeclarationError(f"{where}: categories must be a non-empty list of names")
    status = entry.get("status")
    if status not in STATUSES:
        raise DeclarationError(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
    bounds: list[date | None] = []
    for key in ("from", "to"):
        raw = entry.get(key)
        try:
            bounds.append(None if raw is None else parse_month(str(raw)))
        except ValueError:
            raise DeclarationError(f"{where}: {key} {raw!r} is not a month (YYYY-MM)") from None
    start, end = bounds
    if start and end and start > end:
        raise DeclarationError(f"{where}: from {month_label(start)} is after to {month_label(end)}")
    note = entry.get("note", "")
    if not isinstance(note, str):
        raise DeclarationError(f"{where}: note must be text")
    return Period(tuple(c.strip() for c in categories), start, end, status, note.strip())


def declared_categories(periods: Iterable[Period]) -> list[str]:
    return sorted({c for p in periods for c in p.categories})


@dataclass
class MonthStatus:
    status: str
    notes: list[str] = field(default_factory=list)

    def explain(self) -> str:
        return "; ".join(self.notes) or f"coverage {self.status}"


def month_statuses(
    periods: list[Period], categories: list[str] | None, months: list[date]
) -> list[MonthStatus]:
    """The selection's status per month: the strictest over its categories.

    `categories=None` ("all") reads as every category the declaration names, the corpus's
    own categories; a category no period covers in a month is unknown there.
    """
    chosen = declared_categories(periods) if categories is None else categories
    out = []
    for month in months:
        status, notes = COMPLETE, list[str]()
        for category in chosen:
            covering = [p for p in periods if p.covers(category, month)]
            worst = max((p.status for p in covering), key=_SEVERITY.__getitem__, default=UNKNOWN)
            if _SEVERITY[worst] > _SEVERITY[status]:
                status, notes = worst, []
            if worst == status and worst != COMPLETE:
                explained = [p.note for p in covering if p.status == worst and p.note]
                notes += explained or [f"no coverage declared for {category}"]
        out.append(MonthStatus(status, list(dict.fromkeys(notes))))
    return out


def shaded_periods(
    periods: list[Period], categories: list[str] | None, months: list[date]
) -> list[dict[str, object]]:
    """Runs of consecutive months that are partial or unknown, with their explanation."""
    runs: list[dict[str, object]] = []
    for month, state in zip(months, month_statuses(periods, categories, months), strict=True):
        if state.status == COMPLETE:
            continue
        label, note = month_label(month), state.explain()
        last = runs[-1] if runs else None
        if (
            last
            and last["status"] == state.status
            and last["note"] == note
            and last["to"] == month_label(add_months(month, -1))
        ):
            last["to"] = label
        else:
            runs.append({"from": label, "to": label, "status": state.status, "note": note})
    return runs


def latest_complete(
    periods: list[Period], categories: list[str] | None, months: list[date]
) -> date | None:
    """The latest of `months` whose selection is complete; with nothing declared complete,
    the latest that is not partial (an undeclared corpus is not refused, only flagged)."""
    states = month_statuses(periods, categories, months)
    for wanted in (COMPLETE, UNKNOWN):
        found = [m for m, s in zip(months, states, strict=True) if s.status == wanted]
        if found:
            return found[-1]
    return None


@dataclass
class HotPeriods:
    """What a hot table as of M may rest on, and what is wrong with it."""

    earlier_start: date | None  # first month of the earlier period used (None: the first)
    problems: list[str]  # partial coverage under the window or the earlier period
    unknown: list[str]  # periods whose coverage nobody declared


def hot_periods(
    periods: list[Period],
    categories: list[str] | None,
    months: list[date],
    window_start: date,
    minimum_earlier: int,
) -> HotPeriods:
    """Check the window (window_start .. last of `months`) and the earlier period.

    The earlier period is the run of not-partial months right before the window: partial
    months further back are left out (the demo's pre-2012 cs.LG is a cross-list sample; its
    peaks would be biased). It must hold `minimum_earlier` months, else there is no honest
    "before" to compare with.
    """
    states = dict(zip(months, month_statuses(periods, categories, months), strict=True))
    window = [m for m in months if m >= window_start]
    before = [m for m in months if m < window_start]
    problems = [
        f"the window ({month_label(window_start)} .. {month_label(months[-1])}) includes "
        f"partial coverage: {note}"
        for note in _notes(states, window, PARTIAL)
    ]
    partial_before = [m for m in before if states[m].status == PARTIAL]
    earlier_start = add_months(partial_before[-1], 1) if partial_before else None
    usable = [m for m in before if earlier_start is None or m >= earlier_start]
    if partial_before and len(usable) < minimum_earlier:
        problems += [
            f"the earlier period rests on partial coverage (only {len(usable)} complete "
            f"month{'s' if len(usable) != 1 else ''} before the window, at least "
            f"{minimum_earlier} needed): {note}"
            for note in _notes(states, partial_before, PARTIAL)
        ]
    unknown = _notes(states, window + usable, UNKNOWN)
    return HotPeriods(earlier_start, problems, unknown)


def _notes(states: dict[date, MonthStatus], months: list[date], status: str) -> list[str]:
    notes: list[str] = []
    for month in months:
        if states[month].status == status:
            notes += [n for n in states[month].notes if n not in notes]
    return notes


@dataclass(frozen=True)
class Suspicious:
    category: str
    month: date
    papers: int
    trailing_median: float


def suspicious_months(counts: dict[str, dict[date, int]]) -> list[Suspicious]:
    """Category-months below SUSPICIOUS_SHARE of the median of the TRAILING_MONTHS before.

    Months without a paper between a category's first and last month count as 0: a month
    missing altogether is the most suspicious of all.
    """
    found = []
    for category, by_month in sorted(counts.items()):
        if not by_month:
            continue
        months = month_span(min(by_month), max(by_month))
        series = [by_month.get(m, 0) for m in months]
        for i in range(MIN_HISTORY, len(series)):
            median = statistics.median(series[max(0, i - TRAILING_MONTHS) : i])
            if median >= MIN_MEDIAN and series[i] < SUSPICIOUS_SHARE * median:
                found.append(Suspicious(category, months[i], series[i], float(median)))
    return found


def bulk_months(counts: dict[str, dict[date, int]]) -> set[tuple[str, date]]:
    """(category, month) cells far above the months around them (see module docstring).

    Both sides are asked, the TRAILING_MONTHS before and the TRAILING_MONTHS after (each
    when it holds MIN_HISTORY months): a bulk month stands above both, while a step in
    coverage (a category complete up to a month and a cross-list sample after it, a new
    category filling up) stands above one side only and is no bulk upload.
    """
    found: set[tuple[str, date]] = set()
    for category, by_month in counts.items():
        if not by_month:
            continue
        months = month_span(min(by_month), max(by_month))
        series = [by_month.get(m, 0) for m in months]
        for i, papers in enumerate(series):
            sides = [
                series[max(0, i - TRAILING_MONTHS) : i],
                series[i + 1 : i + 1 + TRAILING_MONTHS],
            ]
            medians = [statistics.median(side) for side in sides if len(side) >= MIN_HISTORY]
            if not medians:
                continue
            median = max(medians)
            if papers > BULK_FACTOR * max(median, 1) and papers - median >= BULK_MIN_EXCESS:
                found.add((category, months[i]))
    return found
