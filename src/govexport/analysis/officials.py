"""The officials estimate: delegation sizes times delegations, its sensitivity and its range."""

import numpy as np
import pandas as pd


def delegations(program_states, single, multi):
    """One row per program and state with the officials that delegation is assumed to send."""
    return program_states.assign(officials=np.where(program_states["multi_state"], multi, single))


def delegation_counts(program_states):
    """Single-state programs, multi-state programs and multi-state delegations (one row each per state)."""
    multi = program_states["multi_state"].to_numpy(dtype=bool)
    return {
        "single_state_programs": int((~multi).sum()),  # a single-state program has exactly one row
        "multi_state_programs": len(set(program_states["program_id"].to_numpy()[multi])),
        "multi_state_delegations": int(multi.sum()),
    }


def estimate(program_states, single, multi, counts=None):
    """The paper's arithmetic: single-state programs x single + multi-state delegations x multi."""
    counts = counts or delegation_counts(program_states)
    from_single = float(counts["single_state_programs"] * single)
    from_multi = float(counts["multi_state_delegations"] * multi)
    return {**counts, "from_single": from_single, "from_multi": from_multi, "total": from_single + from_multi}


def by_state(program_states, single, multi, years=None):
    """Estimated officials per state (optionally within a year range)."""
    rows = program_states if years is None else program_states[program_states["year"].between(*years)]
    d = delegations(rows, single, multi)
    return d.groupby("state")["officials"].sum().rename("officials").reset_index()


def state_total(program_states, state, single, multi, years=None):
    """Estimated officials of one state (optionally within a year range); 0 when the state is absent.

    by_state's sum for one state, in arrays: the multiverse calls it for every delegation size on its grid."""
    return officials_of(state_delegations(program_states, state, years), single, multi)


def state_delegations(program_states, state, years=None):
    """Whether each delegation of one state (optionally within a year range) is to a multi-state program."""
    mine = (program_states["state"] == state).to_numpy(dtype=bool)
    if years is not None:
        mine = mine & program_states["year"].between(*years).to_numpy(dtype=bool)
    return program_states["multi_state"].to_numpy(dtype=bool)[mine]


def officials_of(multi_state, single, multi):
    """Estimated officials of the delegations flagged `multi_state` (an array: multi-state or not)."""
    return float(np.where(multi_state, multi, single).sum())


def delegations_by(program_states, column):
    """Delegations per value of `column` and kind, {(value, multi-state or not): delegations}: what officials_by
    turns into officials for any delegation sizes (the multiverse counts once and applies many sizes)."""
    return program_states.groupby([column, "multi_state"]).size().to_dict()


def officials_by(counts, single, multi):
    """Estimated officials per value, {value: officials}, from delegations_by's `counts`."""
    out = {}
    for (value, multi_state), n in counts.items():
        out[value] = out.get(value, 0) + n * (multi if multi_state else single)
    return out


def sensitivity_grid(program_states, singles, multis):
    """The estimate for every pair of delegation sizes: rows single, columns multi."""
    grid = pd.DataFrame(
        index=pd.Index(singles, name="single-state delegation"),
        columns=pd.Index(multis, name="per-state delegation (multi-state)"),
        dtype=float,
    )
    counts = delegation_counts(program_states)
    for s in singles:
        for m in multis:
            grid.loc[s, m] = estimate(program_states, s, m, counts)["total"]
    return grid


def plausible_range(value, fraction):
    return max(1, round(value * (1 - fraction))), round(value * (1 + fraction))


def uncertainty(program_states, single, multi, fraction):
    """Lowest and highest estimate with both averages anywhere within ±`fraction` of their values (rounded to
    whole officials; the claims register declares the fraction the book uses).

    The estimate rises with both sizes, so the corners of the box are the extremes.
    """
    s_low, s_high = plausible_range(single, fraction)
    m_low, m_high = plausible_range(multi, fraction)
    return {
        "single_range": (s_low, s_high),
        "multi_range": (m_low, m_high),
        "low": estimate(program_states, s_low, m_low)["total"],
        "high": estimate(program_states, s_high, m_high)["total"],
    }


def marginal_effects(program_states):
    """Exact derivatives of the estimate: officials added by one more official per single-state
    delegation (= single-state programs) and per multi-state delegation (= multi-state delegations)."""
    multi = program_states["multi_state"].astype(bool)
    return {"per_single": int((~multi).sum()), "per_multi": int(multi.sum())}


def single_for_total(program_states, total, multi):
    """The single-state delegation that, with `multi` per multi-state delegation, gives `total` officials."""
    effects = marginal_effects(program_states)
    if not effects["per_single"]:
        return None
    return (total - effects["per_multi"] * multi) / effects["per_single"]


def grid_values(value, points, fraction=0.5):
    """`points` evenly spaced delegation sizes centred on `value`, spanning about +/- `fraction` of it.

    The step is a whole number of officials (at least 1); sizes below one official are dropped.
    grid_values(20, 5) -> [10, 15, 20, 25, 30]; grid_values(5, 7) -> [2, ..., 8].
    """
    half = points // 2
    step = max(1, round(value * fraction / half)) if half else 1
    values = [round(value + k * step, 9) for k in range(-half, points - half)]  # 13.7 - 6 is 7.7, not 7.6999...
    return [v for v in values if v >= 1]


def by_state_split(program_states, single, multi, years=None):
    """Estimated officials per state, split into single-state and multi-state delegations, largest first."""
    rows = program_states if years is None else program_states[program_states["year"].between(*years)]
    d = delegations(rows, single, multi)
    t = d.pivot_table(index="state", columns="multi_state", values="officials", aggfunc="sum", fill_value=0)
    t = t.reindex(columns=[False, True], fill_value=0)
    t.columns = ["from single-state programs", "from multi-state programs"]
    t["officials"] = t.sum(axis=1)
    return t.sort_values(["officials"], ascending=False).reset_index()


def overlap(window, first_year, last_year):
    """The part of a year window (first, last) inside the run's years, or None when they do not meet."""
    first, last = max(window[0], first_year), min(window[1], last_year)
    return (first, last) if first <= last else None


# The simulation's settings: spread of delegation sizes (coefficient of variation), draws, seed.
SIMULATION = {"cv": 0.5, "draws": 10_000, "seed": 2022}
# Delegation sizes held in memory at once by the simulation (8 bytes each: 16 MB), whatever the table's size.
SIMULATION_BLOCK = 2_000_000


def simulate(program_states, single, multi, cv=SIMULATION["cv"], draws=SIMULATION["draws"], seed=SIMULATION["seed"]):
    """The estimate when each delegation's size varies around the averages.

    Each delegation draws its size from a gamma distribution with mean `single` (single-state) or
    `multi` (each state of a multi-state program) and coefficient of variation `cv`, rounded to whole
    officials and at least one. The averages themselves are held at the given values: this measures
    only program-to-program variation. Returns the percentiles of the total over `draws` draws
    (fixed seed, so the result is the same on every run).

    Memory is linear in the delegations with a bounded constant: the draws are made in blocks of whole draws
    (at most SIMULATION_BLOCK sizes, or one draw when a draw alone is larger), in the order one call for all
    of them would make, so the numbers do not depend on the block size.
    """
    rng = np.random.default_rng(seed)
    effects = marginal_effects(program_states)
    totals = np.zeros(draws)
    for mean, n in ((single, effects["per_single"]), (multi, effects["per_multi"])):
        if n:
            shape = 1 / cv**2
            block = max(1, SIMULATION_BLOCK // n)
            for first in range(0, draws, block):
                rows = min(block, draws - first)
                sizes = np.maximum(1, np.rint(rng.gamma(shape, mean / shape, size=(rows, n))))
                totals[first : first + rows] = totals[first : first + rows] + sizes.sum(axis=1)
    p5, p50, p95 = np.percentile(totals, [5, 50, 95])
    return {
        "cv": cv,
        "draws": draws,
        "seed": seed,
        "mean": float(totals.mean()),
        "p5": float(p5),
        "median": float(p50),
        "p95": float(p95),
    }


def estimate_table(est, single, multi):
    """The estimate as a reader checks it: delegations, officials each, officials, and the total (numbers; the
    total's count and size are missing)."""
    return pd.DataFrame(
        {
            "delegations": ["single-state programs", "states in multi-state programs", "total"],
            "count": [est["single_state_programs"], est["multi_state_delegations"], None],
            "officials each": [single, multi, None],
            "officials": [est["from_single"], est["from_multi"], est["total"]],
        }
    )
