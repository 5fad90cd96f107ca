"""Axis arithmetic of the server-drawn charts (trends/chart_svg.py): scales, plotly's tick steps
and labels, and year or month ticks along x."""

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")


@dataclass
class Tick:
    at: float  # % of the plot area: from the left for x, from the top for y
    label: str
    minor: bool = False  # an x tick a phone's narrow axis leaves out


def x_number(value: Any) -> float:
    """A month "YYYY-MM[-DD]" as months since year 0 (a day is its share of a month);
    a number (a conference year) as itself."""
    if isinstance(value, str):
        match = MONTH.match(value)
        if not match:
            raise ValueError(f"not a month: {value!r}")
        year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
        return year * 12 + month - 1 + (day - 1) / 31
    return float(value)


def nice_step(span: float, target: float) -> float:
    """The tick step plotly's automatic ticks take for about `target` ticks over `span`:
    the smallest of 2, 5 or 10 times a power of ten at least span / target."""
    if span <= 0:
        return 1.0
    raw = span / target
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (2, 5, 10) if m * power >= raw * (1 - 1e-9))


def tick_count(pixels: float, per_tick: int) -> float:
    """How many ticks plotly aims at along an axis this long (a tick per 40 px on y, 80 on x)."""
    return max(4.0, min(9.0, pixels / per_tick)) + 1


def tick_label(value: float, suffix: str = "", step: float = 1.0) -> str:
    """As plotly writes them: 12, 2.5, 1600 (steps of hundreds), 20k, 1.5M."""
    for size, unit, from_step in ((1e6, "M", 1e5), (1e3, "k", 1e3)):
        if abs(value) >= size and step >= from_step:
            return f"{value / size:g}{unit}{suffix}"
    return f"{round(value, 6):g}{suffix}"


class Scale:
    def __init__(self, low: float, high: float) -> None:
        self.low, self.high = low, high if high > low else low + 1

    def __call__(self, value: float) -> float:
        return (value - self.low) / (self.high - self.low)


def y_axis(values: Iterable[float], suffix: str, pixels: float) -> tuple[Scale, list[Tick]]:
    """From zero (every figure of ours says rangemode "tozero") to a little over the top."""
    top = max(values, default=0.0)
    step = nice_step((top or 1.0) * 1.05, tick_count(pixels, 40))
    scale = Scale(0.0, (top or 1.0) * 1.05)
    ticks = []
    for i in range(int(scale.high / step) + 1):
        value = i * step
        ticks.append(Tick(round(100 * (1 - scale(value)), 2), tick_label(value, suffix, step)))
    return scale, ticks


def x_ticks(scale: Scale, dates: bool, dtick: float | None) -> list[Tick]:
    """Whole years: the layout's `dtick` on a year axis, else a round step of years; those
    off a coarser step are `minor` (left out on a phone)."""
    span_years = (scale.high - scale.low) / (12 if dates else 1)
    if dates and span_years < 3:
        return _month_ticks(scale)
    step = int(dtick) if dtick and not dates else max(1, int(nice_step(span_years, 10)))
    coarse = max(step, int(nice_step(span_years, 5)))
    ticks = []
    first = math.ceil((scale.low / 12) if dates else scale.low)
    year = first + (-first % step)
    while (x := year * 12 if dates else year) <= scale.high:
        ticks.append(Tick(round(100 * scale(x), 2), str(year), minor=year % coarse != 0))
        year += step
    return ticks


def _month_ticks(scale: Scale) -> list[Tick]:
    """A short date axis: every 1, 2, 3 or 6 months ("Mar 2016"; every other one minor)."""
    step = next(n for n in (1, 2, 3, 6, 12) if (scale.high - scale.low) / n <= 8)
    month = math.ceil(scale.low)
    month += -month % step
    ticks: list[Tick] = []
    while month <= scale.high:
        label = f"{MONTH_NAMES[month % 12]} {month // 12}"
        ticks.append(Tick(round(100 * scale(month), 2), label, minor=len(ticks) % 2 == 1))
        month += step
    return ticks
