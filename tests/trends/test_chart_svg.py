"""The static first view of a chart (trends.chart_svg) drawn from a plotly figure dict."""

import re

from trends.chart_axes import nice_step, tick_label
from trends.chart_svg import VIEW, static_chart
from trends.charts import coverage_shapes

MONTHS = ["2016-01", "2016-02", "2016-03", "2016-04", "2016-05"]


def _layout(**extra: object) -> dict[str, object]:
    return {
        "title": {"text": "A <chart> & more"},
        "xaxis": {"title": {"text": "Month"}, "type": "date"},
        "yaxis": {"title": {"text": "Share"}, "ticksuffix": "%"},
        "height": 460,
        **extra,
    }


def _paths(marks: str) -> list[str]:
    return re.findall(r'<path class="series" d="([^"]*)"', marks)


def test_it_breaks_a_line_at_a_gap_and_scales_it_to_the_plot() -> None:
    line = {"type": "scatter", "mode": "lines", "name": "gan", "x": MONTHS,
            "y": [1.0, 2.0, None, 4.0, 5.0], "line": {"color": "#2f6db3"}}  # fmt: skip
    chart = static_chart({"data": [line], "layout": _layout()})
    (d,) = _paths(chart.marks)
    assert d.count("M") == 2  # two stretches: before and after the gap
    first_x, first_y = (float(v) for v in d[1:].split("L")[0].split())
    assert first_x == 0.0  # the x range is the data's: the first month at the left edge
    assert 0 < first_y < VIEW  # y grows upwards from zero
    last = d.split("L")[-1].split()
    assert float(last[0]) == VIEW  # the last month at the right edge
    assert float(last[1]) < first_y  # 5% drawn above 1%
    assert "gan" in chart.marks  # the series names its line (a tooltip)


def test_it_stacks_bars_and_lists_them_top_first() -> None:
    bars = [
        {"type": "bar", "name": name, "x": MONTHS[:2], "y": [10, 20], "marker": {"color": c}}
        for name, c in (("cs.LG", "#111111"), ("cs.CV", "#222222"))
    ]
    chart = static_chart({"data": bars, "layout": _layout(barmode="stack")})
    assert [e.name for e in chart.legend] == ["cs.CV", "cs.LG"]
    assert all(e.bar for e in chart.legend)
    # the y-axis reaches the stacked total (40), not the tallest single bar (20)
    assert chart.y_ticks[0].label == "0%"
    assert max(float(t.label.rstrip("%")) for t in chart.y_ticks) >= 40


def test_it_fills_a_band_and_shades_coverage_periods() -> None:
    edge = {"mode": "lines", "x": MONTHS, "showlegend": False, "line": {"width": 0}}
    data = [
        {**edge, "y": [2, 3, 4, 5, 6], "name": "high"},
        {**edge, "y": [1, 1, 2, 2, 3], "name": "low", "fill": "tonexty", "fillcolor": "#2f6db333"},
        {"type": "scatter", "x": MONTHS, "y": [1.5, 2, 3, 3.5, 4], "name": "gan", "mode": "lines"},
    ]
    shapes = coverage_shapes([{"from": "2016-02", "to": "2016-03", "status": "partial"}])
    chart = static_chart({"data": data, "layout": _layout(shapes=shapes)})
    assert 'fill="#2f6db333"' in chart.marks and "Z" in chart.marks
    assert len(_paths(chart.marks)) == 1  # the band's edges are not drawn as lines
    (rect,) = re.findall(r'<rect x="([\d.]+)" y="0" width="([\d.]+)"', chart.marks)
    assert float(rect[0]) == VIEW / 4  # February of January..May
    assert [e.name for e in chart.legend] == ["gan"]


def test_it_keeps_off_series_in_the_legend_and_leaves_empty_ones_out() -> None:
    data = [
        {"type": "scatter", "x": MONTHS, "y": [0] * 5, "name": "off", "visible": "legendonly"},
        {"type": "scatter", "x": [], "y": [], "name": "empty"},
        {"type": "scatter", "x": MONTHS, "y": [1] * 5, "name": "on", "line": {"dash": "dash"}},
    ]
    chart = static_chart({"data": data, "layout": _layout()})
    assert [(e.name, e.off) for e in chart.legend] == [("off", True), ("on", False)]
    assert chart.legend[1].dash
    assert len(_paths(chart.marks)) == 1


def test_it_starts_at_the_layouts_range_and_ticks_whole_years() -> None:
    months = [f"{y}-{m:02d}" for y in range(2000, 2020) for m in range(1, 13)]
    line = {"type": "scatter", "x": months, "y": [1] * len(months), "name": "x"}
    chart = static_chart(
        {"data": [line], "layout": _layout(xaxis={"range": ["2010-01", "2019-12"]})}
    )
    assert chart.x_ticks[0].label == "2010" and chart.x_ticks[0].at == 0
    assert len(chart.x_ticks) == 10  # every year; a phone shows every other one
    assert [t.label for t in chart.x_ticks if not t.minor] == [
        "2010",
        "2012",
        "2014",
        "2016",
        "2018",
    ]
    (d,) = _paths(chart.marks)
    assert d.count("L") < 130  # months long before the range are not sent


def test_it_escapes_what_it_writes() -> None:
    line = {"type": "scatter", "x": MONTHS, "y": [1] * 5, "name": "<b>a & b</b>"}
    chart = static_chart({"data": [line], "layout": _layout()})
    assert "<b>" not in chart.marks and "&lt;b&gt;a &amp; b" in chart.marks
    assert chart.title == "A <chart> & more"  # the template escapes it


def test_it_picks_plotlys_tick_steps() -> None:
    assert nice_step(1750, 9.5) == 200
    assert nice_step(7.3, 9.25) == 1
    assert nice_step(46, 8.25) == 10
    steps = ((2.5, 0.5), (1600, 200), (2e4, 5e3), (1.5e6, 5e5))
    assert [tick_label(v, "", step) for v, step in steps] == ["2.5", "1600", "20k", "1.5M"]


def test_a_short_date_axis_ticks_months() -> None:
    line = {"type": "scatter", "x": MONTHS, "y": [1] * 5, "name": "x"}
    chart = static_chart({"data": [line], "layout": _layout()})
    assert [t.label for t in chart.x_ticks] == [
        "Jan 2016",
        "Feb 2016",
        "Mar 2016",
        "Apr 2016",
        "May 2016",
    ]
