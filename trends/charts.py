"""Plotly figures for the pages, built server-side and rendered by plotly.js in the browser."""

import plotly.graph_objects as go

from core.months import month_label
from trends.analytics.months import MonthSeries

MAX_STACKED = 8
REST_COLOR = "#C9CED6"
PALETTE = [
    "#4C78A8", "#F58518", "#54A24B", "#E45756", "#72B7B2",
    "#B279A2", "#EECA3B", "#9D755D", "#BAB0AC",
]  # fmt: skip


def _layout(title: str, yaxis: str) -> dict[str, object]:
    return {
        "title": {"text": title, "x": 0.01},
        "xaxis": {"title": {"text": "Month of v1 submission"}, "type": "date"},
        "yaxis": {"title": {"text": yaxis}, "rangemode": "tozero"},
        "hovermode": "x unified",
        "legend": {"orientation": "h", "y": -0.2},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 40},
        "height": 460,
    }


def papers_per_month_figure(series: MonthSeries, mode: str) -> str:
    """Stacked bars by primary category (they add up to the total), or one line per category."""
    x = [month_label(m) for m in series.months]
    fig = go.Figure()
    if mode == "lines":
        for i, (category, counts) in enumerate(series.by_category.items()):
            fig.add_scatter(
                x=x, y=counts, name=category, mode="lines", connectgaps=False,
                line={"color": PALETTE[i % len(PALETTE)], "width": 1.5},
                hovertemplate=f"{category}: %{{y:,}} papers<extra></extra>",
            )  # fmt: skip
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
            # The catch-all group is grey, last in the stack, so the named ones stand out.
            color = REST_COLOR if rest and i == len(shown) - 1 else PALETTE[i % len(PALETTE)]
            fig.add_bar(
                x=x, y=counts, name=category, marker_color=color,
                hovertemplate=f"{category}: %{{y:,}}<extra></extra>",
            )  # fmt: skip
        fig.update_layout(barmode="stack", bargap=0.05)
        title = "Papers per month, by primary category"
    fig.add_scatter(
        x=x, y=series.totals, name="all selected (each paper once)", mode="lines",
        connectgaps=False, line={"color": "#222", "width": 1, "dash": "dot"},
        hovertemplate="total: %{y:,} papers<extra></extra>",
    )  # fmt: skip
    fig.update_layout(**_layout(title, "Papers per month"))
    return str(fig.to_json())


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
