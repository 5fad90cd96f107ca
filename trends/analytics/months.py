"""Papers per month, read from MonthCategoryCount (never by counting papers)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import connection

from core.months import month_axis, month_label
from papers.models import MonthCategoryCount
from papers.params import MonthFilter


@dataclass
class MonthSeries:
    """Aligned monthly series; None marks a month with no paper in the selection (a gap)."""

    months: list[date]
    categories: list[str]
    totals: list[int | None]
    # Papers carrying each category (a paper with two selected categories counts in both).
    by_category: dict[str, list[int | None]]
    # Papers by primary category: these add up to `totals`.
    by_primary: dict[str, list[int | None]]

    def as_json(self) -> dict[str, object]:
        return {
            "months": [month_label(m) for m in self.months],
            "categories": self.categories,
            "totals": self.totals,
            "by_category": self.by_category,
            "by_primary": self.by_primary,
        }


def papers_per_month(selection: MonthFilter) -> MonthSeries:
    table = MonthCategoryCount._meta.db_table
    where_sql, params = selection.sql(cross_lists=True)
    category_filter = "" if selection.categories is None else "WHERE category = ANY(%s)"
    category_params = [] if selection.categories is None else [selection.categories]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH selected AS (SELECT * FROM {table} WHERE {where_sql})
            SELECT 'total', month, '', sum(papers) FROM selected GROUP BY month
            UNION ALL
            SELECT 'primary', month, primary_category, sum(papers)
              FROM selected GROUP BY month, primary_category
            UNION ALL
            SELECT 'category', month, category, sum(papers) FROM (
                SELECT month, unnest(categories) AS category, papers FROM selected
            ) per_category {category_filter} GROUP BY month, category
            """,
            params + category_params,
        )
        rows = cursor.fetchall()

    totals: dict[date, int] = {}
    by_category: dict[str, dict[date, int]] = defaultdict(dict)
    by_primary: dict[str, dict[date, int]] = defaultdict(dict)
    for kind, month, key, papers in rows:
        if kind == "total":
            totals[month] = int(papers)
        elif kind == "primary":
            by_primary[key][month] = int(papers)
        else:
            by_category[key][month] = int(papers)

    months = month_axis(totals, selection.start, selection.end)

    def align(counts: dict[date, int]) -> list[int | None]:
        # A month without any paper in the selection is a gap; otherwise a real count (maybe 0).
        return [counts.get(m, 0) if m in totals else None for m in months]

    categories = selection.categories if selection.categories is not None else sorted(by_category)
    return MonthSeries(
        months=months,
        categories=categories,
        totals=[totals.get(m) for m in months],
        by_category={c: align(by_category.get(c, {})) for c in categories},
        by_primary={
            p: align(counts)
            for p, counts in sorted(by_primary.items(), key=lambda kv: -sum(kv[1].values()))
        },
    )
