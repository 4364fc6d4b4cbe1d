"""The domain split: counts, shares, the rules that fired, and the split under other rule sets."""

import pandas as pd

from .codebook import DOMAINS
from .coding import code_programs


def domain_counts(programs):
    """Programs and share per domain, in the paper's order."""
    counts = programs["domain"].value_counts().reindex(list(DOMAINS), fill_value=0)
    return pd.DataFrame({"domain": counts.index, "programs": counts.to_numpy(),
                         "share": counts.to_numpy() / max(len(programs), 1)})


def rule_firings(programs, codebook, ruleset):
    """Each rule of the rule set with how many programs it coded (zero included) and its reason."""
    rules = codebook.ruleset(ruleset)
    fired = programs["domain_rule"].value_counts()
    out = rules[["rule_id", "field", "pattern", "domain", "reason"]].copy()
    out["programs"] = out["rule_id"].map(fired).fillna(0).astype(int)
    return out


def compare_rulesets(table1, codebook, selector):
    """Programs per domain under every rule set of the codebook; `selector` applies the run's filters."""
    columns = {}
    for name in codebook.rulesets:
        programs = selector(code_programs(table1, codebook, name))
        columns[name] = programs["domain"].value_counts().reindex(list(DOMAINS), fill_value=0)
    return pd.DataFrame(columns).rename_axis("domain").reset_index()


def recoded(table1, codebook, selector, ruleset_a, ruleset_b):
    """Programs whose domain differs between two rule sets."""
    a = selector(code_programs(table1, codebook, ruleset_a))
    b = selector(code_programs(table1, codebook, ruleset_b))
    merged = a[["program_id", "trainer", "trainee", "domain"]].merge(
        b[["program_id", "domain"]], on="program_id", suffixes=(f" ({ruleset_a})", f" ({ruleset_b})"))
    return merged[merged[f"domain ({ruleset_a})"] != merged[f"domain ({ruleset_b})"]].reset_index(drop=True)


def largest_domain(programs):
    counts = domain_counts(programs).sort_values("programs", ascending=False)
    top = counts.iloc[0]
    return {"domain": top["domain"], "programs": int(top["programs"]), "share": float(top["share"]),
            "runner_up": int(counts.iloc[1]["programs"])}
