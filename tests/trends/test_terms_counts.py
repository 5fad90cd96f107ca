"""Term series equal an independent brute-force count, month by month (hand-built corpus)."""

from collections import Counter
from datetime import date

import pytest

from ingest.snapshot import SnapshotFilter, import_snapshot
from papers.models import Paper
from tests.conftest import paper
from tests.trends.bruteforce_terms import Oracle, count_by_month
from tests.trends.bruteforce_terms import _text as paper_text
from trends.models import Term, TermMonthCount
from trends.terms import MIN_SUPPORT

pytestmark = pytest.mark.django_db

ABSTRACTS = [
    "We train generative adversarial networks (GANs) on faces.",
    "A GAN with a neural network discriminator.",
    "Neural networks. Network pruning is cheap.",  # "network network" is not a bigram
    "Neural, network and neural of network: no bigram here.",
    "Batch normalization and dropout in deep neural networks.",
    "Studies of batch normalizations; the study is short.",
    "We use $\\mathcal{N}$ network models, see https://github.com/neural/network",
    "A U-Net and GPT-4 for the neural network.",
    "Self-attention in the transformer, not a neural\nnetwork at all? Yes a neural\n  network.",
    "Dropout. Batch normalization.",
]
CATEGORIES = ["cs.LG stat.ML", "cs.CV", "cs.CL cs.LG", "math.ST cs.LG", "cs.NE"]
MONTHS = ["2016-01", "2016-02", "2016-04", "2017-01"]
TERMS = [
    "neural network", "gan", "gans", "network", "batch normalization", "dropout",
    "study", "u-net", "gpt-4", "self-attention", "neural",
]  # fmt: skip


def corpus() -> list[dict[str, object]]:
    records = []
    for i in range(200):
        month = MONTHS[i % len(MONTHS)]
        records.append(
            paper(
                f"{month[2:4]}{month[5:7]}.{i:05d}",
                month,
                title=["Deep GANs", "On neural networks", "A note", "Batch Normalization"][i % 4],
                abstract=ABSTRACTS[(i * 7) % len(ABSTRACTS)],
                categories=CATEGORIES[(i * 3) % len(CATEGORIES)],
            )
        )
    return records


@pytest.fixture
def imported(write_snapshot):
    import_snapshot(write_snapshot(corpus()), SnapshotFilter(None))


def _stored(term: str, categories: set[str] | None) -> dict[date, int]:
    counts: dict[date, int] = {}
    rows = TermMonthCount.objects.filter(term__text=term)
    for row in rows:
        if categories is None or row.primary_category in categories:
            counts[row.month] = counts.get(row.month, 0) + row.papers
    return counts


def _papers() -> list[tuple[date, str, str, str]]:
    return list(Paper.objects.values_list("month", "primary_category", "title", "abstract"))


@pytest.mark.parametrize("categories", [None, {"cs.LG", "cs.NE"}, {"math.ST"}])
def test_stored_counts_equal_the_brute_force_count_month_by_month(imported, categories):
    papers = _papers()
    checked = 0
    for term in TERMS:
        stored_text = "gan" if term == "gans" else term
        expected = count_by_month(stored_text, papers, categories)
        if Term.objects.filter(text=stored_text).exists():
            assert _stored(stored_text, categories) == dict(expected), term
            checked += 1
    assert checked >= 8


def test_the_api_series_equal_the_brute_force_count_including_phrases(client, imported):
    papers = _papers()
    response = client.get("/api/fractions", {"q": ",".join(TERMS[:10]), "categories": "all"})
    assert response.status_code == 200
    data = response.json()
    months = [date.fromisoformat(m + "-01") for m in data["months"]]
    for term, line in zip(TERMS[:10], data["series"], strict=True):
        expected = count_by_month(line["term"], papers, None)
        assert line["term"] == ("gan" if term == "gans" else term)
        got = {m: c for m, c in zip(months, line["counts"], strict=True) if c}
        assert got == dict(expected), term
        assert line["path"] in ("vocabulary", "phrase")


def test_plural_and_singular_are_one_term_and_the_clause_break_rule_holds(client, imported):
    data = client.get("/api/fractions", {"q": "gans,gan,neural network", "categories": "all"})
    series = data.json()["series"]
    assert series[0]["term"] == series[1]["term"] == "gan"
    assert series[0]["counts"] == series[1]["counts"]
    # Papers whose only "neural ... network" is split by a break never count.
    split = Paper.objects.filter(abstract__startswith="Neural, network").exclude(
        title="On neural networks"
    )
    assert split.exists()
    listed = set()
    for month in data.json()["months"]:
        page, pages = 1, 1
        while page <= pages:
            answer = client.get(
                "/api/papers",
                {"q": "neural network", "month": month, "categories": "all", "page": page},
            ).json()
            listed |= {p["arxiv_id"] for p in answer["papers"]}
            page, pages = page + 1, answer["pages"]
    assert len(listed) == sum(c or 0 for c in series[2]["counts"])
    assert not listed & set(split.values_list("arxiv_id", flat=True))


def test_the_vocabulary_holds_terms_with_enough_papers_only(imported):
    assert Term.objects.filter(papers__lt=MIN_SUPPORT).count() == 0
    term = Term.objects.get(text="neural network")
    assert term.words == 2
    assert term.papers == sum(_stored("neural network", None).values())
    assert term.first_month == date(2016, 1, 1)


@pytest.mark.parametrize("categories", [None, {"cs.CV", "cs.CL"}])
def test_a_union_with_a_vocabulary_part_counts_each_paper_once(client, imported, categories):
    # The vocabulary part's papers come from its stored counts, the other parts' from the
    # token vectors of the papers not mentioning it (trends.analytics.fractions._union_counts).
    assert Term.objects.filter(text__in=["dropout", "neural network", "study"]).count() == 3
    items = ["deep neural network + dropout", "neural network + batch normalization + gpt-4"]
    items.append("dropout + study + dropout")
    papers = _papers()
    oracle = Oracle((title, abstract) for _, _, title, abstract in papers)
    response = client.get(
        "/api/fractions",
        {"q": ",".join(items), "categories": ",".join(sorted(categories or [])) or "all"},
    )
    assert response.status_code == 200
    data = response.json()
    months = [date.fromisoformat(m + "-01") for m in data["months"]]
    for item, line in zip(items, data["series"], strict=True):
        patterns = [oracle.term_regex(part.strip()) for part in item.split("+")]
        expected = Counter(
            month
            for month, category, title, abstract in papers
            if (categories is None or category in categories)
            and any(p.search(paper_text(title, abstract)) for p in patterns)
        )
        got = {m: c for m, c in zip(months, line["counts"], strict=True) if c}
        assert got and got == dict(expected), item
