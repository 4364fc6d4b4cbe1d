"""Table 2: the security practices each curriculum lists and the field visits programs share.

How Table 2's undated programs line up with Table 1 is in curricula_dating.py; the chapter's figures
and its rendering of Table 2 are in curricula_plots.py.
"""

import re

import pandas as pd

# --- the practices a training-specifics text lists -------------------------------------------------
#
# Each specifics text first names general subjects ("China's judicial system", "national security
# strategy") and teaching formats ("through special lectures, seminars, ..."), then lists practices
# after "such as" or "training on", ending with "and others" or at the end of the sentence. The rules
# below are the whole extraction; EXTRACTION_RULES shows them to readers.

LIST_OPENERS = re.compile(r"\b(?:such as|training on)\s", re.IGNORECASE)
LIST_END = re.compile(r"\.(?:\s|$)|,? and others\b")
FORMAT_OPENER = re.compile(r"\bthrough\s", re.IGNORECASE)
LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# Items that describe a state of affairs (a briefing) rather than something police do.
BRIEFING = re.compile(r"\bsituation\b|\btrends$", re.IGNORECASE)

EXTRACTION_RULES = [
    (
        "where a list starts",
        "after 'such as' or 'training on' (any capitalisation)",
        "Table 2's texts introduce their practices with these words; 'through' introduces teaching formats instead",
    ),
    (
        "where a list ends",
        "at 'and others' or at the end of the sentence",
        "every list in Table 2 closes one of these two ways",
    ),
    ("how items are separated", "by commas", "Table 2 separates list items with commas only"),
    (
        "clean-up",
        "a leading 'the' / 'a' is dropped and blanks are trimmed",
        "so 'the application of information-led methods ...' reads like its neighbours",
    ),
    (
        "what counts once",
        "an item printed identically in two programs counts once",
        "'China's anti-drug work' is listed by two programs",
    ),
    (
        "what is not a practice",
        "general subjects and teaching formats outside the lists",
        "the paper separates 'general lectures on the tenets' from the practices",
    ),
]


def _lists(text, opener):
    """The comma-separated lists that follow each match of `opener`, as items in order."""
    items = []
    for match in opener.finditer(text):
        segment = LIST_END.split(text[match.end() :], maxsplit=1)[0]
        for item in segment.split(","):
            item = LEADING_ARTICLE.sub("", item.strip()).strip()
            if item:
                items.append(item)
    return items


def practices(text, split_compounds=False, drop_briefings=False):
    """The practices a training-specifics text lists, in order, as printed (without 'and others').

    split_compounds: also split an item at ' and ' ('trends and combat strategies' -> two items).
    drop_briefings: leave out items describing a situation or trends rather than a practice.
    """
    found = _lists(text, LIST_OPENERS)
    if split_compounds:
        found = [part.strip() for item in found for part in item.split(" and ") if part.strip()]
    if drop_briefings:
        found = [item for item in found if not BRIEFING.search(item)]
    return list(dict.fromkeys(found))


def teaching_formats(text):
    """The teaching formats a specifics text names after 'through' ('special lectures', 'seminars', ...)."""
    return list(dict.fromkeys(_lists(text, FORMAT_OPENER)))


def practices_table(programs, split_compounds=False, drop_briefings=False):
    """One row per program and practice (columns program, topic, practice; empty if none are listed)."""
    rows = [
        {"program": p["program"], "topic": p["topic"], "practice": item}
        for p in programs
        for item in practices(p["training_specifics"], split_compounds, drop_briefings)
    ]
    return pd.DataFrame(rows, columns=["program", "topic", "practice"])


def practices_wide(programs):
    """The practices side by side: one column per program topic, in the order printed ('' below a short list)."""
    table = practices_table(programs)
    topics = list(dict.fromkeys(p["topic"] for p in programs))
    if table.empty:
        return pd.DataFrame(columns=topics)
    table = table.assign(item=table.groupby("program").cumcount() + 1)
    wide = table.pivot_table(index="item", columns="topic", values="practice", aggfunc="first")
    wide = wide.reindex(columns=topics).fillna("")
    wide.columns.name = None
    return wide


def practice_matrix(programs):
    """Practices (rows, in order first listed) by program topic (columns): 1 where the program lists it."""
    return _incidence(practices_table(programs), "practice", programs)


def practice_summary(programs):
    """Per program: practices listed, how many only it lists, how many it shares with another program."""
    matrix = practice_matrix(programs)
    shared = matrix.sum(axis=1) > 1
    rows = []
    for p in programs:
        column = matrix[p["topic"]] if p["topic"] in matrix else pd.Series(dtype=int)
        rows.append(
            {
                "program": p["program"],
                "topic": p["topic"],
                "practices listed": int(column.sum()),
                "only this program": int((column.astype(bool) & ~shared).sum()),
                "shared with another program": int((column.astype(bool) & shared).sum()),
            }
        )
    return pd.DataFrame(
        rows, columns=["program", "topic", "practices listed", "only this program", "shared with another program"]
    )


def shared_practices(programs):
    """Practices listed by more than one program."""
    matrix = practice_matrix(programs)
    return matrix[matrix.sum(axis=1) > 1]


# The readings of the lists under which practices are recounted: (name, split compounds, drop briefings).
READINGS = (
    ("as printed", False, False),
    ("items joined by 'and' split", True, False),
    ("situation and trend briefings left out", False, True),
    ("both", True, True),
)


def practice_counts(programs):
    """Distinct practices under each reading of the lists: {reading: count}, 'as printed' first."""
    return {name: practice_count(programs, split, drop) for name, split, drop in READINGS}


def practice_count(programs, split_compounds=False, drop_briefings=False):
    """Distinct practices the programs list together, under one reading of the lists."""
    return int(practices_table(programs, split_compounds, drop_briefings)["practice"].nunique())


def practice_counts_by_reading(programs, threshold):
    """The counts of practice_counts as a table, with whether each reaches `threshold` (the claims register's
    reading of 'dozens', passed in)."""
    return pd.DataFrame(
        [
            {"reading": name, "distinct practices": n, f"at least {threshold}": n >= threshold}
            for name, n in practice_counts(programs).items()
        ]
    )


# --- field visits ----------------------------------------------------------------------------------


def _incidence(long, item, programs):
    """Rows: `item` values in order of first appearance; columns: program topics; 1 where listed."""
    topics = list(dict.fromkeys(p["topic"] for p in programs))
    if long.empty:
        return pd.DataFrame(0, index=pd.Index([], name=item), columns=pd.Index(topics, name="topic"))
    order = list(dict.fromkeys(long[item]))
    matrix = pd.crosstab(long[item], long["topic"]).reindex(index=order, columns=topics)
    matrix = (matrix.fillna(0) > 0).astype(int)
    matrix.index.name, matrix.columns.name = item, "topic"
    return matrix


def field_visits_matrix(programs):
    """Field visits (rows) by program topic (columns): 1 where the program visited it."""
    rows = [{"visit": v, "topic": p["topic"]} for p in programs for v in p["field_visits"]]
    return _incidence(pd.DataFrame(rows, columns=["visit", "topic"]), "visit", programs)


def shared_visits(programs):
    """Visits listed by more than one program."""
    matrix = field_visits_matrix(programs)
    return matrix[matrix.sum(axis=1) > 1]


def itinerary_overlap(programs):
    """Program x program: visits both list, and the Jaccard share (shared / visits either lists)."""
    rows = []
    for i, a in enumerate(programs):
        for b in programs[i + 1 :]:
            va, vb = set(a["field_visits"]), set(b["field_visits"])
            union = va | vb
            rows.append(
                {
                    "programs": f"{a['topic']} + {b['topic']}",
                    "visits of the first": len(va),
                    "visits of the second": len(vb),
                    "shared": len(va & vb),
                    "in either": len(union),
                    "jaccard": round(len(va & vb) / len(union), 3) if union else 0.0,
                }
            )
    return pd.DataFrame(
        rows, columns=["programs", "visits of the first", "visits of the second", "shared", "in either", "jaccard"]
    )


# --- the text of Table 2 ---------------------------------------------------------------------------


def openings(programs, patterns):
    """Each specifics text's first sentence and what it opens on, whether the text names the Party, its teaching
    formats and whether they include visits to combat or special units. `patterns` are the claims register's:
    on_achievements, on_china, party, combat_visits (regular expressions)."""
    rows = []
    for p in programs:
        text = p["training_specifics"]
        first = text.split(". ")[0]
        rows.append(
            {
                "topic": p["topic"],
                "first sentence": first,
                "on achievements": bool(re.search(patterns["on_achievements"], first, re.IGNORECASE)),
                "opens on China": bool(re.search(patterns["on_china"], first, re.IGNORECASE)),
                "mentions the Party": bool(re.search(patterns["party"], text)),
                "teaching formats": "; ".join(teaching_formats(text)),
                "visits to combat or special units": bool(re.search(patterns["combat_visits"], text, re.IGNORECASE)),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "topic",
            "first sentence",
            "on achievements",
            "opens on China",
            "mentions the Party",
            "teaching formats",
            "visits to combat or special units",
        ],
    )
