"""Extended tables with new trainers build: Table 1 plus rows whose trainers no rule names (issue 22, bad case 2).

Each new trainer is one more uncertain trainer group; the coding analysis counts the codings that fit the
paper's split instead of trying 4 ** groups of them, so every page of every chapter and the ledger are
written for Table 1 plus 30 new trainers, and the count holds for thousands of groups.
"""

import pandas as pd
from test_prose_properties import PAGES, check_text, texts

from govexport.analysis import domains
from govexport.claims.ledger import ledger
from govexport.data.dataset import load_dataset
from govexport.paths import project_root
from govexport.report.pages.domains import _codings_tried

ROOT = project_root(__file__)


def extended(path, new_rows):
    """Table 1 with `new_rows` rows appended, each by a trainer of its own that no rule of the codebook names."""
    lines = (ROOT / "data/raw/table1_programs.tsv").read_text(encoding="utf-8").rstrip("\n").split("\n")
    states = ["Kazakh", "Kyrgyz", "Tajik", "Uzbek", "Turkmen"]
    for k in range(new_rows):
        trainer = f"Invented Bureau of Example Studies {k + 1}"
        lines.append(f"{trainer}\t{states[k % 5]} officials\t{2008 + k % 12} March\t{5 + k % 20} days")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_table1_plus_30_new_trainers_writes_every_page_and_the_ledger(tmp_path):
    params = {"table1": str(extended(tmp_path / "table1_plus_30.tsv", 30))}
    data = load_dataset(params)
    uncertain = domains.uncertain_programs(data.programs, data.codebook, "paper")
    assert len(domains.uncertain_groups(uncertain)) == 5 + 30  # the paper's five, and one per new trainer
    rows = ledger(data).set_index("claim_id")
    assert rows.loc["domains-sum-59", "value"] == "89"
    for chapter_id in PAGES:
        _, text = texts(chapter_id, params)
        check_text(chapter_id, text)
        if chapter_id == "02_domains":
            assert "4 to the power 35 codings" in text or "1,180,591,620,717,411,303,424 codings" in text
            # 36 uncertain programs cannot make up the 6 the settled ones leave to the paper's split
            assert "No coding of the uncertain programs gives the paper's counts" in text


def groups_of(n, domain="other"):
    """`n` programs, each its own uncertain trainer group."""
    ids = [f"u{i}" for i in range(n)]
    coded = pd.DataFrame({"program_id": ids, "domain": domain})
    uncertain = pd.DataFrame(
        {
            "program_id": ids,
            "trainer": [f"T{i}" for i in range(n)],
            "trainee": "",
            "domain": domain,
            "domain_rule": "",
            "why": "",
        }
    )
    return coded, uncertain


PAPER = {"security": 24, "trade": 22, "legal": 9, "other": 4}


def test_thousands_of_groups_are_counted_not_enumerated():
    coded, uncertain = groups_of(3000)
    codings, tried = domains.consistent_codings(coded, uncertain, PAPER)
    assert domains.coding_count(codings) == 0 and codings.empty and tried == 4**3000
    assert str(_codings_tried(tried, 3000)) == "4 to the power 3,000 codings (a number of 1,807 digits)"


def test_too_many_fitting_codings_are_sampled_and_counted_exactly():
    # 59 programs of 59 trainers, all uncertain: 59! / (24! 22! 9! 4!) codings give the paper's split
    coded, uncertain = groups_of(59)
    codings, tried = domains.consistent_codings(coded, uncertain, PAPER, limit=100)
    assert domains.coding_count(codings) == 22833740538256352195275785000 and codings.attrs["sampled"]
    assert len(codings) == 100 and tried == 4**59
    for _, row in codings.iterrows():  # each sampled coding gives the paper's split
        assert row.drop("as coded").value_counts().to_dict() == PAPER
    again, _ = domains.consistent_codings(coded, uncertain, PAPER, limit=100)
    assert again.equals(codings)  # the same sample on every run
