// Entities page: a click on a point (or on an entity in the month table) lists that month's
// papers in the drill-down panel; a permalink with &papers=&term= opens it again.
(() => {
  const chart = document.getElementById("chart");
  const table = document.getElementById("entity-table");
  const names = new Map(
    [...document.querySelectorAll("#entity-table button[data-item]")].map((b) => [b.dataset.item, b.dataset.label]));
  if (chart) {
    chart.addEventListener("chart:month", (event) => {
      const { month, trace } = event.detail;
      if (!trace.meta) return; // the full-text bars
      window.Drilldown.open(trace.meta, month, { label: names.get(trace.meta) || trace.name });
    });
  }
  if (table) {
    table.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-item]");
      if (button) window.Drilldown.open(button.dataset.item, table.dataset.month, { label: button.dataset.label });
    });
  }
  if (window.Drilldown) window.Drilldown.restore((item) => names.get(item) || item);
})();
