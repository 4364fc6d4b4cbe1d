"""Chapter 3, officials: the paper's headcount arithmetic, how much of it is assumption, a range, officials
by state, and the comparisons with figures reported elsewhere."""

import pandas as pd

from ...analysis import officials as off
from ...claims import checks
from ...claims import paper_context as context
from ...claims.register import paper_assumptions
from ...data.coding import program_states
from .. import figures
from ..tables import formatted, table
from ..text import (
    MD,
    blockquote,
    count_word,
    names,
    number,
    paragraphs,
    percent,
    plural,
    sentences,
    span,
    span_of,
    year,
)

# The chapter's closing cells show these as page.claims_intro(run) and page.claims_table(run): explicit
# re-exports (the `as` form), so that ruff's F401 and mypy know they are meant.
from .common import claims_intro as claims_intro
from .common import claims_table as claims_table
from .common import verdict_sentence


def _sizes(run):
    return run.params["delegation_single"], run.params["delegation_multi"]


def _estimate(run):
    single, multi = _sizes(run)
    return off.estimate(run.data.program_states, single, multi)


def _officials(x):
    return number(x, 1)


def _size(x):
    """A delegation size as the run was given it (4.25, not 4.2): a parameter, never rounded."""
    return MD(f"{float(x):,.6g}")


def _size_span(first, last):
    """'7.7–19.7 officials': delegation sizes from `first` to `last`, as given (one size: '20 officials')."""
    if float(first) == float(last):
        return _size_officials(first)
    return MD("{}–{} officials").format(_size(first), _size(last))


def _size_officials(x):
    """'20 officials', '4.25 officials', '1 official': a delegation size with its noun."""
    return MD("{} {}").format(_size(x), count_word(x, "official", digits=6))


def arithmetic(run):
    """The paper's sentences and this run's assumptions."""
    paper = paper_assumptions()
    single, multi = _sizes(run)
    quotes = [
        run.claim(i)["quote"]
        for i in ("most-programs-single-state", "delegation-single-20", "delegation-multi-5", "officials-total-1200")
    ]
    same = single == paper["single"] and multi == paper["multi"]
    uses = (
        MD("This run uses the paper's values, {} and {}.").format(_size(single), _size(multi))
        if same
        else MD("This run uses {} and {}; the paper's values are {} and {}.").format(
            _size(single), _size(multi), _size(paper["single"]), _size(paper["multi"])
        )
    )
    return paragraphs(
        blockquote(f"{quotes[0]} {quotes[1]} … {quotes[2]} … {quotes[3]}"),
        sentences(
            MD(
                "Table 1 records no delegation sizes. The two averages are the paper's assumptions, and the "
                "book takes them as two parameters: the officials a program that names one state receives, and "
                "the officials *each* state sends to a program with several (on the command line, "
                "`-p delegation_single=…` and `-p delegation_multi=…`)."
            ),
            uses,
            MD(
                "A multi-state program sends one delegation per state, so a course for four states "
                "counts four delegations."
            ),
        ),
    )


def estimate_table(run):
    single, multi = _sizes(run)
    rows = off.estimate_table(_estimate(run), single, multi)
    shown = formatted(rows, {"count": number, "officials each": _size, "officials": _officials})
    return table(shown, numeric=("count", "officials each", "officials"))


def result(run):
    single, multi = _sizes(run)
    est = _estimate(run)
    paper = paper_assumptions()
    gap = est["total"] / paper["total"] - 1
    ours = MD(
        "{} single-state {} × {} give {}; the {} multi-state {} {} {}, and × {} these give {}. The "
        'total is **{}**, against the paper\'s "roughly around" {} ({}).'
    ).format(
        number(est["single_state_programs"]),
        MD("program" if est["single_state_programs"] == 1 else "programs"),
        _size_officials(single),
        _officials(est["from_single"]),
        number(est["multi_state_programs"]),
        MD("program" if est["multi_state_programs"] == 1 else "programs"),
        MD("names" if est["multi_state_programs"] == 1 else "name"),
        plural(est["multi_state_delegations"], "state delegation"),
        _size_officials(multi),
        _officials(est["from_multi"]),
        plural(est["total"], "official", digits=1),
        number(paper["total"]),
        MD(f"{'+' if gap >= 0 else '−'}{abs(gap) * 100:.1f}%"),
    )
    whole = program_states(run.data.coded)  # every row of the run's table, as the paper counts it
    at_paper = off.estimate(whole, paper["single"], paper["multi"])["total"]
    needed = off.single_for_total(whole, paper["total"], paper["multi"])
    paper_way = MD("With the paper's own averages, the whole table gives {}.").format(
        plural(at_paper, "official", digits=1)
    )
    if needed is not None and needed > 0:
        paper_way = sentences(
            paper_way,
            MD(
                "To reach exactly {} with {} per state in a multi-state program, single-state delegations would need "
                "{} on average."
            ).format(number(paper["total"]), plural(paper["multi"], "official"), plural(needed, "official", digits=1)),
        )
    return paragraphs(sentences(ours, verdict_sentence(run, "officials-total-1200")), paper_way)


def sensitivity(run):
    single, multi = _sizes(run)
    est = _estimate(run)
    effects = off.marginal_effects(run.data.program_states)
    total = est["total"]
    weight = est["from_single"] / total if total else 0.0
    return paragraphs(
        MD("The estimate is linear in both averages, so its sensitivity is exact, not approximate."),
        sentences(
            MD(
                "One more official in every single-state delegation adds {} to the total, one per single-state "
                "program; one more in every multi-state delegation adds {}, one per state delegation."
            ).format(plural(effects["per_single"], "official"), plural(effects["per_multi"], "official")),
            MD(
                "In proportion, what matters is each part's weight: single-state programs carry {} of the estimate, "
                "so an error of a tenth in the single-state average moves the total by {}, and the same error in "
                "the multi-state average by {}."
            ).format(percent(weight), percent(0.1 * weight, 1), percent(0.1 * (1 - weight), 1)),
        ),
    )


def _grid(run):
    single, multi = _sizes(run)
    singles, multis = off.grid_values(single, 5), off.grid_values(multi, 7)
    return singles, multis, off.sensitivity_grid(run.data.program_states, singles, multis)


def sensitivity_figure(run):
    single, multi = _sizes(run)
    paper = paper_assumptions()
    singles, multis, grid = _grid(run)
    caption = MD(
        "The estimate for each pair of average delegation sizes around this run's ({} and {}); the run's "
        "cell has a solid frame{}."
    ).format(
        _size(single),
        _size(multi),
        MD(", the paper's assumptions a dashed one")
        if (single, multi) != (paper["single"], paper["multi"])
        and paper["single"] in singles
        and paper["multi"] in multis
        else MD(""),
    )
    alt = (
        f"Heatmap of estimated officials: single-state delegations from {min(singles)} to {max(singles)} "
        f"(rows), officials per state in multi-state programs from {min(multis)} to {max(multis)} (columns); "
        f"values from {grid.min().min():,.0f} to {grid.max().max():,.0f}."
    )
    return run.figure(
        "fig-officials-sensitivity",
        caption,
        alt,
        lambda: figures.plot_sensitivity(grid, (single, multi), (paper["single"], paper["multi"])),
    )


def grid_text(run):
    singles, multis, grid = _grid(run)
    effects = off.marginal_effects(run.data.program_states)
    return sentences(
        MD(
            "Across the grid ({} per single-state delegation, {} per state in a multi-state program) the "
            "estimate runs from {} to {}."
        ).format(
            _size_span(min(singles), max(singles)),
            _size_span(min(multis), max(multis)),
            _officials(grid.min().min()),
            _officials(grid.max().max()),
        ),
        MD(
            "From the bottom row to the top the estimate changes by {}, and from the left column to the right by {}. "
            "The table fixes only the number of delegations; everything else comes from the assumed sizes."
        ).format(
            _officials(effects["per_single"] * (max(singles) - min(singles))),
            _officials(effects["per_multi"] * (max(multis) - min(multis))),
        ),
    )


def band_intro(run):
    return MD(
        "The paper gives no range, and Table 1 gives nothing to estimate one from. Any band is therefore a "
        "choice. The book's default lets each average lie anywhere within {} of its value, rounded to whole "
        'officials: "if the averages are off by up to that much", not "with this probability". Because '
        "the estimate rises with both averages, the extremes are at the corners of that box."
    ).format(percent(context.delegation_band()))


def band_table(run):
    single, multi = _sizes(run)
    band = off.uncertainty(run.data.program_states, single, multi, context.delegation_band())
    shown = pd.DataFrame(
        {
            "": ["low corner", "this run", "high corner"],
            "single-state delegation": [_size(v) for v in (band["single_range"][0], single, band["single_range"][1])],
            "per state, multi-state": [_size(v) for v in (band["multi_range"][0], multi, band["multi_range"][1])],
            "estimated officials": [_officials(v) for v in (band["low"], _estimate(run)["total"], band["high"])],
        }
    )
    shown.columns = ["assumption", *shown.columns[1:]]
    return table(shown, numeric=("single-state delegation", "per state, multi-state", "estimated officials"))


def band_text(run):
    single, multi = _sizes(run)
    band = off.uncertainty(run.data.program_states, single, multi, context.delegation_band())
    sim = off.simulate(run.data.program_states, single, multi)
    total = _estimate(run)["total"]
    settings = off.SIMULATION
    within = MD(
        "With {} per single-state delegation and {} per state in a multi-state program, the table documents {}."
    ).format(
        span_of(*band["single_range"], "official"),
        span_of(*band["multi_range"], "official"),
        MD("**{}**").format(plural(band["low"], "official", digits=1))
        if band["low"] == band["high"]
        else MD("between **{} and {} officials**").format(_officials(band["low"]), _officials(band["high"])),
    )
    sim_text = MD(
        "A second, different question is how much the total would move if the *averages* were right but "
        "individual delegations varied around them. The simulation below draws every delegation's size "
        "from a gamma distribution with the run's average and a coefficient of variation of {}, rounded to "
        "whole officials (at least one), {} times with a fixed seed."
    ).format(percent(settings["cv"]), number(settings["draws"]))
    if total:
        spread = MD(
            "The middle 90% of the simulated totals lies between {} and {}, about ±{} of the estimate, against "
            "±{} for the chosen band. Differences between delegations largely cancel out over many "
            "delegations; an error in the averages does not, and the table has no information about "
            "them."
        ).format(
            _officials(sim["p5"]),
            _officials(sim["p95"]),
            percent((sim["p95"] - sim["p5"]) / 2 / total),
            percent((band["high"] - band["low"]) / 2 / total),
        )
    else:
        spread = MD("This run has no delegations, so there is nothing to simulate.")
    return paragraphs(within, sim_text, spread)


def simulation_table(run):
    single, multi = _sizes(run)
    sim = off.simulate(run.data.program_states, single, multi)
    shown = pd.DataFrame(
        {
            "statistic": ["5th percentile", "median", "95th percentile", "mean"],
            "estimated officials": [_officials(round(sim[k])) for k in ("p5", "median", "p95", "mean")],
        }
    )
    return table(shown, numeric=("estimated officials",))


def _by_state(run):
    single, multi = _sizes(run)
    return off.by_state_split(run.data.program_states, single, multi)


def by_state_table(run):
    shown = formatted(
        _by_state(run),
        {c: _officials for c in ("from single-state programs", "from multi-state programs", "officials")},
    )
    return table(shown, numeric=("from single-state programs", "from multi-state programs", "officials"))


def by_state_figure(run):
    single, multi = _sizes(run)
    states = _by_state(run)
    caption = MD(
        "Estimated officials by state in this run ({} per single-state delegation, {} per state in a "
        "multi-state program), split by the kind of program."
    ).format(_size(single), _size(multi))
    alt = (
        "Horizontal stacked bars of estimated officials per state: "
        + "; ".join(f"{r.state} {r.officials:,.0f}" for r in states.itertuples())
        + "."
    )
    return run.figure("fig-officials-by-state", caption, alt, lambda: figures.officials_by_state(states))


def by_state_text(run):
    states = _by_state(run)
    single, multi = _sizes(run)
    if states.empty:
        return MD("This run has no state to rank.")
    top = states.loc[states["officials"] == states["officials"].max()]
    share = top["officials"].iloc[0] / states["officials"].sum()
    how = (
        "mostly through single-state programs"
        if (top["from single-state programs"] >= top["from multi-state programs"]).all()
        else "mostly through multi-state programs"
    )
    if len(states) == 1:
        lead = MD("Only {} is counted in this run: {}.").format(
            top["state"].iloc[0], plural(top["officials"].iloc[0], "official", digits=1)
        )
    elif len(top) == 1:
        lead = MD("{} sent the most officials in this run, an estimated {} ({} of the total), {}.").format(
            top["state"].iloc[0], _officials(top["officials"].iloc[0]), percent(share), MD(how)
        )
    else:
        lead = MD("{} tie for the most officials in this run, an estimated {} each.").format(
            names(top["state"]), _officials(top["officials"].iloc[0])
        )
    return sentences(
        lead,
        MD(
            "Single-state programs weigh heavily in the ranking: each counts {} for its state, "
            "while a multi-state program adds {} per state."
        ).format(_size_officials(single), _size(multi)),
    )


# --- comparisons with reported figures -------------------------------------------------------------


def _fractions(run):
    """Each comparison with a figure reported elsewhere: the table's estimate and band, or, where the run leaves
    the comparison empty, `empty` saying why (the reason the ledger's check gives) and no number."""
    single, multi = _sizes(run)
    band = off.uncertainty(run.data.program_states, single, multi, context.delegation_band())
    rows = []
    for item in context.reported_figures():
        years = item["years"]
        _, why = checks.reported_comparison(run.data, {"state": item["state"], **_window(years)})
        if run.params["domains"] != "all":
            why = why or "the run selects some domains, while the reported figures count every domain"

        def total(s, m, years=years, state=item["state"]):
            return off.state_total(run.data.program_states, state, s, m, years)

        estimates = {
            "low": total(band["single_range"][0], band["multi_range"][0]),
            "estimate": total(single, multi),
            "high": total(band["single_range"][1], band["multi_range"][1]),
        }
        rows.append({**item, "empty": why or "", **({} if why else estimates)})
    return rows


def _window(years):
    return {"first_year": years[0], "last_year": years[1]} if years else {}


def fraction_intro(run):
    items = context.reported_figures()
    return paragraphs(
        blockquote(run.claim("small-fraction")["quote"]),
        MD("The paper backs this with figures reported elsewhere:"),
        *[blockquote(run.claim(item["claim"])["quote"]) for item in items],
    )


def fraction_table(run):
    rows = _fractions(run)

    def cell(r, value):
        return "not in this run" if r["empty"] else value(r)

    shown = pd.DataFrame(
        {
            "comparison": [_comparison_name(r) for r in rows],
            "table (low)": [cell(r, lambda r: _officials(r["low"])) for r in rows],
            "table estimate": [cell(r, lambda r: _officials(r["estimate"])) for r in rows],
            "table (high)": [cell(r, lambda r: _officials(r["high"])) for r in rows],
            "reported elsewhere": [number(r["reported"]) for r in rows],
            "table as share of reported": [cell(r, lambda r: percent(r["estimate"] / r["reported"])) for r in rows],
            "share at high corner": [cell(r, lambda r: percent(r["high"] / r["reported"])) for r in rows],
        }
    )
    return table(shown.astype(str), numeric=tuple(shown.columns[1:]))


def _comparison_name(r):
    if r["years"]:
        return MD("{} officials, programs of {}").format(r["demonym"], span(*r["years"]))
    return MD("{} officials, all programs").format(r["demonym"])


def fraction_figure(run):
    rows = _fractions(run)
    caption = MD("The table's estimated officials (whiskers: the ±{} band) beside the figures the paper cites.").format(
        percent(context.delegation_band())
    )
    alt = (
        "Paired horizontal bars: "
        + "; ".join(
            f"{r['demonym']} officials, table not compared in this run, {r['reported']:,} reported"
            if r["empty"]
            else f"{r['demonym']} officials, table {r['estimate']:,.0f} against {r['reported']:,} reported"
            for r in rows
        )
        + "."
    )
    return run.figure("fig-officials-vs-reported", caption, alt, lambda: figures.officials_vs_reported(rows))


def fraction_text(run):
    rows = _fractions(run)
    notes, parts = [], []
    for r in rows:
        if r["empty"]:  # said once, with no number for a comparison the run cannot make
            notes.append(MD("The comparison of {} is empty in this run: {}.").format(_comparison_name(r), r["empty"]))
            continue
        parts.append(
            MD("about {} {} {}{} against the {} reported ({}; {} at the high corner of the band)").format(
                _officials(r["estimate"]),
                r["demonym"],
                count_word(r["estimate"], "official", digits=1),
                MD(" of {} programs").format(span(*r["years"])) if r["years"] else MD(""),
                number(r["reported"]),
                percent(r["estimate"] / r["reported"]),
                percent(r["high"] / r["reported"]),
            )
        )
    accounts = MD("In this run the table accounts for {}.").format(names(parts, "and")) if parts else MD("")
    return paragraphs(
        sentences(*notes),
        sentences(
            accounts,
            MD(
                'The reported figures are lower bounds ("over", "at least"), so each share is an upper bound on '
                "the table's true share of all training."
            )
            if parts
            else MD(""),
            verdict_sentence(run, "small-fraction"),
        ),
        _kabar_caveat(run),
    )


def _kabar_caveat(run):
    headline = context.kabar_headline()
    compared = [r for r in _fractions(run) if not r["empty"]]
    meets = any(r["years"] == (headline["year"], headline["year"]) for r in compared)
    return sentences(
        MD(
            "Two caveats. First, the comparison is only as good as the reported figures, and one is hard to trace: "
            'the KABAR article the paper cites for its Kyrgyz figure carries the headline "{} Kyrgyz civil '
            'servants completed training in China this year", a figure for {} alone{}.'
        ).format(
            number(headline["value"]),
            year(headline["year"]),
            MD(", which the table also meets above") if meets else MD(""),
        ),
        MD(
            'Second, the Uzbek figure covers "the past few years", while the table\'s Uzbek figure covers all its '
            "years, which makes that comparison generous to the table."
        ),
    )


def thousands(run):
    found = run.outcome("thousands-targeted")
    threshold = context.thousands_threshold()
    said = [blockquote(found.claim["quote"])]
    if found.verdict == "not testable in this run":
        return paragraphs(*said, verdict_sentence(run, "thousands-targeted"))
    documented = found.measures["officials"]
    reached = documented >= threshold
    return paragraphs(
        *said,
        sentences(
            MD(
                '"Thousands" is read as at least {}. The documented programs, with this run\'s delegation sizes, cover '
                "about {}: {}."
            ).format(
                number(threshold),
                plural(documented, "official", digits=1),
                MD("enough to bear the claim out on their own") if reached else MD("short of that"),
            ),
            MD(
                "They are a floor under all the training the claim speaks of, and a floor that falls short cannot "
                "contradict a total: the claim rests on the figures the paper reports from elsewhere."
            )
            if not reached
            else MD(""),
            verdict_sentence(run, "thousands-targeted"),
        ),
    )


def trainees_table(run):
    security = run.data.programs[run.data.programs["domain"] == "security"]
    trainees = security.groupby("trainee").agg(programs=("program_id", "size"), ids=("program_id", ", ".join))
    shown = trainees.sort_values(["programs", "ids"], ascending=[False, True]).reset_index()
    return table(
        formatted(shown.rename(columns={"trainee": "security trainees", "ids": "program ids"}), {}),
        numeric=("programs",),
    )


def echelons(run):
    return paragraphs(
        blockquote(run.claim("security-upper-echelon-and-rank-and-file")["quote"]),
        sentences(
            MD("The claim is about rank, and the table records it only in the trainee's description."),
            verdict_sentence(run, "security-upper-echelon-and-rank-and-file"),
            MD("The descriptions of this run's security programs:"),
        ),
    )
