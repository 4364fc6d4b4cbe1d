"""Table 2: the security practices each curriculum lists, the field visits programs share, and how
Table 2's undated programs might line up with Table 1."""

import calendar
import html
import re
import textwrap

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
    ("where a list starts", "after 'such as' or 'training on' (any capitalisation)",
     "the three texts introduce their practices with these words; 'through' introduces teaching formats instead"),
    ("where a list ends", "at 'and others' or at the end of the sentence",
     "every list in Table 2 closes one of these two ways"),
    ("how items are separated", "by commas",
     "Table 2 separates list items with commas only"),
    ("clean-up", "a leading 'the' / 'a' is dropped and blanks are trimmed",
     "so 'the application of information-led methods ...' reads like its neighbours"),
    ("what counts once", "an item printed identically in two programs counts once",
     "'China's anti-drug work' is listed by two programs"),
    ("what is not a practice", "general subjects and teaching formats outside the lists",
     "the paper separates 'general lectures on the tenets' from the practices"),
]

# 'dozens' read strictly (at least two dozen) and leniently (more than one dozen)
DOZENS_STRICT = 24
DOZENS_LENIENT = 12


def _lists(text, opener):
    """The comma-separated lists that follow each match of `opener`, as items in order."""
    items = []
    for match in opener.finditer(text):
        segment = LIST_END.split(text[match.end():], maxsplit=1)[0]
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
    rows = [{"program": p["program"], "topic": p["topic"], "practice": item}
            for p in programs
            for item in practices(p["training_specifics"], split_compounds, drop_briefings)]
    return pd.DataFrame(rows, columns=["program", "topic", "practice"])


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
        rows.append({"program": p["program"], "topic": p["topic"], "practices listed": int(column.sum()),
                     "only this program": int((column.astype(bool) & ~shared).sum()),
                     "shared with another program": int((column.astype(bool) & shared).sum())})
    return pd.DataFrame(rows, columns=["program", "topic", "practices listed", "only this program",
                                       "shared with another program"])


def shared_practices(programs):
    """Practices listed by more than one program."""
    matrix = practice_matrix(programs)
    return matrix[matrix.sum(axis=1) > 1]


def dozens_reading(n):
    """The verdict on 'dozens' for `n` distinct practices: strict (>= 24) and lenient (> 12)."""
    if n >= DOZENS_STRICT:
        return "reproduced"
    if n > DOZENS_LENIENT:
        return "approximately reproduced"
    return "not reproduced"


def practice_counts_by_reading(programs):
    """Distinct practices under the default extraction and under alternative readings of the lists."""
    readings = [
        ("as printed (the ledger's reading)", False, False),
        ("items joined by 'and' split in two", True, False),
        ("situation / trend briefings left out", False, True),
        ("both: split, then briefings left out", True, True),
    ]
    rows = []
    for name, split, drop in readings:
        n = int(practices_table(programs, split, drop)["practice"].nunique())
        rows.append({"reading": name, "distinct practices": n,
                     f"at least {DOZENS_STRICT} (strict)": n >= DOZENS_STRICT,
                     f"more than {DOZENS_LENIENT} (lenient)": n > DOZENS_LENIENT,
                     "verdict": dozens_reading(n)})
    listed = len(practices_table(programs))
    rows.append({"reading": "every listing counted, repeats included", "distinct practices": listed,
                 f"at least {DOZENS_STRICT} (strict)": listed >= DOZENS_STRICT,
                 f"more than {DOZENS_LENIENT} (lenient)": listed > DOZENS_LENIENT,
                 "verdict": dozens_reading(listed)})
    return pd.DataFrame(rows)


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
        for b in programs[i + 1:]:
            va, vb = set(a["field_visits"]), set(b["field_visits"])
            union = va | vb
            rows.append({"programs": f"{a['topic']} + {b['topic']}", "visits of the first": len(va),
                         "visits of the second": len(vb), "shared": len(va & vb),
                         "jaccard": round(len(va & vb) / len(union), 3) if union else 0.0})
    return pd.DataFrame(rows, columns=["programs", "visits of the first", "visits of the second", "shared",
                                       "jaccard"])


SHORT_VISIT_LABELS = {
    '"Pearl of Peace" international law enforcement exchange and cooperation unit police practice '
    'training center': '"Pearl of Peace" police practice training centre',
    "Command center of the Shanghai Public Security Bureau": "Shanghai PSB command centre",
    "Shanghai the Bund and Yu Garden police station": "Bund and Yu Garden police station, Shanghai",
    'Shanghai "Safe China" Initiative constructions': '"Safe China" constructions, Shanghai',
    "Beijing Research Institute No.1 of the Ministry of Public Security": "MPS Research Institute No. 1, Beijing",
    "Beijing China Electronics Import and Export": "China Electronics Import and Export, Beijing",
    "Shanghai Public Security Bureau Anti-Drug Work Office": "Shanghai PSB Anti-Drug Work Office",
    "Various units in Shanghai and Wuhan.": "Various units in Shanghai and Wuhan",
}


def short_label(text, width=34):
    """A readable axis label: a hand-shortened name for Table 2's long visits, otherwise wrapped text."""
    label = SHORT_VISIT_LABELS.get(text, text.rstrip("."))
    return "\n".join(textwrap.wrap(label, width)) or label


# --- the text of Table 2 ---------------------------------------------------------------------------

def table2_frame(programs):
    """Table 2 with one row per program (field visits joined as a numbered list)."""
    rows = [{"program": p["program"], "topic": p["topic"], "delegated trainer": p["delegated_trainer"],
             "training specifics": p["training_specifics"],
             "field visits": "; ".join(f"({i}) {v}" for i, v in enumerate(p["field_visits"], start=1)),
             "visits listed": len(p["field_visits"])}
            for p in programs]
    return pd.DataFrame(rows, columns=["program", "topic", "delegated trainer", "training specifics",
                                       "field visits", "visits listed"])


def table2_html(programs):
    """Table 2 as an HTML table readers can read in full: field visits one per line, nothing truncated."""
    head = "".join(f"<th>{h}</th>" for h in ("Topic", "Delegated trainer", "Training specifics", "Field visits"))
    body = []
    for p in programs:
        visits = "<br>".join(f"{i}. {html.escape(v)}" for i, v in enumerate(p["field_visits"], start=1))
        cells = [f"<b>{html.escape(p['topic'])}</b>", html.escape(p["delegated_trainer"]),
                 html.escape(p["training_specifics"]), visits]
        body.append("<tr>" + "".join(f'<td style="vertical-align:top;text-align:left">{c}</td>' for c in cells)
                    + "</tr>")
    return (f'<table class="table2" border="0"><thead><tr style="text-align:left">{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


OPENING_PATTERN = re.compile(r"achievements|understanding of China")  # as in claim_checks.achievements_first


def openings(programs):
    """Each specifics text's first sentence, whether it is on China's achievements or understanding China,
    the teaching formats it names and whether they include visits to combat or special units."""
    rows = []
    for p in programs:
        text = p["training_specifics"]
        first = text.split(". ")[0]
        formats = teaching_formats(text)
        rows.append({"topic": p["topic"], "first sentence": first,
                     "opens on China": bool(OPENING_PATTERN.search(first)),
                     "mentions the Party": bool(re.search(r"Communist Party|\bCCP\b|\bParty\b", text)),
                     "teaching formats": "; ".join(formats),
                     "visits to combat or special units": bool(re.search(r"combat units|special units", text))})
    return pd.DataFrame(rows, columns=["topic", "first sentence", "opens on China", "mentions the Party",
                                       "teaching formats", "visits to combat or special units"])


# --- linking Table 2 to Table 1 --------------------------------------------------------------------

# What a Table 1 trainee must name to match a Table 2 topic (a small, stated heuristic).
TOPIC_TRAINEE_PATTERNS = {
    "Anti-drug": r"drug|narcotic",
    "Criminal investigation technologies": r"criminal investigation|investigat",
    "Cyber security": r"cyber|internet|information|informati[sz]ation|network|telecom",
}
# A trainee naming one of these is a specialised unit; it is not a candidate for another topic.
SPECIALISMS = r"drug|narcotic|criminal investigation|cyber|customs|tourist|border|migration|traffic|transport"
# Table 2 was compiled from Ministry of Public Security records and its trainers are MPS police universities.
TABLE2_TRAINER = "Ministry of Public Security"


def topic_pattern(topic):
    """The trainee pattern for a Table 2 topic; for an unknown topic, its words of five letters or more."""
    if topic in TOPIC_TRAINEE_PATTERNS:
        return TOPIC_TRAINEE_PATTERNS[topic]
    words = [re.escape(w) for w in re.findall(r"[A-Za-z-]{5,}", topic)]
    return "|".join(words) or r"(?!)"


def table1_matches(coded, programs):
    """Every Table 1 row whose trainee names a Table 2 topic, wherever it falls in time."""
    rows = []
    for p in programs:
        hit = coded["trainee"].str.contains(topic_pattern(p["topic"]), case=False, regex=True)
        for r in coded[hit].itertuples():
            rows.append({"table2 topic": p["topic"], "program_id": r.program_id, "trainer": r.trainer,
                         "trainee": r.trainee, "year": int(r.year), "month": calendar.month_name[int(r.month)],
                         "late 2019": bool(r.year == 2019 and r.month >= 9)})
    return pd.DataFrame(rows, columns=["table2 topic", "program_id", "trainer", "trainee", "year", "month",
                                       "late 2019"])


def late_security(coded, year=2019, first_month=9, last_month=12):
    """Security programs of Table 1 that started in `year` between `first_month` and `last_month`."""
    late = coded[(coded["year"] == year) & coded["month"].between(first_month, last_month)
                 & (coded["domain"] == "security")]
    return late.sort_values(["month", "program_id"]).reset_index(drop=True)


def match_status(trainer, trainee, topic):
    """'named' (the trainee names the topic), 'possible' (an MPS course for an unspecialised police or
    security body) or 'unlikely' (another trainer, or a trainee naming another specialism)."""
    if re.search(topic_pattern(topic), trainee, re.IGNORECASE):
        return "named"
    if trainer != TABLE2_TRAINER or re.search(SPECIALISMS, trainee, re.IGNORECASE):
        return "unlikely"
    return "possible"


def late_2019_candidates(coded, programs, year=2019, first_month=9, last_month=12):
    """The late-2019 security programs of Table 1, each marked against each Table 2 topic."""
    late = late_security(coded, year, first_month, last_month)
    topics = list(dict.fromkeys(p["topic"] for p in programs))
    rows = []
    for r in late.itertuples():
        row = {"program_id": r.program_id, "month": calendar.month_name[int(r.month)], "trainer": r.trainer,
               "trainee": r.trainee}
        row.update({t: match_status(r.trainer, r.trainee, t) for t in topics})
        rows.append(row)
    return pd.DataFrame(rows, columns=["program_id", "month", "trainer", "trainee"] + topics)


# --- the security topics the paper lists ------------------------------------------------------------

def topic_evidence(programs_df, table2, patterns):
    """For each topic (name -> regex): where it appears in Table 2 and in Table 1's trainees.

    'found' follows claim_checks.topics_found: Table 2's topics and specifics, or the trainees of the
    security programs analysed. Matches among trainees of other domains are shown but do not count.
    """
    security = programs_df[programs_df["domain"] == "security"]
    others = programs_df[programs_df["domain"] != "security"]
    rows = []
    for topic, pattern in patterns.items():
        rx = re.compile(pattern, re.IGNORECASE)
        words = []
        for p in table2:
            for m in rx.finditer(p["topic"] + " " + p["training_specifics"]):
                words.append(_phrase(p["topic"] + " " + p["training_specifics"], m))
        sec = security[security["trainee"].str.contains(pattern, case=False, regex=True)]
        oth = others[others["trainee"].str.contains(pattern, case=False, regex=True)]
        rows.append({"paper's topic": topic, "search pattern": pattern,
                     "in Table 2": "; ".join(dict.fromkeys(words)) or "-",
                     "security trainees in Table 1": ", ".join(sec["program_id"]) or "-",
                     "other trainees in Table 1 (not counted)": ", ".join(
                         f"{r.program_id} ({r.domain})" for r in oth.itertuples()) or "-",
                     "found": bool(words) or not sec.empty})
    return pd.DataFrame(rows, columns=["paper's topic", "search pattern", "in Table 2",
                                       "security trainees in Table 1", "other trainees in Table 1 (not counted)",
                                       "found"])


def _phrase(text, match, width=3):
    """The words around a regex match: up to `width` words either side, to show what matched."""
    before = text[:match.start()].split()[-width:]
    after = text[match.end():].split()[:width]
    word_start = "" if match.start() == 0 or text[match.start() - 1].isspace() else before.pop() if before else ""
    phrase = " ".join(before + [word_start + text[match.start():match.end()] + (after.pop(0) if after and not text[match.end():match.end() + 1].isspace() else "")] + after)
    return phrase.strip(" ,.")
