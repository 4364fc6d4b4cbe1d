"""Chapter 2, domains: the paper's split, the coding behind it, how unique it is, another coding, and
whether security is "the majority" and "most extensive"."""

from functools import cached_property, lru_cache

import pandas as pd

from ...analysis import domains as dom
from ...claims.formatting import many
from ...claims.register import paper_split
from ...data.coding import code_programs
from ...data.dataset import select
from ...params import DOMAINS
from .. import figures
from ..tables import formatted, table
from ..text import MD, bold, code, escape, names, number, paragraphs, percent, plural, sentences

# The chapter's closing cells show these as page.claims_intro(run) and page.claims_table(run): explicit
# re-exports (the `as` form), so that ruff's F401 and mypy know they are meant.
from .common import claims_intro as claims_intro
from .common import claims_table as claims_table
from .common import paper_table, verdict_sentence

# A trainer whose domain is arguable although a specific rule codes it: customs is about trade as much
# as about borders. Adding it to the uncertain programs shows how much the count of fitting codings
# depends on how much doubt one admits.
ARGUABLE_TRAINERS = ("Chinese Customs",)


class Coding:
    """The run's codings under every rule set of its codebook, computed once per chapter run."""

    def __init__(self, run):
        self.run, self.data = run, run.data
        self.rulesets = list(self.data.codebook.rulesets)
        self.ruleset = run.params["ruleset"]
        # the rule set written to reproduce the paper, when the codebook has one
        self.reference = "paper" if "paper" in self.rulesets else self.ruleset

    def code(self, name):
        return code_programs(self.data.table1, self.data.codebook, name)

    @cached_property
    def whole(self):
        """Every row of the run's table, coded by the reference rule set (the paper's counts describe the
        whole table, whatever the run selects)."""
        return self.code(self.reference)

    @cached_property
    def selected(self):
        return {name: select(self.code(name), self.run.params) for name in self.rulesets}

    @cached_property
    def comparison(self):
        return dom.compare_rulesets(self.data.table1, self.data.codebook, lambda c: select(c, self.run.params))

    @cached_property
    def uncertain(self):
        return dom.uncertain_programs(self.whole, self.data.codebook, self.reference)

    @cached_property
    def codings(self):
        return dom.consistent_codings(self.whole, self.uncertain, paper_split())


@lru_cache(maxsize=1)
def _coding(run):
    """The chapter's codings, made once per run (the page functions of one run share them; the Run itself is
    left as the runtime made it)."""
    return Coding(run)


def code_name(name):
    """A coding rule's id (data, shown as written)."""
    return code(name)


def ruleset_name(run, name):
    """What readers call a rule set (the codebook's label, rulesets.csv): 'the paper-fitted rule set'."""
    return MD("the {} rule set").format(run.data.codebook.label(name))


def ruleset_label(run, name):
    return escape(run.data.codebook.label(name))


def paper_split_text(run):
    split = paper_split()
    total = sum(split.values())
    rows = len(paper_table())
    fits = (
        MD(
            "The four counts add up to {}, the number of rows of the paper's Table 1: every program sits in "
            "exactly one domain."
        ).format(number(total))
        if total == rows
        else MD("The four counts add up to {}, while the paper's Table 1 has {}.").format(
            number(total), plural(rows, "row")
        )
    )
    return paragraphs(MD("> ") + escape(run.claim("domains-sum-59")["quote"]), fits)


def rule_sets(run):
    c = _coding(run)
    book = c.data.codebook
    listing = MD("\n").join(
        [
            MD("- {}{}").format(
                bold(book.label(r)), MD(": ") + escape(book.description(r)) if book.description(r) else ""
            )
            for r in c.rulesets
        ]
    )
    used = MD("This run codes with {}.").format(ruleset_name(run, c.ruleset))
    whole = MD(" and in this run's selection" if len(c.selected[c.reference]) != len(c.whole) else "")
    reference = (
        MD(
            "{} was written to reproduce the paper; here it is, with the programs each rule coded in the whole table{}:"
        ).format(MD(str(ruleset_name(run, c.reference)).capitalize()), whole)
        if c.reference == "paper"
        else MD("The codebook has no rule set written to reproduce the paper; here is the run's, {}:").format(
            ruleset_name(run, c.reference)
        )
    )
    return paragraphs(
        MD("The codebook holds {}:").format(plural(len(c.rulesets), "rule set")),
        listing,
        sentences(used, reference),
    )


def _rules(firings):
    shown = firings.rename(
        columns={"rule_id": "rule", "field": "looks in", "pattern": "for", "programs": "programs coded"}
    )
    shown["for"] = shown["for"].str.replace("|", " | ", regex=False)
    return shown


def rules_table(run):
    c = _coding(run)
    firings = dom.rule_firings(c.whole, c.data.codebook, c.reference)
    shown = _rules(firings)[["rule", "looks in", "for", "domain", "programs coded", "reason"]]
    numeric = ["programs coded"]
    if len(c.selected[c.reference]) != len(c.whole):
        shown.insert(
            5,
            "in this run",
            dom.rule_firings(c.selected[c.reference], c.data.codebook, c.reference)["programs"].to_numpy(),
        )
        numeric.append("in this run")
    return table(formatted(shown, {}), numeric=numeric)


def rules_by_domain(run):
    """For each domain: how many programs the reference rule set gives it in the whole table, against the
    paper, and which rules did it."""
    c = _coding(run)
    firings = dom.rule_firings(c.whole, c.data.codebook, c.reference)
    split = paper_split()
    lines = []
    for domain in DOMAINS:
        fired = firings[(firings["domain"] == domain) & (firings["programs"] > 0)]
        n = int(fired["programs"].sum())
        match = MD("the paper's count") if n == split[domain] else MD("the paper: {}").format(number(split[domain]))
        by = names(
            [MD("{} {}").format(code_name(r.rule_id), MD(f"({number(r.programs)})")) for r in fired.itertuples()]
        )
        lines.append(MD("- {}: {} ({}), by {}").format(bold(domain), plural(n, "program"), match, by))
    return MD("\n").join(lines)


def residual(run):
    c = _coding(run)
    catch_all = dom.catch_all_rules(c.data.codebook.ruleset(c.reference))
    rows = c.whole[c.whole["domain_rule"].isin(catch_all)]
    if rows.empty:
        return MD("No program of the table needs the rule set's catch-all rule: a specific rule codes every one.")
    trainers = names(list(dict.fromkeys(rows["trainer"])))
    domains = names(sorted(rows["domain"].unique()))
    return sentences(
        MD(
            "{} reach {} only through the catch-all rule, because no specific rule claims them: courses run by {}."
        ).format(plural(len(rows), "program"), domains, trainers),
        MD(
            "The paper does not say how it coded them; the next section shows that other combinations "
            "reach the same counts."
        ),
    )


def residual_table(run):
    c = _coding(run)
    catch_all = dom.catch_all_rules(c.data.codebook.ruleset(c.reference))
    rows = c.whole[c.whole["domain_rule"].isin(catch_all)]
    shown = rows.assign(selected=rows["program_id"].isin(c.selected[c.reference]["program_id"]))
    shown = formatted(
        shown[["program_id", "trainer", "trainee", "year", "domain", "selected"]],
        {"selected": lambda b: "yes" if b else "no"},
    )
    return table(shown.rename(columns={"program_id": "id", "selected": "in this run"}), numeric=("year",))


def _split(run):
    split = dom.domain_counts(run.data.programs)
    split.insert(1, "paper", split["domain"].map(paper_split()))
    return split


def split_table(run):
    split = _split(run)
    shown = formatted(split, {"share": percent}).rename(
        columns={"paper": "the paper", "programs": "this run", "share": "share in this run"}
    )
    return table(shown, numeric=("the paper", "this run", "share in this run"))


def split_figure(run):
    split = _split(run)
    ruleset = run.params["ruleset"]
    caption = MD("Programs per domain in this run ({}), beside the paper's counts.").format(ruleset_name(run, ruleset))
    alt = (
        "Bar chart of programs per domain: "
        + "; ".join(f"{r.domain} {r.programs} (paper {r.paper})" for r in split.itertuples())
        + "."
    )
    return run.figure("fig-programs-per-domain", caption, alt, lambda: figures.programs_per_domain(split))


def split_text(run):
    split = _split(run)
    counts = names(
        [MD("{} {} ({})").format(escape(r.domain), number(r.programs), percent(r.share)) for r in split.itertuples()]
    )
    differ = [
        MD("{} {} (the paper: {})").format(escape(r.domain), number(r.programs), number(r.paper))
        for r in split.itertuples()
        if r.programs != r.paper
    ]
    verdict = (
        MD("This run's counts match the paper's in all four domains.")
        if not differ
        else MD("This run's counts differ from the paper's in {}.").format(names(differ))
    )
    note = (
        ""
        if run.params["domains"] == "all"
        else MD("This run keeps only {} programs, so the other domains are empty by choice, not by finding.").format(
            names(run.params["domains"], "and")
        )
    )
    return sentences(
        MD("Under {}, this run counts {}.").format(ruleset_name(run, run.params["ruleset"]), counts), verdict, note
    )


def uncertain_table(run):
    c = _coding(run)
    shown = c.uncertain[["program_id", "trainer", "trainee", "domain", "why"]].rename(columns={"program_id": "id"})
    return table(formatted(shown, {}))


SHOWN_CODINGS = 50  # codings the table lists; the text gives the count of all of them


def _codings_tried(tried, groups):
    """'1,024 codings', or for a number too long to read '4 to the power 3,000 codings (a number of 1,807
    digits)'."""
    return MD(many(tried, "coding", base=len(DOMAINS), exponent=groups))


def codings_table(run):
    c = _coding(run)
    codings, _ = c.codings
    codings = codings.head(SHOWN_CODINGS)
    shown = codings.rename(columns={"as coded": "the rule set's own coding"})
    shown = shown.replace({True: "yes", False: ""})
    shown.insert(0, "coding", [f"coding {i + 1}" for i in range(len(shown))])
    return table(formatted(shown, {}))


def uniqueness(run):
    c = _coding(run)
    codings, tried = c.codings
    fit = dom.coding_count(codings)
    groups = dom.uncertain_groups(c.uncertain)
    intro = MD(
        "A trainer's uncertain programs are decided together, since a ministry's courses of the same kind "
        "should be coded alike. That leaves {} covering {}. Trying every domain for each decision gives {}; "
        "a coding is kept when the counts of all four domains equal the paper's (they are counted, not tried "
        "one by one)."
    ).format(plural(len(groups), "decision"), plural(len(c.uncertain), "program"), _codings_tried(tried, len(groups)))
    if fit > 1:
        listed = (
            MD(" The table below lists a sample of {} of them, drawn at random with a fixed seed.").format(
                number(len(codings))
            )
            if codings.attrs.get("sampled")
            else MD("")
        )
        if min(len(codings), SHOWN_CODINGS) < fit:
            listed += MD(" The table shows the first {}.").format(number(min(len(codings), SHOWN_CODINGS)))
        found = MD(
            "**The split is reproducible but not uniquely identified:** {} give the paper's four counts "
            "exactly, and nothing in the paper picks one of them.{}"
        ).format(plural(fit, "different coding"), listed)
    elif fit == 1:
        found = MD(
            "**Only one coding of the uncertain programs gives the paper's counts**, so here the counts "
            "identify the coding."
        )
    else:
        found = MD(
            "**No coding of the uncertain programs gives the paper's counts** with this table and codebook, "
            "so the rest of the table would have to be coded differently as well."
        )
    if codings.empty:
        return paragraphs(intro, found)
    used = sorted({d for col in codings.columns[:-1] for d in codings[col]})
    settled = c.whole.loc[~c.whole["program_id"].isin(c.uncertain["program_id"]), "domain"].value_counts()
    full = [d for d in DOMAINS if d not in used and int(settled.get(d, 0)) == paper_split()[d]]
    limited = MD("Every consistent coding uses only {} for the uncertain programs{}.").format(
        names(used),
        MD(
            "; the settled programs already make up the paper's full count for {}, so no uncertain program can go there"
        ).format(names(full))
        if full
        else MD(""),
    )
    rules = c.data.codebook.ruleset(c.reference)
    fits, back = dom.trainer_led_codings(codings, c.uncertain, rules, c.whole, paper_split())
    if back:
        kept = names([MD("{} as {}").format(g, escape(d)) for g, d in back.items()])
        trainer = (
            MD(
                "Of these codings, {} never let the trainee override the trainer: they code {}, like the rest "
                "of those trainers' courses, and fit the paper's counts just as well."
            ).format(number(dom.coding_count(fits)), kept)
            if dom.coding_count(fits)
            else MD("None of them lets every trainer keep its own domain ({}).").format(kept)
        )
    else:
        trainer = ""
    wider = dom.uncertain_programs(c.whole, c.data.codebook, c.reference, also_trainers=ARGUABLE_TRAINERS)
    extra = wider[~wider["program_id"].isin(c.uncertain["program_id"])]
    if len(extra):
        wide_codings, _ = dom.consistent_codings(c.whole, wider, paper_split())
        doubt = MD(
            "How much doubt to admit is itself a judgement. Counting {} ({}) among the uncertain programs "
            "as well changes the number of codings that fit to {}."
        ).format(names(ARGUABLE_TRAINERS), names(extra["program_id"]), number(dom.coding_count(wide_codings)))
    else:
        doubt = ""
    return paragraphs(intro, found, sentences(limited, trainer), doubt)


def other_rulesets(run):
    c = _coding(run)
    others = [r for r in c.rulesets if r != c.reference]
    if not others:
        return MD("The codebook has no other rule set to compare with.")
    return MD("The other rule {} of the codebook: {}.").format(
        MD("set" if len(others) == 1 else "sets"), names([ruleset_name(run, r) for r in others])
    )


def other_rules_table(run):
    c = _coding(run)
    others = [r for r in c.rulesets if r != c.reference]
    frames = []
    for name in others:
        firings = _rules(dom.rule_firings(c.selected[name], c.data.codebook, name))
        frames.append(firings[["rule", "looks in", "for", "domain", "programs coded", "reason"]])
    shown = (
        pd.concat(frames)
        if frames
        else pd.DataFrame(columns=["rule", "looks in", "for", "domain", "programs coded", "reason"])
    )
    return table(formatted(shown, {}), numeric=("programs coded",))


def comparison_table(run):
    c = _coding(run)
    shown = c.comparison.copy()
    shown.insert(1, "the paper", shown["domain"].map(paper_split()))
    shown = shown.rename(columns={r: c.data.codebook.label(r) for r in c.rulesets})
    return table(formatted(shown, {}), numeric=[col for col in shown.columns if col != "domain"])


def comparison_figure(run):
    c = _coding(run)
    labels = {r: c.data.codebook.label(r) for r in c.rulesets}
    caption = MD("Programs per domain in this run under each rule set of the codebook.")
    alt = (
        "Grouped bar chart of programs per domain under each rule set: "
        + "; ".join(
            f"{r['domain']}: " + ", ".join(f"{labels[name]} {r[name]}" for name in c.rulesets)
            for _, r in c.comparison.iterrows()
        )
        + "."
    )
    return run.figure(
        "fig-domains-by-ruleset",
        caption,
        alt,
        lambda: figures.domains_by_ruleset(c.comparison.rename(columns=labels), list(labels.values())),
    )


def _moved(run):
    c = _coding(run)
    others = [r for r in c.rulesets if r != c.reference]
    if not others:
        return None, None
    alt = others[0]
    return alt, dom.recoded(c.data.table1, c.data.codebook, lambda x: select(x, run.params), c.reference, alt)


def recoded_table(run):
    alt, moved = _moved(run)
    if moved is None:
        return table(pd.DataFrame({"": ["the codebook has one rule set"]}))
    c = _coding(run)
    labels = {f"domain ({r})": f"domain ({c.data.codebook.label(r)})" for r in (c.reference, alt)}
    return table(formatted(moved.rename(columns={"program_id": "id", **labels}), {}))


def recoded_text(run):
    c = _coding(run)
    alt, moved = _moved(run)
    if moved is None:
        return MD("")
    a, b = f"domain ({c.reference})", f"domain ({alt})"
    n = len(c.selected[c.reference])
    counts = c.comparison.set_index("domain")
    shifts = []
    for d in DOMAINS:
        before, after = int(counts.loc[d, c.reference]), int(counts.loc[d, alt])
        if before != after:
            shifts.append(
                MD("{} {} from {} to {}").format(
                    escape(d), MD("grows" if after > before else "falls"), number(before), number(after)
                )
            )
    into = moved[(moved[b] == "security") & (moved[a] != "security")]
    out_of = moved[(moved[a] == "security") & (moved[b] != "security")]

    def listing(rows):
        return names([MD("{} ({})").format(t, names(g["program_id"])) for t, g in rows.groupby("trainer", sort=False)])

    security = MD("")
    if len(out_of) or len(into):
        security = MD("{} {} security ({}) and {} {} it ({}).").format(
            plural(len(out_of), "program"),
            MD("leaves" if len(out_of) == 1 else "leave"),
            listing(out_of),
            number(len(into)),
            MD("joins" if len(into) == 1 else "join"),
            listing(into),
        )
    return paragraphs(
        sentences(
            MD("Coding by {} changes the domain of {} ({} of the programs in this run).").format(
                ruleset_name(run, alt), plural(len(moved), "program"), percent(len(moved) / n) if n else MD("none")
            ),
            MD("Across domains, {}.").format(names(shifts)) if shifts else MD("The domain totals do not move."),
            security,
        ),
        MD(
            "Neither coding is wrong. They answer different questions: which Chinese institutions export "
            "governance, and which Central Asian institutions receive it. The paper's counts follow the first."
        ),
    )


def standings_table(run):
    c = _coding(run)
    st = dom.standings(c.comparison)
    st["rule set"] = st["rule set"].map(c.data.codebook.label)
    shown = formatted(st, {"share": percent, "over half": lambda b: "yes" if b else "no"})
    return table(shown, numeric=("security programs", "programs", "share"))


def majority(run):
    c = _coding(run)
    split = paper_split()
    st = dom.standings(c.comparison).set_index("rule set")
    lines = [
        MD("Under {}, security has {} of the programs: {}.").format(
            ruleset_name(run, name),
            percent(st.loc[name, "share"]) if st.loc[name, "programs"] else MD("none"),
            escape(st.loc[name, "status"]),
        )
        for name in c.rulesets
    ]
    paper_share = split["security"] / sum(split.values())
    paper = MD("In the paper's own counts, security is {} of the total{}.").format(
        percent(paper_share),
        MD(": larger than any other domain, but short of half")
        if paper_share <= 0.5 and split["security"] > max(v for k, v in split.items() if k != "security")
        else MD(""),
    )
    found = run.outcome("security-majority-abstract")
    quoted = MD("> ") + escape(found.claim["quote"])
    if found.verdict == "not testable in this run":  # the run selects domains: said once, no shares after it
        return paragraphs(
            quoted,
            sentences(
                MD("{}.").format(found.result.reason.capitalize()), paper, verdict_sentence(run, found.claim["id"])
            ),
        )
    return paragraphs(
        quoted,
        MD(
            '"The majority" means more than half. The table also says, for every rule set, whether security is at '
            "least the largest domain: a weaker claim, which the paper does not make and the verdict does not count."
        ),
        sentences(*lines, paper, verdict_sentence(run, "security-majority-abstract")),
    )


def officials_table(run):
    p = run.params
    by_domain = dom.officials_by_domain(run.data.program_states, p["delegation_single"], p["delegation_multi"])
    shown = formatted(by_domain, {"officials": lambda x: number(x, 1)})
    return table(
        shown.rename(columns={"officials": "estimated officials"}), numeric=("programs", "estimated officials")
    )


def most_extensive(run):
    p = run.params
    by_domain = dom.officials_by_domain(
        run.data.program_states, p["delegation_single"], p["delegation_multi"]
    ).set_index("domain")
    by_programs = dom.standing(by_domain["programs"])
    by_officials = dom.standing(by_domain["officials"])
    if by_programs["total"] == 0:
        return MD("This run has no programs to compare.")
    return paragraphs(
        MD("> ") + escape(run.claim("security-most-extensive")["quote"]),
        sentences(
            MD("The sentence can be read in programs or in people (the delegation sizes of the officials chapter)."),
            MD("By programs, security is {}; by estimated officials it is {}, with {} of the officials.").format(
                escape(by_programs["status"]), escape(by_officials["status"]), percent(by_officials["share"])
            ),
            verdict_sentence(run, "security-most-extensive"),
        ),
    )
