// The papers behind a month: a panel listing them from /api/papers, brought into view, with
// the term highlighted, paging and sort. Its state lives in the URL
// (&papers=YYYY-MM&term=ITEM[&ppage=N&psort=S]) so a shared link opens it again.
(() => {
  const panel = document.getElementById("papers-panel");
  if (!panel) return;
  const $ = (id) => document.getElementById(id);
  let current = null; // {item, label, month, page, sort}

  function setUrl(state) {
    const p = new URLSearchParams(location.search);
    for (const key of ["papers", "term", "ppage", "psort"]) p.delete(key);
    if (state) {
      p.set("papers", state.month);
      if (state.item) p.set("term", state.item);
      if (state.page > 1) p.set("ppage", String(state.page));
      if (state.sort) p.set("psort", state.sort);
    }
    history.replaceState(history.state, "", `${location.pathname}?${p}`);
  }

  // The words to mark: the term's words (an entity's name), singular or plural, any case.
  function highlighter(label) {
    const words = label.replace(/^(entity|group):/i, "").split(/\s*\+\s*|,\s*/).map((w) => w.trim()).filter(Boolean);
    if (!words.length) return null;
    const escape = (w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "[\\s-]+");
    return new RegExp(`(?<![\\w-])(${words.map(escape).join("|")})(e?s)?(?![\\w])`, "gi");
  }

  function marked(text, pattern) {
    const out = document.createDocumentFragment();
    if (!pattern) { out.append(text); return out; }
    let last = 0;
    for (const m of text.matchAll(pattern)) {
      out.append(text.slice(last, m.index));
      const mark = document.createElement("mark");
      mark.textContent = m[0];
      out.append(mark);
      last = m.index + m[0].length;
    }
    out.append(text.slice(last));
    return out;
  }

  function render(data, state) {
    const pattern = state.item ? highlighter(state.label || data.term || state.item) : null;
    const what = state.item ? ` mentioning “${state.label || data.label || data.term}”` : " in the selection";
    $("papers-title").textContent = `${data.total.toLocaleString()} paper${data.total === 1 ? "" : "s"} of ${data.month}${what}`;
    const items = data.papers.map((p) => {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = p.url; a.className = "title"; a.rel = "noopener";
      a.append(marked(p.title, pattern));
      const meta = document.createElement("span");
      meta.className = "note";
      meta.textContent = ` — ${p.authors} (arXiv:${p.arxiv_id}, ${p.primary_category})`;
      li.append(a, meta);
      if (p.abstract) {
        const snippet = document.createElement("p");
        snippet.append(marked(p.abstract, pattern));
        li.append(snippet);
      }
      return li;
    });
    const list = $("papers-list");
    list.replaceChildren(...items);
    list.start = (data.page - 1) * (data.per_page || 25) + 1;
    $("papers-page").textContent = `page ${data.page} of ${data.pages}`;
    $("papers-prev").disabled = data.page <= 1;
    $("papers-next").disabled = data.page >= data.pages;
  }

  async function open(item, month, options = {}) {
    const state = { item, month, label: options.label || "", page: options.page || 1, sort: options.sort ?? $("papers-sort").value };
    current = state;
    $("papers-sort").value = state.sort;
    panel.hidden = false;
    setUrl(state);
    const status = $("papers-status");
    status.textContent = "";
    status.classList.add("loading", "inline");
    if (options.focus !== false) {
      panel.scrollIntoView({ block: "start", behavior: "instant" });
      panel.focus({ preventScroll: true });
    }
    const p = new URLSearchParams({ month, page: String(state.page) });
    if (item) p.set("q", item);
    const categories = new URLSearchParams(location.search).get("categories");
    if (categories) p.set("categories", categories);
    if (state.sort) p.set("sort", state.sort);
    try {
      const response = await fetch(`/api/papers?${p}`);
      const data = await response.json();
      if (current !== state) return; // a newer request won
      if (!response.ok) throw new Error(data.error || `HTTP ${response.status}`);
      render(data, state);
      panel.dataset.state = "ready";
    } catch (error) {
      $("papers-title").textContent = "Cannot list these papers";
      $("papers-list").replaceChildren();
      status.textContent = String(error.message || error);
    } finally {
      status.classList.remove("loading", "inline");
    }
  }

  function close() {
    current = null;
    panel.hidden = true;
    delete panel.dataset.state;
    setUrl(null);
  }

  // Opens the panel a permalink asks for; `label(item)` names the item for the title. With
  // `anyTerm`, a link without &term= lists every paper of the month (the dashboard).
  function restore(label, anyTerm = false) {
    const p = new URLSearchParams(location.search);
    const month = p.get("papers"), item = p.get("term") || "";
    if (month && (item || anyTerm) && /^\d{4}-\d{2}$/.test(month)) {
      $("papers-sort").value = p.get("psort") || "";
      open(item, month, { label: label ? label(item) : "", page: Number(p.get("ppage")) || 1, sort: p.get("psort") || "" });
    } else if (!panel.hidden) close();
  }

  const go = (delta) => current && open(current.item, current.month, { ...current, page: current.page + delta });
  $("papers-prev").addEventListener("click", () => go(-1));
  $("papers-next").addEventListener("click", () => go(1));
  $("papers-close").addEventListener("click", close);
  $("papers-sort").addEventListener("change", () => current && open(current.item, current.month, { ...current, page: 1, sort: $("papers-sort").value }));
  window.Drilldown = { open, close, restore };
})();
