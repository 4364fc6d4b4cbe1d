"""Trends over time: how often, and how widely, programs ran year by year."""

import numpy as np
import pandas as pd

from .codebook import DOMAINS


def per_year(programs, first_year, last_year):
    """Per calendar year: programs, state delegations, distinct trainers and domains, mean states and duration.

    Every year of the range appears, with zeros where the table has no program.
    """
    years = pd.Index(range(first_year, last_year + 1), name="year")
    g = programs.groupby("year")
    table = pd.DataFrame({
        "programs": g.size(),
        "delegations": g["n_states"].sum(),
        "trainers": g["trainer"].nunique(),
        "domains": g["domain"].nunique(),
        "mean_states": g["n_states"].mean(),
        "median_duration": g["duration_days"].median(),
    }).reindex(years)
    counts = ["programs", "delegations", "trainers", "domains"]
    table[counts] = table[counts].fillna(0).astype(int)
    return table.reset_index()


def domains_per_year(programs, first_year, last_year):
    """Programs per year and domain, long format, zeros included (for stacked bars)."""
    years = range(first_year, last_year + 1)
    counts = programs.groupby(["year", "domain"]).size()
    full = counts.reindex(pd.MultiIndex.from_product([years, DOMAINS], names=["year", "domain"]), fill_value=0)
    return full.rename("programs").reset_index()


def slope(years, values):
    """Least-squares change per year."""
    years, values = np.asarray(years, float), np.asarray(values, float)
    return float(np.polyfit(years, values, 1)[0]) if len(years) > 1 else 0.0


def period_comparison(programs, split_year, first_year, last_year):
    """Mean per year before and from `split_year`, over complete years only."""
    yearly = per_year(programs, first_year, last_year)
    early = yearly[yearly["year"] < split_year]
    late = yearly[yearly["year"] >= split_year]
    rows = []
    for label, part in (("early", early), ("late", late)):
        years_programs = programs[programs["year"].between(part["year"].min(), part["year"].max())]
        rows.append({"period": f"{part['year'].min()}–{part['year'].max()}", "years": len(part),
                     "programs_per_year": part["programs"].mean(),
                     "trainers_per_year": part["trainers"].mean(),
                     "domains_per_year": part["domains"].mean(),
                     "mean_states": years_programs["n_states"].mean(),
                     "median_duration": years_programs["duration_days"].median()})
    return pd.DataFrame(rows)


def frequency_test(programs, first_year, last_year):
    """Does the yearly count rise, and fast? Over complete years only (the caller drops a partial last year)."""
    yearly = per_year(programs, first_year, last_year)
    half = len(yearly) // 2
    first_half, second_half = yearly.iloc[:half], yearly.iloc[half:]
    last3 = yearly.tail(3)
    return {
        "slope": slope(yearly["year"], yearly["programs"]),
        "first_half": f"{first_half['year'].min()}–{first_half['year'].max()}",
        "second_half": f"{second_half['year'].min()}–{second_half['year'].max()}",
        "programs_first_half": int(first_half["programs"].sum()),
        "programs_second_half": int(second_half["programs"].sum()),
        "last3": f"{last3['year'].min()}–{last3['year'].max()}",
        "programs_last3": int(last3["programs"].sum()),
        "share_last3": float(last3["programs"].sum() / max(yearly["programs"].sum(), 1)),
        "peak_year": int(yearly.loc[yearly["programs"].idxmax(), "year"]),
    }


def scope_by_domain(programs):
    """Scope per domain: states per program, share multi-state, duration, distinct trainers and states reached."""
    g = programs.groupby("domain")
    out = pd.DataFrame({
        "programs": g.size(),
        "mean_states": g["n_states"].mean(),
        "share_multi_state": g["multi_state"].mean(),
        "median_duration": g["duration_days"].median(),
        "mean_duration": g["duration_days"].mean(),
        "trainers": g["trainer"].nunique(),
        "states_reached": g["states"].apply(lambda s: s.str.split(";").explode().nunique()),
        "years_active": g["year"].nunique(),
    }).reindex(list(DOMAINS)).dropna(how="all")
    return out.reset_index()
