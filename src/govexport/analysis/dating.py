"""Dating Table 2: which Table 1 programs could be the three undated curricula, and the security topics
the paper lists, searched in both tables."""

import bisect
import calendar
import re

import pandas as pd

# Table 2 was compiled from Ministry of Public Security records and its trainers are MPS police universities.
TABLE2_TRAINER = "Ministry of Public Security"


# What a Table 1 trainee must name to match a Table 2 topic (a small, stated heuristic).
TOPIC_TRAINEE_PATTERNS = {
    "Anti-drug": r"drug|narcotic",
    "Criminal investigation technologies": r"criminal investigation|investigat",
    "Cyber security": r"cyber|internet|network|telecom|information security|informati[sz]ation",
}


# A trainee naming one of these is a specialised unit; it is not a candidate for another topic.
SPECIALISMS = (
    r"drug|narcotic|criminal investigation|cyber|extremis|terror|customs|tourist|border|migration|"
    r"traffic|transport"
)


def topic_pattern(topic):
    """The trainee pattern for a Table 2 topic; for an unknown topic, its words of five letters or more."""
    if topic in TOPIC_TRAINEE_PATTERNS:
        return TOPIC_TRAINEE_PATTERNS[topic]
    words = [re.escape(w) for w in re.findall(r"[A-Za-z-]{5,}", topic)]
    return "|".join(words) or r"(?!)"


def table1_matches(coded, programs, window):
    """Every Table 1 row whose trainee names a Table 2 topic, wherever it falls in time, and whether it falls in
    `window` (a dict of year, first_month, last_month: the paper's "late 2019" as the register reads it)."""
    rows = []
    for p in programs:
        hit = coded["trainee"].str.contains(topic_pattern(p["topic"]), case=False, regex=True)
        for r in coded[hit].itertuples():
            rows.append(
                {
                    "table2 topic": p["topic"],
                    "program_id": r.program_id,
                    "trainer": r.trainer,
                    "trainee": r.trainee,
                    "year": int(r.year),
                    "month": calendar.month_name[int(r.month)],
                    "in the window": bool(
                        r.year == window["year"] and window["first_month"] <= r.month <= window["last_month"]
                    ),
                }
            )
    return pd.DataFrame(
        rows, columns=["table2 topic", "program_id", "trainer", "trainee", "year", "month", "in the window"]
    )


def late_security(coded, year, first_month, last_month):
    """Security programs of Table 1 that started in `year` between `first_month` and `last_month`."""
    late = coded[
        (coded["year"] == year) & coded["month"].between(first_month, last_month) & (coded["domain"] == "security")
    ]
    return late.sort_values(["month", "program_id"]).reset_index(drop=True)


def match_status(trainer, trainee, topic):
    """'named' (the trainee names the topic), 'possible' (an MPS course for an unspecialised police or
    security body) or 'unlikely' (another trainer, or a trainee naming another specialism)."""
    if re.search(topic_pattern(topic), trainee, re.IGNORECASE):
        return "named"
    if trainer != TABLE2_TRAINER or re.search(SPECIALISMS, trainee, re.IGNORECASE):
        return "unlikely"
    return "possible"


def late_candidates(coded, programs, year, first_month, last_month):
    """The security programs of Table 1 in a window (the paper's "late 2019", from the register), each marked
    against each Table 2 topic."""
    late = late_security(coded, year, first_month, last_month)
    topics = list(dict.fromkeys(p["topic"] for p in programs))
    rows = []
    for r in late.itertuples():
        row = {
            "program_id": r.program_id,
            "month": calendar.month_name[int(r.month)],
            "trainer": r.trainer,
            "trainee": r.trainee,
        }
        row.update({t: match_status(r.trainer, r.trainee, t) for t in topics})
        rows.append(row)
    return pd.DataFrame(rows, columns=["program_id", "month", "trainer", "trainee"] + topics)


def table1_timeline(coded, programs, first_year, last_year=None):
    """Table 1's security programs from `first_year` on, each with its best match to a Table 2 topic:
    'names <topic>' if its trainee names one, else 'possible (any topic)' or 'unlikely (any topic)'."""
    last_year = int(coded["year"].max()) if last_year is None and len(coded) else last_year
    sec = coded[(coded["domain"] == "security") & coded["year"].between(first_year, last_year or first_year)]
    topics = list(dict.fromkeys(p["topic"] for p in programs))
    rows = []
    for r in sec.itertuples():
        statuses = {t: match_status(r.trainer, r.trainee, t) for t in topics}
        named = [t for t, s in statuses.items() if s == "named"]
        status = (
            f"names {named[0]}"
            if named
            else "possible (any topic)"
            if "possible" in statuses.values()
            else "unlikely (any topic)"
        )
        rows.append(
            {
                "program_id": r.program_id,
                "year": int(r.year),
                "month": int(r.month),
                "when": int(r.year) + (int(r.month) - 0.5) / 12,
                "trainee": r.trainee,
                "status": status,
            }
        )
    return pd.DataFrame(rows, columns=["program_id", "year", "month", "when", "trainee", "status"])


def topic_evidence(programs_df, table2, patterns):
    """For each topic (name -> regex): where it appears in Table 2 and in Table 1's trainees.

    'found' follows claim_checks.topics_found: Table 2's topics and specifics, or the trainees of the
    security programs analysed. Matches among trainees of other domains are shown but do not count.
    """
    security = programs_df[programs_df["domain"] == "security"]
    others = programs_df[programs_df["domain"] != "security"]
    rows = []
    for topic, pattern in patterns.items():
        words, where = [], []
        for p in table2:
            hits = matched_words(p["topic"] + " " + p["training_specifics"], pattern)
            words += hits
            if hits:
                where.append(p["topic"])
        sec = security[security["trainee"].str.contains(pattern, case=False, regex=True)]
        oth = others[others["trainee"].str.contains(pattern, case=False, regex=True)]
        rows.append(
            {
                "paper's topic": topic,
                "search pattern": pattern,
                "words matched in Table 2": ", ".join(dict.fromkeys(words)) or "-",
                "Table 2 programs": "; ".join(where) or "-",
                "security trainees in Table 1": ", ".join(sec["program_id"]) or "-",
                "other trainees in Table 1 (not counted)": ", ".join(
                    f"{r.program_id} ({r.domain})" for r in oth.itertuples()
                )
                or "-",
                "found": bool(words) or not sec.empty,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "paper's topic",
            "search pattern",
            "words matched in Table 2",
            "Table 2 programs",
            "security trainees in Table 1",
            "other trainees in Table 1 (not counted)",
            "found",
        ],
    )


def matched_words(text, pattern):
    """The whole words (or phrases) of `text` that contain a match of `pattern`, lower-cased, in order.

    Linear in the text: its words (runs of non-space) are found once, each match is widened to the words it
    touches by a binary search among them (never by scanning the text again), and each distinct span is cut
    out once."""
    words = [m.span() for m in re.finditer(r"\S+", text)]
    starts = [start for start, _ in words]

    def word_at(position):
        """The (start, end) of the word holding the character at `position`, or None for a space."""
        i = bisect.bisect_right(starts, position) - 1
        return words[i] if i >= 0 and position < words[i][1] else None

    spans = {}  # many matches in one long word widen to one span: each span is cut out of the text once
    for m in re.finditer(pattern, text, re.IGNORECASE):
        before = word_at(m.start() - 1) if m.start() > 0 else None
        after = word_at(m.end()) if m.end() < len(text) else None
        spans.setdefault((before[0] if before else m.start(), after[1] if after else m.end()), None)
    found = (text[start:end].strip(" ,.;:'\"").lower() for start, end in spans)
    return list(dict.fromkeys(found))
