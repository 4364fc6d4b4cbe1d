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

from ..params import DEFAULTS, LABELS, shown_value
from .guard import DEFAULT


def show(value):
    """A parameter's value as the terminal and CSV files show it."""
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


def show_html(name, value, ruleset_labels=None):
    """A parameter's value as escaped HTML: in words, a file path as code."""
    text = html.escape(shown_value(name, value, ruleset_labels))
    return f"<code>{text}</code>" if name in ("table1", "table2", "codebook") else text


def changed(params):
    """(name, this build's value, the default's) for each parameter that differs from the default."""
    return [
        (name, params[name], default)
        for name, default in DEFAULTS.items()
        if name in params and params[name] != default
    ]


def banner(name, params, scenario=None, ruleset_labels=None):
    """The announcement of a variant build, as escaped HTML; '' for the default build. Parameters are named as
    readers know them (params.LABELS), rule sets by their labels."""
    if name == DEFAULT:
        return ""
    e = html.escape
    parts = [f"Variant build <strong>{e(name)}</strong>, not the paper's assumptions."]
    if scenario:
        parts.append(f"Scenario: {e(scenario['description'])}")
    differences = "; ".join(
        f"{e(LABELS[k])}: {show_html(k, v, ruleset_labels)} (default {show_html(k, d, ruleset_labels)})"
        for k, v, d in changed(params)
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
