"""The officials estimate: delegation sizes times delegations, its sensitivity and its range."""

import numpy as np
import pandas as pd

# A plausible range for each average delegation, used for the uncertainty band: the paper's
# figure +/- 25 %, rounded to whole officials. Chosen, not measured; the heatmap shows the whole grid.
RANGE_FRACTION = 0.25


def delegations(program_states, single, multi):
    """One row per program and state with the officials that delegation is assumed to send."""
    return program_states.assign(officials=np.where(program_states["multi_state"], multi, single))


def estimate(program_states, single, multi):
    """The paper's arithmetic: single-state programs x single + multi-state delegations x multi."""
    single_rows = program_states[~program_states["multi_state"]]
    multi_rows = program_states[program_states["multi_state"]]
    return {
        "single_state_programs": int(single_rows["program_id"].nunique()),
        "multi_state_programs": int(multi_rows["program_id"].nunique()),
        "multi_state_delegations": int(len(multi_rows)),
        "from_single": float(len(single_rows) * single),
        "from_multi": float(len(multi_rows) * multi),
        "total": float(len(single_rows) * single + len(multi_rows) * multi),
    }


def by_state(program_states, single, multi, years=None):
    """Estimated officials per state (optionally within a year range)."""
    rows = program_states if years is None else program_states[program_states["year"].between(*years)]
    d = delegations(rows, single, multi)
    return d.groupby("state")["officials"].sum().rename("officials").reset_index()


def sensitivity_grid(program_states, singles, multis):
    """The estimate for every pair of delegation sizes: rows single, columns multi."""
    grid = pd.DataFrame(index=pd.Index(singles, name="single-state delegation"),
                        columns=pd.Index(multis, name="per-state delegation (multi-state)"), dtype=float)
    for s in singles:
        for m in multis:
            grid.loc[s, m] = estimate(program_states, s, m)["total"]
    return grid


def plausible_range(value, fraction=RANGE_FRACTION):
    return max(1, round(value * (1 - fraction))), round(value * (1 + fraction))


def uncertainty(program_states, single, multi, fraction=RANGE_FRACTION):
    """Lowest and highest estimate with both averages anywhere in their plausible ranges.

    The estimate rises with both sizes, so the corners of the box are the extremes.
    """
    s_low, s_high = plausible_range(single, fraction)
    m_low, m_high = plausible_range(multi, fraction)
    return {"single_range": (s_low, s_high), "multi_range": (m_low, m_high),
            "low": estimate(program_states, s_low, m_low)["total"],
            "high": estimate(program_states, s_high, m_high)["total"]}
