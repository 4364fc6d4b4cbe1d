"""Sphinx extension: emit each script once per page.

sphinx-thebe 0.3.1 (pulled in by jupyter-book 1.x) registers its inline configuration script in a
way that Sphinx 7.4 renders twice, and the second copy throws "Identifier 'THEBE_JS_URL' has
already been declared" in the browser. This drops repeats (same file or inline body, any priority)
from each page's script list.
"""


def _drop_repeats(app, pagename, templatename, context, doctree):
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
    app.connect("html-page-context", _drop_repeats, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
