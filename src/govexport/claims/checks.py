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

import pandas as pd

from ..analysis import audit, curricula, dating, domains, officials, trends
from ..data.dataset import select
from .formatting import amount, counted, percent, value_text
from .register import paper_split, reported
from .verdict import Result, compare, not_in_run

CHECKS = {}
SECURITY = "security"  # the domain the paper's security claims are about


def check(*ids):
    def register(function):
        for claim_id in ids:
            CHECKS[claim_id] = function
        return function

    return register


def whole_table(function):
    """For the check of a figure about the whole of Table 1: 'not testable in this run' in a run that selects
    part of the table (partial_table says which part), the check itself otherwise."""

    @functools.wraps(function)
    def checked(data, claim, register):
        why = partial_table(data)
        return not_in_run(why) if why else function(data, claim, register)

    return checked


def check_for(claim):
    """The check of a claim, or of the claim it repeats (`same_as`); None when it has none."""
    return CHECKS.get(claim["id"]) or CHECKS.get(claim.get("same_as"))


def evaluate(claim, data, register):
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
    first, last = trends.complete_range(data.coded, data.params["first_year"], data.params["last_year"])
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


@check("programs-total-abstract")
@whole_table
def programs_total(data, claim, register):
    n = len(data.programs)
    repeats = int((data.programs["duplicate_of"] != "").sum())
    return Result(n, {"programs": n}, f"rows of Table 1 analysed ({repeats} an exact repeat of an earlier row)")


@check("first-year-abstract")
@whole_table
def first_year(data, claim, register):
    year = int(data.programs["year"].min())
    return Result(year, {"first_year": year}, "earliest year in the Date column")


@check("last-year-abstract")
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

_FITS = {}  # (rule set, coded rows) -> how many codings give the paper's split: enumerated once per distinct run


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
        try:
            codings, tried = domains.consistent_codings(data.programs, uncertain, paper_split(register))
        except ValueError:  # too many trainer groups to enumerate
            _FITS[key] = ""
        else:
            groups = len(domains.uncertain_groups(uncertain))
            _FITS[key] = (
                f"{amount(len(codings))} of the {counted(tried, 'coding')} of its "
                f"{counted(len(uncertain), 'uncertain program')} ({counted(groups, 'trainer group')}, one "
                f"domain each) {'gives' if len(codings) == 1 else 'give'} the paper's split"
            )
    return _FITS[key]


@check("domain-security-24", "domain-trade-22", "domain-legal-9", "domain-other-4")
@whole_table
def domain_count(data, claim, register):
    name = claim["inputs"]["domain"]
    coded = data.programs[data.programs["domain"] == name]
    rules = sorted(coded["domain_rule"].unique())
    reason = f"rule set '{data.params['ruleset']}': rules {', '.join(rules) or 'none'}"
    if data.params["ruleset"] in claim.get("by_construction", []):
        fit = codings_that_fit(data, register)
        reason += "; this rule set was written to give the paper's four counts" + (f": {fit}" if fit else "")
    return Result(len(coded), {"programs_in_domain": len(coded)}, reason)


@check("domains-sum-59")
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


@check("domain-other-fields")
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


def catch_all_coded(data):
    """The run's programs coded by a catch-all rule of its rule set (a rule whose pattern matches anything)."""
    rules = data.codebook.ruleset(data.params["ruleset"])
    return data.programs[data.programs["domain_rule"].isin(domains.catch_all_rules(rules))]


@check("security-majority-abstract")
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
    reason = (
        f"security has {s['programs']} of {counted(s['total'], 'program')} ({percent(s['share'])}), "
        f"{lead_text(s['margin'], 'programs')} of {' and '.join(runner_up)} ({others.max()}); "
    )
    if len(caught):
        reason += (
            f"{len(caught)} of them ({', '.join(caught['program_id'] + ' ' + caught['trainer'])}) are "
            f"security only by the catch-all rule {', '.join(sorted(caught['domain_rule'].unique()))}; "
            f"without them security has {s['programs'] - len(caught)}"
        )
    else:
        reason += "none of them is coded by a catch-all rule"
    return Result(
        f"{percent(s['share'])} ({s['programs']} of {s['total']})",
        {"security_share": s["share"], "security_lead": s["margin"]},
        reason,
    )


def lead(series):
    """Security's value minus the largest other domain's (0 on a tie); the series is indexed by domain."""
    others = series.drop(index=SECURITY, errors="ignore")
    return float(series.get(SECURITY, 0) - (others.max() if len(others) else 0))


@check("security-most-extensive")
def security_most_extensive(data, claim, register):
    why = one_domain(data)
    if why:
        return not_in_run(why)
    p = data.params
    by_programs = data.programs["domain"].value_counts()
    by_officials = (
        officials.delegations(data.program_states, p["delegation_single"], p["delegation_multi"])
        .groupby("domain")["officials"]
        .sum()
    )
    caught = catch_all_coded(data)
    specific = data.programs.drop(index=caught.index)["domain"].value_counts()
    measures = {
        "security_lead": lead(by_programs),
        "security_officials_lead": lead(by_officials),
        "security_lead_specific": lead(specific),
    }
    reason = (
        f"security is {lead_text(measures['security_lead'], 'programs')}, "
        f"{lead_text(measures['security_officials_lead'], 'estimated officials')}, and "
        f"{lead_text(measures['security_lead_specific'], 'programs')} when the "
        f"{counted(len(caught), 'program')} coded by a catch-all rule ({ids(caught)}) "
        f"{'is' if len(caught) == 1 else 'are'} left out"
    )
    return Result(lead_text(measures["security_lead"], "programs"), measures, reason)


# --- officials -------------------------------------------------------------------------------------------


def _estimate(data):
    p = data.params
    return officials.estimate(data.program_states, p["delegation_single"], p["delegation_multi"])


@check("officials-total-1200")
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


@check("thousands-targeted")
@whole_table
def thousands(data, claim, register):
    p, band = data.params, claim["inputs"]["band"]
    e = _estimate(data)
    corners = officials.uncertainty(data.program_states, p["delegation_single"], p["delegation_multi"], band)
    return Result(
        e["total"],
        {"officials": e["total"], "officials_high": corners["high"]},
        f"the table documents about {amount(e['total'])} officials; with both delegation sizes anywhere "
        f"in ±{percent(band)} of {amount(p['delegation_single'])} and {amount(p['delegation_multi'])}, "
        f"{amount(corners['low'])}–{amount(corners['high'])}",
    )


def reported_comparison(data, figure):
    """The table's estimated officials beside a figure reported elsewhere: (table, why not comparable or None)."""
    years = (figure["first_year"], figure["last_year"]) if "first_year" in figure else None
    why = state_absent(data, figure["state"]) or window_outside(data, years)
    p = data.params
    table = officials.state_total(
        data.program_states, figure["state"], p["delegation_single"], p["delegation_multi"], years
    )
    return table, why


def figure_label(figure):
    years = (figure["first_year"], figure["last_year"]) if "first_year" in figure else None
    return f"{figure['demonym']} officials, {span(years) if years else 'all years'}"


@check("small-fraction")
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
    return Result(" / ".join(percent(v) for v in measures.values()), measures, "; ".join(parts))


@check("uzbek-larger-than-kyrgyz")
def uzbek_larger(data, claim, register):
    if data.params["domains"] != "all":
        return not_in_run("the reported figures count officials of every domain; the run selects some domains")
    larger, smaller = (reported(claim["inputs"][k], register) for k in ("larger", "smaller"))
    window = (smaller["first_year"], smaller["last_year"])
    why = state_absent(data, larger["state"]) or state_absent(data, smaller["state"]) or window_outside(data, window)
    if why:
        return not_in_run(why)
    p = data.params

    def total(figure, years=None):
        return officials.state_total(
            data.program_states, figure["state"], p["delegation_single"], p["delegation_multi"], years
        )

    in_window = {f["demonym"]: total(f, window) for f in (larger, smaller)}
    all_years = {f["demonym"]: total(f) for f in (larger, smaller)}
    measures = {
        "uzbek_lead_in_window": in_window[larger["demonym"]] - in_window[smaller["demonym"]],
        "uzbek_lead_all_years": all_years[larger["demonym"]] - all_years[smaller["demonym"]],
    }
    reason = (
        f"the table's estimate, {span(window)}: "
        + ", ".join(f"{k} {amount(v)}" for k, v in in_window.items())
        + "; all the run's years: "
        + ", ".join(f"{k} {amount(v)}" for k, v in all_years.items())
        + f"; the paper's reported figures: {amount(larger['value'])} against {amount(smaller['value'])}"
    )
    return Result(" / ".join(amount(v) for v in in_window.values()), measures, reason)


@check("security-upper-echelon-and-rank-and-file")
def echelons(data, claim, register):
    programs = data.programs
    if not (programs["domain"] == SECURITY).any():
        return not_in_run("the run has no security program")
    rules = data.codebook.ruleset(data.params["ruleset"])
    caught = programs["program_id"].isin(catch_all_coded(data)["program_id"])
    specific = programs[(programs["domain"] == SECURITY) & ~caught]
    security_trainers = {t for t in programs["trainer"].unique() if domains.trainer_domain(t, rules) == SECURITY}
    by_trainer = programs["trainer"].isin(security_trainers)
    broad = programs[((programs["domain"] == SECURITY) & ~caught) | by_trainer]
    senior, rank = claim["inputs"]["senior"], claim["inputs"]["rank_and_file"]

    def naming(frame, pattern):
        return frame[frame["trainee"].str.contains(pattern, case=False, regex=True)]

    senior_specific, senior_broad = naming(specific, senior), naming(broad, senior)
    line = naming(specific, rank)
    senior_caught = naming(programs[caught & (programs["domain"] == SECURITY)], senior)

    def listing(frame):
        return ", ".join(f"{r.program_id} ({r.trainee}, coded {r.domain})" for r in frame.itertuples()) or "none"

    reason = (
        f"senior officers named in programs coded security by a specific rule: {listing(senior_specific)}; "
        f"in any course by a security trainer: {listing(senior_broad)}; "
        f"not counted, security only by the catch-all rule: {listing(senior_caught)}; "
        f"line units named: {ids(line)}"
    )
    return Result(
        f"{len(senior_specific)} senior / {counted(len(line), 'line-unit program')}",
        {"senior_specific": len(senior_specific), "senior_broad": len(senior_broad), "rank_and_file": len(line)},
        reason,
    )


@check("most-programs-single-state")
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


@check("gknb-relationship-shaped-by-training")
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


def halves(data, claim):
    """(first, last, split) of the run's complete years; the earlier half has the floor of n/2 years, unless the
    claim's inputs say `halves: ceil` (the multiverse's choice, data/choices.yaml)."""
    first, last = complete_years(data)
    return first, last, trends.halves_split(first, last, claim.get("inputs", {}).get("halves", trends.DEFAULT_HALVES))


@check("trend-frequency-abstract")
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


@check("trend-scope-abstract")
def trend_scope(data, claim, register):
    if not complete_years(data):
        return not_in_run(TOO_FEW_YEARS)
    first, last, split = halves(data, claim)
    years = data.programs["year"]
    for part in ((first, split - 1), (split, last)):
        if not years.between(*part).any():  # from or to nothing is no widening
            return not_in_run(f"the run has no program in {span(part)}, so that half has no scope to compare")
    names = [m["measure"] for m in claim["inputs"]["measures"]]
    changes = trends.scope_changes(data.programs, split, first, last, names)
    comparable = changes[changes["direction"] != "no data"]
    if comparable.empty:
        return not_in_run("no declared scope measure has a value in both halves of the run")
    rose = comparable[comparable["direction"] == "rose"]["measure"].tolist()
    words = {d: ", ".join(changes.loc[changes["direction"] == d, "measure"]) for d in changes["direction"].unique()}
    return Result(
        f"{len(rose)} of {len(comparable)} rose",
        {"rising_share": len(rose) / len(comparable), "measures_not_rising": len(comparable) - len(rose)},
        f"{span((first, split - 1))} vs {span((split, last))}: " + "; ".join(f"{d}: {m}" for d, m in words.items()),
    )


@check("security-larger-scope")
def security_scope(data, claim, register):
    why = one_domain(data)
    if why or not (data.programs["domain"] == SECURITY).any():
        return not_in_run(why or "the run has no security program")
    scope = trends.scope_by_domain(data.programs)
    table = domains_leaders(scope, [m["measure"] for m in claim["inputs"]["measures"]])
    comparable = [m for m, status in table.items() if status != "no data"]
    if not comparable:
        return not_in_run("no declared scope measure has a value for security and another domain")
    led = [m for m in comparable if table[m] == "leads"]
    return Result(
        f"{len(led)} of {len(comparable)}",
        {"led_share": len(led) / len(comparable), "measures_not_led": len(comparable) - len(led)},
        "security against every other domain: " + "; ".join(f"{m} {s}" for m, s in table.items()),
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


@check("table2-three-programs")
def three_programs(data, claim, register):
    topics = [p["topic"] for p in data.table2]
    return Result(len(topics), {"programs": len(topics)}, "programs in Table 2: " + ("; ".join(topics) or "none"))


def first_sentence(text):
    return text.split(". ")[0]


@check("lectures-ccp-achievements-first")
def achievements_first(data, claim, register):
    if not data.table2:
        return not_in_run(NO_CURRICULA)
    i = claim["inputs"]
    firsts = [first_sentence(p["training_specifics"]) for p in data.table2]
    strict = [bool(re.search(i["on_achievements"], s, re.IGNORECASE)) for s in firsts]
    lenient = [bool(re.search(i["on_china"], s, re.IGNORECASE)) for s in firsts]
    party = sum(bool(re.search(i["party"], p["training_specifics"])) for p in data.table2)
    return Result(
        f"{sum(strict)} of {len(firsts)}",
        {
            "curricula_not_on_achievements": len(firsts) - sum(strict),
            "curricula_not_on_china": len(firsts) - sum(lenient),
        },
        f"first sentences on China's achievements: {sum(strict)}, opening on China: {sum(lenient)} of "
        f"{len(firsts)}; curricula that mention the Party at all: {party}",
    )


@check("lectures-achievement-examples")
def achievement_examples(data, claim, register):
    if not data.table2:
        return not_in_run(NO_CURRICULA)
    texts = " ".join(p["training_specifics"] for p in data.table2)
    examples = claim["inputs"]["examples"]
    found = [name for name, pattern in examples.items() if re.search(pattern, texts, re.IGNORECASE)]
    return Result(
        f"{len(found)} of {len(examples)}",
        {"examples_found": len(found), "examples_missing": len(examples) - len(found)},
        "named in Table 2's training specifics: " + (", ".join(found) or "none of the three"),
    )


@check("courses-then-specific-areas")
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


@check("general-lectures-security-tenets")
def general_lectures(data, claim, register):
    if not data.table2:
        return not_in_run(NO_CURRICULA)
    pattern = claim["inputs"]["general"]
    named = [p["topic"] for p in data.table2 if re.search(pattern, p["training_specifics"], re.IGNORECASE)]
    return Result(
        f"{len(named)} of {len(data.table2)}",
        {"curricula_without_general": len(data.table2) - len(named), "general_share": len(named) / len(data.table2)},
        "curricula naming general lectures on China's security management, concept or strategy: "
        + (", ".join(named) or "none"),
    )


@check("dozens-of-practices")
def dozens(data, claim, register):
    if not data.table2:
        return not_in_run(NO_CURRICULA)
    counts = curricula.practice_counts(data.table2)
    printed = counts["as printed"]
    return Result(
        printed,
        {"distinct_practices": printed, "fewest_distinct_practices": min(counts.values())},
        "distinct practices the training specifics list: " + ", ".join(f"{n} {name}" for name, n in counts.items()),
    )


@check("combat-simulations-and-field-trips")
def combat_and_trips(data, claim, register):
    if not data.table2:
        return not_in_run(NO_CURRICULA)
    i, n = claim["inputs"], len(data.table2)
    simulations = sum(bool(re.search(i["simulations"], p["training_specifics"], re.IGNORECASE)) for p in data.table2)
    visits = sum(bool(re.search(i["combat_visits"], p["training_specifics"], re.IGNORECASE)) for p in data.table2)
    trips = sum(bool(p["field_visits"]) for p in data.table2)
    return Result(
        f"{simulations} / {visits} / {trips} of {n}",
        {
            "curricula_without_simulations": n - simulations,
            "curricula_without_combat_visits": n - visits,
            "curricula_without_field_trips": n - trips,
        },
        f"of {counted(n, 'curriculum', 'curricula')}: {simulations} name combat simulations or exercises, "
        f"{visits} name visits to combat or special units, {trips} list field visits",
    )


def topics_found(data, topics):
    """topic -> found: in Table 2's topics and specifics, or in the trainees of the run's security programs."""
    security = data.programs.loc[data.programs["domain"] == SECURITY, "trainee"].tolist()
    texts = security + [p["topic"] + " " + p["training_specifics"] for p in data.table2]
    return {topic: any(re.search(pattern, text, re.IGNORECASE) for text in texts) for topic, pattern in topics.items()}


@check("security-topics-range")
def topics_range(data, claim, register):
    found = topics_found(data, claim["inputs"]["topics"])
    hits = [t for t, ok in found.items() if ok]
    missing = [t for t, ok in found.items() if not ok]
    return Result(
        f"{len(hits)} of {len(found)}",
        {"topics_missing": len(missing), "found_share": len(hits) / len(found)},
        f"found in Table 2 or the security trainees: {', '.join(hits) or 'none'}; "
        f"missing: {', '.join(missing) or 'none'}",
    )


@check("tech-equipment-all-security-programs")
def tech_equipment(data, claim, register):
    n_security = int((data.programs["domain"] == SECURITY).sum())
    if not n_security:
        return not_in_run("the run has no security program")
    pattern = claim["inputs"]["technology"]
    naming = [
        p["topic"]
        for p in data.table2
        if re.search(pattern, p["training_specifics"] + " " + " ".join(p["field_visits"]), re.IGNORECASE)
    ]
    silent = [p["topic"] for p in data.table2 if p["topic"] not in naming]
    return Result(
        f"{len(naming)} of {counted(len(data.table2), 'curriculum', 'curricula')}",
        {
            "curricula_without_technology": len(silent),
            "security_programs_without_curriculum": max(n_security - len(data.table2), 0),
        },
        f"Table 2 curricula naming technology or equipment: {', '.join(naming) or 'none'}; silent: "
        f"{', '.join(silent) or 'none'}; the run's {counted(n_security, 'security program')} "
        f"{'has' if n_security == 1 else 'have'} "
        f"{len(data.table2)} printed curricula between them",
    )


@check("table2-late-2019")
def late_2019(data, claim, register):
    w = claim["inputs"]["window"]
    late = dating.late_security(data.coded, w["year"], w["first_month"], w["last_month"])
    months = f"{calendar.month_name[w['first_month']]}–{calendar.month_name[w['last_month']]}"
    return Result(
        f"{len(late)} candidates",
        {},
        f"Table 2 prints no dates; Table 1 security programs of {months} {value_text(w['year'], 'year')} "
        f"that could be them: {ids(late)}",
    )
