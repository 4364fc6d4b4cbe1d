"""Table 2: the security practices each curriculum lists, the field visits programs share, and how
Table 2's undated programs might line up with Table 1."""

import calendar
import html
import re
import textwrap

import matplotlib.pyplot as plt
import matplotlib.transforms as mtransforms
import pandas as pd
from matplotlib.lines import Line2D

from .theme import OKABE_ITO

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
     "Table 2's texts introduce their practices with these words; 'through' introduces teaching formats instead"),
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
                         "visits of the second": len(vb), "shared": len(va & vb), "in either": len(union),
                         "jaccard": round(len(va & vb) / len(union), 3) if union else 0.0})
    return pd.DataFrame(rows, columns=["programs", "visits of the first", "visits of the second", "shared",
                                       "in either", "jaccard"])


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


def incidence_figure(matrix, title, ylabel, xlabel="Table 2 program (items it lists)", label_width=40):
    """A dot matrix of items (rows) by program (columns): a blue circle where one program lists the item,
    an orange square where two or more do (shape and colour both tell them apart)."""
    n_rows, n_cols = matrix.shape
    fig, ax = plt.subplots(figsize=(4.6, max(2.6, 0.36 * n_rows + 1.2)))
    shared = matrix.sum(axis=1) > 1 if n_rows else pd.Series(dtype=bool)
    for j in range(n_cols):
        for i in range(n_rows):
            if matrix.iat[i, j]:
                many = bool(shared.iloc[i])
                ax.scatter(j, i, s=150, marker="s" if many else "o", zorder=3,
                           color=OKABE_ITO[1] if many else OKABE_ITO[0], edgecolor="black", linewidth=0.6)
    ax.set_xticks(range(n_cols))
    ax.set_xticklabels(["\n".join(textwrap.wrap(str(c), 16)) + f"\n({int(matrix[c].sum())})"
                        for c in matrix.columns])
    ax.set_yticks(range(n_rows))
    ax.set_yticklabels([short_label(str(r), label_width) for r in matrix.index], fontsize=10)
    ax.set_xlim(-0.5, n_cols - 0.5)
    ax.set_ylim(n_rows - 0.5 if n_rows else 0.5, -0.5)
    ax.grid(True, color="0.88")
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    if not n_rows:
        ax.text((n_cols - 1) / 2 if n_cols else 0, 0, "nothing listed", ha="center", va="center")
    handles = [Line2D([], [], marker="o", linestyle="", markersize=10, color=OKABE_ITO[0], markeredgecolor="black",
                      label="listed by one program"),
               Line2D([], [], marker="s", linestyle="", markersize=10, color=OKABE_ITO[1], markeredgecolor="black",
                      label="listed by two or more")]
    # below the x-axis label, a fixed distance in points whatever the figure's height
    below = mtransforms.offset_copy(ax.transAxes, fig=fig, y=-88, units="points")
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0), bbox_transform=below, frameon=False,
              ncol=2, fontsize=10, handletextpad=0.3, columnspacing=1.2)
    return fig


# --- the text of Table 2 ---------------------------------------------------------------------------

def table2_html(programs):
    """Table 2 as an HTML table readers can read in full: field visits one per line, nothing truncated."""
    head = "".join(f"<th>{h}</th>" for h in ("Topic", "Delegated trainer", "Training specifics", "Field visits"))
    body = []
    for p in programs:
        visits = "<br>".join(f"{i}. {html.escape(v)}" for i, v in enumerate(p["field_visits"], start=1))
        cells = [f"<b>{html.escape(p['topic'])}</b>", html.escape(p["delegated_trainer"]),
                 html.escape(p["training_specifics"]), visits]
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    # class "ledger": the book's stylesheet (book/_static/govexport.css) aligns its cells top-left
    widths = "".join(f'<col style="width:{w}%">' for w in (13, 15, 47, 25))
    return (f'<table class="ledger table2" border="0"><colgroup>{widths}</colgroup><thead><tr>{head}</tr></thead>'
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
    "Cyber security": r"cyber|internet|network|telecom|information security|informati[sz]ation",
}
# A trainee naming one of these is a specialised unit; it is not a candidate for another topic.
SPECIALISMS = (r"drug|narcotic|criminal investigation|cyber|extremis|terror|customs|tourist|border|migration|"
               r"traffic|transport")
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


def table1_timeline(coded, programs, first_year=2017, last_year=None):
    """Table 1's security programs from `first_year` on, each with its best match to a Table 2 topic:
    'names <topic>' if its trainee names one, else 'possible (any topic)' or 'unlikely (any topic)'."""
    last_year = int(coded["year"].max()) if last_year is None and len(coded) else last_year
    sec = coded[(coded["domain"] == "security") & coded["year"].between(first_year, last_year or first_year)]
    topics = list(dict.fromkeys(p["topic"] for p in programs))
    rows = []
    for r in sec.itertuples():
        statuses = {t: match_status(r.trainer, r.trainee, t) for t in topics}
        named = [t for t, s in statuses.items() if s == "named"]
        status = (f"names {named[0]}" if named else "possible (any topic)"
                  if "possible" in statuses.values() else "unlikely (any topic)")
        rows.append({"program_id": r.program_id, "year": int(r.year), "month": int(r.month),
                     "when": int(r.year) + (int(r.month) - 0.5) / 12, "trainee": r.trainee, "status": status})
    return pd.DataFrame(rows, columns=["program_id", "year", "month", "when", "trainee", "status"])


def timeline_figure(timeline, window_year, anniversary_year, label_window=True):
    """Security programs over time (x: start month), one row per match status. Shaded: September–December
    of `window_year`; dashed: December of `anniversary_year`. Programs in the same month and row are
    spread vertically; ids are printed for programs naming a topic and (if label_window) in the window."""
    statuses = sorted(timeline["status"].unique(), key=lambda s: (not s.startswith("names"), s))
    markers = ["D", "^", "o", "s", "v", "P", "X", "*"]
    fig, ax = plt.subplots(figsize=(7.2, 1.2 + 0.75 * max(len(statuses), 2)))
    ax.axvspan(window_year + 8 / 12, window_year + 1, color="0.87", zorder=0,
               label=f"September–December {window_year}")
    ax.axvline(anniversary_year + 11.5 / 12, color="black", linestyle="--", linewidth=1,
               label=f"40th anniversary of reform and opening up (Dec {anniversary_year})")
    for i, status in enumerate(statuses):
        rows = timeline[timeline["status"] == status].sort_values(["when", "program_id"])
        lane = rows.groupby("when").cumcount()
        size = rows.groupby("when")["program_id"].transform("size")
        y = i + (lane - (size - 1) / 2) * 0.22
        ax.scatter(rows["when"], y, s=80, color=OKABE_ITO[i % len(OKABE_ITO)], marker=markers[i % len(markers)],
                   edgecolor="black", linewidth=0.6, zorder=3)
        in_window = rows["when"].between(window_year + 8 / 12, window_year + 1)
        for (r, yy, w, k) in zip(rows.itertuples(), y, in_window, lane):
            if status.startswith("names") or (label_window and w):
                ax.annotate(r.program_id, (r.when, yy), xytext=(0, 7 if k % 2 == 0 else -15),
                            textcoords="offset points", ha="center", fontsize=8)
    years = sorted(set(timeline["year"])) or [window_year]
    ax.set_xticks([y for y in range(min(years[0], window_year), max(years[-1], window_year) + 2)])
    ax.set_xticks([y + m / 12 for y in range(years[0], years[-1] + 1) for m in range(1, 12)], minor=True)
    ax.tick_params(axis="x", which="minor", length=3, bottom=True)
    right = max([window_year + 1] + timeline["when"].tolist())
    ax.set_xlim(min(years[0], window_year) - 0.05, right + 0.08)
    ax.set_yticks(range(len(statuses)))
    ax.set_yticklabels(["\n".join(textwrap.wrap(s.replace("names ", "names: "), 24)) for s in statuses])
    ax.set_ylim(len(statuses) - 0.4 if statuses else 0.5, -0.7)
    ax.set(xlabel="Month the program started (ticks: 1 January)", ylabel="Trainee vs Table 2 topics",
           title="Table 1 security programs and the Table 2 topics they could be")
    below = mtransforms.offset_copy(ax.transAxes, fig=fig, y=-48, units="points")
    ax.legend(loc="upper left", bbox_to_anchor=(0, 0), bbox_transform=below, frameon=False, fontsize=9, ncol=1)
    if timeline.empty:
        ax.text(0.5, 0.5, "no security programs in these years", transform=ax.transAxes, ha="center")
    return fig


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
        words, where = [], []
        for p in table2:
            hits = matched_words(p["topic"] + " " + p["training_specifics"], pattern)
            words += hits
            if hits:
                where.append(p["topic"])
        sec = security[security["trainee"].str.contains(pattern, case=False, regex=True)]
        oth = others[others["trainee"].str.contains(pattern, case=False, regex=True)]
        rows.append({"paper's topic": topic, "search pattern": pattern,
                     "words matched in Table 2": ", ".join(dict.fromkeys(words)) or "-",
                     "Table 2 programs": "; ".join(where) or "-",
                     "security trainees in Table 1": ", ".join(sec["program_id"]) or "-",
                     "other trainees in Table 1 (not counted)": ", ".join(
                         f"{r.program_id} ({r.domain})" for r in oth.itertuples()) or "-",
                     "found": bool(words) or not sec.empty})
    return pd.DataFrame(rows, columns=["paper's topic", "search pattern", "words matched in Table 2",
                                       "Table 2 programs", "security trainees in Table 1",
                                       "other trainees in Table 1 (not counted)", "found"])


def matched_words(text, pattern):
    """The whole words (or phrases) of `text` that contain a match of `pattern`, lower-cased, in order."""
    found = []
    for m in re.finditer(pattern, text, re.IGNORECASE):
        start = m.start() - len(re.search(r"\S*$", text[:m.start()]).group())
        end = m.end() + len(re.match(r"\S*", text[m.end():]).group())
        found.append(text[start:end].strip(" ,.;:'\"").lower())
    return list(dict.fromkeys(found))
