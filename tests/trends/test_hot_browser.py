"""A real Chromium opens /hot/, changes the as-of month and follows a term to its chart."""

import pytest

from ingest.snapshot import SnapshotFilter, import_snapshot
from tests.conftest import paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def corpus(write_snapshot):
    # 120 papers a month; "capsule" rises through 2016, "sigmoid" fades.
    records, serial = [], 0
    for n, month in enumerate(["2016-01", "2016-02", "2016-03", "2016-04", "2016-05", "2016-06"]):
        # Subjects are named again and again, as in real abstracts (trends.analytics.filler).
        texts = ["Capsule networks. Capsule networks route."] * (5 + 8 * n)
        texts += ["Sigmoid units. Sigmoid units saturate."] * (50 - 8 * n)
        texts += ["Kernel methods."] * (120 - len(texts))
        for text in texts:
            serial += 1
            records.append(
                paper(f"{month[2:4]}{month[5:7]}.{serial:05d}", month, title="A study",
                      abstract=text, categories="cs.LG")
            )  # fmt: skip
    import_snapshot(write_snapshot(records), SnapshotFilter(None))


def test_the_hot_page_changes_month_and_links_to_the_chart(
    live_server, page, corpus, celery_worker_process
):
    # A 2-month window is not precomputed: a worker computes it while the page says so and
    # reloads itself until the table is there.
    celery_worker_process()
    page.goto(live_server.url + "/hot/?window=2")
    page.wait_for_selector("#hot-table tbody tr", timeout=60_000)
    assert page.input_value("#as_of") == "2016-06"
    hot = page.locator("#hot-table tbody tr")
    assert "capsule" in hot.first.inner_text()
    assert page.locator("#hot-table svg polyline").count() >= 1
    assert "sigmoid" in page.inner_text("#not_hot-table")

    # An earlier as-of month: capsule's window peak is lower, the page says which month.
    page.fill("#as_of", "2016-04")
    page.click("button[type=submit]")
    page.wait_for_url("**as_of=2016-04**")
    page.wait_for_selector("#hot-table tbody tr", timeout=60_000)
    assert "As of 2016-04" in page.inner_text("main")

    page.click("#hot-table tbody tr:first-child td:first-child a")
    page.wait_for_url("**/trends/?q=capsule**")
    page.wait_for_selector("#chart .scatterlayer .trace")
    assert page.input_value("#q").startswith("capsule")
