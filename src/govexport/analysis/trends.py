"""Trends over time: how often, and how widely, programs ran year by year."""

import numpy as np
import pandas as pd

from ..params import DOMAINS
from . import audit


def per_year(programs, first_year, last_year):
    """Per calendar year: programs, state delegations, distinct trainers and domains, mean states and duration.

    Every year of the range appears, with zeros where the table has no program.
    """
    years = pd.Index(range(first_year, last_year + 1), name="year")
    g = programs.groupby("year")
    table = pd.DataFrame(
        {
            "programs": g.size(),
            "delegations": g["n_states"].sum(),
            "trainers": g["trainer"].nunique(),
            "domains": g["domain"].nunique(),
            "mean_states": g["n_states"].mean(),
            "median_duration": g["duration_days"].median(),
        }
    ).reindex(years)
    counts = ["programs", "delegations", "trainers", "domains"]
    table[counts] = table[counts].fillna(0).astype(int)
    return table.reset_index()


def domains_per_year(programs, first_year, last_year):
    """Programs per year and domain, long format, zeros included (for stacked bars)."""
    years = range(first_year, last_year + 1)
    counts = programs.groupby(["year", "domain"]).size()
    full = counts.reindex(pd.MultiIndex.from_product([years, DOMAINS], names=["year", "domain"]), fill_value=0)
    return full.rename("programs").reset_index()


def line_fit(years, values):
    """Least-squares line (slope, intercept) in closed form on centred years.

    Centring keeps the arithmetic well conditioned: raw years (2007, 2008, ...) make the normal
    equations nearly singular, and np.polyfit's last digits then depend on the CPU and BLAS.
    """
    x, y = np.asarray(years, float), np.asarray(values, float)
    if len(x) < 2:
        return 0.0, float(y.mean()) if len(y) else 0.0
    dx = x - x.mean()
    b = float((dx * (y - y.mean())).sum() / (dx * dx).sum())
    return b, float(y.mean() - b * x.mean())


def slope(years, values):
    """Least-squares change per year (0 for fewer than two years)."""
    return line_fit(years, values)[0]


def period_comparison(programs, split_year, first_year, last_year):
    """Mean per year before and from `split_year`, over complete years only."""
    yearly = per_year(programs, first_year, last_year)
    early = yearly[yearly["year"] < split_year]
    late = yearly[yearly["year"] >= split_year]
    rows = []
    for part in (early, late):
        years_programs = programs[programs["year"].between(part["year"].min(), part["year"].max())]
        rows.append(
            {
                "period": _span(part["year"]),
                "years": len(part),
                "programs_per_year": part["programs"].mean(),
                "trainers_per_year": part["trainers"].mean(),
                "domains_per_year": part["domains"].mean(),
                "mean_states": years_programs["n_states"].mean(),
                "median_duration": years_programs["duration_days"].median(),
                "mean_duration": years_programs["duration_days"].mean(),
            }
        )
    return pd.DataFrame(rows)


def frequency_test(programs, first_year, last_year):
    """Does the yearly count rise, and fast? Over complete years only (the caller drops a partial last year)."""
    yearly = per_year(programs, first_year, last_year)
    split = halves_split(first_year, last_year)
    first_half, second_half = yearly[yearly["year"] < split], yearly[yearly["year"] >= split]
    last3 = yearly.tail(3)
    return {
        "slope": slope(yearly["year"], yearly["programs"]),
        "first_half": _span(first_half["year"]),
        "second_half": _span(second_half["year"]),
        "programs_first_half": int(first_half["programs"].sum()),
        "programs_second_half": int(second_half["programs"].sum()),
        "last3": _span(last3["year"]),
        "programs_last3": int(last3["programs"].sum()),
        "share_last3": float(last3["programs"].sum() / max(yearly["programs"].sum(), 1)),
        "peak_year": int(yearly.loc[yearly["programs"].idxmax(), "year"]) if len(yearly) else None,
    }


def _span(years):
    """'2007–2012' for the years of a period; '–' for an empty one (a run with too few complete years)."""
    if not len(years):
        return "–"
    return str(years.min()) if years.min() == years.max() else f"{years.min()}–{years.max()}"


def scope_by_domain(programs):
    """Scope per domain: states per program, share multi-state, duration, distinct trainers and states reached."""
    g = programs.groupby("domain")
    out = (
        pd.DataFrame(
            {
                "programs": g.size(),
                "mean_states": g["n_states"].mean(),
                "share_multi_state": g["multi_state"].mean(),
                "median_duration": g["duration_days"].median(),
                "mean_duration": g["duration_days"].mean(),
                "trainers": g["trainer"].nunique(),
                "states_reached": g["states"].apply(lambda s: s.str.split(";").explode().nunique()),
                "years_active": g["year"].nunique(),
            }
        )
        .reindex(list(DOMAINS))
        .dropna(how="all")
    )
    return out.reset_index()


# --- the frequency test and its robustness -------------------------------------------------------


def complete_range(coded, first_year, last_year):
    """The run's years that the table covers in full: the run's range cut at the last complete year.

    The same range the ledger's trend checks use (they leave out a partial last year). Pass the whole coded
    table (`data.coded`): completeness is a property of the compilation, not of the run's selection.
    """
    first, last = audit.complete_years(coded)
    return max(first, first_year), min(last, last_year)


HALVES = ("floor", "ceil")  # how an odd number of years is split: the earlier half the shorter, or the longer
DEFAULT_HALVES = "floor"


def halves_split(first_year, last_year, rule=DEFAULT_HALVES):
    """The first year of the second half: the earlier half has the floor of n/2 years (`rule` 'floor', as in
    frequency_test, the ledger's checks and the chapters) or, as the multiverse's alternative, the ceiling
    ('ceil'); the two agree when the number of years is even."""
    if rule not in HALVES:
        raise ValueError(f"halves rule {rule!r} is not one of {list(HALVES)}")
    n = last_year - first_year + 1
    return first_year + (n // 2 if rule == "floor" else (n + 1) // 2)


def trend_line(programs, first_year, last_year):
    """The least-squares line through programs per year: year, observed count, fitted count."""
    yearly = per_year(programs, first_year, last_year)
    x = yearly["year"].to_numpy(float)
    b, a = line_fit(x, yearly["programs"])
    return pd.DataFrame({"year": yearly["year"], "programs": yearly["programs"], "fitted": a + b * x})


def partial_year(coverage, first_year, last_year):
    """The run's partial last year as {'year', 'month_name', 'programs'}, or None when the run ends before it.

    `coverage` is audit.last_year_coverage(coded): a last year that stops before December is partial.
    """
    year = coverage["last_year"]
    if coverage["last_month"] == 12 or not first_year <= year <= last_year:
        return None
    return {"year": year, "month_name": coverage["last_month_name"], "programs": coverage["programs_in_last_year"]}


def spearman(x, y):
    """Spearman's rank correlation without scipy: Pearson's r of the average ranks (ties share a rank).

    NaN when either series is constant or has fewer than two values.
    """
    rx = pd.Series(np.asarray(x, float)).rank(method="average").to_numpy()
    ry = pd.Series(np.asarray(y, float)).rank(method="average").to_numpy()
    if len(rx) < 2 or rx.std() == 0 or ry.std() == 0:
        return float("nan")
    return float(np.corrcoef(rx, ry)[0, 1])


def split_sensitivity(programs, first_year, last_year):
    """The halves comparison with the split year moved through the range (complete years only).

    For each split year s (at least two years on each side): programs and programs per year before s
    and from s, the ratio of the yearly rates, and the ledger's rule (late total at least twice the
    early total) applied to that split. The ledger's own split is the one frequency_test makes.
    """
    yearly = per_year(programs, first_year, last_year)
    rows = []
    for split in range(first_year + 2, last_year):
        early, late = yearly[yearly["year"] < split], yearly[yearly["year"] >= split]
        if len(late) < 2:
            continue
        early_rate, late_rate = early["programs"].mean(), late["programs"].mean()
        rows.append(
            {
                "split_year": split,
                "early": f"{early['year'].min()}–{early['year'].max()}",
                "late": f"{late['year'].min()}–{late['year'].max()}",
                "programs_early": int(early["programs"].sum()),
                "programs_late": int(late["programs"].sum()),
                "per_year_early": float(early_rate),
                "per_year_late": float(late_rate),
                "rate_ratio": float(late_rate / early_rate) if early_rate > 0 else float("inf"),
                "late_total_at_least_double": bool(late["programs"].sum() >= 2 * early["programs"].sum()),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "split_year",
            "early",
            "late",
            "programs_early",
            "programs_late",
            "per_year_early",
            "per_year_late",
            "rate_ratio",
            "late_total_at_least_double",
        ],
    )


def leave_one_out_slopes(programs, first_year, last_year):
    """The least-squares slope with each year left out in turn: does one year (a peak) carry the trend?"""
    yearly = per_year(programs, first_year, last_year)
    rows = []
    for year in yearly["year"]:
        rest = yearly[yearly["year"] != year]
        rows.append({"left_out": int(year), "slope": slope(rest["year"], rest["programs"])})
    return pd.DataFrame(rows, columns=["left_out", "slope"])


def robustness(programs, first_year, last_year):
    """One row per check of 'the yearly count rises', each with its value and whether it points up."""
    yearly = per_year(programs, first_year, last_year)
    splits = split_sensitivity(programs, first_year, last_year)
    loo = leave_one_out_slopes(programs, first_year, last_year)
    rho = spearman(yearly["year"], yearly["programs"])
    checks = [
        ("least-squares slope, programs a year", slope(yearly["year"], yearly["programs"])),
        ("smallest slope with any one year left out", float(loo["slope"].min()) if len(loo) else float("nan")),
        ("Spearman rank correlation of year and count", rho),
        (
            "smallest ratio of yearly rates, late/early, over the split years",
            float(splits["rate_ratio"].min()) if len(splits) else float("nan"),
        ),
    ]
    rows = []
    for name, value in checks:
        up = value > 1 if name.startswith("smallest ratio") else value > 0
        rows.append({"check": name, "value": value, "points_up": bool(up)})
    return pd.DataFrame(rows, columns=["check", "value", "points_up"])


# --- scope over time --------------------------------------------------------------------------------


def scope_per_year(programs, first_year, last_year):
    """per_year plus the share of multi-state programs and how many programs state a duration."""
    table = per_year(programs, first_year, last_year).set_index("year")
    g = programs.groupby("year")
    table["share_multi_state"] = g["multi_state"].mean().reindex(table.index)
    table["with_duration"] = g["duration_days"].count().reindex(table.index, fill_value=0).astype(int)
    return table.reset_index()


def durations(programs):
    """Programs per domain with and without a stated duration (for notes on duration plots)."""
    g = programs.groupby("domain")["duration_days"]
    out = pd.DataFrame({"programs": g.size(), "with_duration": g.count()}).reindex(list(DOMAINS)).dropna()
    out = out.astype(int)
    out["without_duration"] = out["programs"] - out["with_duration"]
    return out.reset_index()


def scope_changes(programs, split_year, first_year, last_year, measures):
    """Each scope measure of period_comparison before (`early`) and from (`late`) `split_year`, with the change
    and its direction ('no data' when a period has no value)."""
    return changes_between(period_comparison(programs, split_year, first_year, last_year), measures)


def changes_between(periods, measures):
    """scope_changes from period_comparison's table `periods` (the ledger's checks keep that table per run)."""
    rows = []
    for m in measures:
        early, late = (float(v) if pd.notna(v) else float("nan") for v in (periods.loc[0, m], periods.loc[1, m]))
        if np.isnan(early) or np.isnan(late):
            direction = "no data"
        else:
            direction = "rose" if late > early else "fell" if late < early else "unchanged"
        rows.append({"measure": m, "early": early, "late": late, "change": late - early, "direction": direction})
    return pd.DataFrame(rows, columns=["measure", "early", "late", "change", "direction"])


def distinct_per_period(programs, split_year, first_year, last_year):
    """Distinct trainers, domains and states reached in each period, in total and per program.

    More programs leave room for more distinct trainers; the per-program rate shows breadth net of volume.
    """
    rows = []
    for lo, hi in ((first_year, split_year - 1), (split_year, last_year)):
        part = programs[programs["year"].between(lo, hi)]
        n = len(part)
        trainers = part["trainer"].nunique()
        rows.append(
            {
                "period": f"{lo}–{hi}",
                "programs": n,
                "trainers": trainers,
                "domains": part["domain"].nunique(),
                "states_reached": part["states"].str.split(";").explode().nunique() if n else 0,
                "trainers_per_program": trainers / n if n else float("nan"),
            }
        )
    return pd.DataFrame(rows)
