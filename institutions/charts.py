"""Plotly figures of the institutions page, built server-side as plain dicts (see
trends.charts): plotly.js draws them, trends.chart_svg their static first view."""

import math
from typing import Any

from trends.charts import DASHES, PALETTE, PageChart, page_chart

CONFERENCE_LABELS = {"icml": "ICML", "neurips": "NeurIPS", "iclr": "ICLR", "aistats": "AISTATS",
                     "corl": "CoRL", "colt": "COLT", "uai": "UAI", "ijcai": "IJCAI",
                     "colm": "COLM"}  # fmt: skip


def _layout(title: str, yaxis: str, lines: int) -> dict[str, Any]:
    """The legend sits below the plot, about three entries a row: the chart grows with it."""
    return {
        "title": {"text": title, "x": 0.01},
        "xaxis": {"title": {"text": "Conference year"}, "dtick": 1},
        "yaxis": {"title": {"text": yaxis}, "rangemode": "tozero", "ticksuffix": "%"},
        "hovermode": "x unified",
        "legend": {"orientation": "h", "y": -0.25, "yanchor": "top"},  # clear of the x title
        "showlegend": True,  # one conference still gets its name
        "margin": {"l": 70, "r": 20, "t": 50, "b": 40},
        "height": 400 + 20 * max(0, math.ceil(lines / 3) - 1),
    }


def _by_conference(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["conference"], []).append(row)
    return grouped


def industry_share_figure(trend: dict[str, Any]) -> PageChart:
    data = []
    for i, (slug, rows) in enumerate(_by_conference(trend["rows"]).items()):
        rows = [r for r in rows if r["industry_share"] is not None]
        label = CONFERENCE_LABELS.get(slug, slug)
        data.append({
            "type": "scatter", "x": [r["year"] for r in rows],
            "y": [100 * r["industry_share"] for r in rows],
            "customdata": [r["papers"] for r in rows], "name": label, "mode": "lines+markers",
            "line": {"color": PALETTE[i % len(PALETTE)]},
            "hovertemplate": f"{label}: %{{y:.1f}}% of %{{customdata:,}} papers<extra></extra>",
        })  # fmt: skip
    return page_chart(
        data,
        _layout(
            "Share of papers with at least one industry author",
            "Papers with an industry author (% of papers)",
            len(data),
        ),
    )


def institution_share_figure(trend: dict[str, Any]) -> PageChart:
    """One line per (institution, conference): several institutions over years, compared.

    An institution keeps one colour and a conference one dash (and marker), so a reader
    follows either across the chart; the legend groups each institution's lines."""
    names = trend["institutions"]
    unit = "papers (fractional credit)" if trend["counting"] == "fractional" else "papers"
    groups = _by_conference(trend["rows"])
    data = []
    for n, name in enumerate(names):
        for c, (slug, rows) in enumerate(groups.items()):
            shown = f"{name} with its parts" if name in trend["with_parts"] else name
            data.append(_institution_line(name, shown, n, (slug, c), rows, unit, len(groups) > 1))
    title = ", ".join(names) if len(names) <= 3 else f"{len(names)} institutions"
    return page_chart(data, _layout(f"Share of papers: {title}", f"Share of {unit} (%)", len(data)))


MARKERS = ["circle", "square", "diamond", "triangle-up", "x", "cross", "star", "pentagon"]


def _institution_line(
    name: str, shown: str, n: int, conference: tuple[str, int], rows: list[dict[str, Any]],
    unit: str, by_conf: bool,
) -> dict[str, Any]:  # fmt: skip
    """Institution `name` (the n-th chosen, labelled `shown`) at the c-th conference `slug`."""
    slug, c = conference
    points = [r for r in rows if r["institutions"][name]["share"] is not None]
    label = f"{shown} · {CONFERENCE_LABELS.get(slug, slug.upper())}" if by_conf else shown
    return {
        "type": "scatter", "x": [r["year"] for r in points],
        "y": [100 * r["institutions"][name]["share"] for r in points],
        "customdata": [[r["institutions"][name]["papers"], r["papers"]] for r in points],
        "name": label, "mode": "lines+markers", "legendgroup": name,
        "line": {"color": PALETTE[n % len(PALETTE)], "dash": DASHES[c % len(DASHES)]},
        "marker": {"symbol": MARKERS[c % len(MARKERS)]},
        "hovertemplate": (
            f"{label}: %{{y:.1f}}% (%{{customdata[0]}} of %{{customdata[1]:,}} {unit})"
            "<extra></extra>"
        ),
    }  # fmt: skip
