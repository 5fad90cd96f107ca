"""The server-drawn first view of a chart in a real Chromium: it is there with its data before
the chart library arrives (and stays if it never does), plotly replaces it, and /trends/
draws from the answer it carries instead of asking /api/fractions again."""

from typing import Any

import pytest

from ingest.snapshot import SnapshotFilter, import_snapshot
from tests.conftest import ARTIFACTS, paper
from tests.entities.entities_support import seeded_entities  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_entities"),
]

PAGES = ["/", "/trends/?q=tensorflow,pytorch&min_papers=0&band=1", "/entities/"]
STATIC_SERIES = "#chart .static-chart svg.sc-plot path.series"
PLOTLY_TRACE = "#chart .main-svg .cartesianlayer .trace path"
TEXTS = ["We implement the model in TensorFlow.", "Our code uses PyTorch.", "Kernel methods."]


@pytest.fixture
def corpus(write_snapshot: Any) -> None:
    lines = [
        paper(f"16{m:02d}.{i:05d}", f"2016-{m:02d}", categories="cs.LG cs.CL",
              abstract=TEXTS[(i + m) % 3], title=f"Paper {i} of month {m}")
        for m in range(1, 13)
        for i in range(1, 4 + m % 3)
    ]  # fmt: skip
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
    svg = page.locator("#chart .static-chart svg.sc-plot")
    assert svg.is_visible() and svg.bounding_box()["height"] > 150
    assert svg.get_attribute("role") == "img" and svg.get_attribute("aria-label")
    drawn = [page.locator(STATIC_SERIES).nth(i).get_attribute("d") or "" for i in range(2)]
    assert all(len(d) > 20 for d in drawn)  # lines or bars with data, not an empty box
    assert page.locator("#chart .static-chart .sc-legend li").count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    name = path.split("?")[0].strip("/") or "dashboard"
    page.locator("#chart").screenshot(path=str(ARTIFACTS / f"static-chart-{name}.png"))
    assert errors == []


@pytest.mark.parametrize("path", PAGES)
def test_plotly_replaces_it(live_server, context, corpus, path):
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(live_server.url + path)
    page.wait_for_selector(PLOTLY_TRACE, state="attached")
    assert page.locator("#chart .static-chart").count() == 0
    assert page.locator("#chart .plot-container").count() == 1
    assert "{#" not in page.inner_text("body")  # no template comment leaked into the page
    # /trends/ drew from the answer the page carries: no second request for it
    assert not [url for url in fetched if "/api/fractions" in url]


def test_the_log_view_is_plotlys_alone(live_server, context, corpus):
    page = context.new_page()
    page.goto(live_server.url + "/?mode=lines&scale=log")
    assert page.locator("#chart .static-chart").count() == 0
    page.wait_for_selector(PLOTLY_TRACE, state="attached")
