// Term trends page: the form state lives in the URL (?q=&categories=&from=&to=&smooth=&month=),
// the chart and the month table are drawn from /api/fractions, a click on a point lists the
// papers behind it from /api/papers.
(() => {
  const form = document.getElementById("trend-form");
  const els = (id) => document.getElementById(id);
  const ML = [...form.querySelectorAll("input[name=cat]")].map((b) => b.value).filter((v) => v !== "all");
  const COLORS = ["#4C78A8", "#F58518", "#54A24B", "#E45756", "#72B7B2", "#B279A2", "#EECA3B", "#9D755D", "#BAB0AC", "#222"];
  let current = null; // last answer of /api/fractions
  let papersState = null;

  function stateFromUrl() {
    const p = new URLSearchParams(location.search);
    return {
      q: p.get("q") || "", categories: p.get("categories") || "", from: p.get("from") || "",
      to: p.get("to") || "", smooth: p.get("smooth") || "0", month: p.get("month") || "",
    };
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
      smooth: els("smooth").value, month: stateFromUrl().month,
    };
  }

  function query(s, extra = {}) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...s, ...extra })) if (v && v !== "0") p.set(k, v);
    return p.toString();
  }

  function showError(message) {
    els("error-text").textContent = message;
    els("error").hidden = !message;
    if (message) ["chart-card", "month-card", "papers-card"].forEach((id) => (els(id).hidden = true));
  }

  async function draw(s) {
    if (!s.q) return;
    const { month, ...params } = s;
    const response = await fetch(`/api/fractions?${query(params)}`);
    const data = await response.json();
    if (!response.ok) return showError(data.error || `HTTP ${response.status}`);
    showError("");
    current = { data, state: s };
    const traces = data.series.map((line, i) => ({
      x: data.months, y: line.fractions.map((f) => (f === null ? null : 100 * f)),
      name: line.term, mode: "lines+markers", connectgaps: false, marker: { size: 4 },
      line: { color: COLORS[i % COLORS.length], width: 2 },
      customdata: data.months.map((_, j) => [line.counts[j], data.totals[j]]),
      hovertemplate: `${line.term}: %{y:.2f}% (%{customdata[0]:,} of %{customdata[1]:,} papers)<extra></extra>`,
    }));
    const smooth = data.smooth > 1 ? `, ${data.smooth}-month centred average` : "";
    const layout = {
      title: { text: `Share of papers mentioning each term (title + abstract${smooth})`, x: 0.01 },
      xaxis: { title: { text: "Month of v1 submission" }, type: "date", tickformat: "%b %Y" },
      yaxis: { title: { text: "% of papers in the month (primary category selected)" }, rangemode: "tozero", ticksuffix: "%" },
      hovermode: "closest", legend: { orientation: "h", y: -0.2 }, height: 460,
      margin: { l: 70, r: 20, t: 50, b: 40 },
    };
    els("chart-card").hidden = false;
    const chart = els("chart");
    await Plotly.react(chart, traces, layout, { responsive: true, displaylogo: false });
    if (!chart.dataset.clickable) {
      chart.dataset.clickable = "1";
      chart.on("plotly_click", (event) => {
        const point = event.points[0];
        const clicked = String(point.x).slice(0, 7);
        const s = { ...stateFromUrl(), month: clicked };
        history.replaceState(null, "", `${location.pathname}?${query(s)}`);
        fillMonthTable(clicked);
        listPapers(point.data.name, clicked);
      });
    }
    els("paths").textContent = "Click a point to list its papers. Answered by: " +
      data.series.map((l) => `${l.term}: ${l.path === "vocabulary" ? "precomputed vocabulary" : l.path === "phrase" ? "phrase search at request time" : l.path}`).join("; ");
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
    select.innerHTML = withPapers.slice().reverse().map((m) => `<option>${m}</option>`).join("");
    const chosen = withPapers.includes(month) ? month : withPapers[withPapers.length - 1];
    select.value = chosen;
    const i = data.months.indexOf(chosen);
    const rows = data.series.map((line) => {
      const around = monthsBetween(line.first_seen, chosen);
      const f = line.fractions[i];
      const cells = [line.term, f === null ? "–" : `${(100 * f).toFixed(2)}%`, line.counts[i] ?? "–",
        data.totals[i] ?? "–", line.first_seen || "never",
        around === null ? "–" : `${around} month${around === 1 ? "" : "s"}`, line.path];
      const tr = document.createElement("tr");
      cells.forEach((c) => { const td = document.createElement("td"); td.textContent = c; tr.appendChild(td); });
      return tr;
    });
    els("month-table").tBodies[0].replaceChildren(...rows);
    els("month-card").hidden = withPapers.length === 0;
  }

  async function listPapers(term, month, page = 1) {
    const s = current.state;
    const response = await fetch(`/api/papers?${query({ q: term, month, categories: s.categories, page: String(page) })}`);
    const data = await response.json();
    els("papers-card").hidden = false;
    if (!response.ok) { els("papers-title").textContent = data.error; return; }
    papersState = { term, month, page };
    els("papers-title").textContent = `${data.total} paper${data.total === 1 ? "" : "s"} of ${month} mentioning “${data.term}”`;
    const list = els("papers-list");
    if (page === 1) list.replaceChildren();
    list.start = 1;
    for (const p of data.papers) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = p.url; a.textContent = p.title; a.target = "_blank"; a.rel = "noopener";
      li.append(a, ` — ${p.authors} `);
      const id = document.createElement("span"); id.className = "note"; id.textContent = `(arXiv:${p.arxiv_id}, ${p.primary_category})`;
      li.appendChild(id);
      list.appendChild(li);
    }
    els("papers-more").hidden = data.page >= data.pages;
  }

  function go(s, push = true) {
    const url = `${location.pathname}?${query(s)}`;
    if (push) history.pushState(null, "", url);
    draw(s);
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); go(stateFromForm()); });
  document.querySelectorAll("button.preset").forEach((b) =>
    b.addEventListener("click", () => { els("q").value = b.dataset.terms; go(stateFromForm()); }));
  els("table-month").addEventListener("change", (event) => {
    const s = { ...stateFromUrl(), month: event.target.value };
    history.replaceState(null, "", `${location.pathname}?${query(s)}`);
    fillMonthTable(s.month);
  });
  els("papers-more").addEventListener("click", () =>
    listPapers(papersState.term, papersState.month, papersState.page + 1));
  window.addEventListener("popstate", () => { const s = stateFromUrl(); fillForm(s); draw(s); });
  const initial = stateFromUrl();
  fillForm(initial);
  if (!els("error-text").textContent.trim()) draw(initial);
})();
