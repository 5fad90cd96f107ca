"""A real Chromium loads every page under the enforced Content-Security-Policy: no violation
is reported (no inline script, no eval), and the charts still draw."""

from typing import Any

import pytest
from django.contrib.auth.models import User

from ingest.snapshot import SnapshotFilter, import_snapshot
from tests.conftest import paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Recorded before any page script runs; the init script itself is not subject to the policy.
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""
PAGES = [
    ("/", "#chart .main-svg"),
    ("/trends/?q=neural,translation", "#chart .main-svg"),
    ("/hot/", "main"),
    ("/entities/", "main"),
    ("/institutions/", "main"),
    ("/admin/login/", "#login-form"),
    ("/api/docs", "#swagger-ui .information-container"),
]


@pytest.fixture
def corpus(write_snapshot: Any) -> None:
    lines = [
        paper(f"16{m:02d}.{i:05d}", f"2016-{m:02d}", categories="cs.LG cs.CL")
        for m in range(1, 13)
        for i in range(1, 4)
    ]
    import_snapshot(write_snapshot(lines), SnapshotFilter(None))


def _listen(page: Any) -> list[str]:
    """Console reports of blocked content, collected as they come."""
    console: list[str] = []
    page.on(
        "console",
        lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.add_init_script(LISTEN)
    return console


def _violations(page: Any, console: list[str]) -> list[str]:
    return [*page.evaluate("window.__csp"), *console]


@pytest.mark.parametrize("path, ready", PAGES)
def test_the_page_renders_without_a_csp_violation(live_server, page, corpus, path, ready):
    console = _listen(page)
    response = page.goto(live_server.url + path)
    assert response is not None and response.headers.get("content-security-policy")
    page.wait_for_selector(ready, timeout=15000)
    page.wait_for_load_state("networkidle")
    assert _violations(page, console) == []


def test_the_admin_renders_without_a_csp_violation(live_server, page):
    User.objects.create_superuser("boss", "boss@example.org", "a long admin password")
    console = _listen(page)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "a long admin password")
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    for path in [
        "/admin/",
        "/admin/entities/entityalias/add/",
        "/admin/institutions/conferencepaper/import/",
        "/admin/axes/accessattempt/",
    ]:
        page.goto(live_server.url + path)
        page.wait_for_selector("#content")
        page.wait_for_load_state("networkidle")
        assert _violations(page, console) == [], path
