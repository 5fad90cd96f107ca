"""Plotly figures for the pages, built server-side and rendered by plotly.js in the browser.

The styling every chart shares lives here: `series_style` (palette + dash, readable for up
to 20 lines) and `first_active_month` (the x-axis starts where the data does). The chart
title travels in the layout; static/js/charts.js moves it into the page's HTML heading.
Figures are plain dicts (plotly's `go.Figure` validates every property and cost about 0.3 s
per page view for the 309-month dashboard); `page_chart` gives a page both the JSON plotly.js
draws and the static first view trends.chart_svg draws from the same dict.
"""

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string

from core.months import add_months, month_label, parse_month
from trends.analytics.months import MonthSeries
from trends.chart_svg import static_chart

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


@dataclass
class PageChart:
    """A figure as a page carries it (templates/chart_card.html): `json` for plotly.js, in the
    shape `go.Figure.to_json()` produced, its `title`, and `static_html`, its server-drawn
    first view (templates/static_chart.html), rendered here once: views cache the whole."""

    json: str
    title: str
    static_html: str


def page_chart(data: list[dict[str, Any]], layout: dict[str, Any]) -> PageChart:
    figure = {"data": data, "layout": layout}
    static = static_chart(figure)
    return PageChart(
        json.dumps(figure, separators=(",", ":")),
        static.title,
        render_to_string("static_chart.html", {"static": static}),
    )


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
) -> PageChart:
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
    return page_chart(data, {**base_layout(title, "Papers per month", start), **layout})


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


def fractions_chart(answer: dict[str, Any], band: bool, from_given: bool) -> PageChart:
    """The /trends/ chart of an /api/fractions answer (`FractionSeries.as_json()`), as
    static/js/trends.js draws it: per term a line in % (gap months left out) and its 95%
    band when `band`, coverage shaded, the x-axis from the first month any term is mentioned
    unless a `from` was given. The page carries it as its static first view; trends.js
    draws the interactive chart (hover texts, support markers) from the same answer."""
    months, gaps = answer["months"], answer["gaps"]
    data: list[dict[str, Any]] = []
    for i, line in enumerate(answer["series"]):
        name = line["label"] or line["term"]
        style = series_style(i)

        def shown(values: list[float | None], drawn: list[float | None] = line["fractions"]):
            # in %, and None where the line has no value or the month is a gap
            return [
                None if v is None or f is None or gaps[j] else 100 * v
                for j, (v, f) in enumerate(zip(values, drawn, strict=True))
            ]

        if band:
            edge = {"mode": "lines", "x": months, "showlegend": False, "line": {"width": 0}}
            data.append({**edge, "y": shown(line["interval_high"]), "name": f"{name} 95% high"})
            data.append({
                **edge, "y": shown(line["interval_low"]), "name": f"{name} 95% interval",
                "fill": "tonexty", "fillcolor": f"{style['color']}33",
            })  # fmt: skip
        legend = f"{name} ({line['total_papers']:,})"
        data.append({
            "type": "scatter", "x": months, "y": shown(line["fractions"]), "name": legend,
            "mode": "lines", "line": {**style, "width": 2},
        })  # fmt: skip
    counts = [line["counts"] for line in answer["series"]]
    first = next((j for j in range(len(months)) if any(c[j] for c in counts)), 0)
    layout = base_layout(
        "Share of papers mentioning each term (title + abstract"
        + (f", {answer['value']})" if answer["smooth"] > 1 else ")"),
        "% of the month's papers",
        None if from_given or first == 0 else [months[first], months[-1]],
    )
    layout["yaxis"]["ticksuffix"] = "%"
    layout["shapes"] = coverage_shapes(answer["coverage"])
    return page_chart(data, layout)
