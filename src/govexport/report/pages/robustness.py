"""Chapter 8, under other assumptions: every claim across its multiverse (grades, the single changes that flip
it, specification curves for the headline claims, an explorer), then the shipped scenarios side by side (the
atlas) and every testable claim's verdict under each of them (the robustness matrix)."""

import html
import json
import re
from functools import lru_cache

import pandas as pd

from ...analysis import officials, trends
from ...claims import robustness as claims_robustness
from ...claims.formatting import is_share
from ...claims.formatting import number as measure_number
from ...claims.multiverse import NOT_TESTABLE
from ...data.dataset import load_dataset
from ...params import DOMAINS
from ...paths import project_root
from ...scenarios import read_scenario
from .. import explorer as explorer_view
from .. import figures, reveal
from ..tables import Table, badge, grade_badge, legend, table
from ..text import MD, code, names, number, paragraphs, percent, plural, quote, sentences, signed

# The headline claims whose specification curves the chapter draws: (claim, the measure plotted (None: the
# claim's estimate, which for a comparison with another measure is their ratio), the axis label, figure name).
UNIVERSAL = ("coding", "parameter")  # the choice kinds every claim is judged under (claims/choices.py)
HEADLINES = (
    ("officials-total-1200", "officials", "Estimated officials", "fig-curve-officials"),
    ("security-majority-abstract", "security_share", "Security's share of the programs", "fig-curve-security"),
    ("trend-frequency-abstract", None, "Later yearly rate ÷ earlier yearly rate", "fig-curve-frequency"),
    ("trend-scope-abstract", "rapid_share", "Share of the scope measures that rose rapidly", "fig-curve-scope"),
)


# --- the multiverse ----------------------------------------------------------------------------------------


def _choice_count(m):
    return len(m.choices)


def multiverse_intro(run):
    m = run.multiverse
    table, summary = m.table, m.summary
    universal = [c for c in m.choices if c["kind"] in ("coding", "parameter")]
    universes = 1
    for c in universal:
        universes *= len(c["alternatives"])
    return paragraphs(
        sentences(
            MD(
                "This run's multiverse crosses {} of the analysis, declared with their alternatives in "
                "`data/choices.yaml`."
            ).format(plural(len(m.choices), "choice")),
            MD(
                "Every testable claim is judged under each of the {} combinations of the {} that bear on every "
                "claim ({}), and under each alternative of the choices that bear on it alone: {} of a claim under "
                "a specification in all, for {}."
            ).format(
                number(universes),
                plural(len(universal), "choice"),
                names([MD("{}").format(c["label"]) for c in universal]),
                plural(len(table), "evaluation"),
                plural(len(summary), "claim"),
            ),
            MD(
                "Most claims do not depend on every choice, so many of those evaluations repeat a result; the "
                "package ran {} and re-judged the rest on the same measures."
            ).format(
                plural(m.evaluations, "check"),
            ),
        ),
    )


def choices_table(run):
    rows = []
    for c in run.multiverse.choices:
        alternatives = c["alternatives"]
        reasons = {}
        for i, a in enumerate(alternatives):  # a grid shares one reason: shown once, with its range
            reasons.setdefault(a["reason"], []).append((i, a["label"]))
        for reason, items in reasons.items():
            labels = [label for _, label in items]
            shown = labels[0] if len(labels) == 1 else f"{labels[0]} to {labels[-1]} ({len(labels)} values)"
            default = next((label for i, label in items if i == c["default"]), "")
            rows.append(
                {
                    "choice": c["label"],
                    "alternative": shown,
                    "the book's": default,
                    "why it is defensible": reason,
                    "claims": "every testable claim" if c["kind"] in UNIVERSAL else ", ".join(c["claims"]),
                }
            )
    return table(pd.DataFrame(rows), explorable=True, hidden=("claims",))


def grades_text(run):
    grades = run.multiverse.grades
    parts = []
    for g in grades:
        floor = percent(g["floor"])
        if g["strict"]:
            bound = MD("more than {}").format(floor)
        elif g["floor"] > 0:
            bound = MD("at least {}").format(floor)
        else:
            bound = MD("none")
        parts.append(MD("**{}**: {} ({} of its specifications)").format(g["name"], g["meaning"], bound))
    return reveal.mentions(
        paragraphs(
            MD(
                "A claim holds under a specification when the ledger's rule, applied with that specification's "
                "thresholds to that specification's measures, finds it reproduced or approximately reproduced. Its "
                "grade follows from the share of its specifications under which it holds, counting only those that "
                "can test it:"
            ),
            MD("\n").join(MD("- ") + p for p in parts),
            MD("A claim that no specification can test is graded {}.").format(MD(NOT_TESTABLE)),
        )
    )


class GradeTable(Table):
    """Each claim's default verdict, share, grade and flips: verdict and grade as badges (hidden with the verdicts
    in the student edition); in print, words."""

    def _repr_html_(self):
        head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in self.frame.columns)
        rows = []
        for record in self.frame.itertuples(index=False):
            claim, verdict, share, grade, flips = record
            share, flips = (reveal.verdict(html.escape(str(v))) for v in (share, flips))
            rows.append(
                f'<tr><th scope="row" class="gx-claim">{html.escape(str(claim))}</th>'
                f'<td class="gx-verdict" data-label="verdict">{reveal.verdict(badge(verdict))}</td>'
                f'<td class="gx-num gx-verdict-text" data-label="holds in">{share}</td>'
                f'<td class="gx-verdict gx-grade-cell" data-label="grade">{reveal.verdict(grade_badge(grade))}</td>'
                f'<td class="gx-verdict-text" data-label="flipped by">{flips}</td></tr>'
            )
        return (
            f'<div class="gx-table-wrap"><table class="gx-table gx-explorable gx-grades"><thead><tr>{head}</tr>'
            f"</thead><tbody>{''.join(rows)}</tbody></table></div>"
        )

    def _repr_markdown_(self):
        frame = self.frame.copy()
        for column in frame.columns[1:]:  # all but the claim tell its verdict
            frame[column] = [reveal.verdict(v) for v in frame[column]]
        return Table(frame, numeric=self.numeric)._repr_markdown_()


def _flip_words(flips, choices):
    """'domain coding: rule set trainee-sector makes it not reproduced; …' from the summary's JSON."""
    labels = {c["id"]: c["label"] for c in choices}
    return "; ".join(f"{labels[f['choice']]} {f['alternative']}: {f['verdict']}" for f in json.loads(flips)) or (
        "no single change"
    )


def grades_table(run):
    m = run.multiverse
    s = m.summary
    shown = pd.DataFrame(
        {
            "claim": s["claim_id"],
            "verdict (book's choices)": s["default_verdict"],
            "holds in": [
                f"{percent(share)} of {number(n)}" if pd.notna(share) else "not testable"
                for share, n in zip(s["share_holds"], s["tested"])
            ],
            "grade": s["grade"],
            "one change that flips it": [_flip_words(f, m.choices) for f in s["flips"]],
        }
    )
    return GradeTable(shown, numeric=("holds in",), explorable=True)


def grades_summary(run):
    m = run.multiverse
    s = m.summary
    counts = s["grade"].value_counts()
    order = [g["name"] for g in m.grades] + [NOT_TESTABLE]
    held = s[s["default_verdict"].isin(["reproduced", "approximately reproduced"])]
    weak = held[~held["grade"].isin([m.grades[0]["name"]])]
    robust_name = m.grades[0]["name"]
    return MD('<div class="gx-verdict-text">\n\n{}\n\n</div>').format(
        reveal.verdict(
            sentences(
                MD("The {} grade as follows: {}.").format(
                    plural(len(s), "testable claim"),
                    names([MD("{} {}").format(MD(g), number(int(counts[g]))) for g in order if counts.get(g, 0)]),
                ),
                MD("Of the claims the book's own choices reproduce or approximately reproduce, {} not {}: {}.").format(
                    MD("{} are").format(number(len(weak))) if len(weak) != 1 else MD("1 is"),
                    MD(robust_name),
                    names([code(c) for c in weak["claim_id"]]),
                )
                if len(weak)
                else MD("Every claim the book's own choices reproduce or approximately reproduce is {}.").format(
                    MD(robust_name)
                ),
            )
        )
    )


# --- specification curves ----------------------------------------------------------------------------------


def _curve_frame(m, claim_id, measure):
    rows = m.table[m.table["claim_id"] == claim_id]
    bears = m.summary.set_index("claim_id").loc[claim_id, "bears_on"]
    bearing = [c for c in m.choices if c["id"] in str(bears).split("; ")]
    specs = rows.drop_duplicates(subset=[c["id"] for c in bearing]) if bearing else rows.iloc[:1]
    specs = specs.copy()
    if measure is None:
        specs["value"] = specs["estimate"].astype(float)
    else:
        specs["value"] = [json.loads(x).get(measure) for x in specs["measures"].astype(str)]
    specs["value"] = pd.to_numeric(specs["value"], errors="coerce")
    specs["verdict"] = specs["verdict"].astype(str)
    specs["default"] = specs["default"].astype(bool)
    if bearing:  # the default specification is the one at every default (duplicates kept the first)
        at = pd.Series(True, index=rows.index)
        for c in bearing:
            at &= rows[c["id"]].map(lambda v, c=c: _label_of(c, v)) == _label(c, c["default"])
        specs["default"] = specs.index.isin(rows.index[at])
    for c in bearing:
        specs[c["id"]] = specs[c["id"]].map(lambda v, c=c: _label_of(c, v))
    return specs.dropna(subset=["value"]), bearing


def _label(choice, index):
    return _label_of(choice, choice["values"][index] if choice["numeric"] else choice["alternatives"][index]["label"])


def _label_of(choice, value):
    if choice["numeric"]:
        return measure_number(float(value))
    return str(value)


def _references(run, claim_id, measure):
    """Lines across the curve: the constants the claim's criterion compares the plotted value with."""
    claim = run.claim(claim_id)
    out = []
    for reading in claim["criterion"]["readings"]:
        for c in reading["require"]:
            value = c["value"]
            if measure is None and isinstance(value, dict) and c is reading["require"][0]:
                out.append((float(value.get("times", 1)), f"× {measure_number(value.get('times', 1))}"))
            elif c["measure"] == measure and not isinstance(value, dict):
                centre = claim["paper_value"] if value == "paper" else value
                if c["op"] == "within":
                    tolerance = str(c["tolerance"])
                    width = centre * float(tolerance.rstrip("%")) / 100 if tolerance.endswith("%") else float(tolerance)
                    out += [
                        (centre - width, f"{measure_number(centre)} − {tolerance}"),
                        (centre + width, f"{measure_number(centre)} + {tolerance}"),
                    ]
                else:
                    out.append((float(centre), f"{c['op']} {measure_number(centre, measure)}"))
    return list(dict.fromkeys(out))


def _curve(run, claim_id, measure, value_label, name):
    m = run.multiverse
    specs, bearing = _curve_frame(m, claim_id, measure)
    panels = [
        (c["id"], c["label"], [_label(c, i) for i in range(len(c["alternatives"]))], _label(c, c["default"]))
        for c in bearing
    ]
    references = _references(run, claim_id, measure)
    counts = specs["verdict"].value_counts()
    default = specs[specs["default"]]
    quote_ = run.claim(claim_id)["quote"]
    caption = MD(
        "Specification curve of {} ({}): its value in each of the {} that differ in a choice bearing on "
        "it, in increasing order, marked by the verdict; beneath, the alternative each one takes for {}."
    ).format(
        code(claim_id),
        quote(quote_ if len(quote_) <= 90 else quote_[:89] + "…"),
        plural(len(specs), "specification"),
        names([MD(c["label"]) for c in bearing]) if bearing else MD("no choice"),
    )
    shown = (lambda v: measure_number(v, measure or "")) if measure else (lambda v: measure_number(v))
    alt = (
        f"A dot plot of {len(specs)} specifications of claim {claim_id}, ordered by {value_label.lower()}, from "
        f"{shown(specs['value'].min())} to {shown(specs['value'].max())}; "
        + ", ".join(f"{n} {v}" for v, n in counts.items())
        + (f"; the book's own specification gives {shown(default['value'].iloc[0])}" if len(default) else "")
        + (f"; reference lines at {', '.join(label for _, label in references)}" if references else "")
        + ". Beneath, rows of ticks show which alternative of "
        + (", ".join(c["label"] for c in bearing) or "each choice")
        + " each specification takes."
    )
    share = bool(measure) and is_share(measure)
    return run.figure(
        name,
        caption,
        alt,
        lambda: figures.specification_curve(specs, value_label, panels, references, share),
        reveals=reveal.VERDICT,  # each dot marked by its verdict
    )


def curve_officials(run):
    return _curve(run, *HEADLINES[0])


def curve_security(run):
    return _curve(run, *HEADLINES[1])


def curve_frequency(run):
    return _curve(run, *HEADLINES[2])


def curve_scope(run):
    return _curve(run, *HEADLINES[3])


# --- the explorer ------------------------------------------------------------------------------------------


def explorer_text(run):
    view = _explorer(run)
    m = run.multiverse
    return sentences(
        MD(
            "Pick an alternative in any menu and every claim's value and verdict change at once; a verdict in bold "
            "differs from the one the book's own choices give."
        ),
        MD(
            "The explorer reads the precomputed multiverse ({} for its {}, {} of data in the page) and runs in the "
            "browser with no connection, on the vega, vega-lite and vega-embed files the book ships."
        ).format(
            plural(view.rows, "distinct row"),
            plural(len(m.summary), "claim"),
            MD(f"{view.payload_bytes() / 1000:,.0f} kB"),
        ),
    )


@lru_cache(maxsize=1)
def _explorer(run):
    """The chapter's explorer, made once per run (its text says how large it is), as domains.py caches a run's
    codings: no attribute is set on the run."""
    m = run.multiverse
    return explorer_view.explorer(
        m,
        list(m.summary["claim_id"]),
        "Every testable claim under the choices you pick",
        "The explorer lets a reader of the web edition pick each choice and see every claim's value and verdict; "
        "in print, the table of grades above and the file multiverse.parquet give the same results.",
    )


class SealedExplorer:
    """The explorer as a verdict: every specification's verdict, sealed in the student edition (on reveal,
    student.js runs its scripts)."""

    def __init__(self, view):
        self.view = view

    def _repr_html_(self):
        return reveal.verdict(self.view._repr_html_())

    def _repr_markdown_(self):
        return self.view._repr_markdown_()

    def __repr__(self):
        return repr(self.view)


def explorer(run):
    return SealedExplorer(_explorer(run))


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
        ledger = claims_robustness.ledger_of(given, project_root(), kept=_LEDGERS, data=data)
        verdicts = ledger["verdict"].value_counts()
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
    other = [n for n, _, given in _scenarios() if not claims_robustness.on_paper_data(given)]
    moved = [
        s
        for s in atlas.index
        if s != "default" and s not in other and atlas.loc[s, "reproduced"] != default["reproduced"]
    ]
    return sentences(
        reveal.verdict(
            MD("In the default run, {} of the testable claims are reproduced.").format(
                number(int(default["reproduced"]))
            )
        ),
        MD(
            "{} other tables than the paper's ({}): a workflow example, not an assumption about the paper's data, "
            "it is left out of every count below and of the matrix."
        ).format(
            MD("One scenario analyses") if len(other) == 1 else MD("{} scenarios analyse").format(number(len(other))),
            names([code(n) for n in other]),
        )
        if other
        else "",
        reveal.verdict(
            MD("Among the scenarios on the paper's tables, the count of reproduced claims moves in {}: {}.").format(
                plural(len(moved), "scenario"),
                names([MD("`{}` ({})").format(MD(s), number(int(atlas.loc[s, "reproduced"]))) for s in moved]),
            )
            if moved
            else MD("No scenario on the paper's tables changes the count of reproduced claims.")
        ),
    )


@lru_cache(maxsize=1)
def _matrix():
    return claims_robustness.robustness(kept=_LEDGERS)


_LEDGERS: dict = {}  # the runs' ledgers, computed once for the atlas and the matrix (claims_robustness.ledger_of)


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
