"""A real Chromium sees how sure the term chart is: a partial period shaded, a thin month as a
gap whose hover says why, and the 95 % band switched on and off."""

import pytest
from django.conf import settings

from ingest.snapshot import SnapshotFilter, import_snapshot
from papers.declaration import declaration_beside, load_declaration
from tests.conftest import paper
from tests.trends.browser_support import POINT_JS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GAP_MONTH = "2018-09"


@pytest.fixture
def corpus(write_snapshot):
    """cs.CL 2018-06 .. 2019-04 under the demo declaration (2019 cs.CL is partial): 80
    papers a month, 10 in GAP_MONTH; a tenth of them on capsules."""
    load_declaration(declaration_beside(settings.DEMO_CORPUS))
    records = []
    for month in ["2018-06", "2018-07", "2018-08", GAP_MONTH, "2018-10", "2018-11", "2018-12",
                  "2019-01", "2019-02", "2019-03", "2019-04"]:  # fmt: skip
        for i in range(10 if month == GAP_MONTH else 80):
            records.append(
                paper(f"{month[2:4]}{month[5:7]}.{i:05d}", month, title="A study",
                      abstract="Capsule routing." if i % 10 == 0 else "Parsing text.",
                      categories="cs.CL")
            )  # fmt: skip
    import_snapshot(write_snapshot(records), SnapshotFilter(None))


def test_it_shades_partial_coverage_shows_gaps_with_reasons_and_toggles_the_band(
    live_server, page, corpus
):
    page.goto(live_server.url + "/trends/?q=capsule&categories=cs.CL")
    page.wait_for_selector("#chart .scatterlayer .trace")

    # Shaded: 2019 cs.CL, drawn as a rectangle behind the data, and listed with its reason.
    shapes = page.evaluate("document.getElementById('chart').layout.shapes")
    assert [(s["x0"], s["x1"]) for s in shapes] == [("2019-01-01", "2019-05-01")]
    assert page.locator("#chart .layer-below .shapelayer path").count() == 1
    assert "2019 cs.CL is partial" in page.inner_text("#coverage-note")

    # The thin month is not drawn on the line; its marker's hover says why.
    traces = page.evaluate("document.getElementById('chart').data.map((t) => t.role || t.meta)")
    assert traces == ["band", "band", "capsule", "gap"]
    line = page.evaluate("document.getElementById('chart').data[2]")
    assert line["y"][line["x"].index(GAP_MONTH)] is None
    x, y = page.evaluate(POINT_JS, [3, GAP_MONTH])
    page.mouse.move(x, y)
    page.wait_for_selector(".hoverlayer .hovertext")
    hover = page.text_content(".hoverlayer")
    assert f"{GAP_MONTH}: not drawn, only 10 papers" in hover and "fewer than 50" in hover
    assert "is a gap" in page.inner_text("#gap-note")

    # A drawn point names its value, its interval and its support.
    x, y = page.evaluate(POINT_JS, [2, "2018-07"])
    page.mouse.move(x, y)
    page.wait_for_function(
        "() => document.querySelector('.hoverlayer') && "
        "document.querySelector('.hoverlayer').textContent.includes('8 of 80')"
    )
    hover = page.text_content(".hoverlayer")
    assert "10.0% this month, 8 of 80 papers; 95% interval" in hover

    # The band: off by default, on with the switch (a filled area appears), off again.
    fills = "#chart .scatterlayer .js-fill"
    assert page.locator(fills).count() == 0
    page.check("#band-toggle")
    page.wait_for_function(f"() => document.querySelectorAll('{fills}').length > 0")
    assert "band=1" in page.url
    page.uncheck("#band-toggle")
    page.wait_for_function(f"() => document.querySelectorAll('{fills}').length === 0")
    assert "band=1" not in page.url
