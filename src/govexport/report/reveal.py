"""Anything that reveals a verdict or an exercise's answer goes through this module.

The student edition shows neither until the reader asks for it: on the web each one is sealed (hidden,
its content encoded, a button reveals it); in print (the PDF, the handouts) and in the downloads it is
absent. The instructor edition shows everything. So that this holds for whatever a page adds, no page
decides it: a page wraps what gives something away, and the build applies the edition
(publish/edition.py) to every output of every chapter, to the figures and to the downloads.

    reveal.verdict(text)       a verdict, a badge, a tally of verdicts, a reading or a margin that gives one
                               away, a value that only makes sense beside its verdict
    reveal.answer(text)        an exercise's answer: a solution, or a value an exercise asks the reader to find
    run.figure(..., reveals=reveal.VERDICT)   a figure that encodes verdicts (colours, counts)
    reveal.mentions(text)      text that names verdicts without giving one (a criterion, a definition, a
                               caption): each name is quoted, ‘reproduced’, the use–mention convention by which
                               the student edition's test tells a name from a verdict
    DOWNLOAD_COLUMNS           what the student edition does with each column of a CSV download

`text` may be Markdown (MD, from report/text.py) or a plain string that a table escapes later (a cell);
the markers below survive both escapings. In a build (the kernels run with MARK_ENV set) the wrapped
text is delimited by three private-use characters that Markdown, HTML and LaTeX all read as nothing
special; anywhere else (Jupyter, `govexport notebooks`, the unit tests) it is returned as it is, so a
chapter opened in Jupyter reads like the instructor's book.
"""

import os
import re

from .text import MD

VERDICT = "verdict"
ANSWER = "answer"
# What the student edition shows in place of a hidden fragment, on screen before it is revealed and in print.
PLACEHOLDERS = {VERDICT: "verdict hidden", ANSWER: "answer hidden"}

OPEN, MIDDLE, CLOSE = "\ue000", "\ue001", "\ue002"
MARKED = re.compile(f"{OPEN}([a-z]+){MIDDLE}(.*?){CLOSE}", re.S)
MARK_ENV = "GOVEXPORT_REVEAL_MARKS"  # "1" in the build's kernels

# The student edition's downloads (claims.csv, robustness.csv, ...): a column that names a verdict, or tells
# one (the reading that holds, the margin, whether it changed), is left out; a column that only names
# verdicts (a criterion) has its names quoted as mentions. A column not listed is kept as it is, so a new
# column that reveals must be listed here (the student edition's test reads every download).
HIDE, MENTION = "hide", "mention"
DOWNLOAD_COLUMNS = {
    "verdict": HIDE,
    "grade": HIDE,  # the claim's grade across the multiverse: how often its verdict holds
    "tally": HIDE,  # the verdict with its kind of evidence
    "evidence": HIDE,  # independent or by construction: said of a reproduced claim only
    "reading": HIDE,
    "margin": HIDE,
    "by_construction": HIDE,
    "default_verdict": HIDE,
    "changed": HIDE,
    "reason": HIDE,  # what was measured; a reason may name a verdict (another claim's)
    "criterion": MENTION,
    "criterion_changed": MENTION,
}
# Downloads that are nothing but verdicts: absent from the student edition.
# (the multiverse's table and summary: every specification's verdict and each claim's grade)
HIDDEN_DOWNLOADS = ("robustness.csv", "multiverse.parquet", "multiverse-summary.csv")


def marking():
    return os.environ.get(MARK_ENV) == "1"


def unmarked(text):
    """The text with every marker removed (what the instructor edition shows)."""
    return MARKED.sub(lambda m: m.group(2), str(text)) if OPEN in str(text) else str(text)


def _wrap(kind, content):
    if not marking():
        return content
    text = f"{OPEN}{kind}{MIDDLE}{unmarked(content)}{CLOSE}"  # never nested: the outer fragment hides it all
    return MD(text) if isinstance(content, MD) else text


def verdict(content):
    """A fragment that gives a verdict away (see the module's docstring)."""
    return _wrap(VERDICT, content)


def answer(content):
    """A fragment that gives an exercise's answer away."""
    return _wrap(ANSWER, content)


def spoiler_words():
    """The words the student edition never shows before reveal: every verdict, and every grade the claims
    layer declares, longest first (so 'not reproduced' is found before 'reproduced')."""
    from ..claims import register

    words = {*register.VERDICTS, *getattr(register, "GRADES", ())}
    return sorted(words, key=len, reverse=True)


def spoiler_pattern():
    """A regular expression for a spoiler word used, not mentioned: not inside ‘ ’."""
    alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in spoiler_words())  # a line may break
    return re.compile(rf"(?<![‘\w-])(?:{alternatives})(?![\w-]|’)", re.I)


def mentions(text):
    """Text that names verdicts, with each name quoted as a mention: 'reproduced if …' -> '‘reproduced’ if …'.
    MD stays MD; a name already quoted is left alone."""
    quoted = spoiler_pattern().sub(lambda m: f"‘{m.group(0)}’", str(text))
    return MD(quoted) if isinstance(text, MD) else quoted
