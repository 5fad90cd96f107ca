"""The server-drawn first view of a chart in a real Chromium: it is there with its data before
the chart library arrives (and stays if it never does), plotly replaces it, and /trends/
draws from the answer it carries instead of asking /api/fractions again."""

from typing import Any

import pytest

from ingest.snapshot import SnapshotFilter, import_snapshot
from tests.conftest import ARTIFACTS, paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/", "/trends/?q=neural,translation&min_papers=0&band=1", "/entities/"]
STATIC_SERIES = "#chart .static-chart svg path.series"


@pytest.fixture
def corpus(write_snapshot: Any) -> None:
    lines = [
        paper(f"16{m:02d}.{i:05d}", f"2016-{m:02d}", categories="cs.LG cs.CL")
        for m in range(1, 13)
        for i in range(1, 4 + m % 3)
    ]
    import_snapshot(write_snapshot(lines), SnapshotFilter(None))


@pytest.fixture
def context(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    yield context
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_it_shows_the_chart_before_plotly_arrives(live_server, context, corpus, path):
    context.route("**/plotly-basic*", lambda route: route.abort())
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server.url + path)
    page.wait_for_load_state("networkidle")
    series = page.locator(STATIC_SERIES)
    assert series.count() >= 1 and series.first.is_visible()
    assert len(series.first.get_attribute("d") or "") > 20  # a drawn line or bars, not a box
    svg = page.locator("#chart .static-chart svg")
    assert svg.get_attribute("role") == "img" and svg.get_attribute("aria-label")
    assert page.locator("#chart .static-chart .sc-legend li").count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    name = path.strip("/").split("?")[0] or "dashboard"
    page.locator("#chart").screenshot(path=str(ARTIFACTS / f"static-chart-{name}.png"))
    assert errors == []


@pytest.mark.parametrize("path", PAGES)
def test_plotly_replaces_it(live_server, context, corpus, path):
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(live_server.url + path)
    page.wait_for_selector("#chart .main-svg .cartesianlayer .trace path")
    assert page.locator("#chart .static-chart").count() == 0
    assert page.locator("#chart .plot-container").count() == 1
    # /trends/ drew from the answer the page carries: no second request for it
    assert not [url for url in fetched if "/api/fractions" in url]


def test_the_log_view_is_plotlys_alone(live_server, context, corpus):
    page = context.new_page()
    page.goto(live_server.url + "/?mode=lines&scale=log")
    assert page.locator("#chart .static-chart").count() == 0
    page.wait_for_selector("#chart .main-svg .cartesianlayer .trace path")
