"""Coding Table 1: dates, durations, states and domains, every value traceable to a row and a rule."""

import re

import pandas as pd

from .errors import DataError

MONTHS = ("January February March April May June July August September October November December").split()
_LIST_SEPARATOR = re.compile(r"(, and |, | and )")


def parse_date(text):
    """'2019 October' -> (2019, 10)."""
    year, month = text.split(" ")
    return int(year), MONTHS.index(month) + 1


def parse_duration(text):
    """'14 days' -> 14; blank -> None."""
    return int(text.split(" ")[0]) if text else None


def parse_states(trainee, state_of):
    """The states a trainee text names, in order, from its leading list of demonyms.

    'Kazakh, Kyrgyz and Uzbek Ministry of Finance' -> ['Kazakhstan', 'Kyrgyzstan', 'Uzbekistan'].
    Raises ValueError naming the first word that should be a demonym and is not in the codebook.
    """
    first, _, rest = trainee.partition(" ")
    first = first.rstrip(",")
    demonyms = [first]
    rest = trainee[len(first):]
    while True:
        match = _LIST_SEPARATOR.match(rest)
        if not match:
            break
        word = re.match(r"[^\s,]+", rest[match.end():])
        if not word:
            break
        demonyms.append(word.group(0))
        rest = rest[match.end() + word.end():]
    unknown = [d for d in demonyms if d not in state_of]
    if unknown:
        raise ValueError(f"unknown demonym {unknown[0]!r}; the codebook knows {sorted(state_of)}")
    states = [state_of[d] for d in demonyms]
    if len(set(states)) != len(states):
        raise ValueError(f"names a state twice: {demonyms}")
    return states


def first_rule(trainer, trainee, rules):
    """The first rule (a row of the rule set) whose pattern matches its field, or None."""
    for rule in rules.itertuples(index=False):
        text = trainer if rule.field == "trainer" else trainee
        if re.search(rule.pattern, text, flags=re.IGNORECASE):
            return rule
    return None


def code_programs(table1, codebook, ruleset, file="table 1"):
    """One row per program: the processed table, validated as it is built (see data/datapackage.json)."""
    rules = codebook.ruleset(ruleset)
    state_of = codebook.state_of
    first_seen = {}
    records = []
    for number, row in enumerate(table1.itertuples(index=False), start=1):
        try:
            states = parse_states(row.Trainee, state_of)
        except ValueError as err:
            raise DataError(file, str(err), row=number, column="Trainee", value=row.Trainee) from None
        rule = first_rule(row.Trainer, row.Trainee, rules)
        if rule is None:
            raise DataError(file, f"no rule of rule set {ruleset!r} matches this program; add one to the codebook",
                            row=number, column="Trainer", value=row.Trainer)
        year, month = parse_date(row.Date)
        key = tuple(row)
        program_id = f"P{number:02d}"
        records.append({
            "program_id": program_id, "trainer": row.Trainer, "trainee": row.Trainee,
            "year": year, "month": month, "duration_days": parse_duration(row.Duration),
            "states": ";".join(states), "n_states": len(states), "multi_state": len(states) > 1,
            "domain": rule.domain, "domain_rule": rule.rule_id, "duplicate_of": first_seen.get(key, ""),
        })
        first_seen.setdefault(key, program_id)
    programs = pd.DataFrame.from_records(records)
    programs["duration_days"] = programs["duration_days"].astype("Int64")
    return programs


def program_states(programs):
    """One row per program and participating state."""
    long = programs.assign(state=programs["states"].str.split(";")).explode("state")
    return long[["program_id", "state", "year", "domain", "multi_state"]].reset_index(drop=True)
