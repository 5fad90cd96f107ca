"""Certainty of monthly fractions: Wilson intervals, gaps, low support, raw vs smoothed."""

import csv
import io
import math
import random

import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.stats import norm

from ingest.snapshot import SnapshotFilter, import_snapshot
from tests.conftest import paper
from trends.analytics.certainty import LOW_SUPPORT, certainty, gap_reason, round6, wilson


def _wilson(k: int, n: int) -> tuple[float, float]:
    low, high = wilson(np.array([k]), np.array([n]))
    return float(low[0]), float(high[0])


def _score_bounds(k: int, n: int) -> tuple[float, float]:
    """The Wilson interval by its definition, solved numerically (shares no code with it):
    the p for which the score statistic |k/n - p| / sqrt(p(1-p)/n) equals z(0.975)."""
    z, phat = norm.ppf(0.975), k / n

    def score(p: float) -> float:
        return abs(phat - p) / math.sqrt(p * (1 - p) / n) - z

    eps = 1e-12
    low = 0.0 if k == 0 else brentq(score, eps, min(phat, 1 - eps))
    high = 1.0 if k == n else brentq(score, max(phat, eps), 1 - eps)
    return low, high


def test_it_computes_the_wilson_interval_by_its_definition():
    for k, n in [(81, 263), (0, 10), (10, 10), (1, 3), (10, 228), (3, 20), (500, 1000)]:
        low, high = _wilson(k, n)
        expected = _score_bounds(k, n)
        assert low == pytest.approx(expected[0], abs=1e-9), (k, n)
        assert high == pytest.approx(expected[1], abs=1e-9), (k, n)
    # Zero mentions: the interval starts at 0 and is not empty (the normal one would be).
    low, high = _wilson(0, 10)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)
    for k, n in [(1, 3), (5, 228), (10, 228), (500, 1000)]:
        low, high = _wilson(k, n)
        assert 0 <= low <= k / n <= high <= 1
        assert high - low < 2 * 1.96 * math.sqrt(0.25 / n) + 1e-9


def test_it_rounds_every_bound_to_the_float_python_rounds_it_to():
    """The JSON and CSV carry round(x, 6): the vectorised rounding must give the same floats,
    ties and near-ties included (0.0078125 * 1e6 is exactly 7812.5, round() keeps 7812)."""
    rng = random.Random(7)
    values = [rng.random() for _ in range(20000)]
    values += [rng.randrange(10**7) / 10**7 + 5e-7 for _ in range(2000)]
    values += [0.0, 1.0, 0.0078125, 0.5, 2.5e-6, 0.1234565, 0.9999995]
    for k, n in [(0, 1), (0, 10), (10, 10), (3, 20), (81, 263), (1, 100000)]:
        values += _wilson(k, n)
    rounded = round6(np.array(values)).tolist()
    assert rounded == [round(v, 6) for v in values]


def test_it_leaves_a_month_without_value_without_interval():
    sure = certainty([3, None, 0, 7], [3, None, 0, 7], [20, None, 0, 100])
    assert sure.low[1] is sure.high[1] is None and sure.low[2] is sure.high[2] is None
    assert (sure.low[0], sure.high[0]) == tuple(round(b, 6) for b in _wilson(3, 20))
    assert sure.low_support == [True, False, True, False]


def test_it_names_why_a_month_is_a_gap():
    assert gap_reason(None, 50) == "no papers in the selected categories this month"
    assert "only 3 papers" in str(gap_reason(3, 50)) and "fewer than 50" in str(gap_reason(3, 50))
    assert "only 1 paper " in str(gap_reason(1, 50))
    assert gap_reason(50, 50) is None


@pytest.fixture
def corpus(write_snapshot):
    """2016-01: 228 papers, 10 on capsules; 2016-02: 20 papers (thin), 3 on capsules;
    2016-03: 100 papers, 20 on capsules."""
    records = []
    for month, total, hits in [("2016-01", 228, 10), ("2016-02", 20, 3), ("2016-03", 100, 20)]:
        for i in range(total):
            text = "Capsule routing." if i < hits else "Kernel methods."
            records.append(
                paper(f"{month[2:4]}{month[5:7]}.{i:05d}", month, title="A study",
                      abstract=text, categories="cs.LG")
            )  # fmt: skip
    import_snapshot(write_snapshot(records), SnapshotFilter(None))


@pytest.mark.django_db
def test_it_serves_intervals_gaps_and_low_support_in_json(client, corpus):
    data = client.get("/api/fractions", {"q": "capsule"}).json()
    assert data["months"] == ["2016-01", "2016-02", "2016-03"]
    assert data["min_papers"] == 50 and data["low_support"] == LOW_SUPPORT
    assert data["gaps"][0] is None and data["gaps"][2] is None
    assert data["gaps"][1].startswith("only 20 papers")
    line = data["series"][0]
    assert line["counts"] == [10, 3, 20]
    assert line["fractions"] == line["raw_fractions"] == [10 / 228, 3 / 20, 20 / 100]
    assert line["smoothed_fractions"] is None
    low, high = _wilson(10, 228)
    assert line["interval_low"][0] == pytest.approx(low, abs=1e-6)
    assert line["interval_high"][0] == pytest.approx(high, abs=1e-6)
    assert line["low_support"] == [False, True, False]
    # min_papers is a parameter: at 10 the thin month is drawn.
    data = client.get("/api/fractions", {"q": "capsule", "min_papers": "10"}).json()
    assert data["gaps"] == [None, None, None]
    response = client.get("/api/fractions", {"q": "capsule", "min_papers": "-1"})
    assert response.status_code == 400 and "min_papers" in response.json()["error"]


@pytest.mark.django_db
def test_it_names_raw_and_smoothed_values_apart_in_json_and_csv(client, corpus):
    data = client.get("/api/fractions", {"q": "capsule", "smooth": "3"}).json()
    assert data["value"] == "3-month centred average"
    line = data["series"][0]
    # 2016-02 smoothed: (10 + 3 + 20) / (228 + 20 + 100); its own value 3 / 20.
    assert line["fractions"][1] == pytest.approx(33 / 348)
    assert line["smoothed_fractions"][1] == pytest.approx(33 / 348)
    assert line["raw_fractions"][1] == pytest.approx(3 / 20)
    # The interval is the one of the value drawn (window sums).
    low, _ = _wilson(33, 348)
    assert line["interval_low"][1] == pytest.approx(low, abs=1e-6)
    response = client.get("/api/fractions", {"q": "capsule", "smooth": "3", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert float(rows[1]["capsule (fraction this month)"]) == pytest.approx(3 / 20)
    assert float(rows[1]["capsule (fraction, 3-month average)"]) == pytest.approx(33 / 348)
    assert float(rows[1]["capsule (fraction)"]) == pytest.approx(33 / 348)  # the old column
    assert rows[1]["gap"].startswith("only 20 papers") and rows[0]["gap"] == ""
    assert rows[1]["capsule (low support)"] == "yes" and rows[0]["capsule (low support)"] == ""
    assert float(rows[1]["capsule (95% low)"]) == pytest.approx(low, abs=1e-6)
