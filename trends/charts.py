"""Plotly figures for the pages, built server-side and rendered by plotly.js in the browser.

The styling every chart shares lives here: `series_style` (palette + dash, readable for up
to 20 lines) and `first_active_month` (the x-axis starts where the data does). The chart
title travels in the layout; static/js/charts.js moves it into the page's HTML heading.
Figures are plain dicts serialised with `figure_json`: plotly's `go.Figure` validates every
property and cost about 0.3 s per page view for the 309-month dashboard.
"""

import json
from datetime import date
from typing import Any

from core.months import add_months, month_label, parse_month
from trends.analytics.months import MonthSeries

MAX_STACKED = 8
# Ten hues, each at least 3.9:1 against white, then a darker shade of the same ten (at least
# 6:1) drawn dashed: twenty lines stay apart by colour, shade and dash. The /trends/ page,
# drawn from JSON in the browser, gets them through `palette()`.
PALETTE = [
    "#2f6db3", "#d45d00", "#2e8540", "#c0392b", "#7b4fa0",
    "#8c564b", "#c2378f", "#5f6b78", "#8a7d00", "#00838f",
    "#173f73", "#9c4a00", "#1b5e20", "#8b1e3f", "#4a2f7a",
    "#5d4037", "#8e1f63", "#37474f", "#5c5200", "#005f66",
]  # fmt: skip
DASHES = ["solid", "dash", "dot", "dashdot"]
REST_COLOR = "#9aa3af"  # the catch-all bar: grey, so the named ones stand out
TOTAL_COLOR = "#1d2430"
# Shading of coverage periods (the same colours as static/js/charts.js coverageShapes).
PARTIAL_COLOR = "#F5A623"
UNKNOWN_COLOR = "#9AA5B1"


def series_style(i: int) -> dict[str, str]:
    """Colour and dash of the i-th line: solid base hues, then dashed dark shades, ..."""
    return {"color": PALETTE[i % len(PALETTE)], "dash": DASHES[(i // 10) % len(DASHES)]}


def palette() -> dict[str, list[str]]:
    """PALETTE and DASHES for charts drawn in the browser (index i as in series_style)."""
    return {"colors": PALETTE, "dashes": DASHES}


def first_active_month(months: list[date], *columns: list[int | None]) -> date | None:
    """The first month where any of `columns` is non-zero (None: all zero or empty)."""
    for i, month in enumerate(months):
        if any(column[i] for column in columns):
            return month
    return None


def x_range(months: list[date], start: date | None) -> list[str] | None:
    """A plotly x range from `start` to the last month, or None to let plotly decide."""
    if start is None or not months or start == months[0]:
        return None
    return [month_label(start), month_label(months[-1])]


def figure_json(data: list[dict[str, Any]], layout: dict[str, Any]) -> str:
    """The figure as plotly.js takes it (the shape `go.Figure.to_json()` produced)."""
    return json.dumps({"data": data, "layout": layout}, separators=(",", ":"))


def base_layout(title: str, yaxis: str, x_start: list[str] | None = None) -> dict[str, Any]:
    xaxis: dict[str, Any] = {"title": {"text": "Month of v1 submission"}, "type": "date"}
    if x_start:
        xaxis["range"] = x_start
    return {
        "title": {"text": title, "x": 0.01},
        "xaxis": xaxis,
        "yaxis": {"title": {"text": yaxis}, "rangemode": "tozero", "automargin": True},
        "hovermode": "x unified",
        "legend": {"orientation": "h", "y": -0.18},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 40},
        "height": 460,
    }


def coverage_shapes(coverage: list[dict[str, object]]) -> list[dict[str, object]]:
    """Shaded rectangles over the partial / unknown periods (trends.analytics.coverage)."""
    return [
        {
            "type": "rect", "xref": "x", "yref": "paper", "y0": 0, "y1": 1, "layer": "below",
            "x0": f"{period['from']}-01",
            "x1": month_label(add_months(parse_month(str(period["to"])), 1)) + "-01",
            "fillcolor": PARTIAL_COLOR if period["status"] == "partial" else UNKNOWN_COLOR,
            "opacity": 0.13, "line": {"width": 0}, "name": f"coverage {period['status']}",
        }
        for period in coverage
    ]  # fmt: skip


def papers_per_month_figure(
    series: MonthSeries, mode: str, coverage: list[dict[str, object]] | None = None
) -> str:
    """Stacked bars by primary category (they add up to the total), or one line per category;
    partial and unknown coverage periods shaded."""
    x = [month_label(m) for m in series.months]
    data: list[dict[str, Any]] = []
    layout: dict[str, Any] = {}
    if mode == "lines":
        for i, (category, counts) in enumerate(series.by_category.items()):
            data.append({
                "type": "scatter", "x": x, "y": counts, "name": category, "mode": "lines",
                "connectgaps": False, "line": {**series_style(i), "width": 1.8},
                "hovertemplate": f"{category}: %{{y:,}} papers<extra></extra>",
            })  # fmt: skip
        title = "Papers per month carrying each category (a cross-listed paper counts in each)"
    else:
        shown, rest, rest_label = _stack_groups(series)
        if rest:
            other = [
                None if all(c[i] is None for _, c in rest) else sum(c[i] or 0 for _, c in rest)
                for i in range(len(x))
            ]
            shown.append((rest_label, other))
        for i, (category, counts) in enumerate(shown):
            color = REST_COLOR if rest and i == len(shown) - 1 else PALETTE[i % len(PALETTE)]
            data.append({
                "type": "bar", "x": x, "y": counts, "name": category,
                "marker": {"color": color},
                "hovertemplate": f"{category}: %{{y:,}}<extra></extra>",
            })  # fmt: skip
        layout = {"barmode": "stack", "bargap": 0.05}
        title = "Papers per month, by primary category"
    data.append({
        "type": "scatter", "x": x, "y": series.totals, "name": "all selected (each paper once)",
        "mode": "lines", "connectgaps": False,
        "line": {"color": TOTAL_COLOR, "width": 1, "dash": "dot"},
        "hovertemplate": "total: %{y:,} papers<extra></extra>",
    })  # fmt: skip
    start = x_range(series.months, first_active_month(series.months, series.totals))
    layout["shapes"] = coverage_shapes(coverage or [])
    return figure_json(data, {**base_layout(title, "Papers per month", start), **layout})


def _stack_groups(
    series: MonthSeries,
) -> tuple[list[tuple[str, list[int | None]]], list[tuple[str, list[int | None]]], str]:
    """Which primary categories get their own bar, and what the rest is called.

    With a chosen set of categories, each chosen one is a bar and papers whose primary
    category lies outside it (cross-listed into the selection) share one bar; with "all",
    the largest categories get bars and the long tail shares one.
    """
    ranked = list(series.by_primary.items())
    chosen = set(series.categories)
    if len(chosen) <= MAX_STACKED and chosen != set(series.by_primary):
        shown = [(c, counts) for c, counts in ranked if c in chosen]
        rest = [(c, counts) for c, counts in ranked if c not in chosen]
        return shown, rest, "cross-listed in (primary category elsewhere)"
    rest = ranked[MAX_STACKED:]
    return ranked[:MAX_STACKED], rest, f"other ({len(rest)} categories)"
