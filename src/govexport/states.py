"""States and trainers: who trained whom, and how often."""

import pandas as pd


def participation(program_states):
    """Programs per state, split into single- and multi-state programs."""
    t = pd.crosstab(program_states["state"], program_states["multi_state"]).reindex(columns=[False, True], fill_value=0)
    t.columns = ["single_state", "multi_state"]
    t["programs"] = t.sum(axis=1)
    return t.sort_values("programs", ascending=False).reset_index()


def participation_by_year(program_states, first_year, last_year):
    """Programs per state and year, zeros included."""
    states = sorted(program_states["state"].unique())
    index = pd.MultiIndex.from_product([states, range(first_year, last_year + 1)], names=["state", "year"])
    counts = program_states.groupby(["state", "year"]).size().reindex(index, fill_value=0)
    return counts.rename("programs").reset_index()


def trainer_by_state(program_states, programs):
    """Programs per Chinese trainer and Central Asian state."""
    merged = program_states.merge(programs[["program_id", "trainer"]], on="program_id")
    table = pd.crosstab(merged["trainer"], merged["state"])
    table["total programs"] = programs.groupby("trainer").size().reindex(table.index)
    return table.sort_values("total programs", ascending=False)


def trainer_counts(programs):
    counts = programs.groupby(["trainer", "domain"]).size().rename("programs").reset_index()
    return counts.sort_values(["programs", "trainer"], ascending=[False, True]).reset_index(drop=True)
