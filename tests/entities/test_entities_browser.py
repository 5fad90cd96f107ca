"""A real Chromium switches the entity page to the framework group and to full text, and
picks the framework group on the term viewer (/trends/)."""

import pytest

from entities.mentions import match_full_text
from entities.models import Entity, EntityAlias, FullText
from ingest.snapshot import SnapshotFilter, import_snapshot
from papers.models import Paper
from tests.entities.entities_support import seeded_entities  # noqa: F401  (fixture)
from tests.entities.test_entities_aggregates import record

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_entities"),
]

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SENTENCES = [
    "We implement it in TensorFlow.",
    "Our code uses PyTorch and Adam.",
    "Trained with Theano and SGD with momentum.",
    "A Keras model on a ResNet-50 backbone.",
    "No framework is named here.",
]


@pytest.fixture
def corpus(write_snapshot):
    lines = []
    for i in range(60):
        year, month = 2017 + i // 24, MONTHS[(i // 2) % 12]
        lines.append(
            record(f"{17 + i // 24}{(i // 2) % 12 + 1:02d}.{i:05d}", f"{month} {year}",
                   ["cs.LG", "cs.CV", "cs.CL"][i % 3], SENTENCES[i % len(SENTENCES)])
        )  # fmt: skip
    import_snapshot(write_snapshot(lines), SnapshotFilter(None))
    # Two papers with a fetched full text: one names JAX in its body, one Caffe in its
    # bibliography only.
    for arxiv_id, body, bibliography in [
        ("1806.00034", "Experiments run in JAX on TPUs.", ""),
        ("1807.00036", "A theory paper.", "References\n[1] Jia et al. Caffe, 2014."),
    ]:
        paper = Paper.objects.get(arxiv_id=arxiv_id)
        FullText.objects.create(
            paper=paper, state="fetched", body=body, bibliography=bibliography, pages=3,
            source_url=f"http://127.0.0.1/pdf/{arxiv_id}",
        )  # fmt: skip
        match_full_text(paper.pk)


def test_switching_to_the_framework_group_and_to_full_text(live_server, page, corpus):
    page.goto(live_server.url + "/entities/?kind=optimizer")
    page.wait_for_selector("#chart .main-svg")
    assert "Optimizers" in page.locator("#chart-title").text_content()
    assert "Adam" in page.inner_text("#entity-table")

    page.select_option("#kind", "framework")
    page.click("button[type=submit]")
    page.wait_for_url("**kind=framework**")
    page.wait_for_selector("#chart .main-svg")
    title = page.locator("#chart-title").text_content()
    assert "Deep-learning frameworks" in title and "title + abstract" in title
    # TensorFlow, PyTorch, Theano, Keras are drawn; the never-mentioned ones wait in the legend.
    assert page.locator("#chart .scatterlayer .trace").count() == 4
    assert page.locator("#chart .legend .traces").count() == 16
    assert page.locator("#chart .xtitle").text_content() == "Month of v1 submission"
    assert "% of the month" in page.locator("#chart .ytitle").first.text_content()
    table = page.inner_text("#entity-table")
    assert "PyTorch" in table and "TensorFlow" in table and "Optimizers" not in table

    # Full text: JAX appears (only in a full text), with the count of full-text papers.
    page.goto(live_server.url + "/entities/?kind=framework&month=2018-06")
    page.wait_for_selector("#chart .main-svg")
    jax_row = page.locator("#entity-table tbody tr").filter(
        has=page.locator("td:first-child", has_text="JAX")
    )
    assert jax_row.locator("td").nth(2).text_content() == "0"
    page.check("input[name=text][value=full]")
    page.click("button[type=submit]")
    page.wait_for_url("**text=full**")
    page.wait_for_selector("#chart .main-svg")
    assert (
        "full text where fetched, without bibliography"
        in page.locator("#chart-title").text_content()
    )
    assert "2" in page.inner_text("#full-text-total")
    assert page.locator("#chart .barlayer .trace").count() == 1  # papers with full text
    jax_row = page.locator("#entity-table tbody tr").filter(
        has=page.locator("td:first-child", has_text="JAX")
    )
    assert jax_row.locator("td").nth(2).text_content() == "1"
    assert "1 with full text" in page.inner_text("#table-note")

    # Bibliography included: Caffe, named only in a bibliography, now counts in 2018-07.
    page.goto(live_server.url + "/entities/?kind=framework&text=full&month=2018-07")
    page.check("input[name=bibliography]")
    page.click("button[type=submit]")
    page.wait_for_url("**bibliography=1**")
    page.wait_for_selector("#chart .main-svg")
    assert "bibliography included" in page.locator("#chart-title").text_content()
    caffe_row = page.locator("#entity-table tbody tr").filter(
        has=page.locator("td:first-child", has_text="Caffe")
    )
    caffe = {row.locator("td").first.text_content(): row.locator("td").nth(2).text_content()
             for row in caffe_row.all()}  # fmt: skip
    assert caffe == {"Caffe": "1", "Caffe2": "0"}


def test_the_term_viewer_offers_the_framework_group(live_server, page, corpus):
    page.goto(live_server.url + "/trends/")
    page.click("button.preset:has-text('Deep-learning frameworks')")
    page.wait_for_selector("#chart .main-svg")
    page.wait_for_function(
        "() => document.querySelectorAll('#chart .scatterlayer .trace').length >= 10"
    )
    legend = " ".join(page.locator("#chart .legend .legendtext").all_text_contents())
    assert "PyTorch" in legend and "TensorFlow" in legend and "entity:" not in legend


def test_a_curator_previews_an_alias_before_saving_it(live_server, page, corpus):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("curator", "c@example.org", "pw")
    page.goto(live_server.url + "/admin/login/?next=/admin/entities/entityalias/add/")
    page.fill("#id_username", "curator")
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.wait_for_selector("#alias-preview-button")
    torch = Entity.objects.get(slug="torch")
    page.evaluate(
        "(pk) => { const s = document.getElementById('id_entity');"
        " s.add(new Option('Torch', pk, true, true)); }",
        str(torch.pk),
    )
    page.fill("#id_phrase", "PyTorch")
    page.click("#alias-preview-button")
    page.wait_for_selector("#preview-summary")
    summary = page.inner_text("#preview-summary")
    assert "12 papers matched" in summary and "12 not counted for this entity yet" in summary
    assert page.locator("#alias-preview mark").first.text_content() == "PyTorch"
    # Nothing was saved by previewing.
    assert not EntityAlias.objects.filter(entity=torch, phrase="PyTorch").exists()
