"""The domain split: counts checked by hand against Table 1 of the paper, and small synthetic cases."""

import pandas as pd
import pytest

from govexport.analysis import domains
from govexport.claims.register import paper_split
from govexport.data import dataset
from govexport.data.coding import code_programs


@pytest.fixture(scope="module")
def paper_coded(data):
    return code_programs(data.table1, data.codebook, "paper")


def select_all(data):
    return lambda coded: dataset.select(coded, data.params)


def test_paper_split_is_read_from_the_register():
    assert paper_split() == {"security": 24, "trade": 22, "legal": 9, "other": 4}


def test_paper_ruleset_reproduces_the_paper(data):
    counts = domains.domain_counts(data.programs)
    assert dict(zip(counts["domain"], counts["programs"])) == {"security": 24, "trade": 22, "legal": 9, "other": 4}


def test_rule_firings_by_hand(data):
    firings = domains.rule_firings(data.programs, data.codebook, "paper")
    fired = dict(zip(firings["rule_id"], firings["programs"]))
    # 20 police-ministry courses, one of them (Uzbek prosecutors, 2017) taken by the judicial trainee rule
    assert fired["paper-police"] == 19 and fired["paper-judicial-trainee"] == 9
    assert fired["paper-commerce"] == 22 and fired["paper-residual"] == 4
    assert fired["paper-judicial-trainer"] == 0 and fired["paper-military"] == 0


def test_catch_all_and_trainer_domain(data):
    rules = data.codebook.ruleset("paper")
    assert domains.catch_all_rules(rules) == ["paper-residual"]
    assert domains.catch_all_rules(data.codebook.ruleset("trainee_sector")) == ["sector-other"]
    assert domains.trainer_domain("Ministry of Public Security", rules) == "security"
    assert domains.trainer_domain("People's Liberation Army Military", rules) == "security"
    assert domains.trainer_domain("Supreme People's Court", rules) == "legal"
    assert domains.trainer_domain("Ministry of Foreign Affairs", rules) is None  # only the catch-all matches


def test_uncertain_programs(data, paper_coded):
    u = domains.uncertain_programs(paper_coded, data.codebook, "paper")
    # 2007 diplomats (twice), 2015 liaison department, 2016 academy of governance: residual;
    # 2017 police course for Uzbek prosecutors and army course for Kazakh military prosecutors: trainee rule
    assert list(u["program_id"]) == ["P01", "P02", "P11", "P19", "P26", "P28"]
    groups = domains.uncertain_groups(u)
    assert list(groups["programs"]) == [2, 1, 1, 1, 1]
    wide = domains.uncertain_programs(paper_coded, data.codebook, "paper", also_trainers=["Chinese Customs"])
    assert set(wide["program_id"]) - set(u["program_id"]) == {"P53"}


def test_consistent_codings_count(data, paper_coded):
    paper = paper_split()
    u = domains.uncertain_programs(paper_coded, data.codebook, "paper")
    codings, tried = domains.consistent_codings(paper_coded, u, paper)
    # 20 settled security + 7 settled legal; 4 of the 6 uncertain must be security: either the two diplomats'
    # courses go legal, or two of the four single-program trainers do: 1 + C(4, 2) = 7
    assert tried == 4**5 and len(codings) == 7
    assert codings["as coded"].sum() == 1
    only_two, tried_two = domains.consistent_codings(paper_coded, u, paper, domains=("security", "legal"))
    assert tried_two == 2**5 and len(only_two) == 7
    wide = domains.uncertain_programs(paper_coded, data.codebook, "paper", also_trainers=["Chinese Customs"])
    assert len(domains.consistent_codings(paper_coded, wide, paper)[0]) == 1 + 10  # 1 + C(5, 2)


def test_consistent_codings_synthetic():
    coded = pd.DataFrame({"program_id": ["a", "b", "c", "d"], "domain": ["trade", "security", "legal", "security"]})
    uncertain = pd.DataFrame(
        {
            "program_id": ["c", "d"],
            "trainer": ["X", "Y"],
            "domain": ["legal", "security"],
            "trainee": ["", ""],
            "domain_rule": ["", ""],
            "why": ["", ""],
        }
    )
    target = {"security": 2, "trade": 1, "legal": 1, "other": 0}
    codings, tried = domains.consistent_codings(coded, uncertain, target)
    assert tried == 16 and len(codings) == 2  # c legal & d security (as coded), or c security & d legal
    assert sorted(codings["as coded"]) == [False, True]
    none, _ = domains.consistent_codings(coded, uncertain, {"security": 4, "trade": 0, "legal": 0, "other": 0})
    assert none.empty


def test_compare_and_recoded(data):
    split = domains.compare_rulesets(data.table1, data.codebook, select_all(data)).set_index("domain")
    assert split["paper"].tolist() == [24, 22, 9, 4]
    assert split["trainee_sector"].tolist() == [21, 8, 9, 21]
    moved = domains.recoded(data.table1, data.codebook, select_all(data), "paper", "trainee_sector")
    assert len(moved) == 18
    into_security = moved[moved["domain (trainee_sector)"] == "security"]
    assert list(into_security["program_id"]) == ["P18"]  # commerce course for Tajik customs


def test_standing():
    s = domains.standing(pd.Series({"security": 24, "trade": 22, "legal": 9, "other": 4}))
    assert s["share"] == pytest.approx(24 / 59) and not s["majority"] and s["largest"]
    assert s["status"].startswith("the largest domain") and s["margin"] == 2
    tie = domains.standing(pd.Series({"security": 21, "trade": 8, "legal": 9, "other": 21}))
    assert tie["largest"] and tie["tied_with"] == ["other"] and "tied" in tie["status"] and tie["margin"] == 0
    behind = domains.standing(pd.Series({"security": 2, "trade": 5}))
    assert not behind["largest"] and "trade" in behind["status"] and behind["margin"] == -3
    assert domains.standing(pd.Series({"security": 6, "trade": 5}))["majority"]
    assert domains.standing(pd.Series({"trade": 0}))["status"] == "no programs"


def test_standings_table(data):
    split = domains.compare_rulesets(data.table1, data.codebook, select_all(data))
    st = domains.standings(split).set_index("rule set")
    assert st.loc["paper", "security programs"] == 24 and not st.loc["paper", "over half"]
    assert st.loc["trainee_sector", "security programs"] == 21


def test_officials_by_domain(data):
    t = domains.officials_by_domain(data.program_states, 20, 5).set_index("domain")
    assert t["programs"].tolist() == [24, 22, 9, 4]
    assert t["officials"].sum() == 1165
    # security: 20 single-state (x20) + 2007 diplomats twice, drug control 2018, customs 2019 (4 states each, x5)
    assert t.loc["security", "officials"] == 20 * 20 + 4 * 4 * 5


def brute_force(coded, uncertain, target, choices):
    """Every assignment tried one by one, as the analysis did before it counted them."""
    import itertools

    groups = domains.uncertain_groups(uncertain)
    settled = coded.loc[~coded["program_id"].isin(uncertain["program_id"]), "domain"].value_counts()
    found = []
    for assignment in itertools.product(choices, repeat=len(groups)):
        counts = {d: int(settled.get(d, 0)) for d in ("security", "trade", "legal", "other")}
        for domain, size in zip(assignment, groups["programs"]):
            counts[domain] += size
        if all(counts[d] == target.get(d, 0) for d in counts):
            found.append(assignment)
    return found


def test_counted_codings_are_the_enumerated_ones_in_the_same_order():
    import random

    draw = random.Random(22)
    all_domains = ("security", "trade", "legal", "other")
    for _ in range(150):
        programs, uncertain = [], []
        for i in range(draw.randint(0, 5)):
            programs.append((f"s{i}", draw.choice(all_domains)))
        for g in range(draw.randint(0, 6)):
            for k in range(draw.randint(1, 3)):
                programs.append((f"u{g}-{k}", draw.choice(all_domains)))
                uncertain.append((f"u{g}-{k}", f"T{g}"))
        coded = pd.DataFrame(programs, columns=["program_id", "domain"])
        target = coded["domain"].value_counts().to_dict() if draw.random() < 0.5 else {}
        target = target or {d: draw.randint(0, 5) for d in all_domains}
        frame = pd.DataFrame(
            {
                "program_id": [p for p, _ in uncertain],
                "trainer": [t for _, t in uncertain],
                "trainee": "",
                "domain": [dict(programs)[p] for p, _ in uncertain],
                "domain_rule": "",
                "why": "",
            }
        )
        choices = all_domains if draw.random() < 0.8 else ("security", "legal")
        expected = brute_force(coded, frame, target, choices)
        codings, tried = domains.consistent_codings(coded, frame, target, domains=choices)
        assert tried == len(choices) ** frame["trainer"].nunique()
        assert domains.coding_count(codings) == len(expected)
        assert [tuple(row[:-1]) for row in codings.itertuples(index=False)] == expected
