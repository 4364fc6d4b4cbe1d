"""Chapter 9, seminar exercises: each names a shipped scenario; its solution is computed from that scenario with
the same functions as the chapters (the student edition leaves the solutions out)."""

import math
from functools import lru_cache

from ...analysis import officials
from ...claims import ledger as claims_ledger
from ...claims import paper_context as context
from ...claims.register import paper_assumptions
from ...data.dataset import load_dataset
from ...params import DOMAINS
from ...paths import project_root
from ...scenarios import read_scenario
from ..text import MD, code, names, number, percent, plural, sentences, span, year


@lru_cache(maxsize=8)
def _scenario(name):
    """The dataset and ledger (indexed by claim id) of a shipped scenario, or of the default run."""
    given = {} if name == "default" else read_scenario(project_root() / "scenarios" / f"{name}.yaml")["parameters"]
    data = load_dataset(given)
    return data, claims_ledger.ledger(data).set_index("claim_id")


def _solution(*parts):
    return MD("**Solution.** ") + sentences(*parts)


def _verdict(ledger, claim_id):
    row = ledger.loc[claim_id]
    return MD("*{}*").format(MD(row["verdict"])) + (
        MD(" ({})").format(row["reading"].rstrip(".")) if row.get("reading") else MD("")
    )


def officials_prompt(run):
    paper = paper_assumptions()
    small, _ = _scenario("small-delegations")
    return sentences(
        MD("The paper assumes {} per single-state program and {} per state in multi-state programs.").format(
            plural(paper["single"], "official"), number(paper["multi"])
        ),
        MD(
            "Build {} ({} and {}). What is the estimate now? Write the change as a formula in the number of "
            "single-state programs and multi-state delegations, and check it against the ledger."
        ).format(
            code("scenarios/small-delegations.yaml"),
            plural(small.params["delegation_single"], "official"),
            number(small.params["delegation_multi"]),
        ),
    )


def officials_solution(run):
    default, _ = _scenario("default")
    small, small_ledger = _scenario("small-delegations")
    ds = default.params["delegation_single"] - small.params["delegation_single"]
    dm = default.params["delegation_multi"] - small.params["delegation_multi"]
    e0 = officials.estimate(
        default.program_states, default.params["delegation_single"], default.params["delegation_multi"]
    )
    e1 = officials.estimate(small.program_states, small.params["delegation_single"], small.params["delegation_multi"])
    return _solution(
        MD("The estimate falls from {} to {}.").format(number(e0["total"], 1), number(e1["total"], 1)),
        MD(
            "Each of the {} single-state programs sends {} fewer officials and each of the {} multi-state delegations "
            "{} fewer, so the drop is {} × {} + {} × {} = {}."
        ).format(
            number(e0["single_state_programs"]),
            number(ds, 1),
            number(e0["multi_state_delegations"]),
            number(dm, 1),
            number(e0["single_state_programs"]),
            number(ds, 1),
            number(e0["multi_state_delegations"]),
            number(dm, 1),
            number(e0["total"] - e1["total"], 1),
        ),
        MD(
            "The ledger's verdict on \"roughly around\" the paper's total becomes {}: the paper's figure is only as "
            "good as its assumed delegation sizes, which it does not source."
        ).format(_verdict(small_ledger, "officials-total-1200")),
    )


def duplicate_prompt(run):
    return MD(
        "Table 1's first two rows are identical. Build {}. Which claims change value or verdict? Is the paper's "
        "count of programs a count of programs or of printed rows?"
    ).format(code("scenarios/no-duplicate.yaml"))


def duplicate_solution(run):
    _, default_ledger = _scenario("default")
    nodup, nodup_ledger = _scenario("no-duplicate")
    changed = [
        c
        for c in default_ledger.index
        if (default_ledger.loc[c, ["value", "verdict"]] != nodup_ledger.loc[c, ["value", "verdict"]]).any()
    ]
    return _solution(
        MD("{} change: {}.").format(plural(len(changed), "claim"), names([code(c) for c in changed])),
        MD("Without the repeat the table holds {}, so the paper's count is a count of printed rows.").format(
            plural(len(nodup.programs), "program")
        ),
        MD(
            "Whether the repeat is an error or two courses in one month cannot be told from the table: a good question "
            "for the author, and a reason to report counts with their source rows."
        ),
    )


def coding_prompt(run):
    return MD(
        "The paper's split codes programs mostly by the Chinese institution that ran them. Build {}, which codes "
        "them by the sector of the officials trained. Is security still the largest domain? A majority?"
    ).format(code("scenarios/trainee-sector.yaml"))


def coding_solution(run):
    default, _ = _scenario("default")
    sector, sector_ledger = _scenario("trainee-sector")
    split = sector.programs["domain"].value_counts().reindex(list(DOMAINS), fill_value=0)
    top = split[split == split.max()].index.tolist()
    lead = (
        MD("security is the largest domain")
        if top == ["security"]
        else MD("security ties for largest with {}").format(names([d for d in top if d != "security"]))
        if "security" in top
        else MD("security is not the largest domain ({} {} larger)").format(
            names(top), MD("is" if len(top) == 1 else "are")
        )
    )
    return _solution(
        MD("Coded by trainee sector the split is {}, so {}.").format(
            names([MD("{} {}").format(MD(d), number(n)) for d, n in split.items()]), lead
        ),
        MD(
            "Security's share is {} against {} under the paper's coding, and the ledger's verdict on the abstract's "
            '"majority" is {}.'
        ).format(
            percent((sector.programs["domain"] == "security").mean()),
            percent((default.programs["domain"] == "security").mean()),
            _verdict(sector_ledger, "security-majority-abstract"),
        ),
        MD("The headline depends on a coding choice the paper does not spell out."),
    )


def trend_prompt(run):
    recent, _ = _scenario("years-2014-2019")
    return MD(
        "Build {} ({} only). Does the frequency claim still hold when the sparse early years and the partial "
        "last year are left out? What else could make recent programs more numerous in a table compiled from "
        "what is online?"
    ).format(code("scenarios/years-2014-2019.yaml"), span(recent.params["first_year"], recent.params["last_year"]))


def trend_solution(run):
    default, default_ledger = _scenario("default")
    _, recent_ledger = _scenario("years-2014-2019")
    return _solution(
        MD(
            "Over the whole table the halves hold {}; within the scenario's years, {} ({}), and the verdict is {}."
        ).format(
            MD(default_ledger.loc["trend-frequency-abstract", "value"]),
            MD(recent_ledger.loc["trend-frequency-abstract", "value"] or "nothing to compare"),
            MD(recent_ledger.loc["trend-frequency-abstract", "reason"].rstrip(".")),
            _verdict(recent_ledger, "trend-frequency-abstract"),
        ),
        MD(
            "Records of recent programs are also more likely to still be online than those of {}: a count of records "
            "rising is not by itself a count of programs rising."
        ).format(year(default.programs["year"].min())),
    )


def fraction_prompt(run):
    kyrgyz = next(f for f in context.reported_figures() if f["state"] == "Kyrgyzstan")
    return MD(
        "The paper sets its estimate against reports of over {} Kyrgyz officials trained in {}. Using the "
        "extended-table workflow ({} shows the format, with invented rows), how many more single-state Kyrgyz "
        "programs of that period would the table need before it accounted for that many officials at the "
        "paper's delegation size?"
    ).format(number(kyrgyz["reported"]), span(*kyrgyz["years"]), code("scenarios/extended-table.yaml"))


def fraction_solution(run):
    default, _ = _scenario("default")
    kyrgyz = next(f for f in context.reported_figures() if f["state"] == "Kyrgyzstan")
    p = default.params
    in_table = officials.state_total(
        default.program_states, "Kyrgyzstan", p["delegation_single"], p["delegation_multi"], kyrgyz["years"]
    )
    needed = max(0, math.ceil((kyrgyz["reported"] - in_table) / p["delegation_single"]))
    return _solution(
        MD("The table accounts for about {} Kyrgyz officials in {} ({} of the reported figure).").format(
            number(in_table, 1), span(*kyrgyz["years"]), percent(in_table / kyrgyz["reported"])
        ),
        MD("At {} a program it would need {} more single-state Kyrgyz programs in those years.").format(
            plural(p["delegation_single"], "official"), number(needed)
        ),
        MD(
            "The table documents only what could be identified as government-led, which is the paper's own "
            "explanation of the gap."
        ),
    )
