// Click a header of any table.sortable to sort by that column (numbers numerically).
document.addEventListener("click", (event) => {
  const th = event.target.closest("table.sortable th");
  if (!th) return;
  const table = th.closest("table");
  const index = [...th.parentNode.children].indexOf(th);
  const ascending = th.getAttribute("aria-sort") !== "ascending";
  table.querySelectorAll("th").forEach((h) => h.removeAttribute("aria-sort"));
  th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  const value = (row) => {
    const cell = row.children[index];
    const raw = cell ? (cell.dataset.value ?? cell.textContent.trim()) : "";
    const number = parseFloat(raw.replace(/[,%]/g, ""));
    return raw !== "" && !Number.isNaN(number) && /^[-\d.,%]+$/.test(raw) ? number : raw;
  };
  const body = table.tBodies[0];
  const rows = [...body.rows];
  rows.sort((a, b) => {
    const x = value(a), y = value(b);
    if (x === y) return 0;
    if (x === "") return 1;
    if (y === "") return -1;
    const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return ascending ? order : -order;
  });
  rows.forEach((row) => body.appendChild(row));
});
