"""Chapter 8, under other assumptions: the shipped scenarios side by side (the atlas), and every testable
claim's verdict under each scenario and rule set (the robustness matrix)."""

import html
import re
from functools import lru_cache

import pandas as pd

from ...analysis import officials, trends
from ...claims import ledger as claims_ledger
from ...claims import robustness as claims_robustness
from ...data.dataset import load_dataset
from ...params import DOMAINS
from ...paths import project_root
from ...scenarios import read_scenario
from .. import reveal
from ..tables import Table, badge, legend, table
from ..text import MD, names, number, paragraphs, plural, sentences, signed


@lru_cache(maxsize=1)
def _scenarios():
    """(name, description, parameters) of the default run and every shipped scenario, in file order."""
    root = project_root()
    out = [("default", "The paper's data and parameters.", {})]
    for path in sorted((root / "scenarios").glob("*.yaml")):
        doc = read_scenario(path)
        out.append((doc["name"], doc["description"], doc["parameters"]))
    return tuple(out)


TESTABLE_VERDICTS = ("reproduced", "approximately reproduced", "not reproduced", "not testable in this run")


@lru_cache(maxsize=1)
def _atlas():
    rows = []
    for name, description, given in _scenarios():
        data = load_dataset(given)
        p = data.params
        split = data.programs["domain"].value_counts().reindex(list(DOMAINS), fill_value=0)
        est = officials.estimate(data.program_states, p["delegation_single"], p["delegation_multi"])["total"]
        first, last = trends.complete_range(data.coded, p["first_year"], p["last_year"])
        slope = trends.slope(*_yearly(data, first, last)) if last > first else None
        verdicts = claims_ledger.ledger(data)["verdict"].value_counts()
        rows.append(
            {
                "scenario": name,
                "what it changes": description,
                "programs": number(len(data.programs)),
                "security / trade / legal / other": " / ".join(str(int(split[d])) for d in DOMAINS),
                "officials (estimate)": number(est, 1),
                "programs a year, trend": "not testable" if slope is None else str(signed(slope)),
                VERDICT_COUNTS: " / ".join(str(int(verdicts.get(v, 0))) for v in TESTABLE_VERDICTS),
                "reproduced": int(verdicts.get("reproduced", 0)),
            }
        )
    return pd.DataFrame(rows)


def _yearly(data, first, last):
    yearly = trends.per_year(data.programs, first, last)
    return yearly["year"], yearly["programs"]


def atlas_intro(run):
    names_ = [name for name, _, _ in _scenarios() if name != "default"]
    return MD(
        "The book ships {} (in `scenarios/`), each a set of parameters that changes one assumption. The atlas "
        "sets their headline results beside the default run's, computed in this book's run with the same "
        "functions as the chapters; build any of them as a book with `govexport book --scenario "
        "scenarios/<name>.yaml`."
    ).format(plural(len(names_), "scenario"))


# The atlas's columns that answer an exercise for a scenario (its results, which the exercises ask students to
# find by building it) and the column of verdict counts: sealed in the student edition (report/reveal.py).
RESULTS = ("programs", "security / trade / legal / other", "officials (estimate)", "programs a year, trend")
VERDICT_COUNTS = "testable claims: reproduced / approximately / not / not testable here"


def atlas_table(run):
    atlas = _atlas().drop(columns="reproduced")
    scenario = atlas["scenario"] != "default"
    for column in RESULTS:
        atlas[column] = [reveal.answer(v) if s else v for v, s in zip(atlas[column], scenario)]
    atlas[VERDICT_COUNTS] = [reveal.verdict(v) for v in atlas[VERDICT_COUNTS]]
    atlas = atlas.rename(columns={VERDICT_COUNTS: reveal.mentions(VERDICT_COUNTS)})
    return table(atlas, numeric=("programs", "officials (estimate)", "programs a year, trend"))


def atlas_text(run):
    atlas = _atlas().set_index("scenario")
    default = atlas.loc["default"]
    moved = [s for s in atlas.index if s != "default" and atlas.loc[s, "reproduced"] != default["reproduced"]]
    return reveal.verdict(
        sentences(
            MD("In the default run, {} of the testable claims are reproduced.").format(
                number(int(default["reproduced"]))
            ),
            MD("The count of reproduced claims moves in {}: {}.").format(
                plural(len(moved), "scenario"),
                names([MD("`{}` ({})").format(MD(s), number(int(atlas.loc[s, "reproduced"]))) for s in moved]),
            )
            if moved
            else MD("No scenario changes the count of reproduced claims."),
        )
    )


@lru_cache(maxsize=1)
def _matrix():
    return claims_robustness.robustness()


# The matrix in print, where twelve columns of words cannot fit: one mark per verdict, with a legend.
# (Marks every print font has: the PDF's TeX Gyre lacks ✗ and ○.)
MARKS = {
    "reproduced": "✓",
    "approximately reproduced": "≈",
    "not reproduced": "×",
    "not testable with this data": "–",
    "not testable in this run": "·",
}


class RobustnessTable(Table):
    """The claim x assumption matrix: on screen each cell a verdict badge (words and colour); in print a mark."""

    def _repr_markdown_(self):
        legend = reveal.mentions("Marks: " + "; ".join(f"{mark} {verdict}" for verdict, mark in MARKS.items()) + ".")
        frame = self.frame.copy()
        for column in frame.columns[1:]:
            frame[column] = [reveal.verdict(MARKS.get(v, v)) for v in frame[column]]
        # Words, not hyphenated names, in the headers: TeX breaks a hyphenated name only at its hyphens, so in a
        # narrow column "extended-table" ran into the next one; "extended table" it hyphenates as it must.
        frame.columns = [re.sub(r"(?<=[^\W\d])[-_](?=[^\W\d])", " ", str(c)) for c in frame.columns]
        return legend + "\n\n" + Table(frame)._repr_markdown_()

    def _repr_html_(self):
        head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in self.frame.columns)
        rows = []
        for record in self.frame.itertuples(index=False):
            cells = [f'<th scope="row" class="gx-claim">{html.escape(str(record[0]))}</th>']
            cells += [
                f'<td class="gx-verdict" data-label="{html.escape(str(c))}">{reveal.verdict(badge(v))}</td>'
                for c, v in zip(self.frame.columns[1:], record[1:])
            ]
            rows.append("<tr>" + "".join(cells) + "</tr>")
        return (
            legend() + f'<div class="gx-table-wrap"><table class="gx-table gx-robustness"><thead><tr>{head}'
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        )


def robustness_table(run):
    matrix = _matrix()
    return RobustnessTable(matrix.rename(columns={"claim_id": "claim"}).reset_index(drop=True))


def robustness_text(run):
    matrix = _matrix().set_index("claim_id")
    stable = [c for c in matrix.index if matrix.loc[c].nunique() == 1]
    flips = [c for c in matrix.index if matrix.loc[c].nunique() > 1]
    default_reproduced = matrix.index[matrix["default"] == "reproduced"]
    survive = [c for c in default_reproduced if (matrix.loc[c] == "reproduced").all()]
    return paragraphs(
        reveal.verdict(
            sentences(
                MD("Of the {}, {} the same verdict under every scenario and rule set, and {} change.").format(
                    plural(len(matrix), "testable claim"),
                    MD("{} keep").format(number(len(stable))) if len(stable) != 1 else MD("1 keeps"),
                    number(len(flips)),
                ),
                MD("Of the claims reproduced in the default run, {} under every assumption: {}.").format(
                    MD("{} stay reproduced").format(number(len(survive)))
                    if len(survive) != 1
                    else MD("1 stays reproduced"),
                    names([MD(f"`{c}`") for c in survive]),
                ),
            )
        ),
        reveal.mentions(
            MD(
                "A verdict that changes is not a refutation: a scenario such as `security-only` or `years-2014-2019` "
                "removes the very programs a claim is about, and the ledger then calls it not testable in this run. "
                "The rows to read first are those that turn from reproduced to not reproduced under a defensible "
                "alternative, such as the trainee-sector coding."
            )
        ),
    )
