"""Admin for harvests: runs with progress/counts/errors/duration, start one now, freshness."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.utils import timezone

from ingest.freshness import freshness
from ingest.harvest import harvest_api
from ingest.models import IngestRun
from ingest.records import parse_record
from papers.store import upsert_papers
from tests.conftest import ARTIFACTS, paper
from tests.fake_arxiv import papers_of_month
from tests.ingest.test_harvest_api import ML, serve, stored_ids
from tests.ingest.test_harvest_schedule import submitted

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def staff_client() -> Client:
    user = User.objects.create_superuser("ops", "ops@example.org", "pw")
    client = Client()
    client.force_login(user)
    return client


def log_in(page: Any, live_server: Any, client: Client) -> None:
    cookie = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])


def store_papers_on(days: list[date]) -> None:
    records = [
        parse_record(paper(f"2601.{i:05d}", versions=submitted(datetime.combine(
            day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9))))[0]
        for i, day in enumerate(days, start=1)
    ]  # fmt: skip
    upsert_papers(records)


def recent_weekdays(count: int) -> list[date]:
    """The `count` weekdays before today, newest first."""
    day, found = timezone.now().astimezone(UTC).date(), list[date]()
    while len(found) < count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            found.append(day)
    return found


def test_the_runs_list_shows_progress_counts_errors_and_duration(
    live_server, page, staff_client, settings
):
    with serve(settings, papers_of_month("2019-02")[:120]) as fake:
        fake.inject("503", retry_after="0.3")
        done = harvest_api(ML, date(2019, 2, 1), date(2019, 2, 28))
    IngestRun.objects.create(
        source=IngestRun.Source.ARXIV_OAI,
        key="cs,stat:2015-01-01:2019-12-31",
        progress="set cs (4000 of 91000); sets left: cs, stat",
        read=4000,
        imported=3990,
        started_at=timezone.now() - timedelta(minutes=7),
    )
    log_in(page, live_server, staff_client)
    page.goto(live_server.url + "/admin/ingest/ingestrun/")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 2
    running = rows.filter(has_text="Running").inner_text()
    assert "4000 of 91000" in running and "0:07:" in running and "so far" in running
    finished = rows.filter(has_text="Succeeded").inner_text()
    assert "(120 results)" in finished and "2019-02-01 .. 2019-02-28" in finished
    assert "120/120/0/0/0\t1\t3\t" in finished  # papers, 1 error, 3 requests
    assert "started" in page.inner_text("#result_list thead").lower()
    assert page.get_by_text("Start a harvest now").is_visible()
    assert page.get_by_text("Freshness").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ingest-runs-changelist.png"), full_page=True)

    page.goto(live_server.url + f"/admin/ingest/ingestrun/{done.pk}/change/")
    assert "retried: HTTP 503 (Retry-After 0.3 s)" in page.inner_text("table.data")


def test_start_a_harvest_now_from_admin(staff_client, settings, eager_tasks):
    with serve(settings, papers_of_month("2019-02")[:30]) as fake:
        refused = staff_client.post(
            "/admin/ingest/ingestrun/start/",
            {"source": "arxiv_api", "since": "2019-03-01", "until": "2019-02-01",
             "categories": "cs.LG"},
        )  # fmt: skip
        assert refused.status_code == 200
        assert "&#x27;From&#x27; is after &#x27;Until&#x27;." in refused.text
        assert not fake.log
        response = staff_client.post(
            "/admin/ingest/ingestrun/start/",
            {"source": "arxiv_api", "since": "2019-02-01", "until": "2019-02-28",
             "categories": ",".join(ML)},
        )  # fmt: skip
        assert response.status_code == 302
        run = IngestRun.objects.get()
        assert run.state == IngestRun.State.SUCCEEDED
        assert len(stored_ids()) == 30
        # "Run again now" on that run queues the same harvest (here: runs it at once).
        staff_client.post(
            "/admin/ingest/ingestrun/",
            {"action": "run_again_now", "_selected_action": [run.pk]},
        )
    again = IngestRun.objects.latest("started_at")
    assert again.pk != run.pk
    assert (again.state, again.unchanged) == (IngestRun.State.SUCCEEDED, 30)


def test_the_freshness_panel_flags_weekdays_without_new_papers(
    live_server, page, staff_client, settings
):
    weekdays = recent_weekdays(10)
    missing = weekdays[3]
    store_papers_on([d for d in weekdays if d != missing])
    with serve(settings, []):
        harvest_api(ML, weekdays[0], timezone.now().date())
    log_in(page, live_server, staff_client)
    page.goto(live_server.url + "/admin/ingest/ingestrun/freshness/")
    assert "1 weekday with zero new papers" in page.inner_text("#empty-weekdays")
    flagged = page.locator("#days tr", has_text="none")
    assert flagged.count() == 1
    assert missing.strftime("%Y-%m-%d") in flagged.inner_text()
    assert "never succeeded" in page.inner_text("#last-success")  # the OAI source
    assert "arXiv API" in page.inner_text("#last-success")
    assert "newest paper submitted" in page.inner_text("#lag")


def test_freshness_reports_last_success_and_lag():
    now = datetime(2026, 3, 6, 12, tzinfo=UTC)  # a Friday
    store_papers_on([date(2026, 3, 2), date(2026, 3, 4)])
    IngestRun.objects.create(
        source=IngestRun.Source.ARXIV_API,
        key="k",
        state=IngestRun.State.SUCCEEDED,
        parameters={"from": "2026-03-03", "until": "2026-03-04"},
        finished_at=now - timedelta(hours=30),
    )
    fresh = freshness(now=now, days=5)
    assert fresh.sources[1].last_success is not None
    assert fresh.sources[2].last_success is None
    assert fresh.harvest_lag == timedelta(hours=36)
    assert fresh.submission_lag == timedelta(days=2, hours=3)
    assert fresh.empty_weekdays == [date(2026, 3, 3), date(2026, 3, 5)]


def staff_with(*codenames: str) -> Client:
    """A logged-in staff account holding only the given ingest permissions."""
    user = User.objects.create_user("clerk", "clerk@example.org", "pw", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(
        content_type__app_label="ingest", codename__in=codenames))  # fmt: skip
    client = Client()
    client.force_login(user)
    return client


def test_staff_without_ingest_rights_can_neither_start_a_run_nor_see_freshness(settings):
    client = staff_with()
    with serve(settings, papers_of_month("2019-02")[:5]) as fake:
        form = {"source": "arxiv_api", "since": "2019-02-01", "until": "2019-02-28",
                "categories": "cs.LG"}  # fmt: skip
        assert client.get("/admin/ingest/ingestrun/start/").status_code == 403
        assert client.post("/admin/ingest/ingestrun/start/", form).status_code == 403
        assert client.get("/admin/ingest/ingestrun/freshness/").status_code == 403
        assert client.get("/admin/ingest/ingestrun/").status_code == 403
    assert not fake.log
    assert not IngestRun.objects.exists()


def failed_harvest() -> IngestRun:
    return IngestRun.objects.create(
        source=IngestRun.Source.ARXIV_API, key="k", state=IngestRun.State.FAILED,
        parameters={"categories": ["cs.LG"], "from": "2019-02-01", "until": "2019-02-28"},
    )  # fmt: skip


def test_viewing_runs_shows_freshness_but_no_way_to_start_one(settings, eager_tasks):
    run = failed_harvest()
    client = staff_with("view_ingestrun")
    listing = client.get("/admin/ingest/ingestrun/")
    assert listing.status_code == 200
    assert "Start a harvest now" not in listing.text and "Freshness" in listing.text
    assert "run_again_now" not in listing.text
    assert client.get("/admin/ingest/ingestrun/freshness/").status_code == 200
    assert client.get("/admin/ingest/ingestrun/start/").status_code == 403
    with serve(settings, papers_of_month("2019-02")[:5]) as fake:
        client.post("/admin/ingest/ingestrun/", {"action": "run_again_now",
                                                 "_selected_action": [run.pk]})  # fmt: skip
    assert not fake.log
    assert IngestRun.objects.count() == 1


def test_the_add_right_is_the_right_to_start_a_run(settings, eager_tasks):
    failed_harvest()
    client = staff_with("view_ingestrun", "add_ingestrun")
    listing = client.get("/admin/ingest/ingestrun/")
    assert "Start a harvest now" in listing.text and "run_again_now" in listing.text
    assert client.get("/admin/ingest/ingestrun/start/").status_code == 200
    with serve(settings, papers_of_month("2019-02")[:5]):
        response = client.post("/admin/ingest/ingestrun/start/", {
            "source": "arxiv_api", "since": "2019-02-01", "until": "2019-02-28",
            "categories": ",".join(ML)})  # fmt: skip
    assert response.status_code == 302
    assert IngestRun.objects.latest("started_at").state == IngestRun.State.SUCCEEDED
