"""How sure a monthly fraction is: its 95 % interval, thin months, low support (pure functions).

Every series the product draws (term and entity fractions) passes through `certainty`, so
the same rules hold on every chart, table and export:

- a fraction k/n carries the 95 % Wilson score interval. Wilson, not the textbook
  p +- 1.96 sqrt(p(1-p)/n): that one collapses to [0, 0] when k = 0 and leaves [0, 1] at
  small n, exactly the thin months where an interval matters; Wilson stays inside [0, 1]
  and is honest at k = 0;
- a month whose selection holds fewer than `min_papers` papers is a gap: its fraction is
  kept in the data (flagged, with the reason) but charts do not draw it as a point. 3 of 5
  papers is "60 %" and means nothing;
- a month in which fewer than LOW_SUPPORT papers mention the item is "low support": the
  point is drawn, but tables and hovers say how few papers it rests on.

With smoothing (a K-month ratio of sums, see fractions._window_sums) the interval is the
Wilson interval of the window's sums, the same numerator and denominator as the value shown.
"""

import math
from dataclasses import dataclass

# Two-sided 95 %: the 0.975 quantile of the standard normal.
Z95 = 1.959963984540054
# Fewer papers than this in the selection's month: a gap (parameter `min_papers`).
DEFAULT_MIN_PAPERS = 50
MAX_MIN_PAPERS = 10_000
# Fewer mentioning papers than this in a month: "low support".
LOW_SUPPORT = 5


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of k successes in n trials (None when n is 0)."""
    if n <= 0:
        return None
    p = k / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    denominator = 1 + z * z / n
    return max(0.0, (centre - spread) / denominator), min(1.0, (centre + spread) / denominator)


def gap_reason(total: int | None, min_papers: int) -> str | None:
    """Why a month is not drawn, or None when it is."""
    if not total:
        return "no papers in the selected categories this month"
    if total < min_papers:
        return (
            f"only {total} paper{'s' if total != 1 else ''} in the selected categories this "
            f"month (fewer than {min_papers}: too few for a fraction)"
        )
    return None


@dataclass
class Certainty:
    """Per month of one series: the interval of the value shown and the support flag."""

    low: list[float | None]
    high: list[float | None]
    low_support: list[bool]


def certainty(
    counts: list[int | None], window_counts: list[int | None], window_totals: list[int | None]
) -> Certainty:
    """Intervals of the shown value (window sums; equal to the month with no smoothing) and
    low support judged on the month's own mentioning papers."""
    low: list[float | None] = []
    high: list[float | None] = []
    for k, n in zip(window_counts, window_totals, strict=True):
        bounds = wilson(k, n) if k is not None and n else None
        low.append(None if bounds is None else round(bounds[0], 6))
        high.append(None if bounds is None else round(bounds[1], 6))
    support = [c is not None and c < LOW_SUPPORT for c in counts]
    return Certainty(low, high, support)
