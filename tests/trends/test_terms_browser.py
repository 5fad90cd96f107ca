"""A real Chromium types terms on /trends/, sees the chart, clicks a month and sees papers."""

import pytest

from ingest.snapshot import SnapshotFilter, import_snapshot
from tests.conftest import paper
from tests.trends.browser_support import POINT_JS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def corpus(write_snapshot):
    records, serial = [], 0
    for month, tf, pt in [("2018-01", 8, 2), ("2018-02", 5, 9), ("2018-03", 3, 12)]:
        for key, count in [("TensorFlow", tf), ("PyTorch", pt), ("kernels", 10)]:
            for _ in range(count):
                serial += 1
                records.append(
                    paper(
                        f"{month[2:4]}{month[5:7]}.{serial:05d}", month,
                        title=f"A {key} study number {serial}",
                        abstract=f"We use {key} here.", categories="cs.LG",
                    )
                )  # fmt: skip
    import_snapshot(write_snapshot(records), SnapshotFilter(None))


def test_typing_terms_draws_the_chart_and_a_click_lists_the_papers(live_server, page, corpus):
    # 24-25 papers a month: below the default min_papers (50), so the threshold is lowered.
    page.goto(live_server.url + "/trends/?min_papers=1")
    page.fill("#q", "tensorflow, pytorch")
    page.click("button[type=submit]")
    page.wait_for_selector("#chart .scatterlayer .trace")
    assert page.locator("#chart .scatterlayer .trace").count() == 2
    assert "Share of papers mentioning" in page.locator("#chart-title").text_content()
    assert "% of the month" in page.locator("#chart .ytitle").text_content()
    assert page.locator("#chart .xtitle").text_content() == "Month of v1 submission"
    assert "q=tensorflow" in page.url

    # Hover a point: its count and denominator; click it: the papers behind it.
    # Traces per term: the band's two edges (hidden), then the line: pytorch's line is 5.
    x, y = page.evaluate(POINT_JS, [5, "2018-02"])
    page.mouse.move(x, y)
    page.wait_for_selector(".hoverlayer .hovertext")
    assert "37.5% this month, 9 of 24 papers" in page.text_content(".hoverlayer")
    page.mouse.click(x, y)
    page.wait_for_selector("#papers-list li")
    assert "9 papers of 2018-02 mentioning “PyTorch”" in page.inner_text("#papers-title")
    assert page.locator("#papers-list li").count() == 9
    href = page.get_attribute("#papers-list li a", "href")
    assert href.startswith("https://arxiv.org/abs/1802.")
    assert "month=2018-02" in page.url

    # The month table follows the click.
    rows = page.locator("#month-table tbody tr")
    assert rows.count() == 2
    cells = rows.nth(1).inner_text().split("\t")
    assert [cells[0], cells[1], cells[4]] == ["PyTorch", "37.50%", "9"]
    assert "2 months" in rows.nth(1).inner_text()

    # The URL gives the same chart back, with the same month in the table.
    page.goto(page.url)
    page.wait_for_selector("#chart .scatterlayer .trace")
    assert page.input_value("#q") == "tensorflow, pytorch"
    assert page.input_value("#table-month") == "2018-02"


def test_a_preset_fills_the_terms_and_errors_replace_the_chart(live_server, page, corpus):
    page.goto(live_server.url + "/trends/?min_papers=1")
    page.click("button.preset >> text=Normalisation and regularisation")
    # (Lines that stay at 0 % have no height, so wait for the traces to exist, not be visible.)
    page.wait_for_function("() => document.querySelectorAll('#chart .scatterlayer .trace').length")
    assert page.input_value("#q") == "batch normalization, dropout, weight decay"
    assert page.locator("#chart .scatterlayer .trace").count() == 3

    page.fill("#q", ",".join(f"t{i}" for i in range(11)))
    page.click("button[type=submit]")
    page.wait_for_selector("#error:not([hidden])")
    assert "q: at most 10" in page.inner_text("#error")
    assert page.locator("#chart-card").is_hidden()
