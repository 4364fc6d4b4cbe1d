"""States and trainers: who trained whom, and how often."""

import pandas as pd

from ..params import DOMAINS
from . import officials, trends


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
    """Programs per Chinese trainer (rows, most programs first, ties by name) and Central Asian state."""
    merged = program_states.merge(programs[["program_id", "trainer"]], on="program_id")
    table = pd.crosstab(merged["trainer"], merged["state"])
    table["total programs"] = programs.groupby("trainer").size().reindex(table.index)
    table = table.rename_axis(index="trainer", columns=None).reset_index()
    table = table.sort_values(["total programs", "trainer"], ascending=[False, True])
    return table.set_index("trainer")


def trainer_counts(programs):
    counts = programs.groupby(["trainer", "domain"]).size().rename("programs").reset_index()
    return counts.sort_values(["programs", "trainer"], ascending=[False, True]).reset_index(drop=True)


# --- single- and multi-state programs ----------------------------------------------------------------


def single_multi(programs):
    """How many programs name one state and how many several; the share of single-state programs."""
    n = len(programs)
    single = int((~programs["multi_state"]).sum())
    return {
        "programs": n,
        "single_state": single,
        "multi_state": n - single,
        "share_single": single / n if n else float("nan"),
    }


def combinations(programs):
    """The multi-state programs grouped by the set of states they combined (alphabetical), most frequent first."""
    multi = programs[programs["multi_state"]]
    cols = ["states_combined", "n_states", "programs", "years", "domains", "trainers"]
    if multi.empty:
        return pd.DataFrame(columns=cols)
    combo = multi["states"].str.split(";").apply(lambda names: ", ".join(sorted(names)))
    g = multi.assign(states_combined=combo).groupby("states_combined")
    out = pd.DataFrame(
        {
            "n_states": g["n_states"].first(),
            "programs": g.size(),
            "years": g["year"].apply(lambda y: ", ".join(str(v) for v in sorted(y.unique()))),
            "domains": g["domain"].apply(lambda d: ", ".join(sorted(d.unique()))),
            "trainers": g["trainer"].apply(lambda t: "; ".join(sorted(t.unique()))),
        }
    ).reset_index()
    return out.sort_values(
        ["programs", "n_states", "states_combined"], ascending=[False, False, True], ignore_index=True
    )[cols]


# --- who was trained most, and by whom ---------------------------------------------------------------


def leaders(table, column, key="state"):
    """The row labels (`key`) that share the largest value of `column` (ties kept), in table order."""
    if table.empty:
        return []
    top = table[column].max()
    return list(table.loc[table[column] == top, key])


def state_profile(program_states, programs, state):
    """One state's participation: programs (single/multi), years active, domains and trainers. Zeros if absent."""
    rows = program_states[program_states["state"] == state]
    mine = programs[programs["program_id"].isin(rows["program_id"])]
    return {
        "state": state,
        "programs": int(len(rows)),
        "single_state": int((~rows["multi_state"]).sum()),
        "multi_state": int(rows["multi_state"].sum()),
        "years": sorted(int(y) for y in rows["year"].unique()),
        "domains": sorted(mine["domain"].unique()),
        "trainers": sorted(mine["trainer"].unique()),
    }


def domain_by_state(program_states):
    """Programs per state and domain (the paper's domain order, zeros kept), with each state's total."""
    table = pd.crosstab(program_states["state"], program_states["domain"]).reindex(columns=list(DOMAINS), fill_value=0)
    table["all domains"] = table.sum(axis=1)
    return table.sort_values("all domains", ascending=False).rename_axis(columns=None).reset_index()


def trainer_shares(programs):
    """Programs per Chinese trainer with its share of all programs, the running share, domains and states reached."""
    g = programs.groupby("trainer")
    out = pd.DataFrame(
        {
            "programs": g.size(),
            "domains": g["domain"].apply(
                lambda d: ", ".join(f"{k} {v}" for k, v in d.value_counts().sort_index().items())
            ),
            "states_reached": g["states"].apply(lambda s: s.str.split(";").explode().nunique()),
        }
    ).reset_index()
    out = out.sort_values(["programs", "trainer"], ascending=[False, True], ignore_index=True)
    out["share"] = out["programs"] / max(len(programs), 1)
    out["running_share"] = out["share"].cumsum()
    return out[["trainer", "programs", "share", "running_share", "domains", "states_reached"]]


# --- is security larger in scope? ------------------------------------------------------------------


def domain_scope(programs, program_states, single, multi):
    """Scope per domain, per program and in aggregate: the ledger's four measures plus volume measures.

    Estimated officials follow the paper's arithmetic (`single` per single-state program, `multi` per state
    delegation of a multi-state program), so officials per program is close to `single` by construction.
    """
    per_program = trends.scope_by_domain(programs).set_index("domain")
    est = officials.delegations(program_states, single, multi)
    # program_states may be restricted to some states; count the officials of the delegations it keeps
    officials_by_domain = est.groupby("domain")["officials"].sum()
    delegations = program_states.groupby("domain").size()
    out = per_program.assign(
        delegations=delegations.reindex(per_program.index, fill_value=0).astype(int),
        officials=officials_by_domain.reindex(per_program.index, fill_value=0).astype(float),
    )
    out["officials_per_program"] = out["officials"] / out["programs"]
    return out.reset_index()


def leader_table(scope, domain, measures):
    """For each measure: `domain`'s value, the best other domain and its value, and whether `domain` leads.

    'leads' means strictly larger than every other domain (the ledger's test), 'ties' equal to the best other,
    'trails' smaller; 'absent' when the domain has no value in the run, 'no other domain' when no other
    domain has one.
    """
    scope = scope.set_index("domain")
    rows = []
    for m in measures:
        others = scope.drop(index=domain, errors="ignore")[m].dropna()
        best_other = others.idxmax() if len(others) else None
        other_value = float(others.max()) if len(others) else float("nan")
        if domain not in scope.index or pd.isna(scope.loc[domain, m]):
            rows.append(
                {
                    "measure": m,
                    domain: float("nan"),
                    "best_other": best_other,
                    "best_other_value": other_value,
                    "status": "absent",
                }
            )
            continue
        value = float(scope.loc[domain, m])
        status = (
            "no other domain"
            if not len(others)
            else "leads"
            if value > other_value
            else "ties"
            if value == other_value
            else "trails"
        )
        rows.append(
            {"measure": m, domain: value, "best_other": best_other, "best_other_value": other_value, "status": status}
        )
    return pd.DataFrame(rows, columns=["measure", domain, "best_other", "best_other_value", "status"])


def names(items):
    """A list in prose: 'A', 'A and B', 'A, B and C'; 'none' when empty."""
    items = [str(i) for i in items]
    if not items:
        return "none"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
