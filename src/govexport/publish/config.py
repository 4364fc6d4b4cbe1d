"""What marks a build's pages as its own: the banner (variant, student edition) and the student edition's assets.

A build other than the default carries, on every page, a banner in sphinx-book-theme's announcement bar:
a student edition says so; a variant names the build, its scenario's one-line description and each
parameter that differs from the default with both values. Scenario text and parameter values are
untrusted, so everything in the banner is escaped here.

Neither goes through Sphinx's configuration: every build compiles with the same conf.py, so that Sphinx's
incremental environment (compiler.py) reads again only the chapters whose content changed, and a variant
reuses the compiled pages of every other chapter. `decorate` adds them to the compiled HTML instead,
with the theme's own markup for the announcement, and links student.js and student.css (the reveal
buttons; sphinx_ext.py keeps them out of every page Sphinx writes) into the student edition's pages.
"""

import html
import os
from pathlib import Path

from ..params import LABELS, changed_from_defaults, shown_value
from .guard import DEFAULT

STUDENT_ASSETS = ("student.css", "student.js")
HEADER_ANCHOR = '<header id="pst-header"'  # the theme's header: the announcement bar goes just before it


def show_html(name, value, ruleset_labels=None):
    """A parameter's value as escaped HTML: in words, a file path as code."""
    text = html.escape(shown_value(name, value, ruleset_labels))
    return f"<code>{text}</code>" if name in ("table1", "table2", "codebook") else text


def banner(name, params, scenario=None, ruleset_labels=None, edition="instructor"):
    """The announcement of a build, as escaped HTML; '' for the default build's instructor edition. Parameters are
    named as readers know them (params.LABELS), rule sets by their labels."""
    e = html.escape
    parts = []
    if edition == "student":
        parts.append(
            "<strong>Student edition</strong>: the verdicts and the exercises' answers are hidden until you "
            "reveal them."
        )
    differences = "; ".join(
        f"{e(LABELS[k])}: {show_html(k, v, ruleset_labels)} (default {show_html(k, d, ruleset_labels)})"
        for k, v, d in changed_from_defaults(params)
    )
    if differences or scenario:
        parts.append(f"Variant build <strong>{e(name)}</strong>, not the paper's assumptions.")
        if scenario:
            parts.append(f"Scenario: {e(scenario['description'])}")
        parts.append(f"Parameters changed: {differences}." if differences else "No parameter changed.")
    elif name != DEFAULT and edition != "student":
        parts.append(f"Build <strong>{e(name)}</strong>, with the paper's parameters.")
    return " ".join(parts)


def announcement_html(text):
    """The theme's markup for a local announcement (pydata-sphinx-theme's sections/announcement.html)."""
    return (
        '<aside class="bd-header-announcement" aria-label="Announcement">\n'
        f'  <div class="bd-header-announcement__content">{text}</div>\n</aside>\n'
    )


def decorate(html_folder, announcement="", edition="instructor"):
    """Add the banner and, for the student edition, its assets to every page of a compiled book."""
    html_folder = Path(html_folder)
    if not announcement and edition != "student":
        return
    bar = announcement_html(announcement) if announcement else ""
    for page in html_folder.rglob("*.html"):
        relative = page.relative_to(html_folder)
        if relative.parts[0] == "_static":
            continue
        text = page.read_text(encoding="utf-8")
        if HEADER_ANCHOR not in text:
            continue
        if bar:
            text = text.replace(HEADER_ANCHOR, bar + HEADER_ANCHOR, 1)
        if edition == "student":
            up = os.path.relpath(html_folder, page.parent).replace(os.sep, "/")
            static = "_static/" if up == "." else f"{up}/_static/"
            links = (
                f'<link rel="stylesheet" type="text/css" href="{static}student.css" />\n'
                f'<script src="{static}student.js"></script>\n'
            )
            text = text.replace("</head>", links + "</head>", 1)
        page.write_text(text, encoding="utf-8")
