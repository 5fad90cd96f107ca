"""/api/fractions and /api/papers: shape, denominators, phrases, smoothing, CSV, validation."""

import csv
import io

import pytest

from ingest.snapshot import SnapshotFilter, import_snapshot
from tests.conftest import paper

pytestmark = pytest.mark.django_db

TEXTS = {
    "tf": "We implement the model in TensorFlow.",
    "pt": "Our PyTorch code is released.",
    "both": "Ported from TensorFlow to PyTorch.",
    "llm": "A large language model answers questions.",
    "none": "A theoretical note on kernels.",
}


@pytest.fixture
def imported(write_snapshot):
    plan = [  # (month, primary category + cross-lists, text key, how many)
        ("2018-01", "cs.LG", "tf", 12), ("2018-01", "cs.CL", "pt", 3),
        ("2018-01", "math.OC cs.LG", "tf", 5), ("2018-01", "cs.LG", "none", 10),
        ("2018-02", "cs.LG", "pt", 10), ("2018-02", "cs.CV", "both", 4),
        ("2018-02", "cs.LG", "llm", 2), ("2018-04", "cs.CL", "tf", 1),
    ]  # fmt: skip
    records, serial = [], 0
    for month, categories, key, count in plan:
        for _ in range(count):
            serial += 1
            records.append(
                paper(
                    f"{month[2:4]}{month[5:7]}.{serial:05d}", month,
                    title=f"Paper {serial}", abstract=TEXTS[key], categories=categories,
                )
            )  # fmt: skip
    import_snapshot(write_snapshot(records), SnapshotFilter(None))


def test_it_answers_counts_fractions_and_primary_category_denominators(client, imported):
    data = client.get("/api/fractions", {"q": "TensorFlow, pytorch"}).json()
    # Default selection: the six ML categories, by primary category (math.OC papers excluded).
    assert data["months"] == ["2018-01", "2018-02", "2018-03", "2018-04"]
    assert data["totals"] == [25, 16, None, 1]
    tf, pt = data["series"]
    assert tf["term"] == "tensorflow" and tf["path"] == "vocabulary"
    assert tf["counts"] == [12, 4, None, 1]
    assert tf["fractions"][0] == pytest.approx(12 / 25)
    assert pt["counts"] == [3, 14, None, 0]
    assert tf["first_seen"] == "2018-01"
    everything = client.get("/api/fractions", {"q": "tensorflow", "categories": "all"}).json()
    assert everything["totals"][0] == 30 and everything["series"][0]["counts"][0] == 17


def test_a_plus_b_counts_papers_mentioning_either_once(client, imported):
    data = client.get("/api/fractions", {"q": "tensorflow + pytorch", "from": "2018-02"}).json()
    line = data["series"][0]
    assert line["term"] == "tensorflow + pytorch" and line["path"] == "phrase"
    assert line["counts"][0] == 14  # 10 pytorch + 4 both, not 18


def test_a_phrase_outside_the_vocabulary_is_answered_and_says_so(client, imported):
    data = client.get("/api/fractions", {"q": "large language models"}).json()
    line = data["series"][0]
    assert line["path"] == "phrase" and line["term"] == "large language model"
    assert line["counts"][1] == 2
    papers = client.get("/api/papers", {"q": "large language model", "month": "2018-02"}).json()
    assert papers["total"] == 2
    assert papers["papers"][0]["url"].startswith("https://arxiv.org/abs/18")


def test_smoothing_is_a_centred_ratio_of_sums(client, imported):
    data = client.get("/api/fractions", {"q": "pytorch", "smooth": "3", "to": "2018-02"}).json()
    assert data["series"][0]["fractions"][0] == pytest.approx((3 + 14) / (25 + 16))


def test_papers_are_paged(client, imported):
    first = client.get("/api/papers", {"q": "pytorch", "month": "2018-02"}).json()
    assert first["total"] == 14 and first["pages"] == 1 and len(first["papers"]) == 14
    assert {"arxiv_id", "title", "authors", "url"} <= set(first["papers"][0])


def test_csv_download(client, imported):
    response = client.get("/api/fractions", {"q": "tensorflow,pytorch", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    # The original columns first (clients read them by position), certainty columns after.
    assert rows[0][:6] == [
        "month", "papers", "tensorflow (papers)", "tensorflow (fraction)",
        "pytorch (papers)", "pytorch (fraction)",
    ]  # fmt: skip
    assert rows[0][6:] == [
        "gap", "tensorflow (fraction this month)", "tensorflow (95% low)",
        "tensorflow (95% high)", "tensorflow (low support)", "pytorch (fraction this month)",
        "pytorch (95% low)", "pytorch (95% high)", "pytorch (low support)",
    ]  # fmt: skip
    assert rows[1][:3] == ["2018-01", "25", "12"]


@pytest.mark.parametrize(
    ("url", "params", "message"),
    [
        ("/api/fractions", {"q": ",".join(f"t{i}" for i in range(11))}, "q: at most 10"),
        ("/api/fractions", {"q": "x" * 101}, "at most 100"),
        ("/api/fractions", {"q": ""}, "q: give at least one term"),
        ("/api/fractions", {"q": "of the"}, "no searchable word"),
        ("/api/fractions", {"q": "gan", "categories": "cs.XX"}, "categories: unknown"),
        ("/api/fractions", {"q": "gan", "from": "2018-13"}, "from: '2018-13' is not a month"),
        ("/api/fractions", {"q": "gan", "from": "2019-01", "to": "2018-01"}, "is after to"),
        ("/api/fractions", {"q": "gan", "smooth": "-1"}, "smooth: -1 is outside"),
        ("/api/fractions", {"q": "gan", "smooth": "x"}, "smooth: 'x' is not a whole number"),
        ("/api/fractions", {"q": "gan", "format": "xml"}, "format:"),
        ("/api/papers", {"q": "gan"}, "month: required"),
        ("/api/papers", {"q": "gan, dropout", "month": "2018-01"}, "q: at most 1"),
        ("/api/papers", {"q": "gan", "month": "2018-01", "page": "0"}, "page: 0 is outside"),
    ],
)
def test_bad_parameters_get_a_400_naming_them(client, imported, url, params, message):
    response = client.get(url, params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_the_page_shows_the_error_instead_of_a_chart(client, imported):
    response = client.get("/trends/", {"q": "gan", "to": "2018-99"})
    assert response.status_code == 400
    assert "Cannot show this" in response.content.decode()
    assert "to: &#x27;2018-99&#x27; is not a month" in response.content.decode()


def test_it_answers_five_terms_in_a_fixed_number_of_queries(
    client, imported, django_assert_max_num_queries
):
    # Nothing cached yet: the generation, the month totals, the coverage periods, the words
    # the plurals fold on (this process's lexicon keeps them), the vocabulary counts of
    # all five terms in one statement, the words of their labels, the abbreviations to
    # offer. Before, each term read the generation and its counts apart: 16.
    q = "tensorflow, pytorch, kernels, theoretical, note"
    with django_assert_max_num_queries(7) as captured:
        data = client.get("/api/fractions", {"q": q}).json()
    assert [line["path"] for line in data["series"]] == ["vocabulary"] * 5
    assert data["series"][0]["counts"] == [12, 4, None, 1]
    assert sum("trends_termmonthcount" in query["sql"] for query in captured) == 1
