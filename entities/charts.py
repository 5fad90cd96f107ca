"""Plotly figure of an entity group: one line per entity, in % of the month's papers."""

import plotly.graph_objects as go

from core.months import month_label
from entities.analytics.series import EntityFractions
from entities.models import TextMode
from trends.charts import PALETTE

MODE_LABELS: dict[str, str] = {
    TextMode.ABSTRACT: "title + abstract",
    TextMode.FULL: "full text where fetched, without bibliography",
    TextMode.FULL_BIB: "full text where fetched, bibliography included",
}


def entity_fractions_figure(result: EntityFractions, group_label: str) -> str:
    """Lines of % of papers per entity; hover shows the count and the month's papers.

    In full-text modes, bars on a second axis show how many papers of each month have a
    fetched full text, so a reader sees how much of the month was searched beyond abstracts.
    """
    x = [month_label(m) for m in result.months]
    fig = go.Figure()
    for i, series in enumerate(result.series):
        percent = [None if f is None else 100 * f for f in series.fractions]
        # An entity never mentioned in the range stays in the legend, switched off.
        never = not any(series.counts)
        fig.add_scatter(
            x=x, y=percent, name=series.entity.name, mode="lines", connectgaps=False,
            visible="legendonly" if never else True,
            customdata=list(zip(series.counts, result.totals, strict=True)),
            line={"color": PALETTE[i % len(PALETTE)], "width": 1.6,
                  "dash": "solid" if i < len(PALETTE) else "dot"},
            hovertemplate=(
                f"{series.entity.name}: %{{y:.2f}}% "
                "(%{customdata[0]:,} of %{customdata[1]:,} papers)<extra></extra>"
            ),
        )  # fmt: skip
    if result.mode != TextMode.ABSTRACT:
        fig.add_bar(
            x=x, y=result.full_text_papers, name="papers with full text", yaxis="y2",
            marker_color="rgba(120,120,120,0.25)",
            hovertemplate="papers with full text: %{y:,}<extra></extra>",
        )  # fmt: skip
    fig.update_layout(
        title={"text": f"{group_label}: % of papers mentioning each ({MODE_LABELS[result.mode]})",
               "x": 0.01},
        xaxis={"title": {"text": "Month of v1 submission"}, "type": "date"},
        yaxis={"title": {"text": "% of the month's papers"}, "rangemode": "tozero"},
        yaxis2={"title": {"text": "Papers with full text"}, "overlaying": "y", "side": "right",
                "rangemode": "tozero", "showgrid": False},
        hovermode="x unified",
        legend={"orientation": "h", "y": -0.2},
        margin={"l": 60, "r": 60, "t": 50, "b": 40},
        height=480,
    )  # fmt: skip
    return str(fig.to_json())
