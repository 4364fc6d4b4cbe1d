"""Bad input gets one clear error naming file, row, column and value, and nothing is written."""

import pytest

from govexport import cli
from govexport.data.dataset import load_dataset
from govexport.errors import DataError

TABLE1 = "data/raw/table1_programs.tsv"


def corrupt(root, line_number, old, new):
    """Replace `old` by `new` on one line (1 = header) of the project copy's Table 1."""
    path = root / TABLE1
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line_number - 1], (old, lines[line_number - 1])
    lines[line_number - 1] = lines[line_number - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def error_of(root):
    with pytest.raises(DataError) as info:
        load_dataset({}, root)
    return info.value


def test_clean_table_loads(project):
    data = load_dataset({}, project)
    assert len(data.table1) == 59


def test_bad_date_names_file_row_column_value(project):
    corrupt(project, 6, "2012 October", "2012 Octobre")
    err = error_of(project)
    assert (err.file, err.row, err.column, err.value) == (TABLE1, 5, "Date", "2012 Octobre")
    assert str(err).startswith("data/raw/table1_programs.tsv, row 5, column 'Date': value '2012 Octobre'")
    assert "YYYY Month" in str(err)


def test_date_without_month(project):
    corrupt(project, 4, "2009 September", "2009")
    err = error_of(project)
    assert (err.row, err.column, err.value) == (3, "Date", "2009")


def test_bad_duration(project):
    corrupt(project, 4, "20 days", "20 dayz")
    err = error_of(project)
    assert (err.row, err.column, err.value) == (3, "Duration", "20 dayz")
    assert "'N days'" in str(err)


def test_duration_as_bare_number(project):
    corrupt(project, 5, "21 days", "21")
    err = error_of(project)
    assert (err.row, err.column, err.value) == (4, "Duration", "21")


def test_unknown_demonym(project):
    corrupt(project, 7, "Turkmen Ministry of Agriculture", "Afghan Ministry of Agriculture")
    err = error_of(project)
    assert (err.row, err.column, err.value) == (6, "Trainee", "Afghan Ministry of Agriculture")
    assert "unknown demonym 'Afghan'" in str(err)


def test_unknown_demonym_inside_a_list(project):
    corrupt(project, 5, "Kyrgyz, Tajik and Uzbek", "Kyrgyz, Tajik and Mongol")
    err = error_of(project)
    assert err.row == 4 and err.column == "Trainee" and "'Mongol'" in str(err)


def test_missing_column(project):
    path = project / TABLE1
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join("\t".join(line.split("\t")[:3]) for line in lines), encoding="utf-8")
    err = error_of(project)
    assert err.row == "header" and err.column == "Duration" and "missing column" in str(err)


def test_extra_column(project):
    path = project / TABLE1
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    lines = [lines[0] + "\tNotes"] + [line + "\t" for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = error_of(project)
    assert err.row == "header" and err.column == "Notes" and "extra column" in str(err)


def test_row_with_a_missing_cell(project):
    corrupt(project, 10, "\t2014 November\t21 days", "\t2014 November")
    err = error_of(project)
    assert (err.row, err.column) == (9, "Duration") and "3 cells where 4" in str(err)


def test_row_with_an_extra_cell(project):
    corrupt(project, 10, "21 days", "21 days\tsurplus")
    err = error_of(project)
    assert err.row == 9 and err.value == "surplus" and "extra cell" in str(err)


def test_wrong_delimiter(project):
    path = project / TABLE1
    path.write_text(path.read_text(encoding="utf-8").replace("\t", ";"), encoding="utf-8")
    err = error_of(project)
    assert err.row == "header" and "wrong delimiter" in str(err) and err.value == "Trainer;Trainee;Date;Duration"


def test_empty_file(project):
    (project / TABLE1).write_text("", encoding="utf-8")
    err = error_of(project)
    assert err.file == TABLE1 and "empty" in str(err)


def test_bytes_that_are_not_utf8(project):
    path = project / TABLE1
    data = path.read_bytes().replace(b"Ministry of Health", "Ministry of H\xe9alth".encode("latin-1"), 1)
    path.write_bytes(data)
    err = error_of(project)
    assert err.row == 8 and "not UTF-8" in str(err) and "\\xe9" in str(err)


def test_blank_required_cell(project):
    corrupt(project, 3, "Ministry of Foreign Affairs\t", "\t")
    err = error_of(project)
    assert (err.row, err.column) == (2, "Trainer") and "required" in str(err)


def test_codebook_rule_with_bad_regex(project):
    path = project / "data/codebook/domain_rules.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Ministry of Commerce", "Ministry of (Commerce", 1),
                    encoding="utf-8")
    err = error_of(project)
    assert err.file == "data/codebook/domain_rules.csv" and err.column == "pattern" and err.row == 3


def test_program_no_rule_matches(project):
    path = project / "data/codebook/domain_rules.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("paper,paper-residual")]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    err = error_of(project)
    assert (err.row, err.column, err.value) == (1, "Trainer", "Ministry of Foreign Affairs")


def test_cli_reports_the_error_and_writes_nothing(project, capsys):
    corrupt(project, 6, "2012 October", "2012 Octobre")
    assert cli.main(["book"]) == 2
    message = capsys.readouterr().err
    assert "data/raw/table1_programs.tsv, row 5, column 'Date': value '2012 Octobre'" in message
    assert not (project / "build").exists()


def test_cli_data_with_bad_table_writes_nothing(project, capsys):
    before = {p: p.read_bytes() for p in (project / "data/processed").iterdir()}
    corrupt(project, 6, "2012 October", "2012 Octobre")
    assert cli.main(["data"]) == 2
    assert {p: p.read_bytes() for p in (project / "data/processed").iterdir()} == before
