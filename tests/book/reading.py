"""What a reader reads on a built page, and the machine names in it (test_reading.py, and the variant books of
test_book.py and test_hostile_content.py).

A page is read as a reader meets it: every text of its body (prose, tables, captions, the variant banner, the
sidebar), the alt and title texts of its images and links, its meta description and the text of its figures'
SVGs. Left out are code a reader is meant to read as code: code cells, code blocks, and inline code that is a
command, a command-line option or a file path.
"""

import re
from pathlib import Path
from xml.etree import ElementTree

from bs4 import BeautifulSoup

# A snake_case identifier: lower-case words joined by underscores, not part of a path, a file name or a longer name.
SNAKE = re.compile(r"(?<![\w/.\-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/\-])(?!\.\w)")
# An assignment as code writes it: name = 'value' (straight or curly quotes).
ASSIGNMENT = re.compile(r"\b[A-Za-z_]\w*\s*=\s*['\"‘’“”]")
# Inline code meant to be typed: a command, an option, a path or a file name.
TYPED = re.compile(
    r"^(\.venv/bin/)?(govexport|make|papermill|git|pip|npm|jupyter|python|pytest|mkdir|cp|conda)\b"
    r"|^-{1,2}[a-z]"
    r"|/"
    r"|^[\w.\-]+\.[a-z]{2,5}$"
)
SKIPPED_PAGES = {"genindex.html"}


def page_texts(path):
    """The texts a reader meets on one HTML page (see the module's docstring)."""
    soup = BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")
    texts = [m.get("content", "") for m in soup.find_all("meta", attrs={"name": "description"})]
    body = soup.body or soup
    for element in body.select("script, style, pre, div.cell_input, .highlight, template"):
        element.decompose()
    for element in body.find_all("code"):
        if TYPED.search(element.get_text(" ", strip=True)):
            element.decompose()
    for element in body.find_all(True):
        texts += [element.get(attribute, "") for attribute in ("alt", "title", "aria-label")]
    texts.append(body.get_text(" "))
    return [t for t in texts if t]


def svg_texts(path):
    """The words of a figure: matplotlib writes its text as <text> elements (svg.fonttype none)."""
    root = ElementTree.parse(path).getroot()
    return ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]


def identifiers(texts, patterns=(SNAKE, ASSIGNMENT)):
    """The snake_case names and `x = 'y'` assignments (or the given patterns) in these texts."""
    found = set()
    for text in texts:
        text = " ".join(text.split())
        for pattern in patterns:
            found.update(match.group(0).strip() for match in pattern.finditer(text))
    return found


def identifiers_in_book(html, patterns=(SNAKE, ASSIGNMENT)):
    """{page or figure: the identifiers a reader meets there, sorted} for a built book's HTML folder."""
    html = Path(html)
    found = {}
    pages = [p for p in html.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts]
    for path in sorted(pages):
        if path.name in SKIPPED_PAGES:
            continue
        hits = identifiers(page_texts(path), patterns)
        if hits:
            found[path.relative_to(html).as_posix()] = sorted(hits)
    for path in sorted((html / "figures").glob("*.svg")):
        hits = identifiers(svg_texts(path), patterns)
        if hits:
            found[path.relative_to(html).as_posix()] = sorted(hits)
    return found


# Machine names that other layers still print, each to be put in words there (then removed here: the tests
# compare with this exactly, so a fix that lands fails them until its entry goes). None is left: the rule
# sets and the scope measures of chapter 8 are named by their labels since the multiverse landed.
LEFT_TO_OTHER_LAYERS: dict = {}
