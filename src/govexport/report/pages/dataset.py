"""Chapter 1, the dataset: what this run reads, what Table 1 holds, and its audit."""

from ...analysis import audit, trends
from ...data.coding import MONTHS
from ...params import DEFAULTS
from .. import figures
from ..tables import formatted, table
from ..text import (
    MD,
    code,
    escape,
    italic,
    names,
    number,
    paragraphs,
    percent,
    plural,
    sentences,
    span,
    year,
    years_phrase,
)
from .common import added_rows, busiest, paper_table, paper_value, plain_text

# The chapter's closing cells show these as page.claims_intro(run) and page.claims_table(run): explicit
# re-exports (the `as` form), so that ruff's F401 and mypy know they are meant.
from .common import claims_intro as claims_intro
from .common import claims_table as claims_table


def _excluded(data):
    return getattr(data, "excluded", None)


def selection(run):
    """Which table this run reads, which of its rows it analyses, and which it leaves out and why."""
    data, p = run.data, run.params
    rows, analysed = len(data.table1), len(data.programs)
    paper_table_read = p["table1"] == DEFAULTS["table1"]
    read = (
        MD("This run reads the paper's Table 1 as transcribed")
        if paper_table_read
        else MD("This run reads {}").format(code(p["table1"]))
    )
    added = [] if paper_table_read else added_rows(data)
    if not paper_table_read:
        origin = (
            MD(
                "{} not in the paper's Table 1 ({}); every count that includes {} is this run's, not the paper's."
            ).format(
                MD(f"{number(len(added))} of them {'is' if len(added) == 1 else 'are'}"),
                names(added),
                MD("it" if len(added) == 1 else "them"),
            )
            if added
            else MD("Every one of its rows is a row of the paper's Table 1.")
        )
    else:
        origin = ""
    choices = []
    excluded = _excluded(data)
    if excluded is not None and len(excluded):
        for reason, group in excluded.groupby("reason", sort=False):
            choices.append(
                MD("{} left out ({}): {}.").format(
                    plural(len(group), "row"), escape(reason), names(group["program_id"])
                )
            )
    if p["duplicates"] == "drop":
        dropped = (data.coded["duplicate_of"] != "").sum()
        choices.append(
            MD("{} repeating an earlier row {} dropped.").format(
                plural(dropped, "row"), MD("is" if dropped == 1 else "are")
            )
        )
    if p["states"] != "all":
        choices.append(MD("Only programs that trained officials of {} are kept.").format(names(p["states"], "or")))
    if p["domains"] != "all":
        choices.append(MD("Only programs coded {} are kept.").format(names(p["domains"], "or")))
    if not choices and analysed == rows:
        whole = MD("{} and analyses every one of its {}, {}.").format(
            read, plural(rows, "row"), years_phrase(p["first_year"], p["last_year"])
        )
        return paragraphs(sentences(whole, origin))
    first = (
        MD("{}, {}.").format(read, plural(rows, "row"))
        if paper_table_read
        else MD("{}, a table of {}.").format(read, plural(rows, "row"))
    )
    return paragraphs(
        sentences(first, origin),
        sentences(*choices, MD("That leaves {} to analyse.").format(plural(analysed, "program"))),
    )


CODED_COLUMNS = {
    "program_id": "id",
    "trainer": "Chinese trainer",
    "trainee": "officials trained",
    "year": "year",
    "month": "month",
    "duration_days": "days",
    "states": "states",
    "domain": "domain",
    "domain_rule": "coding rule",
    "duplicate_of": "repeats",
}


def coded_table(run):
    """The coded programs, one row each, as an explorable table (rarely needed columns start folded)."""
    programs = run.data.programs[list(CODED_COLUMNS)]
    shown = formatted(
        programs,
        {
            "month": lambda m: MONTHS[int(m) - 1],
            "duration_days": lambda d: str(int(d)),
            "year": lambda y: str(int(y)),
            "states": lambda s: s.replace(";", ", "),
        },
    )
    shown = shown.rename(columns=CODED_COLUMNS)
    return table(shown, numeric=("year", "days"), explorable=True, hidden=("coding rule", "repeats", "month"))


def holdings(run):
    """What the table holds in this run, beside what the paper says it holds."""
    c = audit.basic_counts(run.data.programs)
    paper = MD("The paper counts {} from {} to {}.").format(
        plural(paper_value(run, "programs-total-abstract"), "program"),
        year(paper_value(run, "first-year-abstract")),
        year(paper_value(run, "last-year-abstract")),
    )
    ours = MD("This run analyses {} {}, run by {}.").format(
        plural(c["programs"], "program"),
        years_phrase(c["first_year"], c["last_year"]),
        plural(c["trainers"], "Chinese institution"),
    )
    chosen = run.params["states"]
    if chosen == "all":
        reach = MD("They trained officials of {}.").format(plural(c["states"], "Central Asian state"))
    else:
        others = c["states"] - len([s for s in chosen if s in set(run.data.program_states["state"])])
        reach = MD("They trained officials of {}{}.").format(
            names(chosen),
            MD(", and, in multi-state programs, of {} besides").format(plural(others, "other state"))
            if others > 0
            else "",
        )
    split = MD("{} trained officials of a single state; {} brought delegations of several states together.").format(
        plural(c["single_state"], "program"), number(c["multi_state"])
    )
    if c["with_duration"] == c["programs"]:
        durations = MD("Every one of them states how long it lasted.")
    else:
        durations = MD("Only {} of them {} how long {} lasted.").format(
            number(c["with_duration"]),
            MD("states" if c["with_duration"] == 1 else "state"),
            MD("it" if c["with_duration"] == 1 else "they"),
        )
    return paragraphs(sentences(paper, ours, reach, split, durations))


def duplicates(run):
    """The table's repeated rows, and what the run does with them."""
    dups = audit.duplicates(run.data.coded)
    if dups.empty:
        return MD("No row of the table repeats an earlier row in all four columns.")
    listing = names(
        [
            MD("{} repeats {} ({}, {} {})").format(
                r.program_id, r.duplicate_of, r.trainer, MD(MONTHS[int(r.month) - 1]), year(r.year)
            )
            for r in dups.itertuples()
        ]
    )
    said = MD("{} of the table {} an earlier row in all four columns: {}.").format(
        plural(len(dups), "row"), MD("repeats" if len(dups) == 1 else "repeat"), listing
    )
    doubt = MD("A repeat may be two courses in one month or one course printed twice; the paper does not say.")
    stated = paper_value(run, "programs-total-abstract")
    counted = (
        MD("The paper's count of {} equals the number of rows it prints, {} included.").format(
            number(stated), MD("the repeat" if len(dups) == 1 else "the repeats")
        )
        if len(paper_table()) == stated
        else ""
    )
    it = "it" if len(dups) == 1 else "them"
    selected = run.data.programs["program_id"]
    in_run = dups["program_id"].isin(selected) | dups["duplicate_of"].isin(selected)
    if not in_run.any():  # the run's selection leaves the repeat out whatever the duplicates choice
        choice = MD(f"This run's selection leaves {it} out, so the choice to keep or drop {it} does not arise.")
    elif run.params["duplicates"] == "drop":
        choice = MD(f"This run drops {it}, as asked.")
    else:
        choice = MD(
            f"This run keeps {it}, as the paper's count does; a run that drops repeated rows (the scenario "
            f"without the duplicate) shows what changes without {it}."
        )
    return paragraphs(sentences(said, doubt), sentences(counted, choice))


def missing_durations(run):
    """How many programs state no duration, and where the gaps fall."""
    n, by_domain = audit.missing_durations(run.data.programs)
    total = len(run.data.programs)
    if n == 0:
        return MD("Every program of this run states how long it lasted.")
    worst = by_domain.loc[by_domain["share_missing"] == by_domain["share_missing"].max(), "domain"].tolist()
    if len(by_domain) == 1:  # one domain in the run: nothing to spread the gaps over
        spread = MD("")
    elif by_domain["share_missing"].nunique() == 1:
        spread = MD("The gaps are spread evenly across domains.")
    else:
        spread = MD("The gaps are not spread evenly: they are most frequent in {} programs.").format(names(worst))
    return sentences(
        MD("{} of {} ({}) {} no duration. Any statement about how long programs lasted rests on the rest.").format(
            number(n), plural(total, "program"), percent(n / total), MD("states" if n == 1 else "state")
        ),
        spread if len(by_domain) > 1 else "",
    )


def missing_table(run):
    _, by_domain = audit.missing_durations(run.data.programs)
    shown = formatted(by_domain, {"share_missing": percent}).rename(
        columns={"missing": "without a duration", "share_missing": "share without"}
    )
    return table(shown, numeric=("without a duration", "programs", "share without"))


def date_order(run):
    """How dates are printed and ordered in the table."""
    order = audit.date_order(run.data.coded)
    if order["months_chronological"]:
        within = MD("chronologically")
    elif order["months_alphabetical"]:
        within = MD("alphabetically by month name (April before August before December)")
    else:
        within = MD("in no consistent order")
    years = MD("The rows run by year") if order["years_ascending"] else MD("The rows are not in order of year")
    meaning = (
        ""
        if order["months_chronological"] and order["years_ascending"]
        else MD(
            "The printed order is therefore not the order in which programs happened, and the program ids, "
            "which follow the printed order, carry no meaning in time."
        )
    )
    return sentences(
        MD("Dates are printed to the month (for example {}); no day is given.").format(
            italic(run.data.table1["Date"].iloc[0])
        ),
        MD("{}, and within a year the months are sorted {}.").format(years, within),
        meaning,
    )


def last_year(run):
    """Whether the run's last year is complete, and where the trend tests stop."""
    p = run.params
    cov = audit.last_year_coverage(run.data.coded)
    first_c, last_c = trends.complete_range(run.data.coded, p["first_year"], p["last_year"])
    partial = trends.partial_year(cov, p["first_year"], p["last_year"])
    if partial is None and cov["last_month"] == 12:
        return MD(
            "The table's last year, {}, reaches December, so every year the run covers counts as complete."
        ).format(year(cov["last_year"]))
    if partial is None:
        return MD(
            "The table's last year, {}, stops in {}, but this run ends before it, so every year the run "
            "covers is complete."
        ).format(year(cov["last_year"]), MD(cov["last_month_name"]))
    stop = (
        MD("Every test of trends in this book therefore stops at the last complete year, {}.").format(year(last_c))
        if last_c >= first_c
        else MD("This run has no complete year before it, so the tests of trends have nothing to test.")
    )
    return sentences(
        MD(
            "The table's last year, {}, holds only {}, the latest in {}: the compilation stops there, so "
            "the count for {} reflects when the compilation ended, not a fall in training."
        ).format(
            year(partial["year"]),
            plural(partial["programs"], "program"),
            MD(partial["month_name"]),
            year(partial["year"]),
        ),
        stop,
    )


def by_year_figure(run):
    """Programs per year and domain, the partial last year marked."""
    p = run.params
    yearly = trends.domains_per_year(run.data.programs, p["first_year"], p["last_year"])
    totals = yearly.groupby("year", as_index=False)["programs"].sum()
    cov = audit.last_year_coverage(run.data.coded)
    partial = trends.partial_year(cov, p["first_year"], p["last_year"])
    present = [d for d in yearly["domain"].unique() if yearly.loc[yearly["domain"] == d, "programs"].sum()]
    caption = MD("Programs per year in this run, {}, by the domain the {} rule set gives them.").format(
        span(p["first_year"], p["last_year"]), run.data.codebook.label(p["ruleset"])
    )
    if partial:
        caption = sentences(
            caption, MD("{} is partial (to {} only).").format(year(partial["year"]), MD(partial["month_name"]))
        )
    alt = (
        f"Stacked bar chart of programs per year {plain_text(years_phrase(p['first_year'], p['last_year']))}, one "
        f"colour per domain ({', '.join(present) or 'none'}). {plain_text(busiest(totals))}"
    )
    return run.figure(
        "fig-programs-by-year-domain",
        caption,
        alt,
        lambda: figures.programs_by_year_domain(yearly, partial["year"] if partial else None),
    )


def by_year_text(run):
    p = run.params
    yearly = trends.per_year(run.data.programs, p["first_year"], p["last_year"])
    zero = yearly.loc[yearly["programs"] == 0, "year"].tolist()
    gaps = (
        MD("The table lists no program of this run in {}.").format(names([year(y) for y in zero]))
        if zero
        else MD("Every year of the run has at least one program.")
    )
    return sentences(busiest(yearly), gaps)
