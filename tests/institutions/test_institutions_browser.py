"""Real browser: the public institutions page, and a curator resolving an unmatched string
in the admin queue, after which the public table changes (real Celery worker, Redis)."""

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from institutions.refresh import refresh_all
from tests.conftest import ARTIFACTS, wait_until
from tests.institutions.support import ensure_registry, import_list

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORDS = [
    ("Googel Brain, Mountain View", "Stanford University"),
    ("Googel Brain", "DeepMind, London, UK"),
    ("Stanford University", "Carnegie Mellon University"),
    ("Google Research", "Microsoft Research India"),
    ("University of Washington", "Washington University in St. Louis"),
]


def load_lists(tmp_path: Path) -> None:
    ensure_registry()
    for year in (2017, 2018):
        records = [
            {"id": str(i), "title": f"Paper {i}", "status": "Poster", "author": "A; B",
             "aff": "; ".join(affs), "aff_domain": "; "}
            for i, affs in enumerate(RECORDS if year == 2017 else RECORDS[2:])
        ]  # fmt: skip
        import_list(tmp_path, f"icml{year}.json", records)
    refresh_all()


def table_rows(page: Any) -> dict[str, str]:
    rows = page.locator("#institution-table tbody tr").all()
    return {
        row.locator("td").nth(1).inner_text(): row.locator("td").nth(4).inner_text() for row in rows
    }


def test_the_public_page_table_toggle_sort_and_charts(live_server, page, tmp_path):
    load_lists(tmp_path)
    page.goto(f"{live_server.url}/institutions/?conference=icml&year=2017&institution=Google")
    assert table_rows(page)["Stanford University"] == "2"
    assert "Alphabet (United States)" not in table_rows(page)
    page.wait_for_selector("#industry-chart .main-svg")
    # charts.js moves a figure's title into an HTML heading above the chart.
    title = page.locator("#industry-chart-title").inner_text()
    assert "Share of papers with at least one industry author" in title
    assert "Conference year" in page.locator("#industry-chart").inner_text()
    page.wait_for_selector("#institution-chart .main-svg")
    page.locator("#industry-chart").scroll_into_view_if_needed()
    plot = page.locator("#industry-chart .nsewdrag").bounding_box()
    page.mouse.move(plot["x"] + plot["width"] * 0.5, plot["y"] + plot["height"] / 2)
    page.mouse.move(plot["x"] + plot["width"] * 0.05, plot["y"] + plot["height"] / 2, steps=8)
    hover = page.locator("#industry-chart .hoverlayer")
    shown = wait_until(lambda: "% of 5 papers" in (hover.text_content() or ""), timeout=5)
    assert shown, hover.text_content()
    page.locator("#institution-table th", has_text="Institution").click()
    names = list(table_rows(page))
    assert names == sorted(names)
    page.screenshot(path=str(ARTIFACTS / "institutions_page_table.png"), full_page=True)
    page.click("#toggle-parents")
    page.wait_for_url("**parents=1**")
    assert table_rows(page)["Alphabet (United States)"] == "2"  # Google, DeepMind: once each


@pytest.mark.worker
def test_a_curator_resolves_an_unmatched_string_and_the_public_table_changes(
    live_server, page, tmp_path, celery_worker_process
):
    load_lists(tmp_path)
    User.objects.create_superuser("curator", "c@example.org", "secret-pw")
    celery_worker_process()
    public = f"{live_server.url}/institutions/?conference=icml&year=2017"
    page.goto(public)
    before = table_rows(page)
    assert before.get("Google (United States)") == "1"  # "Googel Brain" is unmatched

    page.goto(f"{live_server.url}/admin/login/?next=/admin/institutions/unmatchedaffiliation/")
    page.fill("#id_username", "curator")
    page.fill("#id_password", "secret-pw")
    page.click("input[type=submit]")
    first_row = page.locator("#result_list tbody tr").first
    assert "Googel Brain" in first_row.inner_text()  # most frequent first
    assert "Accept → Google" in first_row.inner_text()
    page.screenshot(path=str(ARTIFACTS / "institutions_admin_queue.png"), full_page=True)
    first_row.locator("button[data-action=accept]").click()
    page.wait_for_selector(".messagelist .success")
    assert "→ Google" in page.locator(".messagelist").inner_text()

    def google_brain_counts_two() -> bool:
        page.goto(public)
        return table_rows(page).get("Google Brain") == "2"

    assert wait_until(google_brain_counts_two, timeout=40, interval=1.0)

    page.goto(f"{live_server.url}/admin/curation/changerecord/")
    assert "googel brain" in page.locator("#result_list").inner_text()
    page.screenshot(path=str(ARTIFACTS / "institutions_admin_history.png"), full_page=True)
    page.goto(f"{live_server.url}/admin/institutions/conferenceyearstat/")
    assert "icml" in page.locator("#result_list").inner_text().lower()
