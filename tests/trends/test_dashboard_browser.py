"""A real Chromium loads the dashboard and sees the chart render and the filters work."""

import pytest

from ingest.snapshot import SnapshotFilter, import_snapshot
from tests.conftest import paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def corpus(write_snapshot):
    lines = []
    for i in range(1, 61):
        year, month = 2016 + (i - 1) // 24, 1 + (i - 1) % 12
        cats = ["cs.LG stat.ML", "cs.CV", "cs.CL", "cs.AI cs.LG"][i % 4]
        lines.append(
            paper(f"{year % 100}{month:02d}.{i:05d}", f"{year}-{month:02d}", categories=cats)
        )
    import_snapshot(write_snapshot(lines), SnapshotFilter(None))


def test_the_dashboard_renders_the_chart_and_filters(live_server, page, corpus):
    page.goto(live_server.url + "/")
    page.wait_for_selector("#chart .main-svg")
    assert "Papers per month" in page.locator("#chart-title").text_content()
    assert page.locator("#chart .barlayer .trace").count() >= 3
    assert page.locator("#chart .xtitle").text_content() == "Month of v1 submission"
    assert page.locator("#month-table tbody tr").count() > 0
    assert "60" in page.inner_text(".stats")

    # Keep only cs.CV: the page reloads with the parameter and a smaller total.
    for category in ["cs.AI", "cs.LG", "cs.CL", "cs.NE", "stat.ML"]:
        page.uncheck(f"input[name=cat][value='{category}']")
    page.click("button[type=submit]")
    page.wait_for_url("**categories=cs.CV**")
    page.wait_for_selector("#chart .main-svg")
    assert "15" in page.inner_text(".stats")

    # Sorting the table by total puts the largest month first on the second click.
    page.click("#month-table th:nth-child(2)")
    page.click("#month-table th:nth-child(2)")
    first = page.inner_text("#month-table tbody tr:first-child td:nth-child(2)")
    totals = page.locator("#month-table tbody td:nth-child(2)").all_inner_texts()
    assert int(first) == max(int(t) for t in totals if t.isdigit())


def test_a_bad_parameter_shows_a_readable_error(live_server, page, corpus):
    page.goto(live_server.url + "/?from=2019-99")
    assert "Cannot show this: from: '2019-99' is not a month" in page.inner_text("[role=alert]")
    assert page.locator("#chart").count() == 0
