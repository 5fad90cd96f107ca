// Term trends page: the form state lives in the URL (?q=&categories=&from=&to=&smooth=&month=
// &min_papers=&band=,
// plus the drill-down's &papers=&term= and the chart view's &scale=&y=). The chart and the
// month table are drawn from /api/fractions (the first from the answer the page carries,
// under its server-drawn static chart); a click on a point (or a term in the table)
// lists its papers in the drill-down panel. Fields the API may or may not send yet
// (label, total_papers, did_you_mean, offers, /api/terms/suggest) are used when present.
// Every value carries its certainty: a 95% band (the band switch), open markers for low
// support, x markers for gap months and shaded coverage periods, each explained under the chart.
(() => {
  const form = document.getElementById("trend-form");
  const els = (id) => document.getElementById(id);
  const ML = [...form.querySelectorAll("input[name=cat]")].map((b) => b.value).filter((v) => v !== "all");
  const PALETTE = JSON.parse(els("palette-data").textContent);
  const STATE_KEYS = ["q", "categories", "from", "to", "smooth", "month", "min_papers", "band"];
  const KEPT_KEYS = ["papers", "term", "ppage", "psort", "scale", "y"]; // owned by drilldown.js / charts.js
  let current = null; // {data, state} of the last answer of /api/fractions
  let generation = 0; // the newest draw wins

  function stateFromUrl() {
    const p = new URLSearchParams(location.search);
    const s = Object.fromEntries(STATE_KEYS.map((k) => [k, p.get(k) || ""]));
    s.smooth = s.smooth || "0";
    return s;
  }

  function fillForm(s) {
    els("q").value = s.q;
    els("from").value = s.from;
    els("to").value = s.to;
    els("smooth").value = ["0", "3", "6", "12"].includes(s.smooth) ? s.smooth : "0";
    els("min_papers").value = s.min_papers || els("min_papers").defaultValue;
    els("band-toggle").checked = s.band === "1";
    const picked = s.categories ? s.categories.split(",") : ML;
    form.querySelectorAll("input[name=cat]").forEach((box) => {
      box.checked = s.categories.toLowerCase() === "all" ? box.value === "all" : picked.includes(box.value);
    });
  }

  function stateFromForm() {
    const picked = [...form.querySelectorAll("input[name=cat]:checked")].map((b) => b.value);
    let categories = picked.includes("all") ? "all" : picked.join(",");
    if (categories === ML.join(",")) categories = ""; // the default selection stays out of the URL
    return {
      q: els("q").value.trim(), categories, from: els("from").value, to: els("to").value,
      smooth: els("smooth").value, month: "",
      // The default threshold stays out of the URL; the band switch is kept in it.
      min_papers: els("min_papers").value === els("min_papers").defaultValue ? "" : els("min_papers").value,
      band: els("band-toggle").checked ? "1" : "",
    };
  }

  function query(s, extra = {}) {
    const p = new URLSearchParams();
    // smooth=0 is the default; min_papers=0 (draw every month) is not.
    for (const [k, v] of Object.entries({ ...s, ...extra })) if (v && (v !== "0" || k === "min_papers")) p.set(k, v);
    return p.toString();
  }

  // Rewrites the URL with a new state, keeping the panel and chart-view parameters.
  function urlFor(s, keep = true) {
    const old = new URLSearchParams(location.search);
    const p = new URLSearchParams(query(s));
    if (keep) for (const k of KEPT_KEYS) if (old.get(k)) p.set(k, old.get(k));
    return `${location.pathname}?${p}`;
  }

  const labelOf = (line) => line.label || line.term;

  function show({ empty = false, error = "", chart = false }) {
    els("empty").hidden = !empty;
    els("error-text").textContent = error;
    els("error").hidden = !error;
    els("chart-card").hidden = !chart;
    els("month-card").hidden = !chart;
    if (!chart) {
      els("offers").replaceChildren();
      if (!els("papers-panel").hidden) window.Drilldown.close();
    }
  }

  function hintButton(text, q) {
    const b = document.createElement("button");
    b.type = "button"; b.className = "linklike"; b.textContent = text; b.dataset.q = q;
    return b;
  }

  // "0 papers; did you mean X?" per empty series, and the API's top-level offers.
  function renderHints(data, s) {
    const terms = s.q.split(",").map((t) => t.trim());
    const zero = data.series.filter((l) => l.total_papers === 0).map((line) => {
      const li = document.createElement("li");
      li.append(`“${labelOf(line)}”: 0 papers`);
      const alternatives = Array.isArray(line.did_you_mean) ? line.did_you_mean.slice(0, 3) : [];
      if (alternatives.length) {
        li.append("; did you mean ");
        alternatives.forEach((alt, i) => {
          if (i) li.append(", ");
          const replaced = terms.map((t) => (t.toLowerCase() === line.term.toLowerCase() ? alt : t)).join(", ");
          li.append(hintButton(alt, replaced));
        });
        li.append("?");
      }
      return li;
    });
    els("zero-hints").replaceChildren(...zero);
    const offers = (Array.isArray(data.offers) ? data.offers : []).filter((o) => o && o.query).map((o) => {
      const li = document.createElement("li");
      li.append("Try ", hintButton(o.query, o.query), o.reason ? `: ${o.reason}` : "");
      return li;
    });
    els("offers").replaceChildren(...offers);
  }

  const pct = (f) => `${(100 * f).toFixed(f < 0.1 ? 2 : 1)}%`;

  // One line per term (gap months left out), its 95% band (hidden unless the switch is on)
  // and one marker per gap month whose hover says why nothing is drawn there. Lines carry
  // the term in `meta` (the drill-down); bands and gap markers a `role` and no papers.
  function termTraces(data) {
    const band = els("band-toggle").checked;
    const out = [];
    data.series.forEach((line, i) => {
      const name = labelOf(line);
      const legend = typeof line.total_papers === "number" ? `${name} (${line.total_papers.toLocaleString()})` : name;
      const color = PALETTE.colors[i % PALETTE.colors.length];
      const shown = line.fractions.map((f, j) => (f === null || data.gaps[j] ? null : 100 * f));
      const edge = (values) => values.map((v, j) => (v === null || shown[j] === null ? null : 100 * v));
      const bandStyle = { mode: "lines", line: { width: 0, color }, hoverinfo: "skip", showlegend: false, visible: band, role: "band", connectgaps: false };
      out.push({ ...bandStyle, x: data.months, y: edge(line.interval_high), name: `${name} 95% high` });
      out.push({ ...bandStyle, x: data.months, y: edge(line.interval_low), name: `${name} 95% interval`, fill: "tonexty", fillcolor: `${color}33` });
      out.push({
        x: data.months, y: shown, name: legend, meta: line.term, mode: "lines+markers", connectgaps: false,
        marker: { size: line.low_support.map((low) => (low ? 7 : 4)), symbol: line.low_support.map((low) => (low ? "circle-open" : "circle")) },
        line: { color, dash: PALETTE.dashes[Math.floor(i / 10) % PALETTE.dashes.length], width: 2 },
        customdata: data.months.map((_, j) => [line.counts[j], data.totals[j]]),
        text: data.months.map((_, j) => pointText(data, line, j)),
        hovertemplate: `${name}: %{text}<extra></extra>`,
      });
    });
    const gapMonths = data.months.filter((_, j) => data.gaps[j] && data.totals[j]);
    if (gapMonths.length) {
      out.push({
        x: gapMonths, y: gapMonths.map(() => 0), name: `gap: under ${data.min_papers} papers`, mode: "markers", role: "gap",
        marker: { symbol: "x-thin-open", size: 7, color: "#5f6b78", line: { width: 1.5 } },
        text: gapMonths.map((m) => `${m}: not drawn, ${data.gaps[data.months.indexOf(m)]}`),
        hovertemplate: "%{text}<extra></extra>",
      });
    }
    return out;
  }

  // "6.4% (6-month average); this month 4.4%, 10 of 228 papers" (values named apart).
  function pointText(data, line, j) {
    const f = line.fractions[j], raw = line.raw_fractions[j];
    if (f === null) return "no papers";
    const papers = `${line.counts[j].toLocaleString()} of ${data.totals[j].toLocaleString()} papers`;
    const interval = line.interval_low[j] === null ? "" : `; 95% interval ${pct(line.interval_low[j])}–${pct(line.interval_high[j])}`;
    const support = line.low_support[j] ? `; low support (fewer than ${data.low_support} papers)` : "";
    const head = data.smooth > 1 ? `${pct(f)} (${data.value}); this month ${raw === null ? "–" : pct(raw)}, ${papers}` : `${pct(f)} this month, ${papers}`;
    return head + interval + support;
  }

  // The shaded periods, listed with their reasons under the chart, and the gap months counted.
  function describeCertainty(data) {
    els("coverage-list").replaceChildren(...data.coverage.map((c) => {
      const li = document.createElement("li");
      li.textContent = `${c.from === c.to ? c.from : `${c.from} – ${c.to}`}: coverage ${c.status} (${c.note})`;
      return li;
    }));
    els("coverage-note").hidden = data.coverage.length === 0;
    const gaps = data.gaps.filter((g, j) => g && data.totals[j]).length;
    els("gap-note").textContent = gaps ? `${gaps} month${gaps === 1 ? "" : "s"} with fewer than ${data.min_papers} papers in the selection ${gaps === 1 ? "is a gap" : "are gaps"} (×): too few for a fraction. Open markers: fewer than ${data.low_support} papers mention the term that month (low support).` : "";
  }

  // The x-axis starts at the first month any series is non-zero, unless `from` was given.
  function xRange(data, s) {
    if (s.from) return undefined;
    const first = data.months.findIndex((_, j) => data.series.some((l) => l.counts[j]));
    return first > 0 ? [data.months[first], data.months[data.months.length - 1]] : undefined;
  }

  // `given`: the answer the page was served with, for its own URL's state (no second request).
  async function draw(s, given = null) {
    const mine = ++generation;
    if (!s.q) return show({ empty: true });
    const { month, band, ...params } = s;
    let data, response;
    if (given) {
      data = given;
      response = { ok: true };
    } else {
      els("chart-card").classList.add("loading");
      try {
        response = await fetch(`/api/fractions?${query(params)}`);
        data = await response.json();
      } catch (error) {
        data = { error: `the server did not answer (${error.message})` };
      } finally {
        els("chart-card").classList.remove("loading");
      }
    }
    if (mine !== generation) return;
    if (!response || !response.ok) return show({ error: data.error || `HTTP ${response && response.status}` });
    show({ chart: true });
    current = { data, state: s };
    renderHints(data, s);
    const smooth = data.smooth > 1 ? `, ${data.value}` : "";
    const layout = {
      title: { text: `Share of papers mentioning each term (title + abstract${smooth})` },
      xaxis: { title: { text: "Month of v1 submission" }, type: "date", tickformat: "%b %Y", range: xRange(data, s) },
      yaxis: { title: { text: "% of the month's papers" }, rangemode: "tozero", ticksuffix: "%", automargin: true },
      hovermode: "closest", legend: { orientation: "h", y: -0.18 }, height: 460,
      margin: { l: 60, r: 20, t: 10, b: 40 },
      shapes: window.Charts.coverageShapes(data.coverage),
    };
    describeCertainty(data);
    await window.Charts.draw(els("chart"), termTraces(data), layout);
    els("paths").textContent = "Answered by: " +
      data.series.map((l) => `${labelOf(l)}: ${l.path === "vocabulary" ? "precomputed vocabulary" : l.path === "phrase" ? "phrase search at request time" : l.path}`).join("; ");
    els("csv-link").href = `/api/fractions?${query(params, { format: "csv" })}`;
    els("json-link").href = `/api/fractions?${query(params)}`;
    fillMonthTable(month);
  }

  function monthsBetween(first, month) {
    if (!first || first > month) return null;
    const [y1, m1] = first.split("-").map(Number), [y2, m2] = month.split("-").map(Number);
    return (y2 - y1) * 12 + (m2 - m1) + 1;
  }

  function fillMonthTable(month) {
    const { data } = current;
    const select = els("table-month");
    const withPapers = data.months.filter((_, i) => data.totals[i]);
    select.replaceChildren(...withPapers.slice().reverse().map((m) => new Option(m, m)));
    const chosen = withPapers.includes(month) ? month : withPapers[withPapers.length - 1];
    select.value = chosen;
    const i = data.months.indexOf(chosen);
    const rows = data.series.map((line) => {
      const around = monthsBetween(line.first_seen, chosen);
      const f = line.fractions[i], raw = line.raw_fractions[i];
      const flags = [data.gaps[i] ? `gap: ${data.gaps[i]}` : "", line.low_support[i] ? "low support" : ""].filter(Boolean).join("; ");
      const cells = [f === null ? "–" : `${(100 * f).toFixed(2)}%`,
        data.smooth > 1 ? (raw === null ? "–" : `${(100 * raw).toFixed(2)}%`) : "(no smoothing)",
        line.interval_low[i] === null ? "–" : `${pct(line.interval_low[i])}–${pct(line.interval_high[i])}`,
        line.counts[i] ?? "–", data.totals[i] ?? "–", line.first_seen || "never",
        around === null ? "–" : `${around} month${around === 1 ? "" : "s"}`, line.path, flags || "–"];
      const tr = document.createElement("tr");
      const first = document.createElement("td");
      const open = document.createElement("button");
      open.type = "button"; open.className = "linklike"; open.textContent = labelOf(line);
      open.dataset.item = line.term; open.dataset.label = labelOf(line);
      first.appendChild(open);
      tr.appendChild(first);
      cells.forEach((c) => { const td = document.createElement("td"); td.textContent = c; tr.appendChild(td); });
      return tr;
    });
    els("month-table").tBodies[0].replaceChildren(...rows);
    els("month-card").hidden = withPapers.length === 0;
  }

  function labelFor(item) {
    const line = current && current.data.series.find((l) => l.term === item);
    return line ? labelOf(line) : item;
  }

  function go(s, push = true) {
    const url = urlFor(s, false);
    if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
    return draw(s);
  }

  // Autocomplete: the last comma-separated part of the box, from /api/terms/suggest if it exists.
  let suggestTimer = null, suggestAvailable = true;
  els("q").addEventListener("input", () => {
    clearTimeout(suggestTimer);
    if (!suggestAvailable) return;
    suggestTimer = setTimeout(async () => {
      const value = els("q").value;
      const parts = value.split(",");
      const prefix = parts.pop().trim();
      if (prefix.length < 2) return;
      try {
        const response = await fetch(`/api/terms/suggest?${new URLSearchParams({ prefix, limit: "8" })}`);
        if (response.status === 404) { suggestAvailable = false; return; }
        if (!response.ok) return;
        const answer = await response.json();
        const head = parts.map((p) => p.trim()).filter(Boolean);
        const options = (answer.suggestions || []).filter((x) => x && x.term).map((x) => {
          const option = document.createElement("option");
          option.value = [...head, x.term].join(", ");
          option.label = `${x.label || x.term}${typeof x.papers === "number" ? ` · ${x.papers.toLocaleString()} papers` : ""}`;
          return option;
        });
        els("q-suggestions").replaceChildren(...options);
      } catch { /* suggestions are a convenience: no answer, no list */ }
    }, 150);
  });

  form.addEventListener("submit", (event) => { event.preventDefault(); go(stateFromForm()); });
  document.querySelectorAll("button.preset").forEach((b) =>
    b.addEventListener("click", () => { els("q").value = b.dataset.terms; go(stateFromForm()); }));
  document.addEventListener("click", (event) => {
    const hint = event.target.closest("button[data-q]");
    if (hint) { els("q").value = hint.dataset.q; go(stateFromForm()); }
  });
  els("table-month").addEventListener("change", (event) => {
    history.replaceState(null, "", urlFor({ ...stateFromUrl(), month: event.target.value }));
    fillMonthTable(event.target.value);
  });
  els("month-table").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-item]");
    if (button) window.Drilldown.open(button.dataset.item, els("table-month").value, { label: button.dataset.label });
  });
  els("chart").addEventListener("chart:month", (event) => {
    const { month, trace } = event.detail;
    if (!trace.meta) return; // a band or a gap marker: no papers behind it
    history.replaceState(null, "", urlFor({ ...stateFromUrl(), month }));
    fillMonthTable(month);
    window.Drilldown.open(trace.meta, month, { label: labelFor(trace.meta) });
  });
  els("band-toggle").addEventListener("change", (event) => {
    const chart = els("chart");
    history.replaceState(null, "", urlFor({ ...stateFromUrl(), band: event.target.checked ? "1" : "" }));
    if (!chart.chartFigure) return;
    for (const t of chart.chartFigure.data) if (t.role === "band") t.visible = event.target.checked;
    window.Charts.draw(chart, chart.chartFigure.data, chart.chartFigure.layout);
  });
  window.addEventListener("popstate", () => { const s = stateFromUrl(); fillForm(s); draw(s).then(() => window.Drilldown.restore(labelFor)); });

  const initial = stateFromUrl();
  // A permalink to a month's papers shows that month in the table too.
  const linked = new URLSearchParams(location.search).get("papers");
  if (!initial.month && linked) initial.month = linked;
  fillForm(initial);
  if (els("error-text").textContent.trim()) show({ error: els("error-text").textContent.trim() });
  else {
    const served = els("fractions-data") ? JSON.parse(els("fractions-data").textContent) : null;
    draw(initial, served).then(() => { if (current) window.Drilldown.restore(labelFor); });
  }
})();
