// Student edition only (the build links this file into the student edition's pages): verdicts and exercises'
// answers start sealed, so that students weigh each claim, and try each exercise, before they read the book's
// answer. The build (govexport/publish/edition.py) writes each one as
//   <span class="gx-sealed" data-gx-kind="verdict|answer" data-gx-sealed="BASE64">placeholder</span>
// (a <div> for a figure): the placeholder is all the page shows, says and indexes until it is revealed.
// One "Reveal verdicts" button per page shows every verdict of the page (remembered for this page while the
// tab is open: sessionStorage, nothing longer); each block that holds answers (a solution, a table) has a
// "Show the answer" button of its own. A
// status line announces each change.
(function () {
  "use strict";

  const KEY = "gx-verdicts-revealed:" + location.pathname;

  function remembered() {
    try { return sessionStorage.getItem(KEY) === "yes"; } catch (e) { return false; }
  }

  function remember(open) {
    try {
      if (open) sessionStorage.setItem(KEY, "yes"); else sessionStorage.removeItem(KEY);
    } catch (e) { /* storage refused (private mode): the choice lasts until the page is left */ }
  }

  function decode(payload) {
    const bytes = Uint8Array.from(atob(payload), function (c) { return c.charCodeAt(0); });
    return new TextDecoder("utf-8").decode(bytes);
  }

  // Scripts set through innerHTML never run: a revealed block that holds some (the multiverse explorer) gets each
  // one anew, in order, an external one's load awaited before the next.
  function runScripts(root) {
    const scripts = Array.from(root.querySelectorAll("script")).filter(function (s) {
      return !s.type || s.type === "text/javascript";
    });
    (function next(i) {
      if (i >= scripts.length) return;
      const old = scripts[i];
      const fresh = document.createElement("script");
      if (old.src) {
        fresh.src = old.src;
        fresh.onload = fresh.onerror = function () { next(i + 1); };
        old.replaceWith(fresh);
      } else {
        fresh.textContent = old.textContent;
        old.replaceWith(fresh);
        next(i + 1);
      }
    })(0);
  }

  function setOpen(element, open) {
    if (!element.hasAttribute("data-gx-placeholder")) {
      element.setAttribute("data-gx-placeholder", element.textContent);
    }
    if (open) {
      element.innerHTML = decode(element.getAttribute("data-gx-sealed"));
      runScripts(element);
    } else element.textContent = element.getAttribute("data-gx-placeholder");
    element.classList.toggle("gx-revealed", open);
  }

  function bar(before, label) {
    const wrap = document.createElement("div");
    wrap.className = "gx-reveal-bar";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "gx-reveal";
    button.textContent = label;
    const status = document.createElement("p");
    status.className = "gx-reveal-status";
    status.setAttribute("role", "status");
    wrap.append(button, status);
    before.parentNode.insertBefore(wrap, before);
    return {button: button, status: status};
  }

  function blockOf(element) {
    const block = element.closest(".gx-table-wrap, figure, p, li, dd, .cell_output, div") || element;
    const previous = block.previousElementSibling;
    return previous && previous.matches(".gx-legend, .gx-toolbar") ? previous : block;
  }

  document.addEventListener("DOMContentLoaded", function () {
    const verdicts = Array.from(document.querySelectorAll('.gx-sealed[data-gx-kind="verdict"]'));
    const answers = Array.from(document.querySelectorAll(".gx-sealed:not([data-gx-kind=\"verdict\"])"));

    if (verdicts.length) {
      const control = bar(blockOf(verdicts[0]), "");
      const show = function (open, announce) {
        verdicts.forEach(function (v) { setOpen(v, open); });
        control.button.textContent = open ? "Hide verdicts" : "Reveal verdicts";
        control.button.setAttribute("aria-pressed", open ? "true" : "false");
        if (announce) {
          control.status.textContent = open ? "Verdicts revealed (" + verdicts.length + ")." : "Verdicts hidden.";
        }
        remember(open);
        document.dispatchEvent(new CustomEvent("gx-verdicts-toggled", {detail: {revealed: open}}));
      };
      control.button.addEventListener("click", function () {
        show(control.button.getAttribute("aria-pressed") !== "true", true);
      });
      show(remembered(), false);
    }

    // Answers: one button per block (a paragraph, a table) that holds them, for all of that block's answers.
    const blocks = new Map();
    answers.forEach(function (answer) {
      const block = blockOf(answer);
      if (!blocks.has(block)) blocks.set(block, []);
      blocks.get(block).push(answer);
    });
    blocks.forEach(function (group, block) {
      const several = group.length > 1;
      const label = function (open) {
        return (open ? "Hide the " : "Show the ") + (several ? "answers" : "answer");
      };
      const control = bar(block, label(false));
      control.button.setAttribute("aria-pressed", "false");
      control.button.addEventListener("click", function () {
        const open = control.button.getAttribute("aria-pressed") !== "true";
        group.forEach(function (answer) { setOpen(answer, open); });
        control.button.setAttribute("aria-pressed", open ? "true" : "false");
        control.button.textContent = label(open);
        control.status.textContent = (several ? "Answers " : "Answer ") + (open ? "shown." : "hidden.");
      });
    });
  });
})();
