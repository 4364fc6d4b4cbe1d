"""The domain split: counts, shares, the rules that fired, and the split under other rule sets."""

import random

import pandas as pd

from ..data.codebook import search
from ..data.coding import code_programs
from ..params import DOMAINS


def domain_counts(programs):
    """Programs and share per domain, in the paper's order."""
    counts = programs["domain"].value_counts().reindex(list(DOMAINS), fill_value=0)
    return pd.DataFrame(
        {"domain": counts.index, "programs": counts.to_numpy(), "share": counts.to_numpy() / max(len(programs), 1)}
    )


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
        b[["program_id", "domain"]], on="program_id", suffixes=(f" ({ruleset_a})", f" ({ruleset_b})")
    )
    return merged[merged[f"domain ({ruleset_a})"] != merged[f"domain ({ruleset_b})"]].reset_index(drop=True)


# --- how unique is the reproduction? ------------------------------------------------------------


def catch_all_rules(rules):
    """Rule ids whose pattern matches any text (such as '.*'): they code whatever no earlier rule did."""
    return [r.rule_id for r in rules.itertuples(index=False) if search(r.pattern, "") is not None]


def trainer_domain(trainer, rules):
    """The domain the trainer alone gives: the first specific (not catch-all) trainer rule that matches, or None."""
    catch_all = set(catch_all_rules(rules))
    for rule in rules.itertuples(index=False):
        specific = rule.field == "trainer" and rule.rule_id not in catch_all
        if specific and search(rule.pattern, trainer):
            return rule.domain
    return None


def uncertain_programs(coded, codebook, ruleset, also_trainers=()):
    """The programs whose domain rests on a judgement that the trainer alone does not settle.

    A program is uncertain when (a) the rule set's catch-all rule coded it (no specific rule matched), or
    (b) a trainee rule coded it although a specific trainer rule points to another domain (e.g. a police
    course for prosecutors coded legal). Programs of `also_trainers` are added to widen the doubt.
    Returns program_id, trainer, trainee, domain, domain_rule and why.
    """
    rules = codebook.ruleset(ruleset)
    catch_all = set(catch_all_rules(rules))
    rows = []
    for p in coded.itertuples(index=False):
        by_trainer = trainer_domain(p.trainer, rules)
        if p.domain_rule in catch_all:
            why = f"no specific rule matched; catch-all rule {p.domain_rule}"
        elif by_trainer is not None and by_trainer != p.domain:
            why = f"trainee rule {p.domain_rule} overrode the trainer ({by_trainer})"
        elif p.trainer in also_trainers:
            why = "added by hand: the trainer's domain is arguable"
        else:
            continue
        rows.append(
            {
                "program_id": p.program_id,
                "trainer": p.trainer,
                "trainee": p.trainee,
                "domain": p.domain,
                "domain_rule": p.domain_rule,
                "why": why,
            }
        )
    return pd.DataFrame(rows, columns=["program_id", "trainer", "trainee", "domain", "domain_rule", "why"])


def uncertain_groups(uncertain):
    """The uncertain programs grouped by trainer (one decision per trainer), with their current domain(s)."""
    if uncertain.empty:
        return pd.DataFrame(columns=["group", "trainer", "programs", "program_ids", "domain now"])
    g = uncertain.groupby("trainer", sort=False)
    out = pd.DataFrame(
        {
            "programs": g.size(),
            "program_ids": g["program_id"].agg(", ".join),
            "domain now": g["domain"].agg(lambda d: "/".join(dict.fromkeys(d))),
        }
    ).reset_index()
    out["group"] = out["trainer"] + " (" + out["program_ids"] + ")"
    return out[["group", "trainer", "programs", "program_ids", "domain now"]]


MAX_LISTED = 10_000  # consistent codings listed one by one; beyond this, a sample of this many and the exact count
SAMPLE_SEED = 2022  # the sample is drawn with this seed: the same codings on every run
MAX_STATES = 1_000_000  # partial counts the dynamic programme may hold at one step (the paper's split needs < 6,000)


def consistent_codings(coded, uncertain, target, domains=DOMAINS, limit=MAX_LISTED, seed=SAMPLE_SEED, fixed=None):
    """The assignments of the uncertain programs, one domain per trainer group, that give the `target` counts.

    The programs not in `uncertain` keep their domain. Each trainer group gets one of `domains` (the groups of
    `fixed`, a dict group -> domain, get that one); an assignment is kept when the counts of all four domains
    equal `target` (a dict domain -> programs).

    The codings are counted exactly, without trying the len(domains) ** groups assignments one by one: a
    dynamic programme over the groups counts, for each group and each count still to reach, the ways the
    remaining groups can reach it (exact integers). When at most `limit` codings fit they are all listed, in
    the order itertools.product would give them; otherwise a sample of `limit` of them, drawn uniformly with
    `seed` (the same on every run), in that order.

    Returns (codings, tried): one row per coding listed, with one column per group and a column 'as coded'
    (True for the rule set's own coding), and the number of assignments the count covers. `codings.attrs`
    says how many fit in all ('count') and whether the rows are a sample ('sampled'); `coding_count` reads it.
    """
    groups = uncertain_groups(uncertain)
    names, sizes = groups["group"].tolist(), groups["programs"].tolist()
    choices = [(fixed[g],) if fixed and g in fixed else tuple(domains) for g in names]
    tried = 1
    for options in choices:
        tried *= len(options)
    settled = coded.loc[~coded["program_id"].isin(uncertain["program_id"]), "domain"].value_counts()
    need = tuple(int(target.get(d, 0)) - int(settled.get(d, 0)) for d in DOMAINS)
    ways = _ways(sizes, choices, need)
    count = ways[0].get(need, 0) if ways else 0
    if count == 0:
        assignments = []
    elif count <= limit:
        assignments = _all(ways, sizes, choices, need)
    else:
        picks = random.Random(seed)
        ranks = set()
        while len(ranks) < limit:
            ranks.add(picks.randrange(count))
        assignments = [_unrank(ways, sizes, choices, need, rank) for rank in sorted(ranks)]
    now = tuple(groups["domain now"])
    rows = [dict(zip(names, a), **{"as coded": a == now}) for a in assignments]
    codings = pd.DataFrame(rows, columns=[*names, "as coded"])
    codings.attrs.update(count=count, sampled=count > limit)
    return codings, tried


def coding_count(codings):
    """How many codings fit in all: the exact count consistent_codings made, even when it listed a sample."""
    return int(codings.attrs.get("count", len(codings)))


def _step(remaining, size, domain):
    """The counts still to reach once a group of `size` programs goes to `domain`; None when one goes below 0."""
    i = DOMAINS.index(domain)
    if remaining[i] < size:
        return None
    return remaining[:i] + (remaining[i] - size,) + remaining[i + 1 :]


def _ways(sizes, choices, need):
    """ways[i][remaining]: the assignments of groups i.. that reach exactly `remaining` (zero states omitted).

    Empty when no assignment can fit: a count below zero, or counts that do not add up to the groups' programs.
    """
    if min(need, default=0) < 0 or sum(need) != sum(sizes):
        return []
    layers = [{need}]  # the states reachable after each group, forward
    for size, options in zip(sizes, choices):
        nxt = {s for state in layers[-1] for d in options if (s := _step(state, size, d)) is not None}
        if len(nxt) > MAX_STATES:
            raise ValueError(
                f"{len(sizes):,} trainer groups leave more than {MAX_STATES:,} partial counts to follow; "
                "too many to count the codings"
            )
        layers.append(nxt)
    zero = tuple(0 for _ in need)
    ways = [{}] * len(sizes) + [{zero: 1} if zero in layers[-1] else {}]
    for i in range(len(sizes) - 1, -1, -1):  # backward: count through the states that reach zero
        after, layer = ways[i + 1], {}
        for state in layers[i]:
            total = sum(after.get(_step(state, sizes[i], d), 0) for d in choices[i])
            if total:
                layer[state] = total
        ways[i] = layer
    return ways


def _all(ways, sizes, choices, need):
    """Every fitting assignment, in itertools.product's order (depth first, only through states that fit)."""
    found, stack = [], [(0, need, ())]
    while stack:
        i, state, chosen = stack.pop()
        if i == len(sizes):
            found.append(chosen)
            continue
        for d in reversed(choices[i]):  # reversed onto the stack: popped in the domains' order
            nxt = _step(state, sizes[i], d)
            if nxt is not None and ways[i + 1].get(nxt, 0):
                stack.append((i + 1, nxt, (*chosen, d)))
    return found


def _unrank(ways, sizes, choices, need, rank):
    """The fitting assignment of number `rank` (from 0) in itertools.product's order."""
    state, chosen = need, []
    for i in range(len(sizes)):
        for d in choices[i]:
            nxt = _step(state, sizes[i], d)
            n = ways[i + 1].get(nxt, 0) if nxt is not None else 0
            if rank < n:
                state = nxt
                chosen.append(d)
                break
            rank -= n
    return tuple(chosen)


# --- is security a majority? --------------------------------------------------------------------


def _listed(names):
    """'trade', 'trade and other', 'legal, trade and other'."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def standing(counts, domain="security"):
    """Where `domain` stands in a split (a Series domain -> programs): its share and whether it is a
    majority (over half), the single largest domain, tied for largest, or behind another domain."""
    counts = pd.Series(counts).reindex(list(DOMAINS), fill_value=0)
    total = int(counts.sum())
    n = int(counts[domain])
    share = n / total if total else 0.0
    top = int(counts.max())
    tied = [d for d in DOMAINS if d != domain and int(counts[d]) == n]
    ahead = [d for d in DOMAINS if int(counts[d]) > n]
    if total == 0:
        status = "no programs"
    elif share > 0.5:
        status = "an absolute majority"
    elif n == top and not tied:
        status = "the largest domain (a plurality), but not over half"
    elif n == top:
        status = f"tied for largest with {_listed(tied)}, and not over half"
    else:
        status = f"not the largest domain ({_listed(ahead)} {'is' if len(ahead) == 1 else 'are'} larger)"
    others = [int(counts[d]) for d in DOMAINS if d != domain]
    return {
        "domain": domain,
        "programs": n,
        "total": total,
        "share": share,
        "majority": share > 0.5,
        "largest": n == top and total > 0,
        "tied_with": tied,
        "margin": n - max(others, default=0),
        "status": status,
    }


def standings(split, domain="security"):
    """`standing` for every column (rule set) of a compare_rulesets table."""
    wide = split.set_index("domain")
    rows = []
    for name in wide.columns:
        s = standing(wide[name], domain)
        rows.append(
            {
                "rule set": name,
                f"{domain} programs": s["programs"],
                "programs": s["total"],
                "share": s["share"],
                "over half": s["majority"],
                "status": s["status"],
            }
        )
    return pd.DataFrame(rows)


def officials_by_domain(program_states, single, multi):
    """Programs and estimated officials per domain (delegation sizes as in the officials estimate)."""
    from .officials import delegations

    d = delegations(program_states, single, multi)
    out = pd.DataFrame(
        {
            "programs": d.groupby("domain")["program_id"].nunique(),
            "officials": d.groupby("domain")["officials"].sum(),
        }
    ).reindex(list(DOMAINS), fill_value=0)
    return out.rename_axis("domain").reset_index()


def trainer_led_codings(codings, uncertain, rules, coded=None, target=None):
    """The consistent codings in which no trainee rule overrides its trainer: every trainer group that a
    trainee rule moved away from its trainer's domain gets that domain back.

    Returns (codings that fit, {group: the trainer's domain}) — empty when no trainee rule overrode one. With
    `coded` and `target` (as given to consistent_codings) they are counted exactly with those groups fixed;
    without, `codings` is filtered, which needs every fitting coding listed (not a sample).
    """
    overridden = uncertain[uncertain["why"].str.startswith("trainee rule")]
    groups = uncertain_groups(uncertain)
    back = {
        g.group: trainer_domain(g.trainer, rules)
        for g in groups.itertuples()
        if g.trainer in set(overridden["trainer"])
    }
    if back and coded is not None and target is not None:
        return consistent_codings(coded, uncertain, target, fixed=back)[0], back
    if codings.attrs.get("sampled"):
        raise ValueError("the codings are a sample: give coded and target to count those that fit")
    if not back or codings.empty:
        fits = codings.iloc[0:0]
    else:
        fits = codings[[all(row[g] == d for g, d in back.items()) for _, row in codings.iterrows()]]
    fits = fits.copy()
    fits.attrs.update(count=len(fits), sampled=False)
    return fits, back
