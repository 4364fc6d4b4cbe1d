"""The book's Sphinx extension: what the book needs beyond jupyter-book's defaults.

- Editions: config value `govexport_edition` ("instructor", the default, or "student"; the build sets it
  in its copy of _config.yml, or `sphinx -D govexport_edition=student`). Only the student edition links
  student.js and student.css (verdicts hidden until the reader reveals them); every edition ships them.
- Citing the book: MyST substitutions `{{ gx_version }}` (the package's version), `{{ gx_citation }}`
  (the suggested citation) and `{{ gx_bibtex }}` (a BibTeX entry, as a code block), made from the
  package version and the book's own title, author and copyright year (book/citing.md uses them).
- Bibliography: author–year labels, sorting and citations (bibstyle.py), registered as "govexport".
- Chinese text: the role {zh}`全面战略伙伴关系` marks it lang="zh-Hans" (docutils turns a
  `language-*` class into the lang attribute), so screen readers and fonts treat it as Chinese.
- Accessibility of the theme's markup, where axe-core finds it wrong:
  * the theme's search and colour-mode buttons carry an aria-label that does not contain their
    visible text or icon titles (WCAG 2.5.3, "label in name"): templates/ overrides both;
  * myst-nb's code-cell toggles are named "Toggle hidden content" over the visible "Show code cell
    content": the toggle is named by its visible text instead;
  * docutils wraps citations in role="list" with children of the deprecated role doc-biblioentry,
    which is no list item: they become role="listitem";
  * the book's title link in the sidebar sits outside every landmark: it is wrapped in a <nav>.
- Figures for every screen: each figure of a chapter links to its full-size SVG (figures/<name>.svg at the
  site's root, which the pipeline ships beside the pages); _static/figures.js opens it in a dialog, and without
  JavaScript the link opens the SVG itself.
- Wide pages: a chapter declared `wide` in report/book.py (the ledger, the robustness matrix) loses the side
  column of its headings, and its article takes the screen's width (govexport.css, `.gx-wide-page`).
- A landing page: index.html is a page of the book (title, what it is, the chapters, how to cite), not the
  redirect sphinx-external-toc would write; every page has a meta description (its first paragraph, or the
  book's description).
- Each script once per page: sphinx-thebe 0.3.1 registers its inline configuration script in a way
  that Sphinx 7.4 renders twice, and the second copy throws "Identifier 'THEBE_JS_URL' has already
  been declared" in the browser; repeats (same file or inline body, any priority) are dropped.
"""

import re
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.util.osutil import relative_uri

from .. import __version__
from ..report.book import CHAPTERS
from . import bibstyle

EDITIONS = {"instructor": (), "student": ("student.js", "student.css")}
TEMPLATES = Path(__file__).with_name("templates")
FIGURES = "_extra/figures"  # in the book's sources: html_extra_path puts it at the site's root, figures/
WIDE = {f"notebooks/{c.id}" for c in CHAPTERS if c.wide}
DESCRIPTION_LENGTH = 160  # characters of a meta description: what search engines show


# ---- editions --------------------------------------------------------------------------------------


def _asset_name(entry):
    return entry if isinstance(entry, str) else entry[0]  # a file name, or (name, attributes)


def _edition_assets(app, config):
    """Link the edition's own assets and no other edition's. jupyter-book lists every .js and .css file of
    _static/ in html_js_files and html_css_files, so the other editions' assets are taken out again."""
    edition = config.govexport_edition
    if edition not in EDITIONS:
        raise ConfigError(f"govexport_edition: {edition!r} is not an edition; use one of {', '.join(EDITIONS)}")
    foreign = {a for e, assets in EDITIONS.items() if e != edition for a in assets} - set(EDITIONS[edition])
    for key, suffix in (("html_js_files", ".js"), ("html_css_files", ".css")):
        kept = [f for f in config[key] if _asset_name(f) not in foreign]
        names = {_asset_name(f) for f in kept}
        config[key] = kept + [a for a in EDITIONS[edition] if a.endswith(suffix) and a not in names]


# ---- citing the book --------------------------------------------------------------------------------


def citation_parts(config):
    """Title, author and year of the book, from its own configuration, and the package's version."""
    title = config.html_title or config.project
    match = re.search(r"\d{4}", str(config.copyright or ""))
    return {"title": title, "author": config.author, "year": match.group(0) if match else "", "version": __version__}


def bibtex(parts):
    """A BibTeX entry for the book (biblatex reads `version`; plain BibTeX shows the note)."""
    fields = [
        ("author", f"{{{parts['author']}}}"),
        ("title", f"{{{parts['title']}}}"),
        ("year", parts["year"]),
        ("version", parts["version"]),
        ("howpublished", "Jupyter Book"),
        ("note", f"Version {parts['version']}"),
    ]
    lines = [f"  {name:<12} = {{{value}}}," for name, value in fields if value]
    return "@misc{govexport,\n" + "\n".join(lines) + "\n}"


def _citing_substitutions(app, config):
    parts = citation_parts(config)
    year = f" ({parts['year']})" if parts["year"] else ""
    substitutions = dict(config.myst_substitutions or {})
    substitutions.setdefault("gx_version", parts["version"])
    substitutions.setdefault("gx_citation", f"{parts['author']}{year}, *{parts['title']}*, version {parts['version']}")
    substitutions.setdefault("gx_bibtex", f"```bibtex\n{bibtex(parts)}\n```")
    config.myst_substitutions = substitutions


# ---- Chinese text -----------------------------------------------------------------------------------


def chinese_role(name, rawtext, text, _lineno, _inliner, options=None, content=None):
    """{zh}`汉字`: the text as a span with lang="zh-Hans"."""
    return [nodes.inline(rawtext, text, classes=["language-zh-Hans"])], []


# ---- the theme's markup, made accessible ---------------------------------------------------------


def _templates_first(app, config):
    # before the themes' own component folders, so templates/ overrides their components
    config.templates_path.insert(0, str(TEMPLATES))


def _sidebar_landmark(app, _pagename, _templatename, context, _doctree):
    sidebars = context.get("sidebars")
    if sidebars:
        context["sidebars"] = ["gx-navbar-logo.html" if s == "navbar-logo.html" else s for s in sidebars]


def _visit_hidden_cell(self, node):
    # myst-nb's markup, without the aria-label that hid the visible "Show code cell content"
    self.body.append(f'<details class="admonition hide {" ".join(node["classes"])}">\n<summary>\n')
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def _depart_hidden_cell(self, node):
    self.body.append("</details>\n")


def _visit_citation(self, node):
    # docutils' markup, with list items in the list (its doc-biblioentry is deprecated and no list item)
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def _depart_citation(self, node):
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), type(node)):
        self.body.append("</div>\n")


# ---- figures that enlarge, wide pages ----------------------------------------------------------------


def _figures_and_width(app, doctree, docname):
    """For the web book: wrap each figure's image in a link to its SVG; mark a wide chapter's page."""
    if app.builder.format != "html":
        return
    source = Path(app.srcdir) / FIGURES
    page = app.builder.get_target_uri(docname)
    for figure in doctree.findall(nodes.figure):
        name = next((i for i in figure["ids"] if (source / f"{i}.svg").is_file()), None)
        image = next(iter(figure.findall(nodes.image)), None)
        if name is None or image is None or isinstance(image.parent, nodes.reference):
            continue
        link = nodes.reference(
            "",
            "",
            refuri=relative_uri(page, f"figures/{name}.svg"),
            reftitle="Enlarge the figure (its full-size SVG)",
            classes=["gx-enlarge"],
        )
        image.replace_self(link)
        link += image
    if docname in WIDE:
        section = next(iter(doctree.findall(nodes.section)), None)
        if section is not None:
            section["classes"].append("gx-wide-page")


def _wide_page_without_side_column(app, pagename, _templatename, context, doctree):
    if pagename in WIDE:
        context["meta"] = {**(context.get("meta") or {}), "html_theme.sidebar_secondary.remove": "true"}


# ---- a landing page, and a description for every page ---------------------------------------------


def _first_paragraph(doctree):
    for paragraph in doctree.findall(nodes.paragraph):
        text = " ".join(paragraph.astext().split())
        if len(text) >= 40:  # a sentence, not a label
            return text
    return ""


def description(text, fallback, limit=DESCRIPTION_LENGTH):
    """A meta description: the text (or the fallback), cut at a word before `limit` characters, with '…'."""
    text = " ".join((text or fallback).split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _meta_description(app, pagename, _templatename, context, doctree):
    fallback = app.config.govexport_description
    text = context.get("gx_description") or (_first_paragraph(doctree) if doctree is not None else "")
    tag = f'<meta name="description" content="{escape(description(text, fallback))}" />\n'
    context["metatags"] = context.get("metatags", "") + tag


def _landing_page(app):
    """index.html: the book's title, what it is, where to start and its parts with their pages (numbered as the
    table of contents numbers them); written only when the book's root is another page (there would be a
    redirect)."""
    if app.config.master_doc == "index" or app.builder.format != "html":
        return []
    env = app.env
    numbers = getattr(env, "toc_secnumbers", {})

    def entry(docname):
        number = numbers.get(docname, {}).get("", ())
        return {
            "href": app.builder.get_target_uri(docname),
            "title": env.titles[docname].astext() if docname in env.titles else docname,
            "number": ".".join(map(str, number)),
        }

    site = getattr(env, "external_site_map", None)
    parts = (
        [
            {"caption": tree.caption or "", "pages": [entry(d) for d in tree.files() if d in env.found_docs]}
            for tree in site.root.subtrees
        ]
        if site is not None
        else []
    )
    context = {
        "title": "Home",
        "gx_title": app.config.html_title or app.config.project,
        "gx_description": app.config.govexport_description,
        "gx_start": app.builder.get_target_uri(app.config.master_doc),
        "gx_parts": parts,
        "gx_version": __version__,
    }
    return [("index", context, "gx-landing.html")]


# ---- one copy of each script --------------------------------------------------------------------


def _drop_repeats(app, _pagename, _templatename, context, _doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        # the same file or inline body, whatever its priority (an inline script has filename None or "")
        attributes = getattr(script, "attributes", {}) or {}
        key = (str(getattr(script, "filename", "") or ""), tuple(sorted((k, str(v)) for k, v in attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    from myst_nb.sphinx_ import HideCodeCellNode  # myst-nb is loaded first by jupyter-book

    app.add_config_value("govexport_edition", "instructor", "html", types=[str])
    app.add_config_value("govexport_description", "", "html", types=[str])
    app.connect("config-inited", _citing_substitutions)
    app.connect("config-inited", _templates_first)
    app.connect("config-inited", _edition_assets)
    bibstyle.register()
    app.add_role("zh", chinese_role)
    app.add_node(HideCodeCellNode, override=True, html=(_visit_hidden_cell, _depart_hidden_cell))
    app.add_node(nodes.citation, override=True, html=(_visit_citation, _depart_citation))
    app.connect("html-page-context", _sidebar_landmark, priority=600)  # after the themes fill `sidebars`
    app.connect("html-page-context", _drop_repeats, priority=900)
    app.connect("doctree-resolved", _figures_and_width)
    app.connect("html-page-context", _wide_page_without_side_column, priority=400)  # before the themes read it
    app.connect("html-page-context", _meta_description)
    app.connect("html-collect-pages", _landing_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
