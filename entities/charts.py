"""Plotly figure of an entity group: one line per entity, in % of the month's papers."""

from datetime import date
from typing import Any

from core.months import month_label
from entities.analytics.series import EntityFractions
from entities.models import TextMode
from trends.charts import (
    PageChart,
    base_layout,
    first_active_month,
    page_chart,
    series_style,
    x_range,
)

MODE_LABELS: dict[str, str] = {
    TextMode.ABSTRACT: "title + abstract",
    TextMode.FULL: "full text where fetched, without bibliography",
    TextMode.FULL_BIB: "full text where fetched, bibliography included",
}


def entity_fractions_figure(
    result: EntityFractions, group_label: str, start: date | None = None
) -> PageChart:
    """Lines of % of papers per entity; hover shows the count and the month's papers.

    The x-axis starts at `start` (the query's `from`) or else at the first month any entity
    is mentioned. Each trace's `meta` is its `entity:SLUG` item, which the page's drill-down
    asks /api/papers for. In full-text modes, bars on a second axis show how many papers of
    each month have a fetched full text, so a reader sees how much was searched beyond abstracts.
    """
    x = [month_label(m) for m in result.months]
    data: list[dict[str, Any]] = []
    for i, series in enumerate(result.series):
        percent = [None if f is None else 100 * f for f in series.fractions]
        total = sum(c or 0 for c in series.counts)
        # An entity never mentioned in the range stays in the legend, switched off.
        data.append({
            "type": "scatter", "x": x, "y": percent, "name": f"{series.entity.name} ({total:,})",
            "mode": "lines", "connectgaps": False, "visible": "legendonly" if not total else True,
            "meta": f"entity:{series.entity.slug}",
            "customdata": [list(pair) for pair in zip(series.counts, result.totals, strict=True)],
            "line": {**series_style(i), "width": 1.8},
            "hovertemplate": (
                f"{series.entity.name}: %{{y:.2f}}% "
                "(%{customdata[0]:,} of %{customdata[1]:,} papers)<extra></extra>"
            ),
        })  # fmt: skip
    if result.mode != TextMode.ABSTRACT:
        data.append({
            "type": "bar", "x": x, "y": result.full_text_papers, "name": "papers with full text",
            "yaxis": "y2", "marker": {"color": "rgba(120,120,120,0.25)"},
            "hovertemplate": "papers with full text: %{y:,}<extra></extra>",
        })  # fmt: skip
    first = start or first_active_month(result.months, *(s.counts for s in result.series))
    layout = base_layout(
        f"{group_label}: % of papers mentioning each ({MODE_LABELS[result.mode]})",
        "% of the month's papers",
        x_range(result.months, first),
    )
    layout["yaxis2"] = {
        "title": {"text": "Papers with full text"}, "overlaying": "y", "side": "right",
        "rangemode": "tozero", "showgrid": False,
    }  # fmt: skip
    layout["margin"] = {"l": 60, "r": 60, "t": 50, "b": 40}
    layout["height"] = 480
    return page_chart(data, layout)
