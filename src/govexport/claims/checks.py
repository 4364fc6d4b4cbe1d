"""One check per testable claim of data/claims.yaml: it measures, and says in one line what it measured.

A check returns named measurements (the names its claim's criterion reads), this run's value for the
ledger and a reason; verdict.judge applies the criterion. Checks hold no thresholds, windows or search
patterns: those are the register's (a claim's `inputs`, `reported` and `criterion`), and a test fails
if this module contains a number other than 0 or 1.

A check returns `not_in_run(reason)` when the run has nothing to compare: a figure for the whole of
Table 1 in a run that selects part of it, a comparison of domains in a run of one domain, a trend
over fewer than two complete years, a state the run leaves out.
"""

import calendar
import functools
import re
from collections import ChainMap
from collections.abc import Callable, Mapping

import pandas as pd

from ..analysis import audit, curricula, dating, domains, officials, trends
from ..data.coding import code_programs, program_states
from ..data.dataset import SELECT_READS, Dataset, select
from ..params import hashable
from .derived import derived
from .formatting import Measure, amount, counted, many, percent, readable, value_text
from .register import by_id, paper_split, reported
from .verdict import Claim, Register, Result, compare, not_in_run

# A check: the run's dataset, the claim's register entry and the whole register -> what it measured.
Check = Callable[[Dataset, Claim, Register], Result]
# What a check's measures are, for readers: {measure name: Measure}, or a function of (claim, register) making it.
Measures = Mapping[str, Measure] | Callable[[Claim, Register | None], Mapping[str, Measure]]

CHECKS: dict[str, Check] = {}  # claim id -> its check
MEASURES: dict[Check, Measures] = {}  # check function -> its measures
SECURITY = "security"  # the domain the paper's security claims are about


def check(*ids: str, measures: Measures | None = None) -> Callable[[Check], Check]:
    """Register a check for the claims `ids`, declaring what each measure it returns is, for readers:
    `measures` maps a name to its Measure (label and kind), or is a function of (claim, register) that
    builds that mapping from the register (for measures named after a reported figure)."""

    def register(function: Check) -> Check:
        for claim_id in ids:
            CHECKS[claim_id] = function
        MEASURES[function] = measures or {}
        return function

    return register


def labels_for(claim: Claim, register: Register | None = None) -> Mapping[str, Measure]:
    """What the measures of a claim's check are, as {name: Measure}; {} for a claim without a check."""
    function = check_for(claim)
    declared = MEASURES.get(function, {}) if function else {}
    return declared(claim, register) if callable(declared) else declared


def whole_table(function):
    """For the check of a figure about the whole of Table 1: 'not testable in this run' in a run that selects
    part of the table (partial_table says which part), the check itself otherwise."""

    @functools.wraps(function)
    def checked(data, claim, register):
        why = partial_table(data)
        return not_in_run(why) if why else function(data, claim, register)

    return checked


def check_for(claim: Claim) -> Check | None:
    """The check of a claim, or of the claim it repeats (`same_as`); None when it has none."""
    return CHECKS.get(claim["id"]) or CHECKS.get(claim.get("same_as", ""))


def evaluate(claim: Claim, data: Dataset, register: Register) -> Result | None:
    """The claim's check applied to the run (None for a claim without a check)."""
    function = check_for(claim)
    return function(data, claim, register) if function else None


# --- what a run can test -----------------------------------------------------------------------------


def partial_table(data):
    """Why the run cannot test a figure about the whole of Table 1 (it selects part of it), or None."""
    p, coded = data.params, data.coded
    years = coded["year"].min(), coded["year"].max()
    everything = p["states"] == "all" and p["domains"] == "all" and p["first_year"] <= years[0]
    if (everything and p["last_year"] >= years[1]) or len(
        select(coded, ChainMap({"duplicates": "keep"}, p))  # reads only what select reads
    ) == len(coded):
        return None
    parts = []
    if p["first_year"] > years[0] or p["last_year"] < years[1]:
        parts.append(f"years {p['first_year']}–{p['last_year']}")
    for name in ("states", "domains"):
        if p[name] != "all":
            parts.append(f"{name} {', '.join(p[name])}")
    return f"the run selects part of Table 1 ({'; '.join(parts)}), so it cannot test a figure for the whole table"


def one_domain(data):
    """Why the run cannot compare domains (it selects some, or its programs fall in one), or None."""
    if data.params["domains"] != "all":
        chosen = data.params["domains"]
        return (
            f"the run selects {'the domain' if len(chosen) == 1 else 'the domains'} {', '.join(chosen)}, so it "
            f"cannot compare all four"
        )
    present = data.programs["domain"].unique()
    if len(present) <= 1:
        return f"the run's programs all fall in one domain ({', '.join(present)})"
    return None


def complete_years(data):
    """The run's complete years as (first, last), or None when there are fewer than two."""
    if data.programs.empty:
        return None
    # completeness is a property of the compilation: judged on the whole coded table (see trends.complete_range)
    years = data.params["first_year"], data.params["last_year"]
    first, last = derived("complete years", (data.coded,), years, lambda: trends.complete_range(data.coded, *years))
    return (first, last) if last - first >= 1 else None


TOO_FEW_YEARS = "the run covers fewer than two complete years, so it has no earlier and later half to compare"


def state_absent(data, state):
    """Why `state` cannot be compared in this run (left out by the parameters, or without a program), or None."""
    if data.params["states"] != "all" and state not in data.params["states"]:
        return f"{state} is not among the run's states"
    if state not in set(data.program_states["state"]):
        return f"the run has no program with {state}"
    return None


def window_outside(data, years):
    """Why the run's years do not cover a reported figure's window (first, last), or None."""
    p = data.params
    if years and officials.overlap(years, p["first_year"], p["last_year"]) != tuple(years):
        if p["first_year"] == p["last_year"]:
            return f"the run's one year, {p['first_year']}, does not cover {span(years)}"
        return f"the run's years {span((p['first_year'], p['last_year']))} do not cover {span(years)}"
    return None


def span(years):
    return f"{years[0]}–{years[1]}" if years[0] != years[1] else str(years[0])


def lead_text(d, unit):
    """'ahead by 2 programs', 'tied in programs', 'behind by 1 program': a tie is never a lead."""
    if d == 0:
        return f"tied in {unit}"
    return f"{'ahead' if d > 0 else 'behind'} by {amount(abs(d))} {unit[:-1] if abs(d) == 1 else unit}"


def ids(frame):
    return ", ".join(frame["program_id"]) or "none"


# --- the dataset ---------------------------------------------------------------------------------------


@check("programs-total-abstract", measures={"programs": Measure("rows of Table 1")})
@whole_table
def programs_total(data, claim, register):
    n = len(data.programs)
    repeats = int((data.programs["duplicate_of"] != "").sum())
    return Result(n, {"programs": n}, f"rows of Table 1 analysed ({repeats} an exact repeat of an earlier row)")


@check("first-year-abstract", measures={"first_year": Measure("the earliest year of Table 1", "year")})
@whole_table
def first_year(data, claim, register):
    year = int(data.programs["year"].min())
    return Result(year, {"first_year": year}, "earliest year in the Date column")


@check("last-year-abstract", measures={"last_year": Measure("the latest year of Table 1", "year")})
@whole_table
def last_year(data, claim, register):
    cov = audit.last_year_coverage(data.programs)
    return Result(
        cov["last_year"],
        {"last_year": cov["last_year"]},
        f"latest year in the Date column; it holds {counted(cov['programs_in_last_year'], 'program')}, "
        f"the last in {cov['last_month_name']}",
    )


# --- domains -------------------------------------------------------------------------------------------

_FITS: dict[
    tuple, str
] = {}  # (rule set, coded rows) -> how many codings give the paper's split: enumerated once per distinct run


def codings_that_fit(data, register):
    """'7 of 1,024 codings ...': how many codings of the uncertain programs give the paper's split ('' if too many)."""
    ruleset = data.params["ruleset"]
    key = (
        ruleset,
        str(data.files.get("domain_rules")),
        tuple(data.programs[["program_id", "trainer", "trainee", "domain"]].itertuples(index=False)),
    )
    if key not in _FITS:
        uncertain = domains.uncertain_programs(data.programs, data.codebook, ruleset)
        codings, tried = domains.consistent_codings(data.programs, uncertain, paper_split(register))
        groups, fit = len(domains.uncertain_groups(uncertain)), domains.coding_count(codings)
        _FITS[key] = (
            f"{readable(fit)} of the "
            f"{many(tried, 'coding', base=len(domains.DOMAINS), exponent=groups)} of "
            f"its {counted(len(uncertain), 'uncertain program')} ({counted(groups, 'trainer group')}, one "
            f"domain each) {'gives' if fit == 1 else 'give'} the paper's split"
        )
    return _FITS[key]


@check(
    "domain-security-24",
    "domain-trade-22",
    "domain-legal-9",
    "domain-other-4",
    measures={"programs_in_domain": Measure("programs coded in the domain")},
)
@whole_table
def domain_count(data, claim, register):
    name = claim["inputs"]["domain"]
    coded = data.programs[data.programs["domain"] == name]
    rules = sorted(coded["domain_rule"].unique())
    reason = f"coded by the rules {', '.join(rules) or 'none'}"
    if data.params["ruleset"] in claim.get("by_construction", []):
        fit = codings_that_fit(data, register)
        reason += f"; {fit}" if fit else ""
    return Result(len(coded), {"programs_in_domain": len(coded)}, reason)


@check(
    "domains-sum-59",
    measures={"programs": Measure("rows of Table 1"), "paper_sum": Measure("the paper's four domain counts added up")},
)
@whole_table
def domains_sum(data, claim, register):
    paper = paper_split(register)
    ours = domains.domain_counts(data.programs)
    return Result(
        len(data.programs),
        {"programs": len(data.programs), "paper_sum": sum(paper.values())},
        f"the paper's {' + '.join(map(str, paper.values()))} = {sum(paper.values())}; Table 1 has "
        f"{counted(len(data.programs), 'row')}, coded {' + '.join(map(str, ours['programs']))} over the "
        f"four domains",
    )


@check(
    "domain-other-fields",
    measures={
        "fields_missing": Measure("the paper's fields without a trainer coded other"),
        "trainers_unexplained": Measure("trainers coded other outside the paper's fields"),
    },
)
@whole_table
def other_fields(data, claim, register):
    fields = claim["inputs"]["fields"]
    trainers = sorted(data.programs.loc[data.programs["domain"] == claim["inputs"]["domain"], "trainer"].unique())
    found = [label for label, pattern in fields.items() if any(re.search(pattern, t) for t in trainers)]
    unexplained = [t for t in trainers if not any(re.search(p, t) for p in fields.values())]
    return Result(
        ", ".join(found) or "none",
        {"fields_missing": len(fields) - len(found), "trainers_unexplained": len(unexplained)},
        f"trainers of programs coded {claim['inputs']['domain']}: {', '.join(trainers) or 'none'}"
        + (f"; in none of the paper's fields: {', '.join(unexplained)}" if unexplained else ""),
    )


def under_other_coding(data, claim):
    """The run's programs and delegations coded by the claim's `other_ruleset` instead of the run's, as (programs,
    program_states, the rule set's name), or None when the run codes with it already or the codebook lacks it."""
    other = claim.get("inputs", {}).get("other_ruleset")
    if not other or other == data.params["ruleset"] or other not in data.codebook.rulesets:
        return None
    chosen = {name: data.params[name] for name in SELECT_READS}

    def recode():
        coded = code_programs(data.table1, data.codebook, other, file=str(data.files.get("table1", "")))
        programs = select(coded, chosen)
        return programs, program_states(programs), other

    key = (other, *(hashable(v) for v in chosen.values()))
    return derived("other coding", (data.table1, data.codebook), key, recode)


def other_coding_text(data, claim, officials_too=False):
    """'; under the trainee_sector coding security has 21 programs, tied with other' ('' when there is none)."""
    found = under_other_coding(data, claim)
    if found is None:
        return ""
    programs, long, name = found
    counts = domain_counts(programs)
    text = f"; coded by the {data.codebook.label(name)} rule set, security is {lead_text(lead(counts), 'programs')}"
    if officials_too:
        p = data.params
        by_officials = domain_officials(long, p["delegation_single"], p["delegation_multi"])
        text += f" and {lead_text(lead(by_officials), 'estimated officials')}"
    return text


def catch_all_coded(data):
    """The run's programs coded by a catch-all rule of its rule set (a rule whose pattern matches anything)."""
    name = data.params["ruleset"]

    def caught():
        rules = data.codebook.ruleset(name)
        return data.programs[data.programs["domain_rule"].isin(domains.catch_all_rules(rules))]

    return derived("catch-all coded", (data.programs, data.codebook), (name,), caught)


@check("security-majority-abstract", measures={"security_share": Measure("security's share of the programs", "share")})
def security_majority(data, claim, register):
    why = one_domain(data)
    if why:
        return not_in_run(why)
    counts = domains.domain_counts(data.programs).set_index("domain")["programs"]
    s = domains.standing(counts, SECURITY)
    others = counts.drop(index=SECURITY)
    runner_up = others[others == others.max()].index.tolist()
    caught = catch_all_coded(data)
    caught = caught[caught["domain"] == SECURITY]
    paper = paper_split(register)
    plurality = "a plurality, the weaker claim," if s["margin"] > 0 else "not even a plurality"
    reason = (
        f"security has {s['programs']} of {counted(s['total'], 'program')} ({percent(s['share'])}), "
        f"{lead_text(s['margin'], 'programs')} of {' and '.join(runner_up)} ({others.max()}): {plurality} "
        f"which the verdict does not count; the paper's own counts give {paper[SECURITY]} of "
        f"{sum(paper.values())} ({percent(paper[SECURITY] / sum(paper.values()))}); "
    )
    if len(caught):
        reason += (
            f"{len(caught)} of the run's security programs "
            f"({', '.join(caught['program_id'] + ' ' + caught['trainer'])}) are security only by the catch-all "
            f"rule {', '.join(sorted(caught['domain_rule'].unique()))}; without them security has "
            f"{s['programs'] - len(caught)}"
        )
    else:
        reason += "none of the run's security programs is coded by a catch-all rule"
    reason += other_coding_text(data, claim)
    return Result(f"{percent(s['share'])} ({s['programs']} of {s['total']})", {"security_share": s["share"]}, reason)


def lead(by_domain):
    """Security's value minus the largest other domain's (0 on a tie); `by_domain` maps a domain to its value (a
    Series indexed by domain, or a dict)."""
    values = dict(by_domain)
    others = [v for domain, v in values.items() if domain != SECURITY]
    return float(values.get(SECURITY, 0) - (max(others) if others else 0))


def domain_counts(programs):
    """Programs per domain, {domain: programs} (counted once per table)."""
    return derived("domain counts", (programs,), (), lambda: programs["domain"].value_counts().to_dict())


def domain_officials(long, single, multi):
    """Estimated officials per domain, {domain: officials}, for the delegation sizes `single` and `multi`: the
    delegations are counted once per table (derived), the sizes applied per call."""
    counts = derived("delegations by domain", (long,), (), lambda: officials.delegations_by(long, "domain"))
    return officials.officials_by(counts, single, multi)


@check(
    "security-most-extensive",
    measures={
        "security_lead": Measure("security's lead in programs over the next domain"),
        "security_officials_lead": Measure("security's lead in estimated officials over the next domain"),
    },
)
def security_most_extensive(data, claim, register):
    why = one_domain(data)
    if why:
        return not_in_run(why)
    p = data.params
    by_programs = domain_counts(data.programs)
    by_officials = domain_officials(data.program_states, p["delegation_single"], p["delegation_multi"])
    caught = catch_all_coded(data)
    specific = derived(
        "without catch-all", (data.programs, caught), (), lambda: domain_counts(data.programs.drop(index=caught.index))
    )
    measures = {"security_lead": lead(by_programs), "security_officials_lead": lead(by_officials)}
    reason = (
        f"security is {lead_text(measures['security_lead'], 'programs')} and "
        f"{lead_text(measures['security_officials_lead'], 'estimated officials')}; "
    )
    if len(caught):
        reason += (
            f"with the {counted(len(caught), 'program')} coded by a catch-all rule ({ids(caught)}) left out, "
            f"it is {lead_text(lead(specific), 'programs')}"
        )
    else:
        reason += "no program is coded by a catch-all rule"
    reason += other_coding_text(data, claim, officials_too=True)
    return Result(lead_text(measures["security_lead"], "programs"), measures, reason)


# --- officials -------------------------------------------------------------------------------------------


def _estimate(data):
    p = data.params
    return officials.estimate(data.program_states, p["delegation_single"], p["delegation_multi"])


@check("officials-total-1200", measures={"officials": Measure("estimated officials")})
@whole_table
def officials_total(data, claim, register):
    e, p = _estimate(data), data.params
    return Result(
        e["total"],
        {"officials": e["total"]},
        f"{counted(e['single_state_programs'], 'single-state program')} × {amount(p['delegation_single'])}"
        f" + {counted(e['multi_state_delegations'], 'multi-state delegation')} × "
        f"{amount(p['delegation_multi'])}",
    )


@check("thousands-targeted", measures={"officials": Measure("estimated officials of the documented programs")})
@whole_table
def thousands(data, claim, register):
    p, e = data.params, _estimate(data)
    return Result(
        e["total"],
        {"officials": e["total"]},
        f"the documented programs cover about {amount(e['total'])} officials with {amount(p['delegation_single'])} "
        f"per single-state delegation and {amount(p['delegation_multi'])} per state of a multi-state program; "
        f"the paper's 'thousands' rests on the figures it cites from elsewhere",
    )


def state_total(data, state, years=None):
    """officials.state_total for the run, its delegations found once per table (derived)."""
    long, p = data.program_states, data.params
    flags = derived(
        "state delegations", (long,), (state, years), lambda: officials.state_delegations(long, state, years)
    )
    return officials.officials_of(flags, p["delegation_single"], p["delegation_multi"])


def reported_comparison(data, figure):
    """The table's estimated officials beside a figure reported elsewhere: (table, why not comparable or None)."""
    years = (figure["first_year"], figure["last_year"]) if "first_year" in figure else None
    why = state_absent(data, figure["state"]) or window_outside(data, years)
    table = state_total(data, figure["state"], years)
    return table, why


def figure_label(figure):
    years = (figure["first_year"], figure["last_year"]) if "first_year" in figure else None
    return f"{figure['demonym']} officials, {span(years) if years else 'all years'}"


def fraction_labels(claim, register):
    """small-fraction's measures, each named after the reported figure it divides by."""
    labels = {}
    for measure, claim_id in claim["inputs"]["comparisons"].items():
        figure = reported(claim_id, register)
        labels[measure] = Measure(f"the table's {figure_label(figure)}, as a share of the figure reported", "share")
    return labels


@check("small-fraction", measures=fraction_labels)
def small_fraction(data, claim, register):
    if data.params["domains"] != "all":
        return not_in_run("the reported figures count officials of every domain; the run selects some domains")
    measures, parts = {}, []
    for measure, claim_id in claim["inputs"]["comparisons"].items():
        figure = reported(claim_id, register)
        table, why = reported_comparison(data, figure)
        if why:
            return not_in_run(why)
        measures[measure] = table / figure["value"]
        parts.append(f"{figure_label(figure)}: {amount(table)} in the table of {amount(figure['value'])} reported")
    bounds = "the reported figures are lower bounds, so each share is an upper bound"
    return Result(" / ".join(percent(v) for v in measures.values()), measures, "; ".join(parts) + f"; {bounds}")


@check(
    "uzbek-larger-than-kyrgyz",
    measures={
        "uzbek_lead_reported": Measure("the Uzbek figure's excess over the Kyrgyz figure, as the paper cites them")
    },
)
def uzbek_larger(data, claim, register):
    larger, smaller = (reported(claim["inputs"][k], register) for k in ("larger", "smaller"))
    lead_reported = larger["value"] - smaller["value"]
    shown = f"{amount(larger['value'])} / {amount(smaller['value'])}"
    cited = (
        f"the paper's figures: {amount(larger['value'])} {larger['demonym']} against {amount(smaller['value'])} "
        f"{smaller['demonym']} officials"
    )
    window = (smaller["first_year"], smaller["last_year"])
    p = data.params
    why = state_absent(data, larger["state"]) or state_absent(data, smaller["state"]) or window_outside(data, window)
    if p["domains"] != "all":
        why = "the run selects some domains"
    if why:
        return Result(
            shown, {"uzbek_lead_reported": lead_reported}, f"{cited}; the documented programs are not compared: {why}"
        )

    def total(figure, years=None):
        return state_total(data, figure["state"], years)

    in_window = {f["demonym"]: total(f, window) for f in (larger, smaller)}
    all_years = {f["demonym"]: total(f) for f in (larger, smaller)}
    same_way = in_window[larger["demonym"]] > in_window[smaller["demonym"]]
    reason = (
        f"{cited}; the documented programs, which cannot test a comparison of all training, "
        f"{'point the same way' if same_way else 'do not point the same way'} over {span(window)} ("
        + ", ".join(f"{k} {amount(v)}" for k, v in in_window.items())
        + " estimated officials; all the run's years: "
        + ", ".join(f"{k} {amount(v)}" for k, v in all_years.items())
        + ")"
    )
    return Result(shown, {"uzbek_lead_reported": lead_reported}, reason)


@check(
    "security-upper-echelon-and-rank-and-file",
    measures={
        "senior_specific": Measure("programs coded security by a specific rule whose trainees name a senior rank")
    },
)
def echelons(data, claim, register):
    programs = data.programs
    if not (programs["domain"] == SECURITY).any():
        return not_in_run("the run has no security program")
    caught = programs["program_id"].isin(catch_all_coded(data)["program_id"])
    senior = claim["inputs"]["senior"]
    naming = programs["trainee"].str.contains(senior, case=False, regex=True)
    specific = programs[(programs["domain"] == SECURITY) & ~caught & naming]
    elsewhere = programs[naming & ~((programs["domain"] == SECURITY) & ~caught)]

    def listing(frame):
        return ", ".join(f"{r.program_id} ({r.trainee}, coded {r.domain})" for r in frame.itertuples()) or "none"

    reason = (
        f"security programs coded by a specific rule whose trainees name a senior rank: {listing(specific)}; "
        f"other programs naming one: {listing(elsewhere)}; no trainee description names the rank and file "
        f"(a department is a unit, not a rank)"
    )
    return Result(f"{len(specific)} senior", {"senior_specific": len(specific)}, reason)


@check(
    "most-programs-single-state",
    measures={"single_state_share": Measure("the share of programs naming one state", "share")},
)
def most_single(data, claim, register):
    if data.params["states"] != "all":  # choosing programs by state favours multi-state ones, which name more states
        return not_in_run("the run selects programs by state, which over-represents multi-state programs")
    share = float((~data.programs["multi_state"]).mean())
    single = int((~data.programs["multi_state"]).sum())
    return Result(
        percent(share),
        {"single_state_share": share},
        f"{single} of {counted(len(data.programs), 'program')} {'names' if single == 1 else 'name'} one state",
    )


@check(
    "gknb-relationship-shaped-by-training",
    measures={"programs_by_then": Measure("programs for the Kyrgyz GKNB or border guards by the cases' last year")},
)
def gknb_training(data, claim, register):
    i, p = claim["inputs"], data.params
    why = state_absent(data, i["state"])
    if p["domains"] != "all":
        why = why or "the run selects some domains, so it may leave the security services' programs out"
    if p["first_year"] > i["by_year"]:
        why = why or f"the run starts after {i['by_year']}, the year by which the training would have to fall"
    if why:
        return not_in_run(why)
    named = data.programs[
        data.programs["trainee"].str.contains(i["trainee"], case=False, regex=True)
        & data.programs["states"].str.contains(i["state"], regex=False)
    ]
    early = named[named["year"] <= i["by_year"]]
    listing = ", ".join(f"{r.program_id} ({r.trainee}, {r.year})" for r in named.itertuples()) or "none"
    return Result(
        len(early),
        {"programs_by_then": len(early)},
        f"programs for these services up to {i['by_year']}: {len(early)}; in the run at all: {listing}",
    )


# --- trends ------------------------------------------------------------------------------------------------


def halves(data, claim=None):
    """(first, last, split) of the run's complete years; the earlier half has the floor of n/2 years, unless the
    claim's inputs say `halves: ceil` (the multiverse's alternative, data/choices.yaml)."""
    first, last = complete_years(data)
    rule = (claim or {}).get("inputs", {}).get("halves", trends.DEFAULT_HALVES)
    return first, last, trends.halves_split(first, last, rule)


def trend_halves(data):
    """The halves the trend claims compare, as (first, last, split), or None when the run cannot form two: the
    one definition the chapters use too."""
    return halves(data) if complete_years(data) else None


@check(
    "trend-frequency-abstract",
    measures={
        "early_rate": Measure("programs a year in the earlier half"),
        "late_rate": Measure("programs a year in the later half"),
        "slope": Measure("the slope of the least-squares line (programs a year, per year)"),
    },
)
def trend_frequency(data, claim, register):
    if not complete_years(data):
        return not_in_run(TOO_FEW_YEARS)
    first, last, split = halves(data, claim)
    yearly = trends.per_year(data.programs, first, last)
    early, late = yearly[yearly["year"] < split], yearly[yearly["year"] >= split]
    rates = {"early_rate": float(early["programs"].mean()), "late_rate": float(late["programs"].mean())}
    slope = trends.slope(yearly["year"], yearly["programs"])
    return Result(
        f"{amount(rates['early_rate'])} → {amount(rates['late_rate'])} a year",
        {**rates, "slope": slope},
        f"programs a year, {span((first, split - 1))} ({counted(int(early['programs'].sum()), 'program')}) → "
        f"{span((split, last))} ({int(late['programs'].sum())}), complete years only; least-squares "
        f"slope {amount(slope)} a year",
    )


@check(
    "trend-scope-abstract", measures={"rapid_share": Measure("the share of scope measures that rose rapidly", "share")}
)
def trend_scope(data, claim, register):
    if not complete_years(data):
        return not_in_run(TOO_FEW_YEARS)
    first, last, split = halves(data, claim)
    years = derived("years", (data.programs,), (), lambda: frozenset(data.programs["year"]))
    for part in ((first, split - 1), (split, last)):
        if not any(part[0] <= y <= part[1] for y in years):  # from or to nothing is no widening
            return not_in_run(f"the run has no program in {span(part)}, so that half has no scope to compare")
    declared, left_out = scope_measures(claim, data)
    factor = claim["inputs"]["rapid_factor"]
    changes = scope_rises(data, [m["measure"] for m in declared], factor, claim).to_dict("records")
    meaning = {m["measure"]: m["meaning"] for m in declared}
    comparable = [r for r in changes if r["direction"] != "no data"]
    if not comparable:
        return not_in_run("no declared scope measure has a value in both halves of the run")
    rapid = [r for r in comparable if r["rapid"]]

    def listed(rows):
        return "; ".join(f"{meaning[r['measure']]} {amount(r['early'])} → {amount(r['late'])}" for r in rows) or "none"

    slow = [r for r in comparable if r["direction"] == "rose" and not r["rapid"]]
    other = [r for r in comparable if r["direction"] != "rose"]
    missing = [r["measure"] for r in changes if r["direction"] == "no data"]
    reason = (
        f"{span((first, split - 1))} against {span((split, last))}; rose at least {amount(factor)}-fold: "
        f"{listed(rapid)}; rose less: {listed(slow)}; fell or unchanged: {listed(other)}"
        + (f"; without a value in one half: {', '.join(meaning[m] for m in missing)}" if missing else "")
    )
    return Result(
        f"{len(rapid)} of {len(comparable)} rose rapidly", {"rapid_share": len(rapid) / len(comparable)}, reason
    )


def scope_measures(claim, data):
    """The declared scope measures this run can compare, and why any is left out ('' if none): a run that
    selects domains leaves out domains per year, which the selection fixes rather than the programs."""
    declared = claim["inputs"]["measures"]
    if data.params["domains"] == "all":
        return declared, ""
    kept = [m for m in declared if not m.get("fixed_by_domain_selection")]
    dropped = [m["meaning"] for m in declared if m.get("fixed_by_domain_selection")]
    return kept, (f"{dropped[0]}, which a run that selects domains fixes in advance" if dropped else "")


def scope_rises(data, measures, factor, claim=None):
    """scope_changes over the run's halves (the claim's, see halves), with whether each measure rose at least
    `factor`-fold (`rapid`; a rise from 0 counts)."""
    first, last, split = halves(data, claim)
    programs = data.programs
    periods = derived(
        "periods", (programs,), (split, first, last), lambda: trends.period_comparison(programs, split, first, last)
    )
    changes = trends.changes_between(periods, measures)
    return changes.assign(rapid=(changes["direction"] == "rose") & (changes["late"] >= factor * changes["early"]))


@check(
    "security-larger-scope",
    measures={"led_share": Measure("the share of scope measures on which security leads every other domain", "share")},
)
def security_scope(data, claim, register):
    why = one_domain(data)
    if why or not (data.programs["domain"] == SECURITY).any():
        return not_in_run(why or "the run has no security program")
    scope = trends.scope_by_domain(data.programs)
    declared = claim["inputs"]["measures"]
    table = domains_leaders(scope, [m["measure"] for m in declared])
    meaning = {m["measure"]: m["meaning"] for m in declared}
    comparable = [m for m, status in table.items() if status != "no data"]
    if not comparable:
        return not_in_run("no declared scope measure has a value for security and another domain")
    led = [m for m in comparable if table[m] == "leads"]
    return Result(
        f"{len(led)} of {len(comparable)}",
        {"led_share": len(led) / len(comparable)},
        "security against the largest other domain: "
        + "; ".join(f"{meaning[m]}: {'no value' if s == 'no data' else s}" for m, s in table.items()),
    )


def domains_leaders(scope, measures):
    """measure -> 'leads' / 'tied' / 'trails' / 'no data': security against the best other domain."""
    scope = scope.set_index("domain")
    out = {}
    for m in measures:
        others = scope.drop(index=SECURITY)[m].dropna()
        mine = scope.loc[SECURITY, m]
        if others.empty or pd.isna(mine):  # no stated value for security (e.g. no duration printed)
            out[m] = "no data"
        else:
            out[m] = {1: "leads", 0: "tied", -1: "trails"}[compare(float(mine), float(others.max()))]
    return out


# --- Table 2 ---------------------------------------------------------------------------------------------

NO_CURRICULA = "Table 2 lists no program"


@check("table2-three-programs", measures={"programs": Measure("programs in Table 2")})
def three_programs(data, claim, register):
    topics = [p["topic"] for p in data.table2]
    return Result(len(topics), {"programs": len(topics)}, "programs in Table 2: " + ("; ".join(topics) or "none"))


def first_sentence(text):
    return text.split(". ")[0]


def searched(pattern, text):
    return bool(re.search(pattern, text, re.IGNORECASE))


@check(
    "lectures-ccp-achievements-first",
    measures={"curricula_not_on_achievements": Measure("printed curricula that do not open on China's achievements")},
)
def achievements_first(data, claim, register):
    if not data.table2:
        return not_in_run(NO_CURRICULA)
    i = claim["inputs"]
    openings = {p["topic"]: first_sentence(p["training_specifics"]) for p in data.table2}
    on_achievements = [t for t, text in openings.items() if searched(i["on_achievements"], text)]
    otherwise = "; ".join(f"{t} ('{text}')" for t, text in openings.items() if t not in on_achievements)
    party = sum(bool(re.search(i["party"], p["training_specifics"])) for p in data.table2)
    return Result(
        f"{len(on_achievements)} of {len(openings)}",
        {"curricula_not_on_achievements": len(openings) - len(on_achievements)},
        f"opening on China's achievements: {', '.join(on_achievements) or 'none'}; opening otherwise: "
        f"{otherwise or 'none'}; curricula that mention the Party at all: {party}",
    )


@check("lectures-achievement-examples", measures={"examples_missing": Measure("the paper's examples not named")})
def achievement_examples(data, claim, register):
    if not data.table2:
        return not_in_run(NO_CURRICULA)
    texts = " ".join(p["training_specifics"] for p in data.table2)
    examples = claim["inputs"]["examples"]
    found = [name for name, pattern in examples.items() if searched(pattern, texts)]
    return Result(
        f"{len(found)} of {len(examples)}",
        {"examples_missing": len(examples) - len(found)},
        "named in Table 2's training specifics: "
        + (", ".join(found) or "none")
        + "; not named: "
        + (", ".join(n for n in examples if n not in found) or "none"),
    )


@check(
    "courses-then-specific-areas",
    measures={"curricula_not_in_order": Measure("printed curricula not introducing China before their area")},
)
def then_specific(data, claim, register):
    if not data.table2:
        return not_in_run(NO_CURRICULA)
    i = claim["inputs"]
    in_order = []
    for p in data.table2:
        intro = re.search(i["introduction"], p["training_specifics"], re.IGNORECASE)
        focus = re.search(i["specific"], p["training_specifics"], re.IGNORECASE)
        in_order.append(bool(intro and focus and intro.start() < focus.start()))
    return Result(
        f"{sum(in_order)} of {len(in_order)}",
        {"curricula_not_in_order": len(in_order) - sum(in_order)},
        "curricula introducing China before focusing on an area: "
        + (", ".join(p["topic"] for p, ok in zip(data.table2, in_order) if ok) or "none"),
    )


@check(
    "general-lectures-security-tenets",
    measures={"curricula_with_general": Measure("curricula with general lectures on security management")},
)
def general_lectures(data, claim, register):
    if not data.table2:
        return not_in_run(NO_CURRICULA)
    pattern = claim["inputs"]["general"]
    named = [p["topic"] for p in data.table2 if searched(pattern, p["training_specifics"])]
    without = [p["topic"] for p in data.table2 if p["topic"] not in named]
    return Result(
        f"{len(named)} of {len(data.table2)}",
        {"curricula_with_general": len(named)},
        f"curricula naming general lectures on China's security management, concept or strategy: "
        f"{', '.join(named) or 'none'}; without: {', '.join(without) or 'none'}",
    )


@check("dozens-of-practices", measures={"distinct_practices": Measure("distinct practices, briefings left out")})
def dozens(data, claim, register):
    if not data.table2:
        return not_in_run(NO_CURRICULA)
    counts = curricula.practice_counts(data.table2)
    practices = curricula.practice_count(data.table2, drop_briefings=True)
    return Result(
        practices,
        {"distinct_practices": practices},
        "distinct practices the training specifics list, by reading of the lists: "
        + ", ".join(f"{n} {name}" for name, n in counts.items())
        + "; every list ends 'and others'",
    )


@check(
    "combat-simulations-and-field-trips",
    measures={
        "curricula_with_simulations": Measure("curricula naming a combat simulation or exercise"),
        "curricula_with_field_trips": Measure("curricula listing field visits"),
    },
)
def combat_and_trips(data, claim, register):
    if not data.table2:
        return not_in_run(NO_CURRICULA)
    i, n = claim["inputs"], len(data.table2)
    simulations = sum(searched(i["simulations"], p["training_specifics"]) for p in data.table2)
    visits = sum(searched(i["combat_visits"], p["training_specifics"]) for p in data.table2)
    trips = sum(bool(p["field_visits"]) for p in data.table2)
    return Result(
        f"{simulations} / {trips} of {n}",
        {"curricula_with_simulations": simulations, "curricula_with_field_trips": trips},
        f"of {counted(n, 'curriculum', 'curricula')}: {simulations} name combat simulations or exercises, "
        f"{trips} list field visits, {visits} name visits to combat or special units (visits, not simulations); "
        f"the lists of formats end 'and others'",
    )


def topics_found(data, topics):
    """topic -> the words that found it (in Table 2's topics and specifics, or the trainees of the run's security
    programs); an empty list when none did."""
    security = data.programs.loc[data.programs["domain"] == SECURITY, "trainee"].tolist()
    text = " ".join(security + [p["topic"] + " " + p["training_specifics"] for p in data.table2])
    return {topic: words_matching(pattern, text) for topic, pattern in topics.items()}


@check("security-topics-range", measures={"topics_missing": Measure("the paper's topics not found")})
def topics_range(data, claim, register):
    found = topics_found(data, claim["inputs"]["topics"])
    hits = [f"{t} (as {', '.join(words)})" for t, words in found.items() if words]
    missing = [t for t, words in found.items() if not words]
    return Result(
        f"{len(hits)} of {len(found)}",
        {"topics_missing": len(missing)},
        f"found in Table 2 or the security trainees: {'; '.join(hits) or 'none'}; "
        f"not found: {', '.join(missing) or 'none'}",
    )


@check(
    "tech-equipment-all-security-programs",
    measures={"curricula_without_technology": Measure("printed curricula teaching no technology or equipment")},
)
def tech_equipment(data, claim, register):
    n_security = int((data.programs["domain"] == SECURITY).sum())
    if not n_security:
        return not_in_run("the run has no security program")
    if not data.table2:
        return not_in_run(NO_CURRICULA)
    i = claim["inputs"]
    taught = {p["topic"]: words_matching(i["technology"], p["training_specifics"]) for p in data.table2}
    visited = {p["topic"]: words_matching(i["visited"], " ".join(p["field_visits"])) for p in data.table2}
    silent = [t for t, words in taught.items() if not words]
    return Result(
        f"{len(data.table2) - len(silent)} of {counted(len(data.table2), 'curriculum', 'curricula')}",
        {"curricula_without_technology": len(silent)},
        "technology or equipment among the contents: "
        + ("; ".join(f"{t} ({', '.join(w)})" for t, w in taught.items() if w) or "none")
        + f"; among the contents of none: {', '.join(silent) or 'none'}"
        + "".join(f"; {t} names it only among its visits ({', '.join(visited[t])})" for t in silent if visited[t])
        + f"; the run's {counted(n_security, 'security program')} {'has' if n_security == 1 else 'have'} "
        f"{len(data.table2)} printed curricula between them",
    )


def words_matching(pattern, text):
    """The whole words a pattern matches in a text, lower case, sorted, once each."""
    return sorted({m.group(0).lower() for m in re.finditer(rf"\w*(?:{pattern})\w*", text, re.IGNORECASE)})


@check(
    "table2-late-2019",
    measures={"matched_outside_window": Measure("placeable curricula without a late-2019 match in Table 1")},
)
def late_2019(data, claim, register):
    w = claim["inputs"]["window"]
    late = dating.late_security(data.coded, w["year"], w["first_month"], w["last_month"])
    months = f"{calendar.month_name[w['first_month']]}–{calendar.month_name[w['last_month']]}"
    window = f"{months} {value_text(w['year'], 'year')}"
    security = data.coded[data.coded["domain"] == SECURITY]
    placed, outside = [], 0
    for p in data.table2:
        pattern = claim["inputs"]["topic_trainees"].get(p["topic"])
        if not pattern:
            continue
        matches = security[security["trainee"].str.contains(pattern, case=False, regex=True)]
        in_window = matches["program_id"].isin(late["program_id"])
        outside += int(not in_window.any())
        dates = ", ".join(f"{r.program_id} {calendar.month_name[int(r.month)]} {r.year}" for r in matches.itertuples())
        placed.append(f"{p['topic']}: {dates or 'no match'}")
    if not placed:
        return not_in_run("no Table 2 topic names a trainee unit of this run's Table 1")
    return Result(
        f"{len(placed) - outside} of {len(placed)} placed",
        {"matched_outside_window": outside},
        f"Table 2 prints no dates; its topics matched to Table 1's security trainees: {'; '.join(placed)}; "
        f"Table 1's security programs of {window}: {ids(late)}",
    )


# --- the paper's own figures, the reach of the programs, and what the compilation kept ----------------------


@check("government-led-only", measures={"trainers_not_government": Measure("trainers not a party-state body")})
def government_led(data, claim, register):
    trainers = sorted(data.programs["trainer"].unique())
    other = [t for t in trainers if not searched(claim["inputs"]["government"], t)]
    return Result(
        f"{len(trainers) - len(other)} of {counted(len(trainers), 'trainer')}",
        {"trainers_not_government": len(other)},
        f"the run's trainers: {', '.join(trainers)}; not a party-state body: {', '.join(other) or 'none'}",
    )


@check(
    "multi-state-small-groups",
    measures={
        "mean_group": Measure("officials in a multi-state program's group, on average"),
        "single_delegation": Measure("officials in one single-state delegation"),
    },
)
def small_groups(data, claim, register):
    p, long = data.params, data.program_states
    groups = long[long["multi_state"]].groupby("program_id").size() * p["delegation_multi"]
    if groups.empty or data.programs["multi_state"].all():
        return not_in_run("the run lacks single-state or multi-state programs, so there are no groups to compare")
    largest = groups.idxmax()
    return Result(
        f"{amount(groups.mean())} against {amount(p['delegation_single'])}",
        {"mean_group": float(groups.mean()), "single_delegation": float(p["delegation_single"])},
        f"{counted(len(groups), 'multi-state program')} of {amount(groups.mean() / p['delegation_multi'])} states on "
        f"average, {counted(p['delegation_multi'], 'official')} each: {amount(groups.mean())} officials a group "
        f"against {amount(p['delegation_single'])} in a single-state delegation; the largest, {largest}, "
        f"{amount(groups.max())}",
    )


@check(
    "table2-reform-40th-anniversary",
    measures={"years_after_anniversary": Measure("years from the anniversary to the programs' stated year")},
)
def reform_anniversary(data, claim, register):
    start = claim["reported"]["value"]
    anniversary = start + claim["paper_value"]
    stated = by_id(register)[claim["inputs"]["dated_by"]]["inputs"]["window"]["year"]
    return Result(
        value_text(anniversary, "year"),
        {"years_after_anniversary": stated - anniversary},
        f"reform and opening up began in {value_text(start, 'year')}; the {claim['paper_value']}th anniversary fell in "
        f"{value_text(anniversary, 'year')}, the paper dates the programs to {value_text(stated, 'year')}",
    )


def reach(programs, data):
    """The codebook's states that `programs` trained officials of, and those they did not."""
    reached = set(programs["states"].str.split(";").explode())
    every = list(dict.fromkeys(data.codebook.states))
    return [s for s in every if s in reached], [s for s in every if s not in reached]


@check(
    "extensive-outreach", measures={"states_not_reached": Measure("Central Asian states no security program reached")}
)
def outreach(data, claim, register):
    caught = catch_all_coded(data)["program_id"]
    security = data.programs[(data.programs["domain"] == SECURITY) & ~data.programs["program_id"].isin(caught)]
    if security.empty:
        return not_in_run("the run has no program coded security by a specific rule")
    if data.params["states"] != "all":
        return not_in_run("the run selects some states, so it cannot show the reach over all of them")
    reached, not_reached = reach(security, data)
    return Result(
        f"{len(reached)} of {len(reached) + len(not_reached)} states",
        {"states_not_reached": len(not_reached)},
        f"security programs coded by a specific rule trained officials of {', '.join(reached)}"
        + (f"; none of {', '.join(not_reached)}" if not_reached else ""),
    )


@check(
    "officials-exposed-and-adopting",
    measures={"states_not_reached": Measure("Central Asian states no program reached")},
)
def exposure(data, claim, register):
    if data.params["states"] != "all":
        return not_in_run("the run selects some states, so it cannot show the reach over all of them")
    reached, not_reached = reach(data.programs, data)
    return Result(
        f"{len(reached)} of {len(reached) + len(not_reached)} states",
        {"states_not_reached": len(not_reached)},
        f"the run's programs trained officials of {', '.join(reached)}"
        + (f"; none of {', '.join(not_reached)}" if not_reached else "")
        + "; adoption is not in the tables",
    )


@check(
    "sharing-more-security-practices",
    measures={
        "early_security_rate": Measure("security programs a year in the earlier half"),
        "late_security_rate": Measure("security programs a year in the later half"),
    },
)
def sharing_more(data, claim, register):
    if not complete_years(data):
        return not_in_run(TOO_FEW_YEARS)
    security = data.programs[data.programs["domain"] == SECURITY]
    if security.empty:
        return not_in_run("the run has no security program")
    first, last, split = halves(data)
    yearly = trends.per_year(security, first, last)
    early, late = yearly[yearly["year"] < split], yearly[yearly["year"] >= split]
    rates = {
        "early_security_rate": float(early["programs"].mean()),
        "late_security_rate": float(late["programs"].mean()),
    }
    return Result(
        f"{amount(rates['early_security_rate'])} → {amount(rates['late_security_rate'])} a year",
        rates,
        f"security programs a year, {span((first, split - 1))} ({int(early['programs'].sum())}) → "
        f"{span((split, last))} ({int(late['programs'].sum())}), complete years only",
    )


@check("urumqi-five-years", measures={"years_between": Measure("years between the two visits")})
def urumqi(data, claim, register):
    r = claim["reported"]
    gap = r["last_year"] - r["first_year"]
    return Result(
        gap,
        {"years_between": gap},
        f"{value_text(r['last_year'], 'year')} − {value_text(r['first_year'], 'year')} = {gap}",
    )


@check(
    "kabar-2018-headline-119",
    measures={"room_in_reported": Measure("the paper's six-year figure less the headline's one year")},
)
def kabar_headline(data, claim, register):
    headline, whole = claim["reported"], reported(claim["reported"]["within"], register)
    years = whole["last_year"] - whole["first_year"] + 1
    return Result(
        f"{amount(headline['value'])} of over {amount(whole['value'])}",
        {"room_in_reported": whole["value"] - headline["value"]},
        f"the headline's {amount(headline['value'])} for {value_text(headline['first_year'], 'year')} within the "
        f"paper's over {amount(whole['value'])} for {span((whole['first_year'], whole['last_year']))}; "
        f"{counted(years, 'year')} at the headline's rate give {amount(years * headline['value'])}",
    )


@check("migration-authority-named-alike", measures={"names_differing": Measure("names beyond the first for the body")})
def migration_names(data, claim, register):
    names = list(dict.fromkeys(claim["inputs"]["names"]))
    return Result(
        " / ".join(names),
        {"names_differing": len(names) - 1},
        "the paragraph names it " + " and then ".join(f"'{n}'" for n in names),
    )
