// The book's tables in the browser. Written for this book: no library, works offline.
//
// <table class="gx-table gx-explorable"> gets a tool bar (a labelled filter box, a live row count, a
// "Columns" chooser for headers marked data-gx-hidden="true", hidden at first) and a sort button in
// each header: numbers sort as numbers, text in the reader's collation, blank cells last in both
// directions; the header's aria-sort says the order. A table with several <tbody> (the ledger's
// sections) sorts within each; a section's heading row (tr.gx-section) stays first, and hides when
// the filter leaves its section empty.
// Every .gx-table-wrap that has to scroll sideways becomes a focusable, labelled region, so keyboard
// users can scroll it too.
(function () {
  "use strict";

  let tables = 0;
  const collator = new Intl.Collator(undefined, {numeric: true, sensitivity: "base"});

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(function ([name, value]) { node.setAttribute(name, value); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function headers(table) {
    return Array.from(table.tHead.rows[0].cells);
  }

  function dataRows(table) {
    return Array.from(table.tBodies).flatMap(function (body) {
      return Array.from(body.rows).filter(function (row) { return !row.classList.contains("gx-section"); });
    });
  }

  // A number as the book prints it (1,165; 41%; −3.5), or null.
  function asNumber(text) {
    const plain = text.replace(/[,\u00a0\u202f%]/g, "").replace(/^[\u2212\u2013]/, "-");
    return /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(plain) ? Number(plain) : null;
  }

  function compareCells(a, b) {
    const x = asNumber(a), y = asNumber(b);
    if (x !== null && y !== null) return x - y;
    return collator.compare(a, b);
  }

  function cellText(row, index) {
    const cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  // ---- sorting ----------------------------------------------------------------------------------

  function sortBy(table, index, ascending) {
    headers(table).forEach(function (header, i) {
      if (i === index) header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      else header.removeAttribute("aria-sort");
    });
    Array.from(table.tBodies).forEach(function (body) {
      const rows = Array.from(body.rows).filter(function (row) { return !row.classList.contains("gx-section"); });
      rows.sort(function (a, b) {
        const x = cellText(a, index), y = cellText(b, index);
        if (x === "" || y === "") {  // blanks last, whichever the direction
          return (x === "") - (y === "") || a.dataset.gxOrder - b.dataset.gxOrder;
        }
        const order = compareCells(x, y);
        return (ascending ? order : -order) || a.dataset.gxOrder - b.dataset.gxOrder;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  }

  function makeSortable(table) {
    dataRows(table).forEach(function (row, i) { row.dataset.gxOrder = i; });
    headers(table).forEach(function (header, index) {
      const button = element("button", {type: "button", class: "gx-sort"});
      while (header.firstChild) button.appendChild(header.firstChild);
      // after a space, so that in a narrow column the arrow may go under the header's last word
      button.append(" ", element("span", {class: "gx-sort-icon", "aria-hidden": "true"}));
      header.appendChild(button);
      button.addEventListener("click", function () {
        sortBy(table, index, header.getAttribute("aria-sort") !== "ascending");
      });
    });
  }

  // ---- filtering, counting, columns ----------------------------------------------------------------

  function searchableText(row) {
    // What the reader can see: shown columns only, and no verdict while the student edition hides them.
    const verdictsHidden = document.documentElement.classList.contains("gx-verdicts-hidden");
    return Array.from(row.cells).filter(function (cell) {
      return !cell.classList.contains("gx-col-hidden")
        && !(verdictsHidden && (cell.classList.contains("gx-verdict") || cell.classList.contains("gx-verdict-text")));
    }).map(function (cell) { return cell.textContent; }).join(" ").toLocaleLowerCase();
  }

  function filter(table, needle, count) {
    const rows = dataRows(table);
    let shown = 0;
    rows.forEach(function (row) {
      const match = needle === "" || searchableText(row).includes(needle);
      row.hidden = !match;
      if (match) shown += 1;
    });
    Array.from(table.tBodies).forEach(function (body) {
      const heading = Array.from(body.rows).find(function (row) { return row.classList.contains("gx-section"); });
      if (heading) {
        heading.hidden = !Array.from(body.rows).some(function (row) { return row !== heading && !row.hidden; });
      }
    });
    count.textContent = shown === rows.length ? rows.length + " rows" : shown + " of " + rows.length + " rows shown";
  }

  function showColumn(table, index, shown) {
    headers(table)[index].classList.toggle("gx-col-hidden", !shown);
    dataRows(table).forEach(function (row) {
      if (row.cells[index]) row.cells[index].classList.toggle("gx-col-hidden", !shown);
    });
  }

  function columnChooser(table, id, onChange) {
    const chooser = element("details", {class: "gx-columns"});
    const summary = element("summary");
    const fieldset = element("fieldset");
    fieldset.appendChild(element("legend", {class: "gx-visually-hidden"}, "Columns shown"));
    chooser.append(summary, fieldset);
    const list = headers(table);
    function update() {
      const shown = list.filter(function (h) { return !h.classList.contains("gx-col-hidden"); }).length;
      summary.textContent = "Columns (" + shown + " of " + list.length + " shown)";
    }
    list.forEach(function (header, index) {
      const box = element("input", {type: "checkbox", id: id + "-col-" + index});
      box.checked = header.dataset.gxHidden !== "true";
      showColumn(table, index, box.checked);
      box.addEventListener("change", function () { showColumn(table, index, box.checked); update(); onChange(); });
      const label = element("label", {for: box.id});
      label.append(box, " " + header.textContent.trim());
      fieldset.appendChild(label);
    });
    update();
    return chooser;
  }

  function makeExplorable(table) {
    tables += 1;
    const id = "gx-table-" + tables;
    const bar = element("div", {class: "gx-toolbar"});
    const box = element("input", {type: "search", id: id + "-filter", autocomplete: "off"});
    const label = element("label", {for: box.id}, "Filter rows");
    const wrapFilter = element("div", {class: "gx-filter"});
    wrapFilter.append(label, box);
    const count = element("p", {class: "gx-count", role: "status", "aria-live": "polite", id: id + "-count"});
    box.setAttribute("aria-describedby", count.id);
    const refilter = function () { filter(table, box.value.trim().toLocaleLowerCase(), count); };
    bar.appendChild(wrapFilter);
    if (headers(table).some(function (h) { return h.dataset.gxHidden === "true"; })) {
      bar.appendChild(columnChooser(table, id, refilter));
    }
    bar.appendChild(count);
    const anchor = table.closest(".gx-table-wrap") || table;
    anchor.parentNode.insertBefore(bar, anchor);
    box.addEventListener("input", refilter);
    document.addEventListener("gx-verdicts-toggled", refilter);  // student.js: what is searchable changed
    refilter();
    makeSortable(table);
  }

  // ---- wide tables ----------------------------------------------------------------------------------

  // A region's name: the table's caption, else the heading of its section; numbered where names repeat.
  function regionName(wrap, used) {
    const caption = wrap.querySelector("caption");
    const section = wrap.closest("section");
    const heading = section && section.querySelector("h1, h2, h3, h4, h5, h6");
    const base = caption ? caption.textContent.trim()
      : "Table in " + (heading ? heading.textContent.replace(/#$/, "").trim() : document.title);
    used[base] = (used[base] || 0) + 1;
    return used[base] === 1 ? base : base + " (" + used[base] + ")";
  }

  function markScrolling() {
    const used = {};
    document.querySelectorAll(".gx-table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", regionName(wrap, used));
      } else if (wrap.getAttribute("role") === "region") {
        ["tabindex", "role", "aria-label"].forEach(function (name) { wrap.removeAttribute(name); });
      }
    });
  }

  // A header above numbers only is right-aligned like them.
  function alignNumericHeaders(table) {
    headers(table).forEach(function (header, index) {
      const cells = dataRows(table).map(function (row) { return row.cells[index]; }).filter(function (cell) {
        return cell && cell.textContent.trim() !== "";
      });
      if (cells.length && cells.every(function (cell) { return cell.classList.contains("gx-num"); })) {
        header.classList.add("gx-num");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table.gx-table").forEach(function (table) {
      if (table.tHead && table.tHead.rows.length && !table.classList.contains("gx-ledger")) alignNumericHeaders(table);
    });
    document.querySelectorAll("table.gx-explorable").forEach(function (table) {
      if (table.tHead && table.tHead.rows.length && table.tBodies.length) makeExplorable(table);
    });
    markScrolling();
    let pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(markScrolling, 150);
    });
  });
})();
