"""Chapter 6, the security curricula of Table 2: what they open with, the practices and visits they list,
when they were held, and which of the paper's security topics the tables show."""

import re

import pandas as pd

from ...analysis import curricula as cur
from ...analysis import dating
from ...claims import paper_context as context
from .. import figures, reveal
from ..tables import formatted, table
from ..text import MD, agree, escape, italic, names, number, paragraphs, plural, quote, sentences, year

# The chapter's closing cells show these as page.claims_intro(run) and page.claims_table(run): explicit
# re-exports (the `as` form), so that ruff's F401 and mypy know they are meant.
from .common import claims_intro as claims_intro
from .common import claims_table as claims_table
from .common import verdict_sentence


def _t2(run):
    return run.data.table2


def _openings(run):
    """The openings table, with the patterns the register declares for the two claims it serves."""
    patterns = {
        **run.claim("lectures-ccp-achievements-first")["inputs"],
        "combat_visits": run.claim("combat-simulations-and-field-trips")["inputs"]["combat_visits"],
    }
    return cur.openings(_t2(run), patterns)


def table2_table(run):
    """Table 2 as printed, one program per row, nothing truncated."""
    rows = [
        {
            "topic": p["topic"],
            "delegated trainer": p["delegated_trainer"],
            "training specifics": p["training_specifics"],
            "field visits": "; ".join(f"{i}. {v}" for i, v in enumerate(p["field_visits"], start=1)),
        }
        for p in _t2(run)
    ]
    return table(pd.DataFrame(rows, columns=["topic", "delegated trainer", "training specifics", "field visits"]))


def programs(run):
    t2 = _t2(run)
    trainers = pd.Series([p["delegated_trainer"] for p in t2]).value_counts()
    return sentences(
        MD("Table 2 describes {}: {}.").format(plural(len(t2), "program"), names([italic(p["topic"]) for p in t2])),
        MD("Their delegated trainers are {}.").format(
            names([MD("{} ({})").format(name, plural(n, "program")) for name, n in trainers.items()])
        ),
        verdict_sentence(run, "table2-three-programs"),
    )


def openings_table(run):
    opening = _openings(run)
    yes = {c: (lambda b: "yes" if b else "no") for c in ("on achievements", "opens on China", "mentions the Party")}
    shown = formatted(
        opening[["topic", "first sentence", "on achievements", "opens on China", "mentions the Party"]], yes
    )
    return table(shown)


def openings(run):
    t2 = _t2(run)
    opening = _openings(run)
    party = int(opening["mentions the Party"].sum())
    return sentences(
        MD(
            "The paper says the lectures \"are focused first on highlighting the Chinese Communist Party's "
            "achievements\". Of the {}, {} on China's achievements and {} on China at all."
        ).format(
            plural(len(t2), "specifics text"),
            agree(int(opening["on achievements"].sum()), "opens", "open"),
            agree(int(opening["opens on China"].sum()), "opens", "open"),
        ),
        verdict_sentence(run, "lectures-ccp-achievements-first"),
        MD("Of the texts, {} the Party: reading the achievements as the Party's is the paper's gloss.").format(
            agree(party, "names", "name")
        )
        if party < len(t2)
        else MD(""),
    )


def extraction_rules(run):
    return table(pd.DataFrame(cur.EXTRACTION_RULES, columns=["step", "rule", "why"]))


def practices_wide(run):
    wide = cur.practices_wide(_t2(run))
    return table(formatted(wide.reset_index(drop=True), {}))


def practices_summary(run):
    summary = cur.practice_summary(_t2(run))
    return table(
        formatted(summary, {}), numeric=("practices listed", "only this program", "shared with another program")
    )


def practices(run):
    t2 = _t2(run)
    listed = cur.practices_table(t2)
    shared = cur.shared_practices(t2)
    distinct = listed["practice"].nunique()
    summary = cur.practice_summary(t2)
    if summary.empty or not len(listed):
        return MD("The training specifics of this run's Table 2 list no practices that the extraction rules find.")
    longest = summary[summary["practices listed"] == summary["practices listed"].max()]
    return sentences(
        MD("The {} list {} between them.").format(plural(len(t2), "program"), plural(len(listed), "practice")),
        MD("{} {} in more than one program ({}), so the count of distinct practices is {}.").format(
            plural(len(shared), "practice"),
            MD("appears" if len(shared) == 1 else "appear"),
            names([italic(s) for s in shared.index]),
            number(distinct),
        )
        if len(shared)
        else MD("No practice appears in more than one program, so all {} are distinct.").format(number(distinct)),
        MD("The longest list is the {} course's ({}).").format(
            names([italic(t) for t in longest["topic"]]), plural(longest["practices listed"].iloc[0], "item")
        ),
        MD("{} shows which program lists which practice.").format(MD("The figure below")),
    )


def _incidence(run, figure_id, matrix, caption, rows, columns, shared_as, label, label_width):
    """A dot-matrix figure of `rows` (item x program) with its alt text; shared_as: how one and several shared
    rows are said, e.g. ("practice is listed by more than one program", "practices are …")."""
    shared = int((matrix.sum(axis=1) > 1).sum())
    alt = (
        f"Dot matrix of {plural(len(matrix), rows)} (rows) by {plural(len(matrix.columns), columns)} (columns); "
        f"{shared} {shared_as[0] if shared == 1 else shared_as[1]}."
    )
    return run.figure(figure_id, caption, alt, lambda: figures.incidence_figure(matrix, label, label_width=label_width))


def practices_figure(run):
    caption = MD(
        "Practices listed in Table 2, by program: a circle where one program lists the practice, a square "
        "where two or more do."
    )
    return _incidence(
        run,
        "fig-practices-by-program",
        cur.practice_matrix(_t2(run)),
        caption,
        "practice",
        "Table 2 program",
        ("practice is listed by more than one program", "practices are listed by more than one program"),
        "Practice, as printed",
        56,
    )


def readings_table(run):
    readings = cur.practice_counts_by_reading(_t2(run), context.dozens_threshold())
    shown = formatted(
        readings, {c: (lambda b: "yes" if b else "no") for c in readings.columns if readings[c].dtype == bool}
    )
    return table(shown, numeric=("distinct practices",))


def dozens(run):
    counts = cur.practice_counts(_t2(run))
    row = run.ledger.loc["dozens-of-practices"]
    return sentences(
        MD(
            '"Dozens" is vague, and the count depends on the extraction rules. The table recounts under other '
            'defensible readings: splitting items that join two things with "and", or leaving out items that '
            "describe a situation rather than something police do."
        ),
        MD("Across the {} the count runs from {} to {}.").format(
            plural(len(counts), "reading"), number(min(counts.values())), number(max(counts.values()))
        ),
        verdict_sentence(run, "dozens-of-practices"),
        MD("Its margin: {}.").format(escape(row["margin"].rstrip("."))) if row.get("margin") else MD(""),
        MD(
            'Every list ends "and others", so the curricula taught more than they list, and the paper cites outside '
            'sources for this sentence, so its "dozens" need not rest on Table 2 alone.'
        ),
    )


def formats_table(run):
    opening = _openings(run)
    shown = formatted(
        opening[["topic", "teaching formats", "visits to combat or special units"]],
        {"visits to combat or special units": lambda b: "yes" if b else "no"},
    )
    return table(shown)


def combat(run):
    t2 = _t2(run)
    opening = _openings(run)
    visits = sum(bool(p["field_visits"]) for p in t2)
    return sentences(
        MD(
            'The paper says the trainings "involved combat stimulations [*sic*] and field trips". {} of the {} name '
            'visits to "actual combat units" or "special units", and {} list field visits.'
        ).format(
            number(int(opening["visits to combat or special units"].sum())), plural(len(t2), "text"), number(visits)
        ),
        verdict_sentence(run, "combat-simulations-and-field-trips"),
    )


def visits_figure(run):
    caption = MD(
        "Field visits in Table 2, by program (long names shortened: PSB is the Public Security Bureau, MPS "
        "the Ministry of Public Security); a square marks a visit two or more programs list."
    )
    return _incidence(
        run,
        "fig-field-visits",
        cur.field_visits_matrix(_t2(run)),
        caption,
        "field visit",
        "program",
        ("visit is shared", "visits are shared"),
        "Field visit (shortened name)",
        36,
    )


def overlap_table(run):
    overlap = cur.itinerary_overlap(_t2(run))
    shown = formatted(overlap, {"jaccard": lambda v: number(v, 2)}).rename(columns={"jaccard": "overlap (Jaccard)"})
    return table(
        shown, numeric=("visits of the first", "visits of the second", "shared", "in either", "overlap (Jaccard)")
    )


def visits(run):
    t2 = _t2(run)
    matrix = cur.field_visits_matrix(t2)
    shared = cur.shared_visits(t2)
    overlap = cur.itinerary_overlap(t2)
    parts = [
        MD("Table 2 names {} ({}).").format(
            plural(len(matrix), "distinct visit"),
            names([MD("{} {}").format(italic(t), number(n)) for t, n in matrix.sum().items()]),
        )
    ]
    if len(shared):
        parts.append(MD("{} {} shared.").format(plural(len(shared), "visit"), MD("is" if len(shared) == 1 else "are")))
    if len(overlap) and overlap["shared"].max() > 0:
        best = overlap.sort_values(["shared", "jaccard"], ascending=False).iloc[0]
        first, second = best["programs"].split(" + ", 1)
        va = next(set(p["field_visits"]) for p in t2 if p["topic"] == first)
        vb = next(set(p["field_visits"]) for p in t2 if p["topic"] == second)
        parts.append(
            MD(
                "The pair that shares most is {} and {}: of the {} the two courses visit between them, {} on "
                "both lists (a Jaccard overlap of {})."
            ).format(
                italic(first),
                italic(second),
                plural(best["in either"], "place"),
                MD("{} {}").format(number(best["shared"]), MD("is" if best["shared"] == 1 else "are")),
                number(best["jaccard"], 2),
            )
        )
        only = [(first, sorted(va - vb)), (second, sorted(vb - va))]
        extras = [
            MD("the {} course adds {}").format(italic(t), names([quote(v) for v in items]))
            for t, items in only
            if items
        ]
        if extras:
            parts.append(MD("Beyond the shared places, {}.").format(names(extras)))
    elif len(t2) > 1:
        parts.append(MD("No two programs share a visit."))
    return sentences(*parts)


def dating_intro(run):
    w = context.late_window()
    return MD(
        'Table 2 prints no dates, so the paper\'s "held in late {}" cannot be read off it. What the data can '
        "do is say which programs of Table 1 could be the ones Table 2 describes. Table 1's security programs "
        "that started between {} and {} {} are marked against each Table 2 topic by a small heuristic:"
    ).format(year(w["year"]), MD(w["first_month_name"]), MD(w["last_month_name"]), year(w["year"]))


def topic_patterns(run):
    t2 = _t2(run)
    topics = list(dict.fromkeys(p["topic"] for p in t2))
    return table(
        pd.DataFrame(
            {
                "Table 2 topic": topics,
                "trainee must name (regular expression)": [dating.topic_pattern(t) for t in topics],
            }
        )
    )


def _late(run):
    w = context.late_window()
    return dating.late_candidates(run.data.coded, _t2(run), w["year"], w["first_month"], w["last_month"])


def candidates_table(run):
    return table(formatted(_late(run).rename(columns={"program_id": "id"}), {}))


def candidates(run):
    w = context.late_window()
    late = _late(run)
    topics = list(dict.fromkeys(p["topic"] for p in _t2(run)))
    if late.empty:
        return MD("Table 1 has no security program that started in late {}.").format(year(w["year"]))
    marks = late[topics]
    named = late[(marks == "named").any(axis=1)]
    possible = late[(marks == "possible").any(axis=1) & ~(marks == "named").any(axis=1)]
    return sentences(
        MD("Of the {} of late {} ({}), {} a Table 2 topic{}.").format(
            plural(len(late), "security program"),
            year(w["year"]),
            names(late["program_id"]),
            MD("none names") if named.empty else MD(f"{number(len(named))} {'names' if len(named) == 1 else 'name'}"),
            MD(
                ", and {} {} possible for any topic ({}): an unspecialised police or security body trained by the "
                "Ministry of Public Security"
            ).format(number(len(possible)), MD("is" if len(possible) == 1 else "are"), names(possible["program_id"]))
            if len(possible)
            else MD(""),
        ),
        MD("Nothing in Table 1 ties any of them to a particular curriculum.") if named.empty else MD(""),
    )


def matches_table(run):
    matches = dating.table1_matches(run.data.coded, _t2(run), context.late_window())
    return table(
        formatted(
            matches.rename(columns={"program_id": "id", "table2 topic": "Table 2 topic"}),
            {"in the window": lambda b: "yes" if b else "no", "year": year},
        ),
        numeric=("year",),
    )


def matches(run):
    matches = dating.table1_matches(run.data.coded, _t2(run), context.late_window())
    topics = list(dict.fromkeys(p["topic"] for p in _t2(run)))
    unmatched = [t for t in topics if t not in set(matches["table2 topic"])]
    if matches.empty:
        return MD("No trainee of Table 1 names a Table 2 topic, at any date.")
    years = sorted(set(matches["year"]))
    return sentences(
        MD("Run over the whole of Table 1, without the date restriction, the patterns find {}: {}.").format(
            plural(len(matches), "program"),
            names([MD("{} ({} {})").format(r.program_id, MD(r.month), year(r.year)) for r in matches.itertuples()]),
        ),
        MD("They date from {}, and {} in the late-{} window.").format(
            names([year(y) for y in years]),
            MD("none of them falls")
            if not matches["in the window"].any()
            else MD("{} of them {}").format(
                number(int(matches["in the window"].sum())),
                MD("falls" if matches["in the window"].sum() == 1 else "fall"),
            ),
            year(context.late_window()["year"]),
        ),
        MD("No trainee names {}, so {} no match anywhere.").format(
            names([italic(t) for t in unmatched], "or"), MD("it has" if len(unmatched) == 1 else "they have")
        )
        if unmatched
        else MD(""),
    )


def timeline_figure(run):
    w = context.late_window()
    anniversary = context.reform_start() + run.claim("table2-reform-40th-anniversary")["paper_value"]
    timeline = dating.table1_timeline(run.data.coded, _t2(run), first_year=w["year"] - 1)
    caption = MD(
        "Table 1's security programs from {} on, by start month and by how they match a Table 2 topic; the "
        'shaded band is the paper\'s "late {}", the dashed line the 40th anniversary of reform and opening '
        "up."
    ).format(year(w["year"] - 1), year(w["year"]))
    alt = (
        f"Timeline of {plural(len(timeline), 'security program')} from {w['year'] - 1}, in rows by match "
        f"status, with the "
        f"late-{w['year']} window shaded."
    )
    return run.figure(
        "fig-table2-timeline", caption, alt, lambda: figures.timeline_figure(timeline, w["year"], anniversary)
    )


def dating_evidence(run):
    w = context.late_window()
    reform = context.reform_start()
    years = run.claim("table2-reform-40th-anniversary")["paper_value"]  # the "40th" anniversary
    t2 = _t2(run)
    anniversary = [p for p in t2 if "anniversary of reform" in p["training_specifics"]]
    matches = dating.table1_matches(run.data.coded, t2, context.late_window())
    source = run.claim("combat-simulations-and-field-trips").get("source") or ""
    source_years = sorted(set(re.findall(r"(?:19|20)\d\d", source)))
    lines = []
    if anniversary:
        lines.append(
            MD(
                "- {} of the texts introduce China's achievements \"since the 40th anniversary of reform and "
                'opening up". Reform began in {}, so the wording dates them to {} or later: that fits late '
                "{}, but fits late {} just as well;"
            ).format(
                number(len(anniversary)), year(reform), year(reform + years), year(w["year"]), year(reform + years)
            )
        )
    if len(matches):
        lines.append(
            MD("- the only trainees that name a Table 2 topic trained in {};").format(
                names([year(y) for y in sorted(set(matches["year"]))])
            )
        )
    if source_years:
        lines.append(
            MD("- the sources the paper cites for its sentence on the trainings date from {}.").format(
                names([year(y) for y in source_years])
            )
        )
    return paragraphs(
        MD(
            "The dates say nothing for certain: Table 1 may miss programs, and the unspecialised "
            "delegations could have followed any of these curricula. The circumstantial evidence:"
        ),
        MD("\n").join(lines) if lines else MD("- none in this run's tables."),
        verdict_sentence(run, "table2-late-2019"),
    )


def _evidence(run):
    return dating.topic_evidence(run.data.programs, _t2(run), context.security_topics())


def topics_table(run):
    shown = formatted(_evidence(run), {"found": lambda b: "yes" if b else "no"})
    return table(shown)


def topics(run):
    evidence = _evidence(run)
    found = evidence[evidence["found"]]
    missing = evidence[~evidence["found"]]
    return sentences(
        MD(
            "The ledger searches for each topic, with the pattern shown, in Table 2's topics and specifics and in the "
            "trainees of this run's security programs (matches among other domains' trainees are shown but not "
            "counted)."
        ),
        MD("{} of the {} appear in the data ({}){}.").format(
            number(len(found)),
            plural(len(evidence), "topic"),
            names(found["paper's topic"]),
            MD("; these do not: {}").format(names(missing["paper's topic"])) if len(missing) else MD(""),
        ),
        verdict_sentence(run, "security-topics-range"),
    )


def not_testable(run):
    rows = run.ledger[run.ledger["verdict"] == "not testable with this data"]
    declared, bounded = rows[rows["tested_part"] == ""], rows[rows["tested_part"] != ""]

    def listing(frame):
        return names(
            [
                MD("{} ({})").format(MD(f"`{r.claim_id}`"), reveal.verdict(escape(r.reason.rstrip("."))))
                for r in frame.itertuples()
            ]  # a reason may name another claim's verdict
        )

    said = []
    if len(declared):
        said.append(
            MD("{} of this chapter {} on evidence the tables do not record: {}.").format(
                plural(len(declared), "claim"), MD("rests") if len(declared) == 1 else MD("rest"), listing(declared)
            )
        )
    if len(bounded):
        said.append(
            MD(
                "For {} the tables hold only part of what the claim speaks of, which falls short of bearing it out and "
                "cannot contradict it: {}."
            ).format(plural(len(bounded), "claim"), listing(bounded))
        )
    return sentences(*said)
