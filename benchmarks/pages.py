"""`benchmark pages`: bytes and time to the first chart of every page in headless Chromium.

Collects the static files as production does (benchmarks.pages_settings: compressed,
fingerprinted), starts gunicorn on loopback against the current database, asks each page
a few times so the server-side cache and every worker are warm, then per page: `cold` = a
fresh browser context (empty HTTP cache), `warm` = the same page again in that context.
Bytes are what crossed the wire (CDP encodedDataLength, so gzip counts as sent).

"First chart" is observed in the page, not reported by our code: an init script looks at
every animation frame for a rendered chart that holds data (a plotly plot with a drawn
trace path, the server-drawn static chart with a series path, or a sparkline polyline),
and the time is the start of the frame after it was first seen, i.e. after the frame that
painted it. A container, a spinner or an empty axis does not count. The time the
interactive plotly chart was drawn (charts.js's `first-chart` mark) is reported beside it.
Each page's cold timeline is printed too (server answer, DOMContentLoaded, the chart
library's arrival, the requests scripts made) to show what the time goes to.
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
# Requests per page before measuring: the server-side cache is filled by the first, the
# others reach the other workers too (each compiles its templates once).
WARM_UP = 3
COLD_BYTES, COLD_SECONDS, WARM_SECONDS = 1_500_000, 1.5, 0.5
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Runs before any page script: watches every frame for the first chart with data.
WATCH_FIRST_CHART = """
(() => {
  window.__firstChart = null;
  const DRAWN = [
    ".js-plotly-plot .main-svg .cartesianlayer .trace path",
    ".static-chart svg path.series",
    "svg.sparkline polyline",
  ];
  const hasData = (el) => (el.getAttribute("d") || el.getAttribute("points") || "").length > 20;
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && el.checkVisibility({ visibilityProperty: true });
  };
  function look() {
    const found = DRAWN.some((selector) =>
      [...document.querySelectorAll(selector)].some((el) => hasData(el) && shown(el)));
    // Seen in this frame's callbacks, so painted by this frame: the next frame starts after.
    if (found) requestAnimationFrame((t) => { window.__firstChart = t; });
    else requestAnimationFrame(look);
  }
  requestAnimationFrame(look);
})();
"""
ANY_CHART = "() => !!document.querySelector('.chart, [data-figure], svg.sparkline')"
INTERACTIVE = "() => !!document.querySelector('.chart, [data-figure]')"
TIMELINE_JS = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const mark = performance.getEntriesByName("first-chart")[0];
  const res = performance.getEntriesByType("resource");
  const plotly = res.find((r) => r.name.includes("plotly"));
  const after = res.filter((r) => ["fetch", "xmlhttprequest"].includes(r.initiatorType));
  const span = (r) => `${Math.round(r.startTime)}-${Math.round(r.responseEnd)}`;
  return {
    first_chart: window.__firstChart ?? nav.loadEventEnd,
    interactive: mark ? mark.startTime : null,
    answer: nav.responseEnd, first_byte: nav.responseStart,
    dcl: nav.domContentLoadedEventEnd,
    plotly: plotly ? plotly.responseEnd : null,
    later: after.map((r) => `${r.initiatorType} ${new URL(r.name).pathname} ${span(r)}`),
  };
}"""


@dataclass
class Load:
    bytes: int
    first_chart_ms: float
    interactive_ms: float | None
    timeline: dict[str, Any]


def _load(context: Any, page: Any, url: str) -> Load:
    """Navigate `page` to `url` and measure one load (the CDP session counts the bytes)."""
    received: list[int] = []
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.on("Network.loadingFinished", lambda e: received.append(int(e["encodedDataLength"])))
    page.goto(url, wait_until="load")
    if page.evaluate(ANY_CHART):
        page.wait_for_function("() => window.__firstChart !== null", timeout=30_000)
    if page.evaluate(INTERACTIVE):
        page.wait_for_function(
            "() => performance.getEntriesByName('first-chart').length", timeout=30_000
        )
    timeline = page.evaluate(TIMELINE_JS)
    page.wait_for_timeout(250)  # requests the first draw started (the drill-down's list)
    session.detach()
    return Load(sum(received), float(timeline["first_chart"]), timeline["interactive"], timeline)


def _measure(browser: Any, url: str) -> tuple[Load, Load]:
    cold, warm = [], []
    for _ in range(ROUNDS):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        context.add_init_script(WATCH_FIRST_CHART)
        page = context.new_page()
        cold.append(_load(context, page, url))
        warm.append(_load(context, page, url))
        context.close()

    def median(loads: list[Load]) -> Load:
        ranked = sorted(loads, key=lambda x: x.first_chart_ms)
        interactive = [x.interactive_ms for x in loads if x.interactive_ms is not None]
        return Load(
            int(statistics.median(x.bytes for x in loads)),
            ranked[len(ranked) // 2].first_chart_ms,
            statistics.median(interactive) if interactive else None,
            ranked[len(ranked) // 2].timeline,  # the timeline of the median load
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
            "LOOPBACK_ONLY": "1",  # it binds 127.0.0.1 only (config/serving.py)
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
            for url in PAGES * WARM_UP:
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
    def interactive(load: Load) -> str:
        return "   -" if load.interactive_ms is None else f"{load.interactive_ms:4.0f}"

    t = cold.timeline
    plotly = "-" if t["plotly"] is None else f"{t['plotly']:.0f}"
    return (
        f"{url:60} cold {cold.bytes / 1e6:5.2f} MB {cold.first_chart_ms:5.0f} ms "
        f"(interactive {interactive(cold)})   warm {warm.bytes / 1e6:5.2f} MB "
        f"{warm.first_chart_ms:5.0f} ms (interactive {interactive(warm)}, "
        f"first byte {warm.timeline['first_byte']:.0f})\n"
        f"{'':4}cold timeline ms: first byte {t['first_byte']:.0f}, html {t['answer']:.0f}, "
        f"DOMContentLoaded {t['dcl']:.0f}, plotly arrived {plotly}, "
        f"requests from scripts: {'; '.join(t['later']) or 'none'}"
    )


def _figures(results: dict[str, tuple[Load, Load]]) -> Figures:
    cold_bytes = max(c.bytes for c, _ in results.values())
    cold_ms = max(c.first_chart_ms for c, _ in results.values())
    warm_ms = max(w.first_chart_ms for _, w in results.values())
    interactive = [c.interactive_ms for c, _ in results.values() if c.interactive_ms is not None]
    warm_interactive = [w.interactive_ms for _, w in results.values() if w.interactive_ms]
    ok = cold_bytes <= COLD_BYTES and cold_ms <= 1e3 * COLD_SECONDS
    ok = ok and warm_ms <= 1e3 * WARM_SECONDS
    return {
        "pages": len(results),
        "cold_max_bytes": cold_bytes,
        "cold_max_first_chart_ms": round(cold_ms),
        "warm_max_first_chart_ms": round(warm_ms),
        "cold_max_interactive_ms": round(max(interactive, default=0)),
        "warm_max_interactive_ms": round(max(warm_interactive, default=0)),
        "within_bars": "yes" if ok else "no",
    }
