"""Chapter 4, trends: did programs become more frequent, and wider in scope?"""

import pandas as pd

from ...analysis import audit, trends
from ...claims import checks
from ...claims import paper_context as context
from .. import figures, reveal
from ..tables import formatted, table
from ..text import MD, count_word, names, number, paragraphs, plural, sentences, signed, span, year, years_phrase
from .common import busiest, verdict_sentence

# The chapter's closing cells show these as page.claims_intro(run) and page.claims_table(run): explicit
# re-exports (the `as` form), so that ruff's F401 and mypy know they are meant.
from .common import claims_intro as claims_intro
from .common import claims_table as claims_table


class Years:
    """The run's years: all of them, the complete ones the tests use, the split into halves (the ledger's own,
    from checks.trend_halves, so the page and the verdict compare the same halves)."""

    def __init__(self, run):
        p = run.params
        self.first, self.last = p["first_year"], p["last_year"]
        self.coverage = audit.last_year_coverage(run.data.coded)
        self.partial = trends.partial_year(self.coverage, self.first, self.last)
        halves = checks.trend_halves(run.data)
        self.testable = halves is not None
        self.first_c, self.last_c, self.split = halves or (self.first, self.first - 1, self.first)


def _years(run):
    return Years(run)


def yearly_table(run):
    y = _years(run)
    yearly = trends.per_year(run.data.programs, y.first, y.last)
    shown = yearly[["year", "programs", "delegations", "trainers", "domains"]]
    return table(formatted(shown, {"year": year}), numeric=("year", "programs", "delegations", "trainers", "domains"))


def yearly_text(run):
    y = _years(run)
    yearly = trends.per_year(run.data.programs, y.first, y.last)
    zero = yearly.loc[yearly["programs"] == 0, "year"].tolist()
    gaps = (
        MD("The table lists no program of this run in {}.").format(names([year(v) for v in zero]))
        if zero
        else MD("Every year of the run has at least one program.")
    )
    if y.partial:
        partial = MD(
            "The last year, {}, is partial: the compilation stops in {}, with {} in the whole table. Its bar "
            "is hatched and it is left out of every test below."
        ).format(year(y.partial["year"]), MD(y.partial["month_name"]), plural(y.partial["programs"], "program"))
    else:
        partial = MD("Every year this run shows is complete.")
    when = str(years_phrase(y.first, y.last))
    return sentences(
        MD("{} the table lists {} of this run.").format(
            MD(when[0].upper() + when[1:]), plural(len(run.data.programs), "program")
        ),
        gaps,
        busiest(yearly),
        partial,
    )


def _frequency(run):
    y = _years(run)
    return trends.frequency_test(run.data.programs, y.first_c, y.last_c) if y.testable else None


def trend_figure(run):
    y = _years(run)
    yearly = trends.per_year(run.data.programs, y.first, y.last)
    line = trends.trend_line(run.data.programs, y.first_c, y.last_c) if y.testable else None
    freq = _frequency(run)
    caption = MD("Programs per year in this run, {}.").format(span(y.first, y.last))
    if y.testable:
        caption = sentences(
            caption,
            MD(
                "Over the complete years ({}) the dashed line is the least-squares trend "
                "({} a year) and the orange horizontal lines the mean per year in each half."
            ).format(span(y.first_c, y.last_c), signed(freq["slope"])),
        )
    if y.partial:
        caption = sentences(caption, MD("The hatched bar is the partial year {}.").format(year(y.partial["year"])))
    alt = (
        f"Bar chart of programs per year {years_phrase(y.first, y.last)}. "
        + str(busiest(yearly)).replace("\\", "")
        + (
            f" Least-squares slope {freq['slope']:+.2f} programs a year over {y.first_c}–{y.last_c}."
            if y.testable
            else ""
        )
    )
    halves = [(y.first_c, y.split - 1), (y.split, y.last_c)] if y.testable else []
    return run.figure(
        "fig-programs-per-year-trend",
        caption,
        alt,
        lambda: figures.programs_per_year_trend(yearly, line, halves, y.partial["year"] if y.partial else None),
    )


def frequency_rule(run):
    """The ledger's declared test for the frequency claims, in words, from the register."""
    row = run.ledger.loc["trend-frequency-abstract"]
    return MD(
        'The paper gives no measure of "increased rapidly". The claims register declares one, applied to '
        "the complete years only: {}."
    ).format(reveal.mentions(MD(row["criterion"].rstrip("."))))


def frequency(run):
    y = _years(run)
    if not y.testable:
        return MD(
            "**This run covers fewer than two complete years, so the trend tests have nothing to test**, and "
            "the ledger marks the trend claims not testable in this run."
        )
    freq = _frequency(run)
    yearly = trends.per_year(run.data.programs, y.first_c, y.last_c)
    early = yearly[yearly["year"] < y.split]
    late = yearly[yearly["year"] >= y.split]
    rate_early, rate_late = early["programs"].mean(), late["programs"].mean()
    slope = MD("Over the complete years the least-squares line has a slope of {} programs a year.").format(
        signed(freq["slope"])
    )
    halves = MD("The earlier half, {}, holds {}; the later half, {}, holds {}.").format(
        MD(freq["first_half"]),
        plural(freq["programs_first_half"], "program"),
        MD(freq["second_half"]),
        number(freq["programs_second_half"]),
    )
    if rate_early > 0 or rate_late == 0:
        rates = MD("{}from {} a year to {}{}.").format(
            MD(
                "The halves are not equally long ({} and {} years), so the fairer comparison is the yearly rate: "
            ).format(number(len(early)), number(len(late)))
            if len(early) != len(late)
            else MD("Per year, that is "),
            plural(rate_early, "program", digits=1),
            number(rate_late, 1),
            MD(", a factor of {}").format(number(rate_late / rate_early, 1))
            if rate_late > 0
            else MD(": the later half has no program"),
        )
    else:
        rates = MD(
            "The earlier half has no program, so its yearly rate is 0, which any later rate at least doubles; the "
            "later half has {} a year."
        ).format(number(rate_late, 1))
    return paragraphs(
        sentences(slope, halves, rates),
        sentences(
            verdict_sentence(run, "trend-frequency-abstract"),
            MD("The introduction's repetition of the claim gets the same test and verdict."),
        ),
    )


def splits_table(run):
    y = _years(run)
    splits = (
        trends.split_sensitivity(run.data.programs, y.first_c, y.last_c)
        if y.testable
        else trends.split_sensitivity(run.data.programs, 0, -1)
    )
    shown = formatted(
        splits,
        {
            "split_year": year,
            "per_year_early": lambda v: number(v, 2),
            "per_year_late": lambda v: number(v, 2),
            "rate_ratio": lambda v: number(v, 2) if pd.notna(v) and v != float("inf") else "no rate",
            "late_total_at_least_double": lambda b: "yes" if b else "no",
        },
    )
    shown = shown.rename(
        columns={
            "split_year": "later period from",
            "early": "earlier period",
            "late": "later period",
            "programs_early": "programs (earlier)",
            "programs_late": "programs (later)",
            "per_year_early": "a year (earlier)",
            "per_year_late": "a year (later)",
            "rate_ratio": "ratio of yearly rates",
            "late_total_at_least_double": "later total at least double",
        }
    )
    return table(
        shown,
        numeric=(
            "later period from",
            "programs (earlier)",
            "programs (later)",
            "a year (earlier)",
            "a year (later)",
            "ratio of yearly rates",
        ),
    )


def robustness(run):
    y = _years(run)
    if not y.testable:
        return MD("With fewer than two complete years there is no split to move and no slope to check.")
    splits = trends.split_sensitivity(run.data.programs, y.first_c, y.last_c)
    loo = trends.leave_one_out_slopes(run.data.programs, y.first_c, y.last_c)
    checks = trends.robustness(run.data.programs, y.first_c, y.last_c)
    parts = []
    finite = splits[splits["rate_ratio"] != float("inf")]
    if len(splits) == 0:
        parts.append(MD("The complete years are too few to move the split (each side needs two years)."))
    else:
        if len(finite):
            parts.append(
                MD("Over the {}, the later period's yearly rate is never less than {} times the earlier one.").format(
                    plural(len(splits), "possible split"), number(finite["rate_ratio"].min(), 1)
                )
            )
        failing = splits.loc[~splits["late_total_at_least_double"], "split_year"].tolist()
        if not failing:
            parts.append(MD("The doubling rule on totals holds at every split."))
        elif len(failing) == len(splits):
            parts.append(MD("The doubling rule on totals fails at every split."))
        else:
            parts.append(
                MD(
                    "The doubling rule on totals fails when the later period starts in {}: that period is "
                    "then short, so its total cannot double the longer earlier period's."
                ).format(names([year(v) for v in failing], "or"))
            )
    if len(loo) > 1:
        weakest = loo.loc[loo["slope"].idxmin()]
        parts.append(
            MD(
                "The slope stays positive whichever single year is left out; it is smallest, {} a year, without {}."
            ).format(signed(weakest["slope"]), year(weakest["left_out"]))
            if (loo["slope"] > 0).all()
            else MD("Leaving out {} turns the slope to {} a year: a single year carries the trend.").format(
                year(weakest["left_out"]), signed(weakest["slope"])
            )
        )
    agree = checks["points_up"].all()
    parts.append(
        MD("Every check in the table below points the same way: the count rises.")
        if agree
        else MD(
            "Not every check below points up; the ledger's verdict rests on its declared test alone, and "
            "these checks show how much that test's outcome depends on its choices."
        )
    )
    return sentences(*parts)


def checks_table(run):
    y = _years(run)
    checks = (
        trends.robustness(run.data.programs, y.first_c, y.last_c)
        if y.testable
        else pd.DataFrame(columns=["check", "value", "points_up"])
    )
    shown = formatted(
        checks,
        {
            "value": lambda v: number(v, 2) if pd.notna(v) and abs(v) != float("inf") else "not defined",
            "points_up": lambda b: "yes" if b else "no",
        },
    )
    return table(shown.rename(columns={"points_up": "points up"}), numeric=("value",))


# --- scope -------------------------------------------------------------------------------------------


def _scope_claim(run):
    return run.claim("trend-scope-abstract")


def scope_rule(run):
    declared, left_out = checks.scope_measures(_scope_claim(run), run.data)
    listing = MD("\n").join([MD("- {}").format(MD(m["meaning"])) for m in declared])
    return paragraphs(
        MD(
            '"Scope" can mean several things. The claims register declares which measures the '
            "ledger compares between the same halves of the complete years:"
        ),
        listing,
        MD("This run leaves out {}.").format(left_out) if left_out else MD(""),
        MD("Its rule: {}.").format(
            reveal.mentions(MD(run.ledger.loc["trend-scope-abstract", "criterion"].rstrip(".")))
        ),
    )


def _scope(run):
    declared, _ = checks.scope_measures(_scope_claim(run), run.data)
    factor = _scope_claim(run)["inputs"]["rapid_factor"]
    return checks.scope_rises(run.data, [m["measure"] for m in declared], factor)


def scope_table(run):
    y = _years(run)
    if not y.testable:
        return table(pd.DataFrame({"measure": ["none"], "note": ["fewer than two complete years"]}))
    changes = _scope(run)
    meaning = {m["measure"]: m["meaning"] for m in context.scope_measures()}
    periods = trends.period_comparison(run.data.programs, y.split, y.first_c, y.last_c)["period"]
    shown = formatted(
        changes.assign(measure=changes["measure"].map(meaning), rapid=changes["rapid"]).drop(columns=["direction"]),
        {
            **{c: (lambda v: number(v, 2) if pd.notna(v) else "no data") for c in ("early", "late", "change")},
            "rapid": lambda b: "yes" if b else "no",
        },
    )
    factor = _scope_claim(run)["inputs"]["rapid_factor"]
    shown = shown.rename(
        columns={
            "early": f"earlier ({periods[0]})",
            "late": f"later ({periods[1]})",
            "rapid": f"rose at least {number(factor)}-fold",
        }
    )
    return table(shown, numeric=tuple(shown.columns[1:4]))


def scope(run):
    y = _years(run)
    if not y.testable:
        return MD("With fewer than two complete years there are no halves to compare.")
    found = run.outcome("trend-scope-abstract")
    if found.verdict == "not testable in this run":  # the ledger's reason, said once, with no comparison after it
        return MD("Scope cannot be compared in this run: {}. {}").format(
            found.result.reason if found.result else found.judgement.note, verdict_sentence(run, "trend-scope-abstract")
        )
    changes = _scope(run)
    factor = _scope_claim(run)["inputs"]["rapid_factor"]
    meanings = {m["measure"]: m for m in context.scope_measures()}
    words = {"rose": [], "fell": [], "unchanged": [], "no data": []}
    for r in changes.itertuples():
        words[r.direction].append(r.measure)
    rapid = int(changes["rapid"].sum())
    widened = [MD(meanings[m]["up"]) for m in words["rose"]]
    narrowed = [MD(meanings[m]["down"]) for m in words["fell"]]
    counts = MD("Of the {}, {} rose ({} at least {}-fold) and {} fell{}{}.").format(
        plural(len(changes), "measure"),
        number(len(words["rose"])),
        number(rapid),
        number(factor),
        number(len(words["fell"])),
        MD(", {} did not change").format(number(len(words["unchanged"]))) if words["unchanged"] else MD(""),
        MD(", and {} had no data in one of the periods").format(number(len(words["no data"])))
        if words["no data"]
        else MD(""),
    )
    plain = sentences(
        MD("What widened: {}.").format(names(widened, "and")) if widened else MD("Nothing widened."),
        MD("What narrowed: {}.").format(names(narrowed, "and")) if narrowed else MD("Nothing narrowed."),
    )
    return paragraphs(sentences(counts, verdict_sentence(run, "trend-scope-abstract")), plain)


def volume(run):
    y = _years(run)
    if not y.testable:
        return MD("")
    distinct = trends.distinct_per_period(run.data.programs, y.split, y.first_c, y.last_c)
    early, late = distinct.iloc[0], distinct.iloc[1]
    if not early["programs"] or not late["programs"]:
        return MD("One of the periods has no program, so breadth and volume cannot be separated.")
    faster = late["trainers_per_program"] < early["trainers_per_program"]
    return sentences(
        MD(
            "Trainers and domains per year partly rise because programs do: a year with a single program cannot have "
            "more than one trainer."
        ),
        MD(
            "Counted over each period as a whole, the later period involves {} against {} in the earlier one: {} "
            "per program against {}, so its variety of institutions grew {} its number of programs."
        ).format(
            plural(late["trainers"], "distinct Chinese institution"),
            number(early["trainers"]),
            number(late["trainers_per_program"], 2),
            number(early["trainers_per_program"], 2),
            MD("more slowly than") if faster else MD("at least as fast as"),
        ),
        MD("Geographically, the programs reached {} in the earlier period and {} in the later one.").format(
            plural(early["states_reached"], "state"), number(late["states_reached"])
        ),
    )


def volume_table(run):
    y = _years(run)
    if not y.testable:
        return table(pd.DataFrame({"period": ["none"]}))
    distinct = trends.distinct_per_period(run.data.programs, y.split, y.first_c, y.last_c)
    shown = formatted(distinct, {"trainers_per_program": lambda v: number(v, 2) if pd.notna(v) else "no programs"})
    return table(
        shown.rename(columns={"trainers_per_program": "trainers per program", "states_reached": "states reached"}),
        numeric=("programs", "trainers", "domains", "states reached", "trainers per program"),
    )


def scope_figure(run):
    y = _years(run)
    scope_yearly = trends.scope_per_year(run.data.programs, y.first, y.last)
    caption = MD(
        "Scope of this run's programs year by year: distinct trainers and domains, states per program and "
        "median stated duration. Years without programs are gaps{}{}."
    ).format(
        MD("; the dotted line marks where the later half begins") if y.testable else MD(""),
        MD("; hollow markers are the partial year") if y.partial else MD(""),
    )
    alt = (
        f"Four line panels over {y.first}–{y.last}: distinct trainers, distinct domains, mean states per "
        f"program and median stated duration per year."
    )
    return run.figure(
        "fig-scope-per-year",
        caption,
        alt,
        lambda: figures.scope_per_year(scope_yearly, (y.first_c, y.last_c), y.split if y.testable else None),
    )


def durations_table(run):
    dur = trends.durations(run.data.programs)
    return table(
        formatted(
            dur.rename(columns={"with_duration": "with a duration", "without_duration": "without a duration"}), {}
        ),
        numeric=("programs", "with a duration", "without a duration"),
    )


def durations_figure(run):
    dur = trends.durations(run.data.programs)
    stated = run.data.programs.dropna(subset=["duration_days"])
    caption = MD(
        "Stated durations by domain in this run; each box spans the middle half, and each domain's label "
        "says how many of its programs state a duration."
    )
    alt = (
        "Box plot of stated durations by domain: "
        + "; ".join(f"{r.domain} {r.with_duration} of {r.programs} stated" for r in dur.itertuples())
        + "."
    )
    return run.figure("fig-durations-by-domain", caption, alt, lambda: figures.durations_by_domain(stated, dur))


def durations(run):
    dur = trends.durations(run.data.programs)
    stated = run.data.programs.dropna(subset=["duration_days"])
    n_with, n_without = int(dur["with_duration"].sum()), int(dur["without_duration"].sum())
    if not n_with:
        return MD("No program of this run states a duration.")
    medians = stated.groupby("domain")["duration_days"].median()
    top = medians[medians == medians.max()]
    longest = MD("{} programs run longest (median {})").format(
        names(top.index.tolist()), plural(top.iloc[0], "day", digits=1)
    )
    if len(medians) == 1:
        longest = MD("only {} programs state a duration (median {})").format(
            names(medians.index.tolist()), plural(medians.iloc[0], "day", digits=1)
        )
    security = (
        MD("; security programs have a median of {}").format(plural(medians["security"], "day", digits=1))
        if "security" in medians and len(medians) > 1 and "security" not in top.index
        else MD("")
    )
    return sentences(
        MD("Only {} of this run {} a duration; {} not.").format(
            plural(n_with, "program"),
            count_word(n_with, "states", "state"),
            MD(f"{number(n_without)} {'does' if n_without == 1 else 'do'}"),
        ),
        MD("Among those that do, {}{}.").format(longest, security),
        MD(
            "With so many gaps, any change in duration between periods rests on the programs that happen to state "
            "a length."
        )
        if n_without
        else "",
    )


def scope_by_domain_table(run):
    by_domain = trends.scope_by_domain(run.data.programs)
    two = {
        c: (lambda v: number(v, 2) if pd.notna(v) else "no data")
        for c in ("mean_states", "share_multi_state", "median_duration", "mean_duration")
    }
    shown = formatted(by_domain, two).rename(
        columns={
            "mean_states": "states per program",
            "share_multi_state": "share multi-state",
            "median_duration": "median days",
            "mean_duration": "mean days",
            "states_reached": "states reached",
            "years_active": "years active",
        }
    )
    return table(shown, numeric=tuple(shown.columns[1:]))


def scope_by_domain(run):
    by_domain = trends.scope_by_domain(run.data.programs).set_index("domain")
    if "security" not in by_domain.index:
        return MD(
            "This run has no security programs, so the claim that security programs are larger in scope cannot "
            "be tested here."
        )
    return sentences(
        MD(
            "The paper also says that training programs in security are larger in scope than in other "
            "areas. The measures are the same kind as above, taken per domain instead of per period."
        ),
        verdict_sentence(run, "security-larger-scope")
        if "security-larger-scope" in run.ledger.index
        else MD("The states and trainers chapter tests that claim."),
    )
