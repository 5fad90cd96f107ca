"""Hot / not hot / new on a hand-built corpus where the right answer is known."""

import pytest

from ingest.snapshot import SnapshotFilter, import_snapshot
from tests.conftest import paper
from trends.analytics.hot import MIN_MONTH_PAPERS, MIN_PEAK_PAPERS
from trends.hot import compute_and_store
from trends.models import HotSnapshot
from trends.months import parse_month

pytestmark = pytest.mark.django_db

PER_MONTH = 120
# month -> {sentence: papers mentioning it}; every month has PER_MONTH papers.
PLAN = {
    "2016-01": {"Capsule routing.": 12, "Spiking neurons.": 2},
    "2016-02": {"Sigmoid units.": 48},
    "2016-03": {"Sigmoid units.": 24},
    "2016-04": {"Capsule routing.": 18, "Results show gains.": 1},
    "2016-05": {
        "Capsule routing.": 36, "Generative adversarial networks.": 40,
        "Results show gains.": 30,
    },
    "2016-06": {
        "Sigmoid units.": 12, "Transformer layers.": 24, "Spiking neurons.": 9,
        "Generative adversarial networks.": 30, "SemEval-2016 entry.": 30,
    },
}  # fmt: skip


@pytest.fixture
def imported(write_snapshot):
    records, serial = [], 0
    for month, sentences in PLAN.items():
        texts = [s for s, n in sentences.items() for _ in range(n)]
        texts += ["Kernel methods for regression."] * (PER_MONTH - len(texts))
        for text in texts:
            serial += 1
            records.append(
                paper(f"{month[2:4]}{month[5:7]}.{serial:05d}", month, title="A study",
                      abstract=text, categories="cs.LG")
            )  # fmt: skip
    # A thin month: 5 papers, all on sigmoid units (100 %), too few to hold a peak.
    for i in range(5):
        records.append(paper(f"1512.{i:05d}", "2015-12", title="x", abstract="Sigmoid units."))
    import_snapshot(write_snapshot(records), SnapshotFilter(None))


def _get(client, **params):
    response = client.get("/api/hot", {"as_of": "2016-06", "window": 2, **params})
    assert response.status_code == 200, response.content
    return response.json()


def test_ratios_peaks_and_the_three_tables(client, imported):
    assert PER_MONTH >= MIN_MONTH_PAPERS and 9 < MIN_PEAK_PAPERS <= 12
    data = _get(client)
    hot = {row["term"]: row for row in data["hot"]}
    # capsule: recent peak 2016-05 36/120, earlier peak 2016-04 18/120 -> ratio 2.
    capsule = hot["capsule routing"] if "capsule routing" in hot else hot["capsule"]
    assert capsule["ratio"] == pytest.approx(2.0)
    assert capsule["recent_peak"] == {"month": "2016-05", "fraction": 0.3, "papers": 36}
    assert capsule["earlier_peak"] == {"month": "2016-04", "fraction": 0.15, "papers": 18}
    not_hot = {row["term"]: row for row in data["not_hot"]}
    sigmoid = not_hot.get("sigmoid unit") or not_hot["sigmoid"]
    # The thin 2015-12 month (100 %) is not eligible: the earlier peak is 2016-02, 40 %.
    assert sigmoid["earlier_peak"] == {"month": "2016-02", "fraction": 0.4, "papers": 48}
    assert sigmoid["ratio"] == pytest.approx(0.25)
    new = {row["term"] for row in data["new"]} | {a for r in data["new"] for a in r["also"]}
    assert {"transformer", "transformer layer"} <= new
    assert not {"transformer", "capsule"} & {r["term"] for r in data["not_hot"]}
    # Spiking: 9 papers behind its recent peak, below MIN_PEAK_PAPERS: in no table.
    everywhere = {r["term"] for t in ("hot", "not_hot", "new") for r in data[t]}
    everywhere |= {a for t in ("hot", "not_hot", "new") for r in data[t] for a in r["also"]}
    assert not {"spiking", "spiking neuron"} & everywhere


def test_debris_and_near_duplicates_stay_out_of_the_top(client, imported):
    data = _get(client)
    terms = [row["term"] for t in ("hot", "not_hot", "new") for row in data[t]]
    assert not {"result show", "result", "show", "semeval-2016"} & set(terms)
    # generative, adversarial, network and their bigrams: one row, the rest under "also".
    family = [t for t in terms if {"generative", "adversarial"} & set(t.split())]
    assert len(family) == 1
    row = next(r for t in ("hot", "new") for r in data[t] if r["term"] == family[0])
    assert row["also"]


def test_the_latest_table_is_precomputed_and_served_from_storage(client, imported):
    snapshot = compute_and_store(parse_month("2016-06"), window=2)
    assert snapshot is not None and HotSnapshot.objects.count() == 1
    assert _get(client)["source"] == "precomputed"
    assert _get(client, window=3)["source"] == "computed on demand"


def test_csv_and_validation(client, imported):
    response = client.get(
        "/api/hot", {"as_of": "2016-06", "window": 2, "format": "csv", "table": "not_hot"}
    )
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("term,ratio,recent_peak_month")
    assert any(line.startswith("sigmoid") for line in lines[1:])
    for params, message in [
        ({"as_of": "2016-13"}, "as_of: '2016-13' is not a month"),
        ({"window": "0"}, "window: 0 is outside"),
        ({"limit": "x"}, "limit: 'x' is not a whole number"),
        ({"table": "warm"}, "table: 'warm' is not one of"),
        ({"categories": "cs.XX"}, "categories: unknown category"),
    ]:
        response = client.get("/api/hot", params)
        assert response.status_code == 400 and message in response.json()["error"]
