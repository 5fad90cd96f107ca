// Term trends page: the form state lives in the URL (?q=&categories=&from=&to=&smooth=&month=,
// plus the drill-down's &papers=&term= and the chart view's &scale=&y=). The chart and the
// month table are drawn from /api/fractions; a click on a point (or a term in the table)
// lists its papers in the drill-down panel. Fields the API may or may not send yet
// (label, total_papers, did_you_mean, offers, /api/terms/suggest) are used when present.
(() => {
  const form = document.getElementById("trend-form");
  const els = (id) => document.getElementById(id);
  const ML = [...form.querySelectorAll("input[name=cat]")].map((b) => b.value).filter((v) => v !== "all");
  const PALETTE = JSON.parse(els("palette-data").textContent);
  const STATE_KEYS = ["q", "categories", "from", "to", "smooth", "month"];
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
    };
  }

  function query(s, extra = {}) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...s, ...extra })) if (v && v !== "0") p.set(k, v);
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

  function traces(data) {
    return data.series.map((line, i) => {
      const name = labelOf(line);
      const legend = typeof line.total_papers === "number" ? `${name} (${line.total_papers.toLocaleString()})` : name;
      return {
        x: data.months, y: line.fractions.map((f) => (f === null ? null : 100 * f)),
        name: legend, meta: line.term, mode: "lines", connectgaps: false,
        line: { color: PALETTE.colors[i % PALETTE.colors.length], dash: PALETTE.dashes[Math.floor(i / 10) % PALETTE.dashes.length], width: 2 },
        customdata: data.months.map((_, j) => [line.counts[j], data.totals[j]]),
        hovertemplate: `${name}: %{y:.2f}% (%{customdata[0]:,} of %{customdata[1]:,} papers)<extra></extra>`,
      };
    });
  }

  // The x-axis starts at the first month any series is non-zero, unless `from` was given.
  function xRange(data, s) {
    if (s.from) return undefined;
    const first = data.months.findIndex((_, j) => data.series.some((l) => l.counts[j]));
    return first > 0 ? [data.months[first], data.months[data.months.length - 1]] : undefined;
  }

  async function draw(s) {
    const mine = ++generation;
    if (!s.q) return show({ empty: true });
    const { month, ...params } = s;
    els("chart-card").classList.add("loading");
    let data, response;
    try {
      response = await fetch(`/api/fractions?${query(params)}`);
      data = await response.json();
    } catch (error) {
      data = { error: `the server did not answer (${error.message})` };
    } finally {
      els("chart-card").classList.remove("loading");
    }
    if (mine !== generation) return;
    if (!response || !response.ok) return show({ error: data.error || `HTTP ${response && response.status}` });
    show({ chart: true });
    current = { data, state: s };
    renderHints(data, s);
    const smooth = data.smooth > 1 ? `, ${data.smooth}-month centred average` : "";
    const layout = {
      title: { text: `Share of papers mentioning each term (title + abstract${smooth})` },
      xaxis: { title: { text: "Month of v1 submission" }, type: "date", tickformat: "%b %Y", range: xRange(data, s) },
      yaxis: { title: { text: "% of the month's papers" }, rangemode: "tozero", ticksuffix: "%", automargin: true },
      hovermode: "closest", legend: { orientation: "h", y: -0.18 }, height: 460,
      margin: { l: 60, r: 20, t: 10, b: 40 },
    };
    await window.Charts.draw(els("chart"), traces(data), layout);
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
      const f = line.fractions[i];
      const cells = [f === null ? "–" : `${(100 * f).toFixed(2)}%`, line.counts[i] ?? "–",
        data.totals[i] ?? "–", line.first_seen || "never",
        around === null ? "–" : `${around} month${around === 1 ? "" : "s"}`, line.path];
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
    history.replaceState(null, "", urlFor({ ...stateFromUrl(), month }));
    fillMonthTable(month);
    window.Drilldown.open(trace.meta, month, { label: labelFor(trace.meta) });
  });
  window.addEventListener("popstate", () => { const s = stateFromUrl(); fillForm(s); draw(s).then(() => window.Drilldown.restore(labelFor)); });

  const initial = stateFromUrl();
  // A permalink to a month's papers shows that month in the table too.
  const linked = new URLSearchParams(location.search).get("papers");
  if (!initial.month && linked) initial.month = linked;
  fillForm(initial);
  if (els("error-text").textContent.trim()) show({ error: els("error-text").textContent.trim() });
  else draw(initial).then(() => { if (current) window.Drilldown.restore(labelFor); });
})();
