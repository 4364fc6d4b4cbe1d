"""The data: raw transcription faithful to the paper, processed tables up to date and matching the schema."""

import csv
import io

import yaml

from govexport.data import schema
from govexport.data.processed import processed_frames
from govexport.paths import project_root

ROOT = project_root(__file__)


def table1_block(paper_text):
    lines = paper_text.splitlines()
    start = lines.index("Trainer\tTrainee\tDate\tDuration")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("SOURCE:"))
    return [line for line in lines[start:end] if line.strip()]


def test_table1_is_the_paper_verbatim(paper_text):
    raw = (ROOT / "data/raw/table1_programs.tsv").read_text(encoding="utf-8").splitlines()
    assert raw == table1_block(paper_text)


def test_table1_has_59_programs_in_four_columns():
    rows = list(
        csv.reader(io.StringIO((ROOT / "data/raw/table1_programs.tsv").read_text(encoding="utf-8")), delimiter="\t")
    )

    assert rows[0] == ["Trainer", "Trainee", "Date", "Duration"]
    assert len(rows) == 60 and {len(r) for r in rows} == {4}
    assert rows[1][2] == "2007 January" and rows[-1][2] == "2020 January"


def test_table2_is_the_paper_verbatim(paper_text):
    doc = yaml.safe_load((ROOT / "data/raw/table2_curricula.yaml").read_text(encoding="utf-8"))
    rows = {
        line.split("\t")[0]: line.split("\t")[1:]
        for line in paper_text.splitlines()
        if line.split("\t")[0] in ("Topics", "Delegated trainer", "Training specifics", "Field visits")
    }
    assert [p["topic"] for p in doc["programs"]] == rows["Topics"]
    assert [p["delegated_trainer"] for p in doc["programs"]] == rows["Delegated trainer"]
    assert [p["training_specifics"] for p in doc["programs"]] == rows["Training specifics"]
    assert [p["field_visits_as_printed"] for p in doc["programs"]] == rows["Field visits"]
    for program in doc["programs"]:
        for visit in program["field_visits"]:
            assert visit in program["field_visits_as_printed"]
    assert [len(p["field_visits"]) for p in doc["programs"]] == [7, 1, 6]


def test_processed_data_is_up_to_date():
    """data/processed/ is generated (`govexport data`); a stale or hand-edited file fails here."""
    for name, frame in processed_frames().items():
        expected = frame.to_csv(index=False, lineterminator="\n")
        actual = (ROOT / "data/processed" / f"{name}.csv").read_text(encoding="utf-8")
        assert actual == expected, f"data/processed/{name}.csv is stale: run `make data`"


def test_processed_columns_follow_the_schema():
    for name, frame in processed_frames().items():
        assert list(frame.columns) == schema.field_names(name)


def test_every_datapackage_path_exists():
    for res in schema.datapackage()["resources"]:
        assert (ROOT / "data" / res["path"]).is_file(), res["path"]
