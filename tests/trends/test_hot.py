"""Hot / not hot / new on a hand-built corpus where the right answer is known."""

import pytest

from core.months import parse_month
from ingest.snapshot import SnapshotFilter, import_snapshot
from tests.conftest import paper
from trends.analytics.hot_ranking import (
    MIN_MONTH_PAPERS,
    MIN_PEAK_PAPERS,
    MIN_PERIOD_PAPERS,
    MIN_Z,
    PSEUDO_PAPERS,
)
from trends.hot import compute_and_store
from trends.models import HotSnapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tables_computed_in_process():
    """These tests judge the tables, not the serving: the worker's task runs in the test
    (tests/test_hot_serving.py covers the worker, 202 and polling)."""
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


PER_MONTH = 120
# month -> {sentence: papers mentioning it}; every month has PER_MONTH papers. A subject's
# papers share some other word ("translation") or say it twice, as real abstracts do: a term
# whose papers share nothing but itself, said once a paper, shows no evidence of a subject
# (trends.analytics.filler.unfocused).
GAN = "Generative adversarial networks: training generative adversarial networks."
PLAN = {
    "2016-01": {"Capsule routing.": 12, "Spiking neurons.": 2, "Dropout regularization.": 10,
                "Pruning weights.": 6},
    "2016-02": {"Sigmoid units.": 48, "Dropout regularization.": 10, "Pruning weights.": 6},
    "2016-03": {"Sigmoid units.": 24, "Dropout regularization.": 10, "Hebbian plasticity.": 4,
                "Pruning weights.": 6},
    "2016-04": {"Capsule routing.": 18, "Results show gains seamlessly.": 1,
                "Dropout regularization.": 10, "Hebbian plasticity.": 4, "Pruning weights.": 6},
    "2016-05": {
        "Capsule routing.": 36, GAN: 30,
        "Results show gains seamlessly.": 16, "Dropout regularization.": 24,
        "Hebbian plasticity.": 4, "Pruning weights.": 8,
    },
    "2016-06": {
        "Sigmoid units.": 12, "Transformer layers for translation.": 24, "Spiking neurons.": 9,
        GAN: 30, "SemEval-2016 entry.": 20, "Hebbian plasticity.": 4,
        "Dropout regularization.": 10, "Pruning weights.": 7,
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
    assert PER_MONTH >= MIN_MONTH_PAPERS and MIN_PEAK_PAPERS <= 9 < MIN_PERIOD_PAPERS <= 16
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
    assert "transformer" in new
    # "Transformer" is written as a name and exempt from the passing-mention rule, but the
    # generic noun said with it is not: "transformer layers", once a paper, is filler.
    assert "transformer layers" not in new
    assert not {"transformer", "capsule"} & {r["term"] for r in data["not_hot"]}
    # Spiking: 9 papers in its recent peak month, enough for a peak, but also only 9 in the
    # window, below MIN_PERIOD_PAPERS: in no table.
    everywhere = {r["term"] for t in ("hot", "not_hot", "new") for r in data[t]}
    everywhere |= {a for t in ("hot", "not_hot", "new") for r in data[t] for a in r["also"]}
    assert not {"spiking", "spiking neurons"} & everywhere


def _everywhere(data):
    rows = [r for t in ("hot", "not_hot", "new") for r in data[t]]
    return {r["term"] for r in rows} | {a for r in rows for a in r["also"]}


def _position(rows, word):
    return next(i for i, r in enumerate(rows) if word in " ".join([r["term"], *r["also"]]))


def test_hot_is_ordered_by_the_shrunken_score_not_the_raw_ratio(client, imported):
    hot = _get(client)["hot"]
    capsule, dropout = hot[_position(hot, "capsule")], hot[_position(hot, "dropout")]
    # dropout: 10 of 120 papers in every earlier month, 24 in 2016-05 -> ratio 2.4, above
    # capsule's 2.0; but capsule was rare before (30 of 480 earlier papers vs dropout's 40)
    # and has more papers behind its rise: over the window 36 where the earlier rate
    # predicts 15, score (36+5)/(15+5) = 2.05, vs dropout's 34 for 20: 39/25 = 1.56.
    assert dropout["ratio"] == pytest.approx(2.4) and capsule["ratio"] == pytest.approx(2.0)
    assert capsule["score"] == pytest.approx(2.05, abs=1e-3)
    assert dropout["score"] == pytest.approx(1.56, abs=1e-3)
    assert _position(hot, "capsule") < _position(hot, "dropout")


def test_a_peak_without_a_significant_rise_over_the_window_is_not_hot(client, imported):
    # pruning: 6 of 120 papers in every earlier month (5 %), then 8 and 7: the recent peak is
    # 1.33 times the earlier one and well supported (8 papers, 15 in the window), but 15
    # papers where 12 were expected is 0.9 binomial SDs, below MIN_Z.
    assert MIN_Z > 0.9
    assert not {"pruning", "pruning weights", "weights"} & _everywhere(_get(client))


def test_a_peak_month_needs_min_peak_papers_even_with_enough_in_the_window(client, imported):
    # hebbian: 4 papers in each month of a 4-month window, 16 in all, but no month with
    # MIN_PEAK_PAPERS: not new although never mentioned before the window.
    assert MIN_PEAK_PAPERS > 4 and MIN_PERIOD_PAPERS <= 16
    data = _get(client, window=4)
    assert not {"hebbian", "plasticity", "hebbian plasticity"} & _everywhere(data)
    assert "transformer" in _everywhere(data)


def test_debris_and_near_duplicates_stay_out_of_the_top(client, imported):
    data = _get(client)
    terms = [row["term"] for t in ("hot", "not_hot", "new") for row in data[t]]
    # Boilerplate ("results show") and academic filler ("seamlessly") are never listed, though
    # they rise from 1 paper to 16 as "gain", the only content word, does.
    assert not {"result show", "result", "show", "seamlessly", "gain seamlessly"} & set(terms)
    # "gains" rises with them, but each of its 16 papers says it once, in passing: filler
    # (trends.analytics.filler.passing_mention), while "Capsule" is written as a name.
    assert "gains" not in set(terms) and "capsule" in set(terms)
    assert "semeval-2016" not in set(terms)
    # generative, adversarial, network and their bigrams: one row, the rest under "also".
    family = [t for t in terms if {"generative", "adversarial"} & set(t.split())]
    assert len(family) == 1
    row = next(r for t in ("hot", "new") for r in data[t] if r["term"] == family[0])
    assert row["also"]


def test_the_latest_table_is_precomputed_and_served_from_storage(client, imported):
    snapshot = compute_and_store(parse_month("2016-06"), window=2)
    assert snapshot is not None and HotSnapshot.objects.count() == 1
    assert _get(client)["source"] == "precomputed"
    assert _get(client, window=3)["source"] == "computed by a worker"


def test_the_page_renders_without_window_and_with_a_bad_parameter(client, imported):
    # Filter arguments in templates raise on a missing variable: both forms must render.
    response = client.get("/hot/", {"as_of": "2016-06"})
    assert response.status_code == 200 and b'name="window" min="1"' in response.content
    response = client.get("/hot/", {"window": "0"})
    assert response.status_code == 400 and b"window: 0 is outside" in response.content


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


def _row(term, papers=20):
    from trends.analytics.hot_ranking import HotRow, Peak

    peak = Peak(parse_month("2016-06"), 0.1, papers, papers)
    return HotRow(term, 2.0, peak, peak)


def test_spellings_and_an_abbreviation_with_its_long_form_are_one_family(db):
    from trends.analytics.families import family_links
    from trends.analytics.hot import _collapse
    from trends.models import Abbreviation

    Abbreviation.objects.create(
        short="nmt", long_form="neural machine translation", label="NMT", papers=12
    )
    Abbreviation.objects.create(
        short="gp",
        long_form="gaussian process",
        label="GP",
        papers=1,  # too few: not in use
    )
    terms = ["self-attention", "nmt", "machine translation", "self attention", "gp",
             "gaussian process", "character level", "character-level"]  # fmt: skip
    rows = [_row(t) for t in terms]
    kept = _collapse(rows, 10, family_links(terms))
    assert [r.term for r in kept] == ["self-attention", "nmt", "gp", "gaussian process",
                                      "character level"]  # fmt: skip
    assert kept[0].also == ["self attention"] and kept[1].also == ["machine translation"]
    assert kept[-1].also == ["character-level"]


def test_filler_is_a_word_spread_over_categories_like_the_papers(write_snapshot, db):
    from trends.analytics.filler import filler_words, is_fragment

    # 6 categories x 30 papers; "notably" in 10 papers of each, "segmentation" in cs.CV only.
    categories = ["cs.LG", "cs.CV", "cs.CL", "cs.AI", "stat.ML", "cs.NE"]
    records = []
    for c, category in enumerate(categories):
        for i in range(30):
            text = "Notably the loss drops." if i < 10 else "Kernel methods."
            if category == "cs.CV" and i >= 10:
                text = "Image segmentation works."
            records.append(paper(f"1601.{c * 100 + i:05d}", "2016-01", title="x",
                                 abstract=text, categories=category))  # fmt: skip
    import_snapshot(write_snapshot(records), SnapshotFilter(None))
    assert filler_words({"notably", "segmentation", "kernel"}) == {"notably"}
    # A bigram that is no phrase (NPMI below the threshold) is a fragment whatever its words.
    assert is_fragment("notably loss", -0.1, {"notably"})
    assert is_fragment("image kernel", -0.5, set())
    assert not is_fragment("image segmentation", 0.9, {"notably"})


def test_ranking_in_sql_keeps_supported_peaks_and_the_earliest_of_equal_peaks(db):
    from trends.analytics.hot import _corpus_papers, _is_debris
    from trends.analytics.hot_ranking import Cells, present, ranked
    from trends.models import Term, TermMonthCount

    months = [parse_month(m) for m in ("2016-01", "2016-02", "2016-03", "2016-04")]
    selected = ["cs.LG", "cs.CV"]
    cells = Cells(dict.fromkeys(months, 200), months[2], selected, [("cs.CV", months[1])])
    # term -> [(month index, category, papers)]; the window is months 2-3.
    plan = {
        # Earlier: 10 papers in both months (equal fractions: the first month is the peak),
        # 20 over the period; nothing in the window: not hot.
        "capsule": [(0, "cs.LG", 10), (1, "cs.LG", 10)],
        # 6 + 6 in the window (two categories summed in the first month): 12 papers over
        # the period are too few.
        "spiking": [(2, "cs.LG", 3), (2, "cs.CV", 3), (3, "cs.LG", 6)],
        # 30 papers in the left-out cell and in cs.AI (not selected): nothing counted.
        "bulk": [(1, "cs.CV", 30), (0, "cs.AI", 30)],
        # 8 papers in each month of the window, none before: new, the first month its peak.
        "tied": [(2, "cs.LG", 4), (3, "cs.LG", 4), (3, "cs.CV", 4), (2, "cs.CV", 4)],
        # 2 papers before the window, 18 in it: hot.
        "dropout": [(0, "cs.LG", 2), (2, "cs.LG", 9), (3, "cs.LG", 9)],
    }
    for text, rows in plan.items():
        term = Term.objects.create(text=text, words=1, papers=sum(n for *_, n in rows))
        for index, category, papers in rows:
            TermMonthCount.objects.create(
                term=term, month=months[index], primary_category=category, papers=papers
            )
    hot, not_hot, new, _ = ranked(cells, 10, _is_debris)
    assert [[r.term for r in rows] for rows in (hot, not_hot, new)] == [
        ["dropout"],
        ["capsule"],
        ["tied"],
    ]
    earlier = not_hot[0].earlier_peak
    assert not_hot[0].recent_peak is None and earlier is not None
    assert (earlier.month, earlier.papers, earlier.period_papers) == (months[0], 10, 20)
    assert earlier.fraction == 10 / 200
    assert new[0].recent_peak is not None and new[0].earlier_peak is None
    assert (new[0].recent_peak.month, new[0].recent_peak.papers) == (months[2], 8)
    recent, earlier = hot[0].recent_peak, hot[0].earlier_peak
    assert recent is not None and earlier is not None
    assert (recent.month, recent.period_papers, earlier.period_papers) == (months[2], 18, 2)
    assert hot[0].score == (18 + PSEUDO_PAPERS) / (2 + PSEUDO_PAPERS)
    # Asked by name, unsupported terms too; "bulk" has no counted cell at all.
    assert sorted(present(cells, ["spiking", "bulk", "capsule"])) == ["capsule", "spiking"]
    assert _corpus_papers(cells, ["spiking dropout", "bulk-capsule"]) == {
        "spiking": 12,
        "dropout": 20,
        "capsule": 20,
    }


def test_a_hot_row_shows_its_rise_even_when_its_peak_ratio_is_below_one():
    from trends.analytics.hot import HotTables
    from trends.analytics.hot_ranking import HotRow, Peak

    # batch normalization as of 2017-03: 7 papers in its best window month against 6 of 773
    # in 2015-11 (peak ratio 0.90), but 35 window papers where 9.1 were expected (rise 2.84);
    # the page showed its default fade, 1.00.
    recent = Peak(parse_month("2016-10"), 7 / 862, 7, 35)
    earlier = Peak(parse_month("2015-11"), 6 / 773, 6, 15)
    rising = HotRow("batch normalization", 0.9, recent, earlier, score=2.8372)
    falling = HotRow("bayesian network", 0.06, recent, earlier, fade=0.2023)
    tables = HotTables(parse_month("2017-03"), 12, None, [], [rising], [falling], [])
    assert tables.as_json()["hot"] == [rising.as_json()]
    assert rising.as_json()["score"] == 2.8372
    assert tables.as_json()["not_hot"] == [falling.as_json(falling=True)]
    assert falling.as_json(falling=True)["score"] == 0.2023


# (window papers, papers before, earlier peak papers, its month's papers, recent peak
# fraction): the window and earlier papers of rows of the demo's table as of 2017-03 (gan,
# batch normalization, cnn, skin lesion, tensorflow, word2vec; bayesian network, not hot),
# their peaks of the same order (batch normalization's are its own).
_AS_OF_2017_03 = [(83, 6, 3, 700, 14 / 862), (35, 15, 6, 773, 7 / 862),
                  (661, 431, 40, 1100, 80 / 900), (36, 2, 1, 300, 25 / 900),
                  (23, 2, 1, 500, 5 / 800), (48, 22, 4, 600, 8 / 900),
                  (3, 181, 12, 420, 1 / 800)]  # fmt: skip


@pytest.mark.parametrize(("window", "before", "peak", "peak_total", "floor"), _AS_OF_2017_03)
def test_each_ranking_formula_and_its_sql_twin_give_the_same_float(
    db, window, before, peak, peak_total, floor
):
    from django.db import connection

    from trends.analytics import hot_ranking as r

    recent_total, earlier_total = 9069, 14952  # the window's papers and those before it
    window_sql = r._expected_sql(str(before), recent_total, earlier_total)
    before_sql = r._expected_sql(str(window), earlier_total, recent_total)
    fall_sql = r._shrunk_sql(
        (str(peak), f"{peak_total}::float8 * {floor!r}::float8"), (str(before), before_sql)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {window_sql}, {before_sql}, "
            f"{r._z_sql(str(window), recent_total, window_sql)}, "
            f"{r._z_sql(str(before), earlier_total, before_sql)}, "
            f"{r._shrunk_sql((str(window), window_sql))}, {fall_sql}"
        )
        in_sql = cursor.fetchone()
    expected_window = r._expected(before, recent_total, earlier_total)
    expected_before = r._expected(window, earlier_total, recent_total)
    in_python = (
        expected_window,
        expected_before,
        r._z(window, recent_total, expected_window),
        r._z(before, earlier_total, expected_before),
        r._shrunk((window, expected_window)),
        r._shrunk((peak, peak_total * floor), (before, expected_before)),
    )
    assert in_sql == in_python  # exactly: SQL pre-selects what Python then decides
