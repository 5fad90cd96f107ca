// Sortable tables: every header of a table.sortable becomes a <button> (keyboard and screen
// readers reach it); the sorted column carries aria-sort. Numbers sort numerically.
(() => {
  function enhance(table) {
    table.querySelectorAll("thead th").forEach((th) => {
      if (th.querySelector("button.sort")) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.append(...th.childNodes);
      th.appendChild(button);
    });
  }
  const value = (row, index) => {
    const cell = row.children[index];
    const raw = cell ? (cell.dataset.value ?? cell.textContent.trim()) : "";
    const number = parseFloat(raw.replace(/[,%]/g, ""));
    return raw !== "" && !Number.isNaN(number) && /^[-\d.,%]+$/.test(raw) ? number : raw;
  };
  function sortBy(th) {
    const table = th.closest("table");
    const index = [...th.parentNode.children].indexOf(th);
    const ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("thead th").forEach((h) => h.removeAttribute("aria-sort"));
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const body = table.tBodies[0];
    const rows = [...body.rows];
    rows.sort((a, b) => {
      const x = value(a, index), y = value(b, index);
      if (x === y) return 0;
      if (x === "") return 1;
      if (y === "") return -1;
      const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return ascending ? order : -order;
    });
    rows.forEach((row) => body.appendChild(row));
  }
  document.querySelectorAll("table.sortable").forEach(enhance);
  window.enhanceSortable = enhance;
  document.addEventListener("click", (event) => {
    const th = event.target.closest("table.sortable th");
    if (th) sortBy(th);
  });
})();
