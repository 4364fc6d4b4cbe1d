// Student edition only (the build links this file for `--edition student`): verdicts start hidden, so
// that students weigh each claim before they read the book's verdict. Hidden are the ledger's verdict
// cells (td.gx-verdict) and every element with class gx-verdict-text (a table cell keeps its place: its
// content is hidden); one "Reveal verdicts" button per page shows them, and a status line announces the
// change. Revealing lasts for this page while the tab is open (sessionStorage), nothing longer.
(function () {
  "use strict";

  const KEY = "gx-verdicts-revealed:" + location.pathname;
  const TARGETS = "td.gx-verdict, .gx-verdict-text";
  const root = document.documentElement;

  function revealed() {
    try { return sessionStorage.getItem(KEY) === "yes"; } catch (e) { return false; }
  }

  function remember(open) {
    try {
      if (open) sessionStorage.setItem(KEY, "yes"); else sessionStorage.removeItem(KEY);
    } catch (e) { /* storage refused (private mode): the choice lasts until the page is left */ }
  }

  // Hide at once, before the body is drawn, so the verdicts never flash up.
  if (!revealed()) root.classList.add("gx-verdicts-hidden");

  function placeholder() {
    const note = document.createElement("span");
    note.className = "gx-verdict-placeholder";
    note.textContent = "verdict hidden";
    return note;
  }

  document.addEventListener("DOMContentLoaded", function () {
    const targets = Array.from(document.querySelectorAll(TARGETS));
    if (!targets.length) {
      root.classList.remove("gx-verdicts-hidden");
      return;
    }
    targets.forEach(function (target) {
      if (target.matches("td, th")) {
        const content = document.createElement("span");
        content.className = "gx-verdict-content";
        while (target.firstChild) content.appendChild(target.firstChild);
        target.append(content, placeholder());
      } else {
        target.after(placeholder());
      }
    });

    const bar = document.createElement("div");
    bar.className = "gx-reveal-bar";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "gx-reveal";
    const status = document.createElement("p");
    status.className = "gx-reveal-status";
    status.setAttribute("role", "status");
    bar.append(button, status);
    const first = targets[0];
    const block = first.closest(".gx-table-wrap, .gx-legend, p, li, dd, div") || first;
    const anchor = block.previousElementSibling && block.previousElementSibling.matches(".gx-legend, .gx-toolbar")
      ? block.previousElementSibling : block;
    anchor.parentNode.insertBefore(bar, anchor);

    function show(open, announce) {
      root.classList.toggle("gx-verdicts-hidden", !open);
      button.textContent = open ? "Hide verdicts" : "Reveal verdicts";
      if (announce) {
        status.textContent = open ? "Verdicts revealed (" + targets.length + ")." : "Verdicts hidden.";
      }
      remember(open);
      document.dispatchEvent(new CustomEvent("gx-verdicts-toggled", {detail: {revealed: open}}));
    }
    button.addEventListener("click", function () {
      show(root.classList.contains("gx-verdicts-hidden"), true);
    });
    show(revealed(), false);
  });
})();
