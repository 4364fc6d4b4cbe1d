// Figures that enlarge. The build links each figure's image to its full-size SVG (figures/<name>.svg); here a
// click or tap opens that SVG in a dialog at its own size (its smallest text then reads at 10 CSS px or more),
// scrollable both ways on a small screen, with the figure's caption and a close button; Escape, the button or a
// click beside the figure closes it and gives the focus back to the figure. Without JavaScript the link opens
// the SVG itself. Written for this book: no library, works offline.
(function () {
  "use strict";

  let opened = 0;

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(function ([name, value]) { node.setAttribute(name, value); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function captionOf(link) {
    const caption = link.closest("figure") && link.closest("figure").querySelector("figcaption");
    if (!caption) return "Figure";
    const copy = caption.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach(function (a) { a.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function enlarge(link) {
    opened += 1;
    const id = "gx-lightbox-caption-" + opened;
    const dialog = element("dialog", {class: "gx-lightbox", "aria-labelledby": id});
    const bar = element("div", {class: "gx-lightbox-bar"});
    const close = element("button", {type: "button", class: "gx-lightbox-close"}, "Close");
    bar.append(element("p", {id: id}, captionOf(link)), close);
    const view = element("div", {class: "gx-lightbox-view", tabindex: "0", role: "region",
                                 "aria-label": "The figure at full size; scroll to see all of it"});
    const source = link.querySelector("img");
    view.append(element("img", {src: link.getAttribute("href"), alt: source ? source.getAttribute("alt") : ""}));
    dialog.append(bar, view);
    document.body.append(dialog);
    close.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
    dialog.addEventListener("close", function () { dialog.remove(); link.focus(); });
    dialog.showModal();
    close.focus();
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest("a.gx-enlarge");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    enlarge(link);
  });
})();
