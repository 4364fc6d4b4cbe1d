"""Table 2: the security practices each curriculum lists and the field visits programs share."""

import re

import pandas as pd

# Phrases after which the training-specifics text lists practices, each list ending "and others"
# or at the end of a sentence.
_LIST_OPENERS = re.compile(r"(?:Such as|such as|training on|training on the application of)\s", re.IGNORECASE)


def practices(text):
    """The practices a training-specifics text lists, in order, as printed (without 'and others')."""
    found = []
    for opener in _LIST_OPENERS.finditer(text):
        segment = text[opener.end():]
        segment = re.split(r"\.(?:\s|$)| and others", segment, maxsplit=1)[0]
        found.extend(item.strip() for item in segment.split(",") if item.strip())
    return list(dict.fromkeys(found))


def practices_table(programs):
    """One row per program and practice."""
    rows = [{"program": p["program"], "topic": p["topic"], "practice": item}
            for p in programs for item in practices(p["training_specifics"])]
    return pd.DataFrame(rows)


def field_visits_matrix(programs):
    """Field visits (rows) by program topic (columns): 1 where the program visited it."""
    rows = [{"visit": v, "topic": p["topic"]} for p in programs for v in p["field_visits"]]
    long = pd.DataFrame(rows)
    order = list(dict.fromkeys(long["visit"]))
    matrix = pd.crosstab(long["visit"], long["topic"]).reindex(index=order, columns=[p["topic"] for p in programs])
    return matrix.fillna(0).astype(int)


def shared_visits(programs):
    """Visits listed by more than one program."""
    matrix = field_visits_matrix(programs)
    return matrix[matrix.sum(axis=1) > 1]
