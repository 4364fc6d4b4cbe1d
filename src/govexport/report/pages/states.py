"""Chapter 5, states and trainers: who trained whom, how often, alone or together, and whether security
programs are larger in scope."""

import pandas as pd

from ...analysis import audit, officials, trends
from ...analysis import participation as part
from ...claims import paper_context as context
from ...claims.register import paper_assumptions
from ...measures import label
from .. import figures, reveal
from ..tables import formatted, table
from ..text import MD, count_word, escape, names, number, paragraphs, percent, plural, sentences, year

# The chapter's closing cells show these as page.claims_intro(run) and page.claims_table(run): explicit
# re-exports (the `as` form), so that ruff's F401 and mypy know they are meant.
from .common import claims_intro as claims_intro
from .common import claims_table as claims_table
from .common import plain_text, verdict_sentence, verdict_word


def _participation(run):
    p = run.params
    table_ = part.participation(run.data.program_states)
    estimated = officials.by_state(run.data.program_states, p["delegation_single"], p["delegation_multi"])
    return table_.merge(estimated, on="state", how="left")


def opening(run):
    """The two claims this chapter tests, with their verdicts."""
    return sentences(
        MD(
            'Two of the claims this chapter tests rest on these counts: that most programs trained a delegation "from '
            'a single Central Asian state", and that "training programs in security are larger in scope than in '
            'other areas".'
        ),
        MD("In this run the first is {} and the second {}.").format(
            verdict_word(run, "most-programs-single-state"), verdict_word(run, "security-larger-scope")
        ),
    )


def participation_table(run):
    shown = formatted(_participation(run), {"officials": lambda v: number(v, 1)})
    shown = shown.rename(
        columns={"single_state": "alone", "multi_state": "with other states", "officials": "estimated officials"}
    )
    return table(shown, numeric=("alone", "with other states", "programs", "estimated officials"))


def _leaders(frame, column):
    top = frame[column].max() if len(frame) else 0
    return part.leaders(frame, column), top


def participation_text(run):
    t = _participation(run)
    if t.empty:
        return MD("No state takes part in this run.")
    top, n_top = _leaders(t, "programs")
    top_single, n_single = _leaders(t, "single_state")
    top_off, n_off = _leaders(t, "officials")
    reached = MD("The {} of this run reached {}.").format(
        plural(len(run.data.programs), "program"), plural(len(t), "state")
    )
    if len(t) == 1:
        return sentences(reached)
    most = (
        MD("The state trained most often is {}, with {}.").format(names(top), plural(n_top, "program"))
        if len(top) == 1
        else MD("The states trained most often are {}, with {} each.").format(names(top), plural(n_top, "program"))
    )
    alone = (
        MD("Counting only programs a state attended alone, {} {} ({}).").format(
            names(top_single), MD("leads" if len(top_single) == 1 else "lead jointly"), number(n_single)
        )
        if n_single
        else MD("No state attended a program alone in this run.")
    )
    people = MD("In estimated officials, {} {}, about {}.").format(
        names(top_off), MD("leads" if len(top_off) == 1 else "lead jointly"), number(n_off, 1)
    )
    fewest, n_few = _leaders(t.assign(minus=-t["programs"]), "minus")
    least = (
        MD("{} {} in the fewest programs ({}).").format(
            names(fewest), MD("appears") if len(fewest) == 1 else MD("appear"), number(-n_few)
        )
        if len(fewest) < len(t)
        else MD("")
    )
    return sentences(reached, most, alone, people, least)


def by_domain_figure(run):
    by_domain = part.domain_by_state(run.data.program_states)
    caption = MD(
        "Programs each Central Asian state took part in, by domain (a multi-state program counts for each "
        "of its states)."
    )
    alt = (
        "Horizontal stacked bars of programs per state by domain: "
        + "; ".join(f"{r['state']} {r['all domains']}" for _, r in by_domain.iterrows())
        + "."
    )
    return run.figure("fig-programs-per-state", caption, alt, lambda: figures.programs_per_state(by_domain))


def by_domain_table(run):
    by_domain = part.domain_by_state(run.data.program_states)
    return table(formatted(by_domain, {}), numeric=tuple(c for c in by_domain.columns if c != "state"))


def by_domain_text(run):
    by_domain = part.domain_by_state(run.data.program_states)
    if by_domain.empty or by_domain["security"].max() == 0:
        return MD("No state of this run took part in a security program.")
    top, n = _leaders(by_domain, "security")
    shares = by_domain.assign(share=by_domain["security"] / by_domain["all domains"])
    top_share, share = _leaders(shares, "share")
    return sentences(
        MD("Security programs went most often to {} ({} each).").format(names(top), plural(n, "program"))
        if len(top) > 1
        else MD("Security programs went most often to {} ({}).").format(names(top), plural(n, "program")),
        MD(
            "Relative to its own total, the state whose programs were most often about security is {} ({} of its "
            "programs)."
        ).format(names(top_share), percent(share))
        if len(top_share) < len(shares)
        else MD(""),
    )


def _years_grid(run):
    p = run.params
    by_year = part.participation_by_year(run.data.program_states, p["first_year"], p["last_year"])
    grid = by_year.pivot(index="state", columns="year", values="programs")
    order = part.participation(run.data.program_states)["state"]
    return by_year, grid.loc[[s for s in order if s in grid.index]]


def by_year_figure(run):
    p = run.params
    by_year, grid = _years_grid(run)
    cov = audit.last_year_coverage(run.data.coded)
    partial = trends.partial_year(cov, p["first_year"], p["last_year"])
    caption = MD(
        "Programs per state and year in this run; blank cells are years without a program for that state{}."
    ).format(MD("; {} is partial").format(year(partial["year"])) if partial else MD(""))
    alt = (
        f"Heatmap of programs per state (rows) and year (columns), {p['first_year']}–{p['last_year']}, "
        f"for {len(grid)} state{'s' if len(grid) != 1 else ''}."
    )
    return run.figure(
        "fig-participation-state-year",
        caption,
        alt,
        lambda: figures.participation_heatmap(
            grid, partial["year"] if partial else None, partial["month_name"] if partial else None
        ),
    )


def by_year_text(run):
    p = run.params
    by_year, grid = _years_grid(run)
    first_c, last_c = trends.complete_range(run.data.coded, p["first_year"], p["last_year"])
    first_seen = by_year[by_year["programs"] > 0].groupby("state")["year"].min()
    seen = names([MD("{} {}").format(s, year(y)) for s, y in first_seen.items()])
    if last_c < first_c:
        return MD("Each state's first year in this run: {}.").format(seen)
    active = by_year[(by_year["year"] == last_c) & (by_year["programs"] > 0)]["state"].tolist()
    who = MD("every state of the run") if len(active) == len(grid) and active else names(active, empty="no state")
    return sentences(
        MD("In {}, the last complete year, programs reached {}.").format(year(last_c), who),
        MD("Each state's first year in this run: {}.").format(seen),
    )


def single_intro(run):
    paper = paper_assumptions()
    return sentences(
        MD(
            'The paper describes a typical program this way: "Most of the training programs documented in the '
            'table received on average a delegation of {} officials from a single Central Asian state."'
        ).format(number(paper["single"])),
        MD(
            "The sentence mixes an assumption, the delegation size, which the table does not record, with a claim the "
            "table can test: that most programs trained officials of one state only."
        ),
    )


def single_table(run):
    s = part.single_multi(run.data.programs)
    shown = pd.DataFrame(
        [
            {
                "programs": number(s["programs"]),
                "one state": number(s["single_state"]),
                "several states": number(s["multi_state"]),
                "share with one state": percent(s["share_single"]) if s["programs"] else "",
            }
        ]
    )
    return table(shown, numeric=tuple(shown.columns))


def single_text(run):
    s = part.single_multi(run.data.programs)
    return sentences(
        MD("{} of the {} ({}) name a single state; {} several.").format(
            number(s["single_state"]),
            plural(s["programs"], "program"),
            percent(s["share_single"]),
            MD(f"{number(s['multi_state'])} {'names' if s['multi_state'] == 1 else 'name'}"),
        ),
        verdict_sentence(run, "most-programs-single-state"),
    )


def combinations_table(run):
    combos = part.combinations(run.data.programs)
    return table(
        formatted(combos.rename(columns={"states_combined": "states together", "n_states": "states"}), {}),
        numeric=("states", "programs"),
    )


def combinations_text(run):
    combos = part.combinations(run.data.programs)
    multi = run.data.programs[run.data.programs["multi_state"]]
    if combos.empty:
        return MD("No program of this run combined several states.")
    top = combos[combos["programs"] == combos["programs"].max()]
    common = (
        MD("The most common combination ({}) accounts for {} of them.").format(
            names(top.iloc[0]["states_combined"].split(", ")), number(top.iloc[0]["programs"])
        )
        if len(top) == 1
        else MD("No combination is more common than the others.")
    )
    years = sorted(int(y) for y in multi["year"].unique())
    return sentences(
        MD("The {} {} in {}.").format(
            plural(len(multi), "multi-state program"),
            count_word(len(multi), "comes", "come"),
            plural(len(combos), "combination"),
        ),
        common,
        MD("Multi-state programs ran in {}.").format(names([year(y) for y in years])),
    )


def least_trained(run):
    t = part.participation(run.data.program_states)
    if len(t) < 2:
        return MD("With a single state in the run there is no comparison between states.")
    fewest = part.leaders(t.assign(minus=-t["programs"]), "minus")
    lines = []
    for state in fewest:
        prof = part.state_profile(run.data.program_states, run.data.programs, state)
        lines.append(
            MD("Officials of {} appear in {}, {} of them alone, in {}, run by {}.").format(
                state,
                plural(prof["programs"], "program"),
                number(prof["single_state"]),
                names([year(y) for y in prof["years"]]),
                names(["the " + t_ for t_ in prof["trainers"]]),
            )
        )
    return sentences(
        *lines,
        MD(
            "Whether this reflects fewer programs, or fewer such programs published in the "
            "Chinese records the table was compiled from, the table cannot say."
        ),
    )


def trainers_table(run):
    trainers = part.trainer_shares(run.data.programs)
    shown = formatted(trainers, {"share": percent, "running_share": percent})
    shown = shown.rename(columns={"running_share": "running share", "states_reached": "states reached"})
    return table(shown, numeric=("programs", "share", "running share", "states reached"))


def trainers_text(run):
    trainers = part.trainer_shares(run.data.programs)
    lead = trainers[trainers["programs"] == trainers["programs"].max()]
    one = int((trainers["programs"] == 1).sum())
    parts = [MD("{} ran the programs of this run.").format(plural(len(trainers), "Chinese institution"))]
    if len(trainers) > 1 and len(lead) == 1:
        parts.append(
            MD("The {} ran the most: {}, {} of all.").format(
                lead.iloc[0]["trainer"], plural(lead.iloc[0]["programs"], "program"), percent(lead.iloc[0]["share"])
            )
        )
    elif len(trainers) > 1:
        parts.append(
            MD("{} ran the most, {} each.").format(
                names([MD("the {}").format(t) for t in lead["trainer"]]), plural(lead.iloc[0]["programs"], "program")
            )
        )
    if one and len(trainers) > 1:
        parts.append(MD("{} {} only once.").format(plural(one, "institution"), MD("appears" if one == 1 else "appear")))
    trade = run.data.programs[run.data.programs["domain"] == "trade"]
    if len(trade):
        by_trainer = trade["trainer"].value_counts()
        parts.append(
            MD("Under the {} rule set, {} of trade programs were run by the {}.").format(
                run.data.codebook.label(run.params["ruleset"]),
                percent(by_trainer.iloc[0] / len(trade)),
                escape(by_trainer.index[0]),
            )
        )
    return sentences(*parts)


def trainer_state_figure(run):
    tbs = part.trainer_by_state(run.data.program_states, run.data.programs)
    caption = MD(
        "Which Chinese institution trained which state in this run (a multi-state program counts for each "
        "of its states; the number after each trainer is its programs in all)."
    )
    alt = plain_text(
        MD("Heatmap of programs by Chinese trainer ({}) and Central Asian state ({}).").format(
            plural(len(tbs), "row"), plural(len(tbs.columns) - 1, "column")
        )
    )
    return run.figure("fig-trainer-by-state", caption, alt, lambda: figures.trainer_by_state(tbs))


def trainer_domains_table(run):
    counts = part.trainer_counts(run.data.programs)
    return table(formatted(counts, {}), numeric=("programs",))


def trainer_domains_text(run):
    counts = part.trainer_counts(run.data.programs)
    per_trainer = counts.groupby("trainer").size()
    single = int((per_trainer == 1).sum())
    return MD("{} of the {} {} in a single domain.").format(
        number(single), plural(len(per_trainer), "institution"), MD("works" if single == 1 else "work")
    )


# --- is security larger in scope? -------------------------------------------------------------------


def _scope(run):
    p = run.params
    return part.domain_scope(run.data.programs, run.data.program_states, p["delegation_single"], p["delegation_multi"])


def scope_intro(run):
    row = run.ledger.loc["security-larger-scope"]
    measures = context.domain_scope_measures()
    listing = MD("\n").join([MD("- {}").format(MD(m["meaning"])) for m in measures])
    return paragraphs(
        MD(
            'The paper states: "Training programs in security are larger in scope than in other areas." '
            "It does not say what scope means. The claims register declares a per-program reading on "
            "these measures:"
        ),
        listing,
        MD("Its rule: {}.").format(reveal.mentions(MD(row["criterion"].rstrip(".")))),
    )


def scope_table(run):
    scope = _scope(run)
    two = {
        c: (lambda v: number(v, 2) if pd.notna(v) else "no data")
        for c in ("mean_states", "share_multi_state", "median_duration", "mean_duration", "officials_per_program")
    }
    shown = formatted(scope, {**two, "officials": lambda v: number(v, 1)})
    shown.columns = [label(c) if c != "domain" else c for c in shown.columns]
    return table(shown, numeric=tuple(c for c in shown.columns if c != "domain"))


def leaders_table(run):
    measures = [m["measure"] for m in context.domain_scope_measures()]
    extra = ["programs", "delegations", "officials", "officials_per_program", "states_reached", "years_active"]
    lead = part.leader_table(_scope(run), "security", measures + extra)
    shown = formatted(
        lead.assign(declared=lead["measure"].isin(measures), measure=lead["measure"].map(label)),
        {
            "security": lambda v: number(v, 2),
            "best_other_value": lambda v: number(v, 2),
            "declared": lambda b: "yes" if b else "no",
        },
    )
    shown = shown.rename(
        columns={"best_other": "best other domain", "best_other_value": "its value", "declared": "in the ledger's test"}
    )
    return table(shown, numeric=("security", "its value"))


def scope_text(run):
    scope = _scope(run).set_index("domain")
    measures = [m["measure"] for m in context.domain_scope_measures()]
    if "security" not in scope.index:
        return MD("This run has no security programs, so there is nothing to compare.")
    if len(scope) == 1:
        return MD("This run has security programs only, so there is no other domain to compare them with.")
    lead = part.leader_table(scope.reset_index(), "security", measures).set_index("measure")

    meaning = {m["measure"]: m["meaning"] for m in context.domain_scope_measures()}

    def listed(status):
        return names([MD(meaning[m]) for m in measures if lead.loc[m, "status"] == status])

    sec = scope.loc["security"]
    others = scope.drop(index="security")
    multi = MD("{} of security programs combined several states, against at most {} in another domain.").format(
        percent(sec["share_multi_state"]), percent(others["share_multi_state"].max())
    )
    return paragraphs(
        sentences(
            MD("On the declared measures security leads on {}, ties on {} and trails on {}.").format(
                listed("leads"), listed("ties"), listed("trails")
            ),
            multi,
            verdict_sentence(run, "security-larger-scope"),
        ),
        MD(
            "Estimated officials per program is left out of the test on purpose: the paper's arithmetic gives a "
            "single-state program as many officials as a program of {}, so the measure reflects the assumption more "
            "than the programs."
        ).format(plural(run.params["delegation_single"] / run.params["delegation_multi"], "state", digits=1)),
    )
