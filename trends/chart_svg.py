"""The first view of a chart, drawn server-side from the same figure dict plotly.js gets.

A page shows it as soon as its HTML arrives (no script, nothing to wait for), and
static/js/charts.js swaps in the interactive plotly chart when the library is ready. It draws
what reading the chart at a glance needs: lines (broken at gaps), stacked or overlaid bars,
bands (`fill: "tonexty"`), shaded shapes (the coverage periods), axis ticks and a legend;
hover, zoom and markers on long series stay plotly's. Only the default view is drawn (the
log-scale and paper-count views of charts.js are plotly's alone).

The marks live in one SVG whose viewBox is stretched over the plot area
(preserveAspectRatio="none", strokes that do not scale), the text in HTML placed in % of
that area (templates/static_chart.html), so one rendering fits a desktop and a phone.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape

from trends.chart_axes import Scale, Tick, x_number, x_ticks, y_axis

VIEW = 1000  # viewBox units of the plot area, on both axes
MAX_MARKERS = 40  # points of a line drawn with markers; longer series are drawn as lines
DASH_ARRAYS = {"solid": "", "dash": "6 4", "dot": "2 3", "dashdot": "6 3 2 3"}


@dataclass
class LegendEntry:
    name: str
    color: str
    dash: str  # an SVG stroke-dasharray ("" for solid)
    bar: bool
    off: bool  # "legendonly": listed, not drawn


@dataclass
class StaticChart:
    """What templates/static_chart.html lays out."""

    title: str
    marks: str  # SVG elements (escaped here), in viewBox units
    height: int
    margin_left: int
    margin_right: int
    y_title: str
    y2_title: str
    x_title: str
    label_width: int  # px the widest y tick label takes: the axis title goes beyond it
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    y2_ticks: list[Tick] = field(default_factory=list)
    legend: list[LegendEntry] = field(default_factory=list)


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("text") or "")
    return str(value or "")


def _visible(trace: dict[str, Any]) -> bool:
    return trace.get("visible", True) is True


def _color(trace: dict[str, Any]) -> str:
    line, marker = trace.get("line") or {}, trace.get("marker") or {}
    color = line.get("color") or marker.get("color")
    return color if isinstance(color, str) else "#5f6b78"


def _pt(x: float, y: float) -> str:
    return f"{VIEW * x:.1f} {VIEW * (1 - y):.1f}"


def _runs(
    xs: list[float], ys: list[Any], within: "Scale | None" = None
) -> list[list[tuple[float, float]]]:
    """The stretches of a series without a gap (None); with `within`, only the points in
    that x range and one beyond either end (the line still leaves the plot at its edge)."""
    runs: list[list[tuple[float, float]]] = [[]]
    for x, y in zip(xs, ys, strict=False):
        if within is not None and not within.low - 1 <= x <= within.high + 1:
            continue
        if y is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((x, float(y)))
    return [run for run in runs if run]


def _line(trace: dict[str, Any], xs: list[float], x: Scale, y: Scale) -> str:
    style = trace.get("line") or {}
    width = style.get("width", 2)
    dash = DASH_ARRAYS.get(str(style.get("dash", "solid")), "")
    d = "".join(
        "M" + "L".join(_pt(x(px), y(py)) for px, py in run) for run in _runs(xs, trace["y"], x)
    )
    if not d:
        return ""
    out = (
        f'<path class="series" d="{d}" fill="none" stroke="{escape(_color(trace))}" '
        f'stroke-width="{width}" stroke-linejoin="round" vector-effect="non-scaling-stroke"'
        + (f' stroke-dasharray="{dash}"' if dash else "")
        + f"><title>{escape(trace.get('name', ''))}</title></path>"
    )
    points = [p for run in _runs(xs, trace["y"], x) for p in run]
    if "markers" in str(trace.get("mode", "")) and len(points) <= MAX_MARKERS:
        dots = "".join(f"M{_pt(x(px), y(py))}h0" for px, py in points)
        out += (
            f'<path d="{dots}" stroke="{escape(_color(trace))}" stroke-width="7" '
            'stroke-linecap="round" vector-effect="non-scaling-stroke"/>'
        )
    return out


def _band(trace: dict[str, Any], below: dict[str, Any], xs: list[float], x: Scale, y: Scale) -> str:
    """A `fill: "tonexty"` trace: the area between it and the trace drawn before it, over
    the stretches where both have values."""
    d = ""
    paired = zip(below["y"], trace["y"], strict=True)
    highs = _runs(xs, [hi if lo is not None else None for hi, lo in paired], x)
    lows = dict(p for run in _runs(xs, trace["y"], x) for p in run)
    for run in highs:
        back = [(px, lows[px]) for px, _ in reversed(run)]
        d += "M" + "L".join(_pt(x(px), y(py)) for px, py in run + back) + "Z"
    fill = trace.get("fillcolor") or _color(trace)
    return f'<path d="{d}" fill="{escape(fill)}" stroke="none"/>'


def _bars(
    traces: list[dict[str, Any]], xs: list[list[float]], x: Scale, y: Scale, stacked: bool
) -> str:
    """Bars one month (or year) wide less a small gap, stacked in trace order or overlaid."""
    out: list[str] = []
    base: dict[float, float] = {}  # the stacked height reached at each x
    width = 0.9 * VIEW * (x(1) - x(0))
    for trace, trace_xs in zip(traces, xs, strict=True):
        d = []
        for px, value in zip(trace_xs, trace["y"], strict=False):
            if not value or not x.low <= px <= x.high:
                continue
            start = base.get(px, 0.0) if stacked else 0.0
            top = y(start + value)
            d.append(
                f"M{VIEW * x(px) - width / 2:.1f} {VIEW * (1 - y(start)):.1f}"
                f"v{-VIEW * (top - y(start)):.1f}h{width:.1f}v{VIEW * (top - y(start)):.1f}z"
            )
            if stacked:
                base[px] = start + value
        out.append(
            f'<path class="series" d="{"".join(d)}" fill="{escape(_color(trace))}">'
            f"<title>{escape(trace.get('name', ''))}</title></path>"
        )
    return "".join(out)


def _shapes(shapes: list[dict[str, Any]], x: Scale) -> str:
    out = []
    for shape in shapes:
        if shape.get("type") != "rect" or shape.get("xref") != "x":
            continue
        x0, x1 = (max(0.0, min(1.0, x(x_number(shape[k])))) for k in ("x0", "x1"))
        if x1 <= x0:
            continue
        out.append(
            f'<rect x="{VIEW * x0:.1f}" y="0" width="{VIEW * (x1 - x0):.1f}" height="{VIEW}" '
            f'fill="{escape(shape.get("fillcolor", "#ccc"))}" '
            f'fill-opacity="{shape.get("opacity", 0.2)}"/>'
        )
    return "".join(out)


def static_chart(figure: dict[str, Any]) -> StaticChart:
    """The static view of a plotly `figure` ({"data": traces, "layout": layout})."""
    layout = figure.get("layout") or {}
    traces = [t for t in figure["data"] if isinstance(t.get("y"), list)]
    drawn = [t for t in traces if _visible(t)]
    xs = {id(t): [x_number(v) for v in t.get("x") or range(len(t["y"]))] for t in traces}
    dates = any(isinstance(v, str) for t in traces for v in (t.get("x") or [])[:1])
    has_bars = any(t.get("type") == "bar" for t in drawn)
    stacked = layout.get("barmode") == "stack"

    # x: the layout's range, else the data's (bars get half a bar either side, as plotly does)
    xaxis = layout.get("xaxis") or {}
    all_x = [v for t in drawn for v in xs[id(t)]] or [0.0, 1.0]
    if xaxis.get("range"):
        low, high = (x_number(v) for v in xaxis["range"])
    else:
        low, high = min(all_x), max(all_x)
    # half a bar either side of bars; a little room for markers, as plotly leaves
    markers = any("markers" in str(t.get("mode", "")) and len(t["y"]) <= MAX_MARKERS for t in drawn)
    pad = 0.5 if has_bars else 0.04 * (high - low) if markers else 0.0
    x = Scale(low - pad, high + pad)

    def tops(axis: str) -> list[float]:
        on_axis = [t for t in drawn if t.get("yaxis", "y") == axis]
        values = [float(v) for t in on_axis if t.get("type") != "bar" for v in t["y"] if v]
        stack: dict[float, float] = {}
        for t in (t for t in on_axis if t.get("type") == "bar"):
            for px, v in zip(xs[id(t)], t["y"], strict=False):
                if low - pad <= px <= high + pad and v:
                    stack[px] = (stack.get(px, 0.0) if stacked else 0.0) + float(v)
                    values.append(stack[px])
        return values

    yaxis, yaxis2 = layout.get("yaxis") or {}, layout.get("yaxis2") or {}
    plot_pixels = int(layout.get("height", 450)) - 130  # less margins, axis titles, legend
    y, y_ticks = y_axis(tops("y"), str(yaxis.get("ticksuffix", "")), plot_pixels)
    uses_y2 = any(t.get("yaxis") == "y2" for t in drawn)
    y2, y2_ticks = y_axis(tops("y2"), "", plot_pixels) if uses_y2 else (y, [])

    marks = [_shapes(layout.get("shapes") or [], x)]
    marks += [
        f'<path d="M0 {VIEW * (t.at / 100):.1f}H{VIEW}" stroke="#e6e9ee" stroke-width="1" '
        'vector-effect="non-scaling-stroke"/>'
        for t in y_ticks
    ]
    for axis_name, scale in (("y2", y2), ("y", y)):  # the second axis behind the first
        on_axis = {id(t) for t in drawn if t.get("yaxis", "y") == axis_name}
        bars = [t for t in traces if id(t) in on_axis and t.get("type") == "bar"]
        if bars:
            marks.append(_bars(bars, [xs[id(t)] for t in bars], x, scale, stacked))
        for i, trace in enumerate(traces):
            if id(trace) not in on_axis or trace.get("type") == "bar":
                continue
            if trace.get("fill") == "tonexty" and i > 0:
                marks.append(_band(trace, traces[i - 1], xs[id(trace)], x, scale))
            elif (trace.get("line") or {}).get("width", 2) > 0:
                marks.append(_line(trace, xs[id(trace)], x, scale))

    margin = layout.get("margin") or {}
    return StaticChart(
        title=_text(layout.get("title")),
        marks="".join(marks),
        height=int(layout.get("height", 450)),
        margin_left=max(
            int(margin.get("l", 60)), 7 * max((len(t.label) for t in y_ticks), default=1) + 40
        ),
        margin_right=int(margin.get("r", 20)),
        y_title=_text(yaxis.get("title")),
        label_width=7 * max((len(t.label) for t in y_ticks), default=1) + 8,
        y2_title=_text(yaxis2.get("title")) if uses_y2 else "",
        x_title=_text(xaxis.get("title")),
        x_ticks=x_ticks(x, dates, xaxis.get("dtick")),
        y_ticks=y_ticks,
        y2_ticks=y2_ticks,
        legend=[
            LegendEntry(
                name=str(t.get("name", "")),
                color=_color(t),
                dash=DASH_ARRAYS.get(str((t.get("line") or {}).get("dash", "solid")), ""),
                bar=t.get("type") == "bar",
                off=t.get("visible") == "legendonly",
            )
            for t in (reversed(traces) if stacked and has_bars else traces)
            if t.get("showlegend", True) is not False and any(v is not None for v in t["y"])
        ],  # plotly lists a stack top first
    )
