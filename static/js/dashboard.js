// Papers per month: the checkboxes compose the one `categories` parameter the API understands;
// a click on a month (or on a month in the table) lists its papers in the drill-down panel.
(() => {
  const form = document.querySelector("form.filters");
  if (!form) return;
  form.addEventListener("submit", () => {
    const picked = [...form.querySelectorAll("input[name=cat]:checked")].map((box) => box.value);
    form.querySelector("input[name=categories]").value = picked.includes("all") ? "all" : picked.join(",");
    form.querySelectorAll("input[name=cat]").forEach((box) => (box.disabled = true));
  });
})();

(() => {
  if (!window.Drilldown) return;
  const chart = document.getElementById("chart");
  if (chart) chart.addEventListener("chart:month", (event) => window.Drilldown.open("", event.detail.month));
  const table = document.getElementById("month-table");
  if (table) {
    table.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-month]");
      if (button) window.Drilldown.open("", button.dataset.month);
    });
  }
  window.Drilldown.restore(null, true);
})();
