"""Table 2: practices extracted from the training specifics, field visits, and the links to Table 1.

Expected values were read off the paper's Table 2 and Table 1 by hand."""

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from govexport.analysis import curricula
from govexport.analysis import dating as curricula_dating
from govexport.claims import checks as claim_checks
from govexport.claims import ledger as claims
from govexport.claims import paper_context
from govexport.claims.register import claim, load_register
from govexport.data.dataset import load_dataset  # noqa: E402
from govexport.report import figures as curricula_plots  # noqa: E402


@pytest.fixture(scope="module")
def table2(data):
    return data.table2


def synthetic(program, topic, specifics, visits):
    return {
        "program": program,
        "topic": topic,
        "delegated_trainer": "X",
        "training_specifics": specifics,
        "field_visits": visits,
        "field_visits_as_printed": "; ".join(visits),
    }


# --- extraction ------------------------------------------------------------------------------------


def test_practices_of_the_criminal_investigation_program(table2):
    items = curricula.practices(table2[0]["training_specifics"])
    assert len(items) == 13
    assert items[:3] == ["crime scene investigations", "case handling procedures", "intelligence-led police affairs"]
    assert items[5] == "China's terrorist threat situation"  # the first list ends at the sentence's full stop
    assert items[-1] == "application of DNA technology in investigation work"  # 'and others' is cut
    assert not any("others" in item or "lectures" in item for item in items)


def test_practices_drop_a_leading_article(table2):
    items = curricula.practices(table2[1]["training_specifics"])
    assert items[0] == "application of information-led methods in crime investigation"
    assert len(items) == 5


def test_practices_on_synthetic_text():
    text = (
        "Through lectures, visits and others, the course covers history. Such as alpha, the beta, gamma. "
        "It offers training on delta, epsilon and zeta and others, to build trust."
    )
    assert curricula.practices(text) == ["alpha", "beta", "gamma", "delta", "epsilon and zeta"]
    assert curricula.practices(text, split_compounds=True) == ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
    assert curricula.teaching_formats(text) == ["lectures", "visits"]
    assert curricula.practices("No list here.") == []


def test_briefings_are_left_out_only_when_asked():
    text = "Training on drug situation in China, crime trends, crime trends and tactics and others."
    assert curricula.practices(text, drop_briefings=True) == ["crime trends and tactics"]
    assert curricula.practices(text, split_compounds=True, drop_briefings=True) == ["tactics"]


def test_practice_counts(table2):
    table = curricula.practices_table(table2)
    assert len(table) == 25
    assert table["practice"].nunique() == 24
    assert table.groupby("program").size().to_dict() == {1: 13, 2: 5, 3: 7}
    assert list(curricula.shared_practices(table2).index) == ["China's anti-drug work"]


def test_practices_wide(table2):
    wide = curricula.practices_wide(table2)
    assert wide.shape == (13, 3)
    assert wide.loc[1, "Anti-drug"] == "China's anti-drug work"
    assert wide.loc[5, "Cyber security"] == "police information network security construction"
    assert wide.loc[6, "Cyber security"] == ""
    assert curricula.practices_wide([synthetic(1, "A", "Nothing.", [])]).columns.tolist() == ["A"]


def test_practice_summary(table2):
    summary = curricula.practice_summary(table2)
    assert summary["practices listed"].tolist() == [13, 5, 7]
    assert summary["only this program"].tolist() == [12, 5, 6]
    assert summary["shared with another program"].tolist() == [1, 0, 1]


def test_counts_under_alternative_readings(table2):
    assert list(curricula.practice_counts(table2).values()) == [24, 26, 22, 23]
    table = curricula.practice_counts_by_reading(table2, 24)
    assert table["at least 24"].tolist() == [True, True, False, False]


def test_chapter_count_agrees_with_the_ledger(data):
    row = claims.ledger(data, chapter="curricula").set_index("claim_id").loc["dozens-of-practices"]
    assert row["value"] == str(curricula.practices_table(data.table2, drop_briefings=True)["practice"].nunique())


# --- field visits ----------------------------------------------------------------------------------


def test_field_visits_matrix(table2):
    matrix = curricula.field_visits_matrix(table2)
    assert matrix.shape == (9, 3)
    assert matrix.sum().tolist() == [7, 1, 6]
    shared = curricula.shared_visits(table2)
    assert len(shared) == 5
    assert "Beijing Police Museum" in shared.index
    assert "Shanghai Public Security Bureau Anti-Drug Work Office" not in shared.index
    assert shared["Cyber security"].sum() == 0


def test_itinerary_overlap(table2):
    overlap = curricula.itinerary_overlap(table2)
    assert overlap["shared"].tolist() == [0, 5, 0]
    assert overlap["in either"].tolist() == [8, 8, 7]
    assert overlap["jaccard"].tolist() == [0.0, 0.625, 0.0]  # 5 shared of 8 distinct visits


def test_empty_lists_give_empty_tables_with_columns():
    programs = [synthetic(1, "A", "Nothing listed here.", []), synthetic(2, "B", "Such as x, y.", [])]
    assert curricula.field_visits_matrix(programs).shape == (0, 2)
    assert curricula.practices_table(programs[:1]).columns.tolist() == ["program", "topic", "practice"]
    assert curricula.practice_summary(programs)["practices listed"].tolist() == [0, 2]
    assert curricula.itinerary_overlap(programs)["shared"].tolist() == [0]
    fig = curricula_plots.incidence_figure(curricula.field_visits_matrix(programs), "y")
    assert fig.axes[0].get_ylabel() == "y"  # an empty matrix still draws, labelled
    matplotlib.pyplot.close(fig)


def test_incidence_figure_draws_one_marker_per_listing(table2):
    fig = curricula_plots.incidence_figure(curricula.field_visits_matrix(table2), "Visit")
    assert len(fig.axes[0].collections) == 14  # 7 + 1 + 6 visits
    matplotlib.pyplot.close(fig)


def test_short_labels():
    long = (
        '"Pearl of Peace" international law enforcement exchange and cooperation unit police practice training center'
    )
    assert curricula_plots.short_label(long, width=100) == '"Pearl of Peace" police practice training centre'
    label = curricula_plots.short_label("Various units in Shanghai and Wuhan.", width=40)
    assert label == "Various units in Shanghai and Wuhan"
    assert curricula_plots.short_label("one two three four", width=9) == "one two\nthree\nfour"


def test_openings(table2):
    register = load_register()
    patterns = {
        **claim("lectures-ccp-achievements-first", register)["inputs"],
        "combat_visits": claim("combat-simulations-and-field-trips", register)["inputs"]["combat_visits"],
    }
    table = curricula.openings(table2, patterns)
    assert table["on achievements"].tolist() == [True, False, True]  # the cyber course opens on understanding China
    assert table["opens on China"].tolist() == [True, True, True]
    assert table["mentions the Party"].tolist() == [False, False, False]
    assert table["visits to combat or special units"].tolist() == [True, True, True]
    assert table["teaching formats"][1] == (
        "special lectures; seminars; visits to special units; field inspections of operations"
    )


# --- linking to Table 1 ----------------------------------------------------------------------------


def test_late_2019_candidates(data, table2):
    w = paper_context.late_window()
    table = curricula_dating.late_candidates(data.coded, table2, w["year"], w["first_month"], w["last_month"])
    assert table["program_id"].tolist() == ["P55", "P56", "P53", "P52", "P46", "P47"]
    status = table.set_index("program_id")["Anti-drug"].to_dict()
    assert status == {
        "P55": "possible",
        "P56": "possible",
        "P53": "unlikely",
        "P52": "possible",
        "P46": "possible",
        "P47": "unlikely",
    }
    assert not (table[[p["topic"] for p in table2]] == "named").any().any()
    # the same programs as the ledger's check
    register = load_register()
    reason = claim_checks.late_2019(data, claim("table2-late-2019", register), register).reason
    assert sorted(table["program_id"]) == sorted(reason.split("September–December 2019: ")[1].split(", "))


def test_table1_matches_fall_in_2018(data, table2):
    matches = curricula_dating.table1_matches(data.coded, table2, paper_context.late_window())
    assert matches[["table2 topic", "program_id"]].values.tolist() == [
        ["Criminal investigation technologies", "P38"],
        ["Anti-drug", "P33"],
        ["Anti-drug", "P36"],
        ["Anti-drug", "P39"],
    ]
    assert set(matches["year"]) == {2018}
    assert not matches["in the window"].any()


def test_match_status_rules():
    mps = "Ministry of Public Security"
    assert curricula_dating.match_status(mps, "Kazakh MIA Drug Control Department", "Anti-drug") == "named"
    assert curricula_dating.match_status(mps, "Kazakh MIA Drug Control Department", "Cyber security") == "unlikely"
    assert curricula_dating.match_status(mps, "Tajik Ministry of Internal Affairs", "Cyber security") == "possible"
    status = curricula_dating.match_status("Chinese Customs", "Tajik Ministry of Internal Affairs", "Anti-drug")
    assert status == "unlikely"
    assert curricula_dating.match_status(mps, "Uzbek Tourist Police Department", "Anti-drug") == "unlikely"
    assert curricula_dating.topic_pattern("Border management") == "Border|management"


def test_timeline_statuses(data, table2):
    timeline = curricula_dating.table1_timeline(data.coded, table2, first_year=2017)
    named = timeline[timeline["status"].str.startswith("names")]
    assert named["program_id"].tolist() == ["P33", "P36", "P38", "P39"]
    assert timeline.set_index("program_id").loc["P23", "status"] == "unlikely (any topic)"  # anti-extremism unit
    assert timeline.set_index("program_id").loc["P33", "when"] == pytest.approx(2018 + 6.5 / 12)  # mid-July


def test_timeline_figure(data, table2):
    timeline = curricula_dating.table1_timeline(data.coded, table2, first_year=2017)
    fig = curricula_plots.timeline_figure(timeline, 2019, 2018)
    ax = fig.axes[0]
    assert len(ax.collections) == timeline["status"].nunique()  # one scatter per status
    assert sum(len(c.get_offsets()) for c in ax.collections) == len(timeline)
    labels = {t.get_text() for t in ax.texts}
    assert {"P33", "P36", "P38", "P39", "P46", "P55"} <= labels and "P24" not in labels
    matplotlib.pyplot.close(fig)
    empty = curricula_dating.table1_timeline(data.coded, table2, first_year=2030, last_year=2031)
    assert empty.empty
    matplotlib.pyplot.close(curricula_plots.timeline_figure(empty, 2019, 2018))


# --- the paper's six topics ------------------------------------------------------------------------


@pytest.mark.parametrize("given", [{}, {"states": "Kyrgyzstan"}, {"ruleset": "trainee_sector"}])
def test_topic_evidence_agrees_with_the_ledger_check(given):
    data = load_dataset(given)
    topics = paper_context.security_topics()
    table = curricula_dating.topic_evidence(data.programs, data.table2, topics)
    found = {topic: bool(words) for topic, words in claim_checks.topics_found(data, topics).items()}
    assert dict(zip(table["paper's topic"], table["found"])) == found


def test_topic_evidence_values(data):
    table = curricula_dating.topic_evidence(data.programs, data.table2, paper_context.security_topics()).set_index(
        "paper's topic"
    )
    assert table.loc["drug trafficking", "security trainees in Table 1"] == "P33, P36, P39"
    assert table.loc["cross-border terrorism", "words matched in Table 2"] == "terrorist, counter-terrorism"
    assert table.loc["transport policing", "other trainees in Table 1 (not counted)"] == "P20 (trade), P21 (trade)"
    assert not table.loc["disaster management", "found"]


def test_matched_words():
    assert curricula_dating.matched_words("counter-terrorism measures, a drug. Anti-drug", r"terror|drug") == [
        "counter-terrorism",
        "drug",
        "anti-drug",
    ]


def test_table2_parameter_pointing_at_the_same_file():
    data = load_dataset({"table2": "data/raw/table2_curricula.yaml"})
    assert curricula.practices_table(data.table2)["practice"].nunique() == 24
