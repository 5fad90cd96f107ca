// Draws plotly figures and owns what every chart shares: the title in HTML (it wraps on
// phones and never collides with an axis title), our modebar (a copy-permalink button
// instead of plotly's cloud), the log-scale and paper-count views kept in the URL
// (&scale=log, &y=papers), a "chart:month" event when a month is clicked, and the
// performance mark "first-chart" (the interactive chart drawn) the page benchmark reports.
// A server-drawn first view (templates/static_chart.html) is replaced in the same task
// plotly draws in, so the page never shows neither. The library (preloaded by
// charts_library.html) runs only after the page's first paint: run as a deferred script it
// would hold that paint for as long as it takes to compile, even from the HTTP cache.
(() => {
  const PLOTLY = document.currentScript.dataset.plotly;
  const plotlyReady = new Promise((resolve, reject) => {
    if (window.Plotly) return resolve();
    requestAnimationFrame(() => setTimeout(() => { // the task after the next paint
      const script = document.createElement("script");
      script.src = PLOTLY;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`the chart library did not load (${PLOTLY})`));
      document.head.appendChild(script);
    }, 0));
  });
  plotlyReady.catch(() => {}); // a page without a chart to draw: nothing waits for it
  const phone = window.matchMedia("(max-width: 720px)");
  const LINK_ICON = { width: 24, height: 24, path: "M10 14a5 5 0 0 0 7 0l3-3a5 5 0 0 0-7-7l-1 1 1.5 1.5 1-1a3 3 0 0 1 4 4l-3 3a3 3 0 0 1-4 0zM14 10a5 5 0 0 0-7 0l-3 3a5 5 0 0 0 7 7l1-1-1.5-1.5-1 1a3 3 0 0 1-4-4l3-3a3 3 0 0 1 4 0z" };

  function config() {
    return {
      responsive: true, displaylogo: false, displayModeBar: phone.matches ? false : "hover",
      modeBarButtonsToRemove: ["sendDataToCloud", "select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
      modeBarButtonsToAdd: [{ name: "copy-link", title: "Copy a link to this view", icon: LINK_ICON,
        click: () => { const b = document.querySelector("button.copy-link"); if (b) window.copyPermalink(b); else navigator.clipboard.writeText(location.href); } }],
    };
  }

  const view = () => {
    const p = new URLSearchParams(location.search);
    return { log: p.get("scale") === "log", papers: p.get("y") === "papers" };
  };

  // The figure as the current view shows it (a copy: the original stays for toggling back).
  function viewOf(data, layout) {
    const v = view();
    const hasCounts = data.some((t) => Array.isArray(t.customdata) && !t.yaxis);
    const out = data.map((t) => ({ ...t }));
    const lay = { ...layout, yaxis: { ...(layout.yaxis || {}) }, xaxis: { ...(layout.xaxis || {}) } };
    if (v.papers && hasCounts) {
      for (const t of out) {
        if (t.role === "band") t.visible = false; // an interval of a share, not of a count
        if (!Array.isArray(t.customdata) || t.yaxis) continue;
        t.y = t.customdata.map((c) => (Array.isArray(c) ? c[0] : c));
        t.hovertemplate = `${t.name}: %{y:,} papers<extra></extra>`;
      }
      lay.yaxis.title = { text: "Papers mentioning it per month" };
      lay.yaxis.ticksuffix = "";
    }
    if (v.log) lay.yaxis.type = "log";
    delete lay.title;
    lay.margin = { ...(lay.margin || {}), t: 10 };
    if (phone.matches) {
      // The legend goes below the plot, two entries a row: the chart grows with it instead
      // of squeezing the plot or scrolling the legend.
      // Names too long for half a phone's width get a row each.
      const named = out.filter((t) => t.showlegend !== false);
      const perRow = named.some((t) => String(t.name || "").length > 22) ? 1 : 2;
      const groups = new Set(named.map((t) => t.legendgroup).filter(Boolean)).size; // a gap each
      const rows = Math.ceil(named.length / perRow) + (groups > 1 ? groups : 0);
      lay.height = 300 + 21 * rows;
      lay.margin = { ...lay.margin, l: 48, r: lay.yaxis2 ? 44 : 10, b: 30 };
      lay.legend = { ...(lay.legend || {}), orientation: "h", x: 0, y: -0.08, yanchor: "top", entrywidth: 1 / perRow, entrywidthmode: "fraction", maxheight: 21 * rows + 40, font: { size: 11 } };
      lay.yaxis.title = { ...(typeof lay.yaxis.title === "object" ? lay.yaxis.title : { text: lay.yaxis.title }), font: { size: 11 } };
      lay.xaxis.title = { text: "" };
      if (lay.xaxis.dtick) {
        // A tick every year is too dense on a phone: about five labels across.
        const xs = out.flatMap((t) => (Array.isArray(t.x) ? t.x : [])).filter((x) => typeof x === "number");
        if (xs.length) lay.xaxis.dtick = Math.max(lay.xaxis.dtick, Math.ceil((Math.max(...xs) - Math.min(...xs)) / 5));
      }
    }
    return { data: out, layout: lay, hasCounts };
  }

  function setTitle(container, layout) {
    const text = layout.title && (layout.title.text ?? layout.title);
    if (!text) return;
    let heading = document.getElementById(`${container.id}-title`);
    if (!heading) {
      heading = document.createElement("h2");
      heading.id = `${container.id}-title`;
      container.before(heading);
    }
    heading.textContent = text;
    if (!container.getAttribute("aria-label")) container.setAttribute("aria-label", `Chart: ${text}`);
  }

  function syncTools(container, hasCounts) {
    const v = view();
    document.querySelectorAll(`.chart-tools[data-for="${container.id}"] button[data-view]`).forEach((b) => {
      const on = b.dataset.view === "log" ? v.log : v.papers;
      b.setAttribute("aria-pressed", String(on));
      if (b.dataset.view === "papers") b.hidden = !hasCounts;
    });
  }

  async function draw(container, data, layout) {
    container.chartFigure = { data, layout };
    setTitle(container, layout);
    try {
      await plotlyReady;
    } catch {
      return container; // the library did not arrive: the static view stays
    }
    if (container.chartFigure.data !== data) return container; // a newer draw was asked for
    const shown = viewOf(data, layout);
    container.classList.remove("loading");
    const first = container.querySelector(":scope > .static-chart");
    if (first) first.remove();
    await Plotly.react(container, shown.data, shown.layout, config());
    syncTools(container, shown.hasCounts);
    if (!container.dataset.clickable) {
      container.dataset.clickable = "1";
      container.on("plotly_click", (event) => {
        const point = event.points[0];
        const detail = { month: String(point.x).slice(0, 7), trace: point.data, index: point.curveNumber };
        container.dispatchEvent(new CustomEvent("chart:month", { detail, bubbles: true }));
      });
    }
    container.dataset.state = "ready";
    if (!performance.getEntriesByName("first-chart").length) performance.mark("first-chart");
    return container;
  }

  function drawFigure(chartId, dataId) {
    const source = document.getElementById(dataId);
    const container = document.getElementById(chartId);
    if (!source || !container) return null;
    const figure = JSON.parse(JSON.parse(source.textContent)); // a JSON string inside JSON
    draw(container, figure.data, figure.layout || {});
    return container;
  }

  function toggle(button) {
    const container = document.getElementById(button.closest(".chart-tools").dataset.for);
    const p = new URLSearchParams(location.search);
    const [key, on] = button.dataset.view === "log" ? ["scale", "log"] : ["y", "papers"];
    if (p.get(key) === on) p.delete(key); else p.set(key, on);
    history.replaceState(history.state, "", `${location.pathname}?${p}`);
    if (container && container.chartFigure) draw(container, container.chartFigure.data, container.chartFigure.layout);
  }
  document.addEventListener("click", (event) => {
    const button = event.target.closest(".chart-tools button[data-view]");
    if (button) toggle(button);
  });

  // Plotly shapes shading the partial / unknown coverage periods ({from, to, status} months,
  // inclusive) of /api/fractions (the server-rendered figures get them from trends/charts.py).
  function coverageShapes(periods) {
    const next = (month) => {
      const [y, m] = month.split("-").map(Number);
      return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
    };
    return (periods || []).map((p) => ({
      type: "rect", xref: "x", yref: "paper", x0: `${p.from}-01`, x1: `${next(p.to)}-01`, y0: 0, y1: 1,
      fillcolor: p.status === "partial" ? "#F5A623" : "#9AA5B1", opacity: 0.13, line: { width: 0 }, layer: "below",
      name: `coverage ${p.status}`,
    }));
  }

  window.Charts = { draw, drawFigure, coverageShapes };
  document.querySelectorAll("[data-figure]").forEach((el) => drawFigure(el.id, el.dataset.figure));
})();
