"""The book's scholarly apparatus, read from the built HTML: author–year bibliography labels that match the
paper's and the text's citations, sorted entries, the paper's URL, the citing page with the package's
version and a BibTeX entry, Chinese marked as Chinese, and the student edition's assets kept out of the
default edition."""

import html as htmllib
import re

import pytest
from sphinx.errors import ConfigError

import govexport
from govexport.publish import bibstyle, sphinx_ext

LABEL = re.compile(
    r'<div class="citation" id="([^"]+)" role="listitem">\s*<span class="label">'
    r'<span class="fn-bracket">\[</span>(.*?)<span class="fn-bracket">\]</span></span>\s*<p>(.*?)</p>',
    re.S,
)


def text(fragment):
    return htmllib.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


@pytest.fixture(scope="module")
def html(built):
    root, _ = built
    return root / "build/default/html"


@pytest.fixture(scope="module")
def entries(html):
    """The bibliography's entries in page order: {id, label, text}."""
    page = (html / "bibliography.html").read_text(encoding="utf-8")
    found = [{"id": i, "label": text(label), "text": text(body)} for i, label, body in LABEL.findall(page)]
    assert len(found) >= 20
    return found


def test_labels_are_author_year_and_entries_sorted_by_author_then_year(entries):
    keys = []
    for entry in entries:
        names, _, year = entry["label"].rpartition(bibstyle.LABEL_SEP)
        assert names and re.fullmatch(r"\d{4}[a-z]?|n\.d\.", year), entry["label"]
        keys.append((names.casefold(), year))
    assert keys == sorted(keys)
    assert len({e["label"] for e in entries}) == len(entries)  # a letter wherever author and year repeat


def test_same_year_letters_are_the_papers(entries, paper_text):
    # the paper's reference list: "N. Yau, 'Title', Outlet, 2019a."
    printed = re.findall(r"N\. Yau, '(.+?)', [^,]+, (\d{4}[a-z])\.", paper_text)
    assert len(printed) >= 5
    for title, year in printed:
        [entry] = [e for e in entries if title in e["text"]]
        assert entry["label"] == f"Yau, {year}", title


def test_citations_in_the_text_match_their_labels(html, entries):
    labels = {e["id"]: e["label"] for e in entries}
    citations = []
    for page in html.rglob("*.html"):
        for target, shown in re.findall(
            r'href="(?:\.\./)*bibliography\.html#([^"]+)"[^>]*>([^<]+)</a>', page.read_text(encoding="utf-8")
        ):
            if target in labels:
                citations.append((page.name, htmllib.unescape(shown), labels[target]))
    assert len(citations) >= 3
    # parenthetical citations show the whole label, textual ones its year (the names stand before the link)
    assert [c for c in citations if c[1] not in (c[2], bibstyle.label_year(c[2]))] == []


def test_the_paper_links_to_its_journal_page(entries):
    [paper] = [e for e in entries if e["label"] == "Yau, 2022"]
    assert "https://www.shrmonitor.org/chinese-governance-export-in-central-asia/" in paper["text"]


def test_citing_page_gives_the_version_and_a_bibtex_entry(html):
    page = html / "citing.html"
    assert page.is_file(), "citing.md is not in the book (book/_toc.yml)"
    content = text(page.read_text(encoding="utf-8"))
    version = govexport.__version__
    assert f"version {version}" in content
    bib = re.search(r"@misc\{govexport,.*?\n\}", content, re.S)
    assert bib and re.search(r"version\s*=\s*\{" + re.escape(version) + r"\}", bib.group(0))
    assert "{{" not in content.replace("{{govexport", "").replace("{{Chinese", "")  # no unrendered substitution


def test_chinese_is_marked_as_chinese(html):
    page = (html / "glossary.html").read_text(encoding="utf-8")
    article = page[page.index('<article class="bd-article">') : page.index("</article>")]
    marked = re.findall(r'<span lang="zh-Hans">([^<]+)</span>', article)
    unmarked = re.sub(r'<span lang="zh-Hans">[^<]+</span>', "", article)
    assert len(marked) >= 5
    assert re.findall(r"[\u4e00-\u9fff]+", text(unmarked)) == []


def test_default_edition_does_not_link_the_student_assets(html):
    linked = [
        p.name
        for p in html.rglob("*.html")
        if "_static" not in p.parts and re.search(r'(src|href)="[^"]*student\.(js|css)', p.read_text(encoding="utf-8"))
    ]
    assert linked == []


class Config(dict):
    """Sphinx's Config as far as the extension uses it: values by attribute and by key."""

    __getattr__ = dict.__getitem__


@pytest.mark.parametrize("edition, linked", [("instructor", set()), ("student", {"student.js", "student.css"})])
def test_editions_link_their_own_assets(edition, linked):
    # as jupyter-book lists them: every .js and .css of _static/, whatever the edition
    config = Config(
        govexport_edition=edition,
        html_js_files=["explorable.js", "student.js"],
        html_css_files=["govexport.css", ("student.css", {"media": "all"})],
    )
    sphinx_ext._edition_assets(None, config)
    names = {sphinx_ext._asset_name(f) for f in config.html_js_files + config.html_css_files}
    assert names & {"student.js", "student.css"} == linked
    assert {"explorable.js", "govexport.css"} <= names


def test_an_unknown_edition_is_refused():
    config = Config(govexport_edition="teacher", html_js_files=[], html_css_files=[])
    with pytest.raises(ConfigError, match="teacher"):
        sphinx_ext._edition_assets(None, config)
