"""`benchmark pages`: bytes and time to the first chart of every page in headless Chromium.

Collects the static files as production does (benchmarks.pages_settings: compressed,
fingerprinted), starts gunicorn on loopback against the current database, asks each page
once so the server-side cache is warm, then per page: `cold` = a fresh browser context
(empty HTTP cache), `warm` = the same page again in that context. Bytes are what crossed
the wire (CDP encodedDataLength, so gzip counts as sent); "first chart" is the
`first-chart` performance mark static/js/charts.js sets after plotly's first draw, or the
load event on a page that draws no plotly chart (its sparklines are server-rendered SVG).
Bars (issue 15): cold <= 1.5 MB and <= 1.5 s, warm <= 0.5 s.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from benchmarks import Figures
from benchmarks.api import _free_port, _get, _wait_until_up
from benchmarks.scratch import database_url

PAGES = [
    "/",
    "/?mode=lines",
    "/trends/?q=group:framework",
    "/trends/?q=tensorflow,pytorch&papers=2018-06&term=pytorch",
    "/hot/",
    "/entities/",
    "/institutions/",
]
ROUNDS = 3  # median of three cold and three warm loads per page
COLD_BYTES, COLD_SECONDS, WARM_SECONDS = 1_500_000, 1.5, 0.5
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
FIRST_CHART_DRAWN = "() => performance.getEntriesByName('first-chart').length"
FIRST_CHART_JS = """() => {
  const mark = performance.getEntriesByName("first-chart")[0];
  return mark ? mark.startTime : performance.getEntriesByType("navigation")[0].loadEventEnd;
}"""


@dataclass
class Load:
    bytes: int
    first_chart_ms: float


def _load(context: Any, page: Any, url: str) -> Load:
    """Navigate `page` to `url` and measure one load (the CDP session counts the bytes)."""
    received: list[int] = []
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.on("Network.loadingFinished", lambda e: received.append(int(e["encodedDataLength"])))
    page.goto(url, wait_until="load")
    has_chart = page.evaluate("() => !!document.querySelector('.chart, [data-figure]')")
    if has_chart:
        page.wait_for_function(
            "() => performance.getEntriesByName('first-chart').length", timeout=30_000
        )
    first_chart = float(page.evaluate(FIRST_CHART_JS))
    page.wait_for_timeout(250)  # requests the first draw started (the drill-down's list)
    session.detach()
    return Load(sum(received), first_chart)


def _measure(browser: Any, url: str) -> tuple[Load, Load]:
    cold, warm = [], []
    for _ in range(ROUNDS):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        cold.append(_load(context, page, url))
        warm.append(_load(context, page, url))
        context.close()

    def median(loads: list[Load]) -> Load:
        return Load(
            int(statistics.median(x.bytes for x in loads)),
            statistics.median(x.first_chart_ms for x in loads),
        )

    return median(cold), median(warm)


def _collect_static(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env, cwd=settings.BASE_DIR, check=True,
    )  # fmt: skip


def run(command: BaseCommand, options: dict[str, Any]) -> Figures:
    from playwright.sync_api import sync_playwright

    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="pages-static-") as static_root:
        env = {
            **os.environ,
            "DATABASE_URL": database_url(settings.DATABASES["default"]["NAME"]),
            "DJANGO_SETTINGS_MODULE": "benchmarks.pages_settings",
            "STATIC_ROOT": static_root,
        }
        _collect_static(env)
        plotly = next(Path(static_root, "vendor", "plotly").glob("plotly-basic.min.*.js.gz"))
        command.stdout.write(
            f"chart library on the wire: {plotly.name}, {plotly.stat().st_size:,} B"
        )
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--threads", "4", "--log-level", "warning"],
            env=env, cwd=settings.BASE_DIR,
        )  # fmt: skip
        try:
            _wait_until_up(port, time.monotonic() + 60)
            for url in PAGES:
                status, _seconds = _get(port, url)
                if status != 200:
                    raise RuntimeError(f"{url} answered {status}")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS
                )
                results = {}
                for url in PAGES:
                    results[url] = _measure(browser, f"http://127.0.0.1:{port}{url}")
                    command.stdout.write(_line(url, *results[url]))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    return _figures(results)


def _line(url: str, cold: Load, warm: Load) -> str:
    return (
        f"{url:60} cold {cold.bytes / 1e6:5.2f} MB {cold.first_chart_ms:6.0f} ms   "
        f"warm {warm.bytes / 1e6:5.2f} MB {warm.first_chart_ms:6.0f} ms"
    )


def _figures(results: dict[str, tuple[Load, Load]]) -> Figures:
    cold_bytes = max(c.bytes for c, _ in results.values())
    cold_ms = max(c.first_chart_ms for c, _ in results.values())
    warm_ms = max(w.first_chart_ms for _, w in results.values())
    ok = cold_bytes <= COLD_BYTES and cold_ms <= 1e3 * COLD_SECONDS
    ok = ok and warm_ms <= 1e3 * WARM_SECONDS
    return {
        "pages": len(results),
        "cold_max_bytes": cold_bytes,
        "cold_max_first_chart_ms": round(cold_ms),
        "warm_max_first_chart_ms": round(warm_ms),
        "within_bars": "yes" if ok else "no",
    }
