"""The selection of papers a figure is about: categories and a month range, from the query.

Every month a page or API takes (`from`, `to`, `month`, `as_of`) must lie within the months
the data covers, widened by SPAN_MARGIN_MONTHS on each side: room for a chart that starts
before the first paper or a hot table as of a month still to come, while no request walks
more than a few hundred months (an unbounded `to=9998-12` once scanned 8,000 years, and
months past 9999-12 or before 0001-01 cannot even be computed).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone

from core.cache import cached
from core.months import add_months, month_label
from core.params import QueryError, parse_month_param
from papers.models import MonthCategoryCount

MAX_CATEGORIES = 50
SPAN_MARGIN_MONTHS = 20 * 12


@dataclass(frozen=True)
class MonthFilter:
    categories: list[str] | None  # None: every category ("all")
    start: date | None
    end: date | None

    def sql(self, alias: str = "", *, cross_lists: bool = False) -> tuple[str, list[Any]]:
        """SQL conditions (joined by AND; "TRUE" when there are none) and their parameters,
        for a table with `month` and `primary_category` columns: the one WHERE builder.

        With `cross_lists`, a row counts when its `categories` array overlaps the selection
        (MonthCategoryCount's rule for "papers carrying a category"), else when its primary
        category is selected (the rule of every fraction).
        """
        prefix = f"{alias}." if alias else ""
        clauses: list[str] = []
        params: list[Any] = []
        if self.categories is not None:
            clauses.append(
                f"{prefix}categories && %s::varchar[]"
                if cross_lists
                else f"{prefix}primary_category = ANY(%s)"
            )
            params.append(self.categories)
        if self.start:
            clauses.append(f"{prefix}month >= %s")
            params.append(self.start)
        if self.end:
            clauses.append(f"{prefix}month <= %s")
            params.append(self.end)
        return " AND ".join(clauses) or "TRUE", params


def parse_categories(raw: str | None) -> list[str] | None:
    """'cs.CL,cs.NE' -> those; 'all' -> None; missing or empty -> the six ML categories."""
    if raw is None or not raw.strip():
        return list(settings.ML_CATEGORIES)
    if raw.strip().lower() == "all":
        return None
    requested = list(dict.fromkeys(item.strip() for item in raw.split(",") if item.strip()))
    if len(requested) > MAX_CATEGORIES:
        raise QueryError(f"categories: at most {MAX_CATEGORIES} categories, got {len(requested)}")
    known = set(cached("categories", "", MonthCategoryCount.objects.known_categories))
    known |= set(settings.ML_CATEGORIES)
    unknown = [item for item in requested if item not in known]
    if unknown:
        raise QueryError(
            f"categories: unknown category {', '.join(repr(u) for u in unknown[:5])}; "
            "use arXiv names such as cs.LG,stat.ML or 'all'"
        )
    return requested


def data_span() -> tuple[date, date]:
    """First and last month with papers, cached per data generation; no papers: this month."""

    def compute() -> tuple[date, date]:
        this_month = timezone.now().date().replace(day=1)
        return MonthCategoryCount.objects.span() or (this_month, this_month)

    return cached("data-span", "", compute)


def parse_data_month(name: str, raw: str | None) -> date | None:
    """A YYYY-MM parameter within the data's span and its margin; missing or empty -> None."""
    month = parse_month_param(name, raw)
    if month is None:
        return None
    first, last = data_span()
    low, high = add_months(first, -SPAN_MARGIN_MONTHS), add_months(last, SPAN_MARGIN_MONTHS)
    if not low <= month <= high:
        raise QueryError(
            f"{name}: {month_label(month)} is outside {month_label(low)}..{month_label(high)} "
            f"(the data covers {month_label(first)}..{month_label(last)})"
        )
    return month


def parse_month_filter(params: QueryDict) -> MonthFilter:
    start = parse_data_month("from", params.get("from"))
    end = parse_data_month("to", params.get("to"))
    if start and end and start > end:
        raise QueryError(f"from: {params['from']} is after to: {params['to']}")
    return MonthFilter(parse_categories(params.get("categories")), start, end)
