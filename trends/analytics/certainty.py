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

from dataclasses import dataclass

import numpy as np

# Two-sided 95 %: the 0.975 quantile of the standard normal.
Z95 = 1.959963984540054
# Fewer papers than this in the selection's month: a gap (parameter `min_papers`).
DEFAULT_MIN_PAPERS = 50
MAX_MIN_PAPERS = 10_000
# Fewer mentioning papers than this in a month: "low support".
LOW_SUPPORT = 5


def wilson(k: np.ndarray, n: np.ndarray, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """The Wilson score intervals of k successes in n trials, element by element (n > 0).

    Over whole month arrays at once: a 5-term series over all months is ~1,400 intervals,
    which one by one in Python were a third of its server time.
    """
    p = k / n
    centre = p + z * z / (2 * n)
    spread = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    denominator = 1 + z * z / n
    return (
        np.maximum(0.0, (centre - spread) / denominator),
        np.minimum(1.0, (centre + spread) / denominator),
    )


def round6(values: np.ndarray) -> np.ndarray:
    """round(x, 6) of every element, to the same float as Python's correctly rounded one.

    For x in [0, 1], x * 1e6 is off the exact product by under 1e-9, so its nearest integer
    d is the exact one unless the product lies within 1e-6 of a half; d / 1e6 (two exact
    operands, one correctly rounded division) is then the float nearest to d * 10^-6,
    which is what round() returns. The rare ones near a half go through round() itself.
    """
    scaled = values * 1e6
    rounded = np.rint(scaled) / 1e6
    for i in np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6):
        rounded[i] = round(float(values[i]), 6)
    return rounded


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
    """Intervals of the shown value (window sums; equal to the month with no smoothing),
    rounded to 6 decimals, and low support judged on the month's own mentioning papers.
    None where there is no value (no count, or no paper in the window)."""
    shown = [i for i, (k, n) in enumerate(zip(window_counts, window_totals, strict=True))
             if k is not None and n]  # fmt: skip
    k = np.array([window_counts[i] for i in shown], dtype=np.int64)
    n = np.array([window_totals[i] for i in shown], dtype=np.int64)
    low: list[float | None] = [None] * len(window_counts)
    high: list[float | None] = [None] * len(window_counts)
    bounds = wilson(k, n)
    for i, a, b in zip(shown, round6(bounds[0]).tolist(), round6(bounds[1]).tolist(), strict=True):
        low[i], high[i] = a, b
    support = [c is not None and c < LOW_SUPPORT for c in counts]
    return Certainty(low, high, support)
