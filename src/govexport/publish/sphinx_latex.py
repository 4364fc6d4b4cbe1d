"""Sphinx extension for the print edition (the LaTeX builder; the web book is left alone).

- The document class: Sphinx's own `manual`. sphinx-jupyterbook-latex, which jupyter-book loads for its
  other work (parts from the table of contents' captions, hidden cells left out), sets its jupyterBook
  class, which needs TeX fonts that Debian has only in texlive-fonts-extra (bbm).
- Tables that break across pages, with widths from their columns' text (`column_widths`). Sphinx sets a
  table that declares no widths (a notebook's Markdown pipe table cannot) with tabulary, which cannot
  break across pages, so a table of a few tall rows runs off the page's foot; or, past 30 rows, as a
  longtable in unbreakable `l` columns, which run off the page's side.
- A table with a header and no rows (an empty selection) gets an empty body: Sphinx's LaTeX builder
  fails on a table without one.
"""

import re

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

# In characters of a table's (small) type: the text width of the page (A4, book/_config.yml's margins), a
# column's padding (2\tabcolsep), and the longest word a column is sized for (TeX hyphenates a longer one).
LINE, PAD, WORD = 105, 3, 12
LONG_WORD = 0.9  # a column is sized for the long words of 9 cells in 10: TeX hyphenates the rare longer one
HEADER_WORD = 6  # ... and its header's longest word up to this length (TeX hyphenates a longer one)


def column_widths(rows):
    """Widths in characters for rows of cell texts (the header row first), one per column, to be used as
    shares of the line. Each column gets its long words (LONG_WORD, WORD), so that words fit, then what
    the line leaves is shared in proportion to the columns' mean cell lengths beyond that: columns that hold
    more text get more width, so that a row's cells take about as many lines each, and rows stay short."""
    least, wanted = [], []

    def longest(text):  # a cell's longest word (a line may break at a space, and after a hyphen or a slash)
        return max(len(word) for word in re.split(r"[\s/-]+", text))

    for cells in zip(*rows):
        words = sorted(longest(text) for text in cells)
        longest_word = min(WORD, max(words[int(LONG_WORD * (len(words) - 1))], min(HEADER_WORD, longest(cells[0]))))
        mean = sum(len(text) for text in cells) / len(cells)
        least.append(longest_word + PAD)
        wanted.append(max(longest_word, mean) + PAD)
    spare, more = LINE - sum(least), sum(wanted) - sum(least)
    if more <= max(spare, 0):
        return [round(w) for w in wanted]
    return [round(low + max(spare, 0) * (want - low) / more) for low, want in zip(least, wanted)]


class PrintableTables(SphinxPostTransform):
    default_priority = 400  # before Sphinx's LaTeX footnote transform (600), which needs every table's body
    formats = ("latex",)

    def run(self, **kwargs):
        for tgroup in self.document.findall(nodes.tgroup):
            if not any(isinstance(child, nodes.tbody) for child in tgroup.children):
                tgroup += nodes.tbody()
        for table in self.document.findall(nodes.table):
            table["classes"].append("longtable")
            rows = [[entry.astext() for entry in row.findall(nodes.entry)] for row in table.findall(nodes.row)]
            colspecs = list(table.findall(nodes.colspec))
            if "colwidths-given" in table["classes"] or any(len(cells) != len(colspecs) for cells in rows):
                continue  # widths of its own, or spanning cells: Sphinx sizes it
            for colspec, width in zip(colspecs, column_widths(rows)):
                colspec["colwidth"] = width
            table["classes"].append("colwidths-given")


def sphinx_document_class(app, config):
    config.latex_theme = "manual"


def setup(app):
    # after sphinx-jupyterbook-latex's own config-inited handler (default priority 500), which sets its class
    app.connect("config-inited", sphinx_document_class, priority=900)
    app.add_post_transform(PrintableTables)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
