"""Coding Table 1: dates, durations, states and domains, every value traceable to a row and a rule."""

import re

import pandas as pd

from ..errors import DataError, shorten
from .codebook import search

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
    first = trainee.partition(" ")[0].rstrip(",")
    demonyms = [first]
    rest = trainee[len(first) :]
    while True:
        match = _LIST_SEPARATOR.match(rest)
        if not match:
            break
        word = re.match(r"[^\s,]+", rest[match.end() :])
        if not word:
            break
        demonyms.append(word.group(0))
        rest = rest[match.end() + word.end() :]
    unknown = [d for d in demonyms if d not in state_of]
    if unknown:
        raise ValueError(f"unknown demonym {shorten(unknown[0])}; the codebook knows {sorted(state_of)}")
    states = [state_of[d] for d in demonyms]
    if len(set(states)) != len(states):
        raise ValueError(f"names a state twice: {shorten(demonyms)}")
    return states


def compile_rules(rules):
    """A rule set as a list of rules, in the order they are tried (each searched with codebook.search, which
    compiles its pattern once and bounds its time)."""
    return list(rules.itertuples(index=False))


def first_rule(trainer, trainee, rules):
    """The first rule whose pattern matches its field, or None. `rules`: a rule set or compile_rules() of one."""
    for rule in compile_rules(rules) if hasattr(rules, "itertuples") else rules:
        if search(rule.pattern, trainer if rule.field == "trainer" else trainee):
            return rule
    return None


def code_programs(table1, codebook, ruleset, file="table 1"):
    """One row per program: the processed table, validated as it is built (see data/datapackage.json).

    Identical texts are parsed once (a table 1000x the paper's size repeats them), so coding stays fast.
    """
    rules = compile_rules(codebook.ruleset(ruleset))
    state_of = codebook.state_of
    states_of, rule_of, date_of = {}, {}, {}
    first_seen = {}
    records = []
    columns = zip(*(table1[c].tolist() for c in ("Trainer", "Trainee", "Date", "Duration")))
    for number, (trainer, trainee, date, duration) in enumerate(columns, start=1):
        if trainee not in states_of:
            try:
                states_of[trainee] = parse_states(trainee, state_of)
            except ValueError as err:
                raise DataError(file, str(err), row=number, column="Trainee", value=trainee) from None
        states = states_of[trainee]
        if (trainer, trainee) not in rule_of:
            rule_of[(trainer, trainee)] = first_rule(trainer, trainee, rules)
        rule = rule_of[(trainer, trainee)]
        if rule is None:
            raise DataError(
                file,
                f"no rule of rule set {ruleset!r} matches this program; add one to the codebook",
                row=number,
                column="Trainer",
                value=trainer,
            )
        if date not in date_of:
            date_of[date] = parse_date(date)
        year, month = date_of[date]
        key = (trainer, trainee, date, duration)
        program_id = f"P{number:02d}"
        records.append(
            (
                program_id,
                trainer,
                trainee,
                year,
                month,
                parse_duration(duration),
                ";".join(states),
                len(states),
                len(states) > 1,
                rule.domain,
                rule.rule_id,
                first_seen.get(key, ""),
            )
        )
        first_seen.setdefault(key, program_id)
    programs = pd.DataFrame.from_records(
        records,
        columns=[
            "program_id",
            "trainer",
            "trainee",
            "year",
            "month",
            "duration_days",
            "states",
            "n_states",
            "multi_state",
            "domain",
            "domain_rule",
            "duplicate_of",
        ],
    )
    programs["duration_days"] = programs["duration_days"].astype("Int64")
    return programs


def program_states(programs):
    """One row per program and participating state."""
    long = programs.assign(state=programs["states"].str.split(";")).explode("state")
    return long[["program_id", "state", "year", "domain", "multi_state"]].reset_index(drop=True)
