"""The book's chapters, in order, and what each one reads.

One list serves two readers: the chapter runtime (a chapter sees only the parameters it declares and
fails loudly if it reads another) and the build (a chapter is re-executed only when something it
reads changed, so a variant reuses every chapter its parameters do not touch).
"""

from dataclasses import dataclass

from ..params import DEFAULTS

# The parameters that decide which programs are analysed and how they are coded.
SELECTION = ("table1", "codebook", "ruleset", "first_year", "last_year", "states", "domains", "duplicates")
DELEGATIONS = ("delegation_single", "delegation_multi")
EVERYTHING = tuple(DEFAULTS)
# Inputs that are not parameters: the claims register, the shipped scenarios and the multiverse's choices
# (data/choices.yaml). A chapter with CHOICES among its inputs shows the multiverse (claims/multiverse.py),
# which the build computes once and hands it; it must then read MULTIVERSE, the parameters the multiverse reads
# (the rest, the repeated row and the delegation sizes, it varies itself).
REGISTER, SCENARIOS, CHOICES = "register", "scenarios", "choices"
MULTIVERSE = ("table1", "table2", "codebook", "ruleset", "first_year", "last_year", "states", "domains")


@dataclass(frozen=True)
class Chapter:
    id: str  # the notebook's file name without .ipynb
    title: str
    reads: tuple[str, ...]  # run parameters the chapter reads
    inputs: tuple[str, ...] = (REGISTER,)  # other inputs: the claims register, the scenarios
    claims: str = ""  # the register's name for the claims this chapter tests ('' for none)
    wide: bool = False  # its tables need the screen's whole width: the web page drops its side column

    @property
    def notebook(self) -> str:
        return f"{self.id}.ipynb"


CHAPTERS = (
    Chapter("00_introduction", "Introduction", EVERYTHING),
    Chapter("01_dataset", "The dataset", SELECTION, claims="dataset"),
    Chapter("02_domains", "Domains", SELECTION + DELEGATIONS, claims="domains"),
    Chapter("03_officials", "Officials", SELECTION + DELEGATIONS, claims="officials"),
    Chapter("04_trends", "Trends", SELECTION, claims="trends"),
    Chapter("05_states_trainers", "States and trainers", SELECTION + DELEGATIONS, claims="states"),
    Chapter("06_security_curricula", "Security curricula", SELECTION + ("table2",), claims="curricula"),
    Chapter("07_claims_ledger", "The claims ledger", EVERYTHING, (REGISTER, CHOICES), wide=True),
    Chapter("08_robustness", "Under other assumptions", MULTIVERSE, (REGISTER, SCENARIOS, CHOICES), wide=True),
    Chapter("09_seminar_exercises", "Seminar exercises", SELECTION + DELEGATIONS, (REGISTER, SCENARIOS)),
    Chapter("10_claims_register", "The claims register", ()),
)

BY_ID = {c.id: c for c in CHAPTERS}


def chapter(chapter_id: str) -> Chapter:
    """The chapter with this id ('03_officials'); KeyError naming the known ids otherwise."""
    if chapter_id not in BY_ID:
        raise KeyError(f"no chapter {chapter_id!r}; the book's chapters are {sorted(BY_ID)}")
    return BY_ID[chapter_id]


# The register's chapters (claims.register.CHAPTERS) as readers meet them: each is tested by the book chapter
# whose `claims` it is; the paper's context, which no chapter tests, is listed by the claims ledger.
LEDGER = "07_claims_ledger"
CONTEXT_TITLE = "The paper's context"


def tested_in(claims_name):
    """The book chapter that shows a register chapter's claims: the one that tests them, else the ledger."""
    return next((c for c in CHAPTERS if c.claims and c.claims == claims_name), BY_ID[LEDGER])


def claims_title(claims_name):
    """A register chapter's name for readers: its book chapter's title ('States and trainers'), CONTEXT_TITLE for
    the register's claims that no chapter tests, None for a name the register does not know."""
    from ..claims.register import CHAPTERS as REGISTER_CHAPTERS

    chapter = tested_in(claims_name)
    if claims_name and chapter.claims == claims_name:
        return chapter.title
    return CONTEXT_TITLE if claims_name in REGISTER_CHAPTERS else None


def number(chapter):
    """A chapter's number in the book, as the table of contents numbers it (from its id: 03_officials is 3)."""
    return int(chapter.id[:2])
