"""Small pure helpers for calendar months, which are stored as the first day of the month."""

import re
from collections.abc import Collection
from datetime import date

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)


def parse_month(text: str) -> date:
    """'2017-03' -> date(2017, 3, 1); ValueError on anything else."""
    match = _MONTH_RE.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"{text!r} is not a month in YYYY-MM form")
    return date(int(match.group(1)), int(match.group(2)), 1)


def month_label(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + (month.month - 1) + count
    return date(index // 12, index % 12 + 1, 1)


def month_axis(known: Collection[date], start: date | None, end: date | None) -> list[date]:
    """The x-axis of a monthly chart: every month from `start` to `end`, which default to the
    first and last of the `known` months (those with data); empty when neither says."""
    first = start or (min(known) if known else None)
    last = end or (max(known) if known else None)
    return month_span(first, last) if first and last else []


def month_span(start: date, end: date) -> list[date]:
    """Every month from `start` to `end`, both included (empty when start > end)."""
    months = []
    current = start
    while current <= end:
        months.append(current)
        current = add_months(current, 1)
    return months
