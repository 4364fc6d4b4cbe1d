// Makes every <table class="explorable"> searchable (a filter box) and sortable (click a header).
// Written for this book: no library, works offline.
(function () {
  "use strict";

  function cellValue(row, index) {
    const text = row.cells[index] ? row.cells[index].textContent.trim() : "";
    const number = Number(text.replace(/,/g, ""));
    return text !== "" && !Number.isNaN(number) ? number : text.toLowerCase();
  }

  function makeSortable(table) {
    const body = table.tBodies[0];
    Array.from(table.tHead.rows[0].cells).forEach(function (header, index) {
      header.classList.add("explorable-sortable");
      header.setAttribute("role", "button");
      header.title = "Sort by this column";
      header.addEventListener("click", function () {
        const ascending = header.getAttribute("aria-sort") !== "ascending";
        Array.from(table.tHead.rows[0].cells).forEach(function (h) { h.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const rows = Array.from(body.rows);
        rows.sort(function (a, b) {
          const x = cellValue(a, index), y = cellValue(b, index);
          const order = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function makeSearchable(table) {
    const box = document.createElement("input");
    box.type = "search";
    box.placeholder = "Filter rows…";
    box.className = "explorable-search";
    box.setAttribute("aria-label", "Filter the table's rows");
    const count = document.createElement("span");
    count.className = "explorable-count";
    const bar = document.createElement("div");
    bar.className = "explorable-bar";
    bar.appendChild(box);
    bar.appendChild(count);
    table.parentNode.insertBefore(bar, table);
    function update() {
      const needle = box.value.trim().toLowerCase();
      let shown = 0;
      Array.from(table.tBodies[0].rows).forEach(function (row) {
        const match = row.textContent.toLowerCase().includes(needle);
        row.style.display = match ? "" : "none";
        if (match) shown += 1;
      });
      count.textContent = shown + " of " + table.tBodies[0].rows.length + " rows";
    }
    box.addEventListener("input", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table.explorable").forEach(function (table) {
      if (!table.tHead || !table.tBodies.length) return;
      makeSearchable(table);
      makeSortable(table);
    });
  });
})();
