"""Every page in a real Chromium at desktop (1400x900) and phone (390x844) width: no sideways
scroll, the chart drawn, the drill-down opened from a permalink, and the frame around them
(collapsing nav, skip link, sortable headers as buttons, /api/, 404, admin branding).

Screenshots land in test-artifacts/pages-<page>-<width>.png for a human to look at."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ingest.snapshot import SnapshotFilter, import_snapshot
from tests.conftest import ARTIFACTS, paper
from tests.entities.entities_support import seeded_entities  # noqa: F401  (fixture)
from tests.institutions.test_institutions_browser import load_lists
from trends.hot import compute_and_store

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_entities"),
]

VIEWPORTS = {"desktop": (1400, 900), "phone": (390, 844)}
TEXTS = [
    "We implement the model in TensorFlow.",
    "Our code uses PyTorch and Adam.",
    "Capsule networks route features.",
    "Kernel methods with sigmoid units.",
]


@pytest.fixture
def corpus(write_snapshot: Any, tmp_path: Path) -> None:
    """30 months of cs.LG and cs.CL papers naming frameworks, plus two ICML lists."""
    records, serial = [], 0
    for n in range(30):
        month = f"{2016 + n // 12}-{n % 12 + 1:02d}"
        for i in range(12):
            serial += 1
            records.append(
                paper(f"{month[2:4]}{month[5:7]}.{serial:05d}", month,
                      title=f"A study of {TEXTS[i % 4].split()[-1].rstrip('.')} number {serial}",
                      abstract=TEXTS[i % 4] + " More words follow here.",
                      categories=["cs.LG", "cs.CL"][i % 2])
            )  # fmt: skip
    import_snapshot(write_snapshot(records), SnapshotFilter(None))
    load_lists(tmp_path)


@pytest.fixture
def visit(browser: Any, live_server: Any) -> Iterator[Any]:
    """visit(path, viewport, name) -> a page at that size, with errors and a screenshot kept."""
    opened: list[tuple[Any, Any, str, list[str]]] = []

    def open_page(path: str, viewport: str, name: str) -> Any:
        width, height = VIEWPORTS[viewport]
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(live_server.url + path)
        opened.append((context, page, f"pages-{name}-{width}", errors))
        return page

    yield open_page
    ARTIFACTS.mkdir(exist_ok=True)
    for context, page, name, errors in opened:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        context.close()
        assert not errors, f"JavaScript errors on {name}: {errors}"


def assert_no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def assert_chart_drawn(page: Any, chart: str = "#chart") -> None:
    page.wait_for_selector(f"{chart}[data-state=ready] .main-svg")
    assert page.get_attribute(chart, "role") == "img"
    assert page.get_attribute(chart, "aria-label")
    # The modebar has no cloud share; the permalink is our own button.
    assert page.locator(f"{chart} [data-title*='Chart Studio']").count() == 0
    assert page.locator("button.copy-link").count() >= 1


def assert_in_view(page: Any, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    height = page.viewport_size["height"]
    assert box is not None and 0 <= box["y"] < height, f"{selector} at {box} is out of view"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_it_draws_the_dashboard_with_a_collapsing_nav(visit, corpus, viewport):
    page = visit("/?mode=lines&papers=2017-03", viewport, "dashboard")
    assert_chart_drawn(page)
    # The permalink opens the month's papers; Enter on another month of the table lists those.
    page.wait_for_selector("#papers-panel[data-state=ready]")
    assert_in_view(page, "#papers-title")
    assert page.inner_text("#papers-title") == "12 papers of 2017-03 in the selection"
    page.locator("#month-table button[data-month='2016-05']").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.getElementById('papers-title').textContent.includes('2016-05')"
    )
    assert "papers=2016-05" in page.url
    assert_no_sideways_scroll(page)
    assert "Papers per month" in page.inner_text("#chart-title")
    # The chart starts at the first month with papers, not in 1994.
    assert page.evaluate("document.getElementById('chart').layout.xaxis.range[0]").startswith(
        "2016"
    )
    page.click("#papers-close")
    header = page.locator("#month-table thead th").nth(1)
    header.locator("button.sort").click()
    assert header.get_attribute("aria-sort") == "ascending"
    nav = page.locator("#site-nav")
    if viewport == "phone":
        assert nav.is_hidden()
        page.click(".nav-toggle")
        assert nav.is_visible() and page.get_attribute(".nav-toggle", "aria-expanded") == "true"
    else:
        assert nav.is_visible() and page.locator(".nav-toggle").is_hidden()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_it_opens_the_term_drill_down_from_a_permalink(visit, corpus, viewport):
    page = visit("/trends/?q=tensorflow,pytorch&papers=2017-06&term=pytorch", viewport, "trends")
    assert_chart_drawn(page)
    page.wait_for_selector("#papers-panel[data-state=ready]")
    assert_in_view(page, "#papers-title")
    assert "3 papers of 2017-06 mentioning “PyTorch”" in page.inner_text("#papers-title")
    items = page.locator("#papers-list li")
    assert items.count() == 3
    assert items.first.locator("a").get_attribute("href").startswith("https://arxiv.org/abs/1706.")
    assert items.first.locator("mark").first.inner_text().lower() == "pytorch"
    assert "More words follow" in items.first.locator("p").inner_text()
    assert page.input_value("#table-month") == "2017-06"
    assert_no_sideways_scroll(page)
    if viewport == "phone":
        return
    # Sort by title; the order and the URL change. Close; the URL forgets the panel.
    page.select_option("#papers-sort", "title")
    page.wait_for_url("**psort=title**")
    page.wait_for_function(
        "() => { const t = [...document.querySelectorAll('#papers-list li a')]"
        ".map(a => a.textContent); return t.length === 3"
        " && t.every((x, i) => !i || t[i - 1].localeCompare(x) <= 0); }"
    )
    page.click("#papers-close")
    assert page.locator("#papers-panel").is_hidden() and "papers=" not in page.url
    # Keyboard: Enter on a term of the month table opens its papers.
    page.locator("#month-table button[data-item=tensorflow]").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#papers-panel[data-state=ready]")
    assert "mentioning “TensorFlow”" in page.inner_text("#papers-title")
    assert "term=tensorflow" in page.url


def test_it_replaces_a_stale_chart_by_the_error_and_then_the_empty_state(visit, corpus):
    page = visit("/trends/?q=tensorflow", "desktop", "trends-states")
    assert_chart_drawn(page)
    page.fill("#q", ",".join(f"t{i}" for i in range(11)))
    page.click("#trend-form button[type=submit]")
    page.wait_for_selector("#error:not([hidden])")
    assert page.locator("#chart-card").is_hidden() and page.locator("#empty").is_hidden()
    page.fill("#q", "")
    page.click("#trend-form button[type=submit]")
    page.wait_for_selector("#empty:not([hidden])")
    assert page.locator("#error").is_hidden() and page.locator("#chart-card").is_hidden()
    assert page.locator("#empty a").count() >= 3


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_it_opens_the_entity_drill_down_from_a_permalink(visit, corpus, viewport):
    page = visit(
        "/entities/?kind=framework&papers=2017-03&term=entity:pytorch", viewport, "entities"
    )
    assert_chart_drawn(page)
    legend = " ".join(page.locator("#chart .legend .legendtext").all_text_contents())
    assert "PyTorch (" in legend and "entity:" not in legend
    page.wait_for_selector("#papers-panel[data-state=ready]")
    assert_in_view(page, "#papers-title")
    assert "mentioning “PyTorch”" in page.inner_text("#papers-title")
    assert page.locator("#papers-list li mark").first.inner_text() == "PyTorch"
    assert_no_sideways_scroll(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_it_lays_out_the_hot_and_institutions_pages(visit, corpus, viewport):
    compute_and_store(window=6)  # stored, as precomputing does; else a worker computes it (202)
    page = visit("/hot/?window=6", viewport, "hot")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator("#hot-table th button.sort").count() == 11
    assert page.locator("script[src*=plotly]").count() == 0  # no chart library where none is drawn
    assert_no_sideways_scroll(page)
    page = visit("/institutions/?conference=icml&year=2017", viewport, "institutions")
    page.wait_for_selector("#industry-chart .main-svg")
    assert_no_sideways_scroll(page)
    assert page.locator("#institution-table th button.sort").count() == 7  # with "Behind it"


def test_it_lists_the_api_and_brands_the_error_pages_and_admin(visit, corpus):
    page = visit("/api/", "phone", "api")
    assert page.locator("dl.endpoints dt").count() >= 8
    assert (
        page.locator("a[href='/api/docs']").count()
        + page.locator("code", has_text="/api/docs").count()
    )
    assert_no_sideways_scroll(page)
    page = visit("/no-such-page/", "phone", "404")
    assert "Page not found" in page.inner_text("h1")
    assert page.locator(".nav-toggle").is_visible()
    assert_no_sideways_scroll(page)
    page = visit("/admin/login/", "desktop", "admin")
    assert "arxiv-trends administration" in page.inner_text("#site-name")
    assert page.get_attribute("#site-name a.back", "href") == "/"
