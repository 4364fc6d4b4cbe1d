"""The edition, applied to a build: what report/reveal.py marked is shown (instructor) or sealed (student).

Executed chapters are cached once for both editions, with reveal's markers in their outputs; this module
resolves the markers when a build is assembled, so one executed chapter serves either edition.

    instructor   markers removed: the text reads as the chapter wrote it
    student      each marked fragment becomes a sealed element: its placeholder ("verdict hidden") as
                 text, its content as HTML encoded in base64 in an attribute, which student.js decodes when
                 the reader reveals it. Markdown outputs get the element as inline HTML (Sphinx passes it
                 to the web page, and the LaTeX builder drops it, leaving the placeholder on paper; neither
                 the search index nor a page's text holds the content). A figure marked as revealing
                 becomes a sealed image, its alt text inside the seal. CSV downloads lose the columns
                 reveal.DOWNLOAD_COLUMNS hides, and quote the verdicts named in the others.
"""

import base64
import copy
import csv
import html
import io

import nbformat
from markdown_it import MarkdownIt

from ..report import reveal

EDITIONS = ("instructor", "student")
STUDENT = "student"
FIGURE_HIDDEN = "Figure hidden until the verdicts are revealed."
SEALED_ALT = "hidden until the verdicts are revealed"
_markdown = MarkdownIt("commonmark", {"html": True}).enable("table")


def sealed(kind, content_html, block=False):
    """The sealed element: placeholder text, content encoded (see the module's docstring)."""
    payload = base64.b64encode(content_html.encode("utf-8")).decode("ascii")
    tag = "div" if block else "span"
    placeholder = reveal.PLACEHOLDERS.get(kind, "hidden")
    return (
        f'<{tag} class="gx-sealed" data-gx-kind="{html.escape(kind)}" data-gx-sealed="{payload}">'
        f"{html.escape(placeholder)}</{tag}>"
    )


def seal_text(text, mime):
    """Every marked fragment of one output string sealed; `mime` says whether the content is HTML or Markdown."""

    def one(match):
        kind, content = match.group(1), match.group(2)
        if mime == "text/html":
            return sealed(kind, content)
        if mime == "text/markdown":
            if "\n\n" in content.strip():  # paragraphs: a block of its own
                return "\n\n" + sealed(kind, _markdown.render(content), block=True) + "\n\n"
            return sealed(kind, _markdown.renderInline(content))
        return reveal.PLACEHOLDERS.get(kind, "hidden")  # text/plain, text/latex: the placeholder only

    return reveal.MARKED.sub(one, text)


def _resolve(value, mime, student):
    if isinstance(value, list):
        value = "".join(value)
    if not isinstance(value, str) or reveal.OPEN not in value:
        return value
    return seal_text(value, mime) if student else reveal.unmarked(value)


SOLUTION = "solution"  # the tag of an exercise's solution cell: all of its output is an answer
TEXT_MIMES = ("text/markdown", "text/html", "text/plain")


def _as_display(output):
    if output.get("output_type") != "stream":
        return output
    text = "".join(output["text"]) if isinstance(output["text"], list) else output["text"]
    return nbformat.from_dict({"output_type": "display_data", "data": {"text/plain": text}, "metadata": {}})


def _marked_whole(value):
    text = "".join(value) if isinstance(value, list) else value
    return f"{reveal.OPEN}{reveal.ANSWER}{reveal.MIDDLE}{reveal.unmarked(text)}{reveal.CLOSE}"


def _kinds(value):
    text = "".join(value) if isinstance(value, list) else value
    return {m.group(1) for m in reveal.MARKED.finditer(text)} if isinstance(text, str) else set()


def revealing_figure(cell):
    """The kind a figure cell reveals ('' for none), as the build recorded it (execute.move_figure)."""
    return cell.get("metadata", {}).get("govexport", {}).get("reveals", "")


def _seal_figure(cell, kind):
    image = cell.metadata.get("mystnb", {}).get("image", {})
    alt = image.get("alt", "")
    for output in cell.get("outputs", []):
        png = output.get("data", {}).get("image/png")
        if not png:
            continue
        png = "".join(png) if isinstance(png, list) else png
        img = f'<img src="data:image/png;base64,{png.strip()}" alt="{html.escape(alt)}" />'
        output["data"] = {
            "text/html": sealed(kind, img, block=True),
            "text/markdown": f"*{FIGURE_HIDDEN}*",
            "text/plain": FIGURE_HIDDEN,
        }
    if image:
        image["alt"] = SEALED_ALT


def apply(nb, edition):
    """A copy of the executed notebook `nb` (a NotebookNode) for `edition`."""
    student = edition == STUDENT
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        answers = False
        solution = SOLUTION in cell.metadata.get("tags", [])
        if solution and student:  # its code may hold the answer; printed text is sealed with the rest
            cell.source = "# the solution's code is in the instructor's edition"
            tags = cell.metadata.get("tags", [])
            cell.metadata["tags"] = tags if "remove-input" in tags else [*tags, "remove-input"]
            cell.outputs = [_as_display(o) for o in cell.get("outputs", [])]
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for mime in list(data):
                if solution and student and mime in TEXT_MIMES:  # a solution cell is an answer, marked or not
                    data[mime] = _marked_whole(data[mime])
                answers |= student and reveal.ANSWER in _kinds(data[mime])
                data[mime] = _resolve(data[mime], mime, student)
        if answers:  # sealed, an answer needs no fold as well: its own button shows it
            tags = cell.metadata.get("tags", [])
            cell.metadata["tags"] = [t for t in tags if t != "hide-output"]
        figure = cell.metadata.get("mystnb", {}).get("figure", {})
        for key in ("caption",):
            if key in figure:
                figure[key] = _resolve(figure[key], "text/plain", student)
        kind = revealing_figure(cell)
        if student and kind:
            _seal_figure(cell, kind)
    return nb


def hidden_figures(nb, edition):
    """The names of the figures of `nb` that `edition` leaves out of the downloads."""
    if edition != STUDENT:
        return set()
    return {
        c.metadata["mystnb"]["figure"]["name"]
        for c in nb.cells
        if c.cell_type == "code" and revealing_figure(c) and "name" in c.metadata.get("mystnb", {}).get("figure", {})
    }


def csv_for(content, edition):
    """A CSV download (bytes) for `edition`: the student's without the columns that reveal (see the module)."""
    if edition != STUDENT:
        return content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
    if not rows:
        return content
    header = rows[0]
    keep = [i for i, name in enumerate(header) if reveal.DOWNLOAD_COLUMNS.get(name) != reveal.HIDE]
    mention = {i for i, name in enumerate(header) if reveal.DOWNLOAD_COLUMNS.get(name) == reveal.MENTION}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for n, row in enumerate(rows):
        writer.writerow([reveal.mentions(row[i]) if n and i in mention else row[i] for i in keep if i < len(row)])
    return out.getvalue().encode("utf-8")
