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
- Each script once per page: sphinx-thebe 0.3.1 registers its inline configuration script in a way
  that Sphinx 7.4 renders twice, and the second copy throws "Identifier 'THEBE_JS_URL' has already
  been declared" in the browser; repeats (same file or inline body, any priority) are dropped.
"""

import re
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.errors import ConfigError

from .. import __version__
from . import bibstyle

EDITIONS = {"instructor": (), "student": ("student.js", "student.css")}
TEMPLATES = Path(__file__).with_name("templates")


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
    app.connect("config-inited", _citing_substitutions)
    app.connect("config-inited", _templates_first)
    app.connect("config-inited", _edition_assets)
    bibstyle.register()
    app.add_role("zh", chinese_role)
    app.add_node(HideCodeCellNode, override=True, html=(_visit_hidden_cell, _depart_hidden_cell))
    app.add_node(nodes.citation, override=True, html=(_visit_citation, _depart_citation))
    app.connect("html-page-context", _sidebar_landmark, priority=600)  # after the themes fill `sidebars`
    app.connect("html-page-context", _drop_repeats, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
