"""The build's copy of book/_config.yml: the variant banner and the edition.

A build other than the default carries, on every page, a banner (sphinx-book-theme's announcement)
with the build's name, its scenario's one-line description and each parameter that differs from the
default with both values. The theme inserts the announcement as HTML, so everything in it is escaped
here: scenario text and parameter values are untrusted.

The student edition sets the book extension's `govexport_edition` (sphinx_ext.py links student.js and
student.css for it); its notebooks lose their `solution` cells in the pipeline.
"""

import html

import yaml

from ..params import changed_from_defaults, value_text
from .guard import DEFAULT


def banner(name, params, scenario=None):
    """The announcement of a variant build, as escaped HTML; '' for the default build."""
    if name == DEFAULT:
        return ""
    e = html.escape
    parts = [f"Variant build <strong>{e(name)}</strong>, not the paper's assumptions."]
    if scenario:
        parts.append(f"Scenario: {e(scenario['description'])}")
    differences = "; ".join(
        f"<code>{e(k)}</code> = {e(value_text(v))} (default {e(value_text(d))})"
        for k, v, d in changed_from_defaults(params)
    )
    parts.append(f"Parameters changed: {differences}." if differences else "No parameter changed.")
    return " ".join(parts)


def book_config(text, announcement="", edition="instructor"):
    """book/_config.yml (its text) for one build: with the banner and, for the student edition, the edition."""
    config = yaml.safe_load(text) or {}
    if announcement:
        config.setdefault("html", {})["announcement"] = announcement
    if edition == "student":
        config.setdefault("sphinx", {}).setdefault("config", {})["govexport_edition"] = "student"
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
