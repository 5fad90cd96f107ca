"""What the pages' JavaScript relies on from the server: /api/papers sort and snippets,
human labels in /api/fractions, the /api/ index, the branded 404, and the snippet rule."""

import pytest

from ingest.snapshot import SnapshotFilter, import_snapshot
from tests.conftest import paper
from tests.entities.entities_support import seeded_entities  # noqa: F401  (fixture)
from tests.institutions.test_institutions_browser import load_lists
from trends.hot import compute_and_store
from trends.snippets import snippet

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_entities")]


@pytest.fixture
def imported(write_snapshot):
    titles = ["Zebra nets", "Apple nets", "Mango nets"]
    records = [
        paper(f"1803.{i:05d}", "2018-03", title=title, categories="cs.LG",
              abstract="Filler words come first. " * 30 + "We train it with PyTorch at scale.")
        for i, title in enumerate(titles, start=1)
    ]  # fmt: skip
    import_snapshot(write_snapshot(records), SnapshotFilter(None))


def test_it_sorts_the_papers_and_keeps_the_old_fields(client, imported):
    base = {"q": "pytorch", "month": "2018-03"}
    default = client.get("/api/papers", base).json()
    assert [p["arxiv_id"] for p in default["papers"]] == ["1803.00001", "1803.00002", "1803.00003"]
    assert {"term", "month", "total", "page", "pages"} <= set(default)
    by_title = client.get("/api/papers", {**base, "sort": "title"}).json()
    assert [p["title"] for p in by_title["papers"]] == ["Apple nets", "Mango nets", "Zebra nets"]
    newest = client.get("/api/papers", {**base, "sort": "newest"}).json()
    assert newest["papers"][0]["arxiv_id"] == "1803.00003"
    # The snippet shows the passage with the term, not the filler the abstract starts with.
    assert "PyTorch" in default["papers"][0]["abstract"]
    assert default["papers"][0]["abstract"].startswith("… ")


def test_without_a_term_it_lists_every_paper_of_the_month(client, imported):
    answer = client.get("/api/papers", {"month": "2018-03", "sort": "newest"}).json()
    assert answer["total"] == 3 and answer["term"] is None
    assert answer["papers"][0]["arxiv_id"] == "1803.00003"
    assert client.get("/api/papers", {"q": "", "month": "2018-03"}).status_code == 400


def test_it_lists_an_entitys_papers_in_any_order(client, imported):
    answer = client.get("/api/papers", {"q": "entity:pytorch", "month": "2018-03", "sort": "title"})
    assert answer.status_code == 200
    assert answer.json()["label"] == "PyTorch"
    assert answer.json()["papers"][0]["title"] == "Apple nets"


def test_a_bad_sort_gets_a_400_naming_it(client, imported):
    answer = client.get("/api/papers", {"q": "pytorch", "month": "2018-03", "sort": "random"})
    assert answer.status_code == 400
    assert answer.json()["error"].startswith("sort: 'random' is not one of oldest, newest, title")


def test_it_labels_entity_series_for_humans(client, imported):
    series = client.get("/api/fractions", {"q": "entity:pytorch,pytorch"}).json()["series"]
    assert [(s["term"], s["label"]) for s in series] == [
        ("entity:pytorch", "PyTorch"),
        # A term is labelled as the papers most often write it (trends.terms.lexicon).
        ("pytorch", "PyTorch"),
    ]


def test_it_lists_every_endpoint_with_a_working_example(client, imported, tmp_path):
    load_lists(tmp_path)  # the institutions examples need the ICML lists
    page = client.get("/api/")
    assert page.status_code == 200
    examples = [e["example"] for e in page.context["endpoints"]]
    assert len(examples) >= 8
    # The hot example's table stored, as the after-ingest precompute does (else: 202).
    compute_and_store(window=12)
    for example in examples:
        assert client.get(example).status_code == 200, example


def test_an_unknown_page_is_a_branded_404_with_the_navigation(client, imported):
    answer = client.get("/no-such-page/")
    assert answer.status_code == 404
    html = answer.content.decode()
    assert "Page not found" in html and 'id="site-nav"' in html and "skip-link" in html


def test_it_cuts_a_snippet_around_the_first_mention():
    text = "a " * 400 + "the Transformer layer " + "b " * 400
    cut = snippet(text, "transformer", width=120)
    assert "Transformer" in cut and cut.startswith("… ") and cut.endswith(" …")
    assert len(cut) <= 124
    assert snippet("Short text.", "anything") == "Short text."
