"""Author–year bibliography: labels and in-text citations that match, entries sorted by author then year.

sphinxcontrib-bibtex's `author_year` style cites "(Yau, 2019)" in the text, while pybtex's styles label
the same entry "[Yau19a]" in the bibliography, and the paper's five 2019 pieces by Yau (2019a–e) all
cite as "Yau, 2019". Here both sides are built from one rendering of the names:

- the label of an entry is "<names>, <year><letter>", e.g. "Yau, 2019a", "Yau and van der Kley, 2020",
  "Embassy of the People's Republic of China to Uzbekistan, 2019"; the letter is added only where one
  author and year have several entries, in the order of their citation keys (the keys carry the
  paper's own letters: yau2019a … yau2019e);
- entries are sorted by those names (case-insensitively), then year, then key;
- citations in the text (`{cite:p}`, `{cite:t}`, `{cite:year}`) print the year with the same letter,
  taken from the label.

`register()` makes the formatting style available to pybtex as "govexport" (config
`bibtex_default_style`) and the referencing style to sphinxcontrib-bibtex as "govexport"
(config `bibtex_reference_style`).
"""

from collections import Counter
from dataclasses import dataclass, field
from string import ascii_lowercase
from types import SimpleNamespace

import pybtex.plugin
from pybtex.backends.plaintext import Backend as PlainText
from pybtex.richtext import Text
from pybtex.style import template as bib
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import date, pages
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import join, node
from sphinxcontrib.bibtex import plugin as bibtex_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle, GroupReferenceStyle, PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.referencing.basic_author_year import (
    BasicAuthorYearParentheticalReferenceStyle,
    BasicAuthorYearTextualReferenceStyle,
)
from sphinxcontrib.bibtex.style.referencing.extra_year import ExtraYearReferenceStyle
from sphinxcontrib.bibtex.style.template import join2, post_text, pre_text, reference

NAME = "govexport"
LABEL_SEP = ", "  # between names and year in a label; a year never contains it

_PERSON = PersonStyle()  # the names exactly as sphinxcontrib-bibtex writes them in citations
_TEXT = PlainText()  # one backend: render_as("text") looks the plugin up among every package's entry points


def names(entry):
    """The entry's authors as cited in the text: "Yau", "Yau and van der Kley", "Apple Daily"."""
    template = _PERSON.author_or_editor_or_title(full=False)
    return template.format_data({"entry": entry, "style": SimpleNamespace(person=_PERSON)}).render(_TEXT)


def year(entry):
    return entry.fields.get("year", "n.d.")


def label_year(label):
    """The year part of a label, letter included: "Yau, 2019a" -> "2019a"."""
    return label.rpartition(LABEL_SEP)[2]


class AuthorYearSorting(BaseSortingStyle):
    def sorting_key(self, entry):
        return names(entry).casefold(), year(entry), entry.key.casefold()


class AuthorYearLabels(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        stems = [f"{names(e)}{LABEL_SEP}{year(e)}" for e in entries]
        shared = {stem for stem, n in Counter(stems).items() if n > 1}
        # letters follow the citation keys, whatever order the entries came in
        letters = {}
        for stem in shared:
            keys = sorted(e.key.casefold() for e, s in zip(entries, stems) if s == stem)
            letters.update({(stem, key): ascii_lowercase[i] for i, key in enumerate(keys)})
        for entry, stem in zip(entries, stems):
            yield stem + letters.get((stem, entry.key.casefold()), "")


class Style(UnsrtStyle):
    """pybtex's unsrt entries, with author–year labels and sorting; an article shows its volume and issue even
    without pages (unsrt shows the volume only beside pages), and its DOI when it has one."""

    default_label_style = AuthorYearLabels
    default_sorting_style = AuthorYearSorting

    def get_article_template(self, e):
        volume = bib.join[bib.field("volume"), bib.optional[" (", bib.field("number"), ")"]]
        where = bib.first_of[
            bib.optional[bib.join[volume, ":", pages]],
            bib.optional[volume],
            bib.optional[bib.words["pages", pages]],
        ]
        return toplevel[
            self.format_names("author"),
            self.format_title(e, "title"),
            bib.sentence[bib.tag("em")[bib.field("journal")], bib.optional[where], date],
            bib.sentence[bib.optional_field("note")],
            self.format_web_refs(e),
        ]


@node
def labelled_year(children, data):
    """The year of a citation as its bibliography label has it (with the letter, if any)."""
    assert not children
    return Text(label_year(data["formatted_entry"].label))


@dataclass
class _Parenthetical(BasicAuthorYearParentheticalReferenceStyle):
    def inner(self, role_name):
        return join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[
            pre_text,
            reference[
                join(sep=self.author_year_sep)[
                    self.person.author_or_editor_or_title(full="s" in role_name), labelled_year
                ]
            ],
            post_text,
        ]


@dataclass
class _Textual(BasicAuthorYearTextualReferenceStyle):
    def inner(self, role_name):
        return join(sep=self.text_reference_sep)[
            self.person.author_or_editor_or_title(full="s" in role_name),
            join[
                self.bracket.left,
                join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[pre_text, reference[labelled_year], post_text],
                self.bracket.right,
            ],
        ]


@dataclass
class _Year(ExtraYearReferenceStyle):
    def inner(self, role_name):
        return reference[labelled_year]


def _round():
    return BracketStyle(left="(", right=")")


@dataclass
class ReferenceStyle(AuthorYearReferenceStyle):
    """sphinxcontrib-bibtex's author_year referencing in round brackets, as the paper cites: "(Yau, 2019a)",
    "Yau (2019a)"; its years carry the labels' letters."""

    bracket_textual: BracketStyle = field(default_factory=_round)
    bracket_parenthetical: BracketStyle = field(default_factory=_round)
    bracket_author: BracketStyle = field(default_factory=_round)
    bracket_label: BracketStyle = field(default_factory=_round)
    bracket_year: BracketStyle = field(default_factory=_round)

    def __post_init__(self):
        AuthorYearReferenceStyle.__post_init__(self)
        replaced = {
            BasicAuthorYearParentheticalReferenceStyle: _Parenthetical(
                bracket=self.bracket_parenthetical,
                person=self.person,
                author_year_sep=self.author_year_sep,
                pre_text_sep=self.pre_text_sep,
                post_text_sep=self.post_text_sep,
            ),
            BasicAuthorYearTextualReferenceStyle: _Textual(
                bracket=self.bracket_textual,
                person=self.person,
                text_reference_sep=self.text_reference_sep,
                pre_text_sep=self.pre_text_sep,
                post_text_sep=self.post_text_sep,
            ),
            ExtraYearReferenceStyle: _Year(bracket=self.bracket_year),
        }
        self.styles = [replaced.get(type(style), style) for style in self.styles]
        self.role_style = {}
        GroupReferenceStyle.__post_init__(self)


def register():
    """Make both styles known by the name "govexport" (idempotent)."""
    pybtex.plugin.register_plugin("pybtex.style.formatting", NAME, Style, force=True)
    bibtex_plugin.register_plugin("sphinxcontrib.bibtex.style.referencing", NAME, ReferenceStyle, force=True)
