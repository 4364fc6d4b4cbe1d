"""Data-quality audit of Table 1: duplicates, missing durations, date order, the partial last year."""

import pandas as pd

from ..data.coding import MONTHS


def duplicates(coded):
    """Rows identical in all four printed columns to an earlier row."""
    return coded.loc[coded["duplicate_of"] != "", ["program_id", "duplicate_of", "trainer", "trainee", "year", "month"]]


def missing_durations(coded):
    """How many programs have no printed duration, overall and by domain."""
    missing = coded["duration_days"].isna()
    by_domain = (
        coded.assign(missing=missing)
        .groupby("domain")["missing"]
        .agg(["sum", "size"])
        .rename(columns={"sum": "missing", "size": "programs"})
    )
    by_domain["share_missing"] = by_domain["missing"] / by_domain["programs"]
    return int(missing.sum()), by_domain.reset_index()


def date_order(coded):
    """How the printed order relates to time: years ascending? months within a year alphabetical or chronological?"""
    years_ascending = bool(coded["year"].is_monotonic_increasing)
    names = coded["month"].map(lambda m: MONTHS[m - 1])
    alphabetical = chronological = True
    for _, group in coded.assign(name=names).groupby("year", sort=False):
        alphabetical &= list(group["name"]) == sorted(group["name"])
        chronological &= list(group["month"]) == sorted(group["month"])
    return {
        "years_ascending": years_ascending,
        "months_alphabetical": bool(alphabetical),
        "months_chronological": bool(chronological),
    }


def last_year_coverage(coded):
    """The last year in the table and the last month it reaches: a partial year shows too few programs."""
    last = int(coded["year"].max())
    months = coded.loc[coded["year"] == last, "month"]
    return {
        "last_year": last,
        "last_month": int(months.max()),
        "programs_in_last_year": int(len(months)),
        "last_month_name": MONTHS[int(months.max()) - 1],
    }


def complete_years(coded):
    """Years from the first to the last whose 12 months the table covers: only the table's own last year can
    be partial (when it stops before December). Pass the whole coded table, whatever years a run selects: a
    later row shows that the compilation went past a year, even when the run leaves that row out."""
    coverage = last_year_coverage(coded)
    first = int(coded["year"].min())
    last = coverage["last_year"] - (1 if coverage["last_month"] < 12 else 0)
    return first, last


def basic_counts(programs):
    return pd.Series(
        {
            "programs": len(programs),
            "first_year": int(programs["year"].min()),
            "last_year": int(programs["year"].max()),
            "trainers": programs["trainer"].nunique(),
            "states": programs["states"].str.split(";").explode().nunique(),
            "single_state": int((~programs["multi_state"]).sum()),
            "multi_state": int(programs["multi_state"].sum()),
            "with_duration": int(programs["duration_days"].notna().sum()),
        }
    )
