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


def test_file_of_only_a_byte_order_mark(project):
    (project / TABLE1).write_bytes(b"\xef\xbb\xbf\n")
    assert "empty" in str(error_of(project))


def test_byte_order_mark_is_accepted(project):
    path = project / TABLE1
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(load_dataset({}, project).table1) == 59


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
    path.write_text(
        path.read_text(encoding="utf-8").replace("Ministry of Commerce", "Ministry of (Commerce", 1), encoding="utf-8"
    )
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


# --- hostile and questionable input ------------------------------------------------------------------


def append_rows(root, *rows, tail="\n"):
    """Append rows (tuples of the four cells) to the project copy's Table 1, ending the file with `tail`."""
    path = root / TABLE1
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(text + "".join("\n" + "\t".join(r) for r in rows) + tail, encoding="utf-8")


def one_error_line(capsys, argv):
    """Run the CLI; it must fail with exit 2 and exactly one stderr line, which is returned."""
    assert cli.main(argv) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("govexport: error: "), lines
    return lines[0]


def test_one_megabyte_cell_names_file_and_row(project, capsys):
    corrupt(project, 11, "Ministry of Commerce", "M" * 1_000_000)
    err = error_of(project)
    assert (err.file, err.row) == (TABLE1, 10) and "longer than 131,072 characters" in str(err)
    line = one_error_line(capsys, ["data"])
    assert "data/raw/table1_programs.tsv, row 10" in line and len(line) < 300


def test_long_cell_beyond_the_schema_is_refused_with_a_short_value(project):
    corrupt(project, 11, "Ministry of Commerce", "M" * 100_000)
    err = error_of(project)
    assert (err.row, err.column) == (10, "Trainer") and "is 100,000 characters long; at most 500" in str(err)
    assert len(str(err)) < 300 and "…" in str(err)


@pytest.mark.parametrize("tail", ["\n\n", "\n\n\n", "\n  \n", "\r\n\r\n"])
def test_trailing_blank_lines_are_accepted(project, tail):
    path = project / TABLE1
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + tail, encoding="utf-8")
    assert len(load_dataset({}, project).table1) == 59


def test_blank_line_inside_is_still_refused(project):
    corrupt(project, 11, "Ministry of Commerce", "\nMinistry of Commerce")
    err = error_of(project)
    assert err.row == 10 and "blank line inside the table" in str(err)


def test_header_without_rows(project):
    (project / TABLE1).write_text("Trainer\tTrainee\tDate\tDuration\n\n", encoding="utf-8")
    assert "has a header but no rows" in str(error_of(project))


@pytest.mark.parametrize(
    "duration, problem",
    [
        ("100000 days", "is more than 366"),
        ("367 days", "is more than 366"),
        ("9" * 5000 + " days", "is 5,005 characters long; at most 30 are accepted"),  # never read as a number
    ],
)
def test_duration_above_the_schema_limit(project, duration, problem):
    corrupt(project, 4, "20 days", duration)
    err = error_of(project)
    assert (err.row, err.column) == (3, "Duration") and problem in str(err)
    assert str(err).startswith(f"data/raw/table1_programs.tsv, row 3, column 'Duration': value {duration[:10]!r}"[:-1])


def test_duration_at_the_limit_is_accepted(project):
    corrupt(project, 4, "20 days", "366 days")
    assert load_dataset({}, project).coded.loc[2, "duration_days"] == 366


def test_duration_limit_is_stated_in_the_schema(root):
    from govexport.data import schema

    duration = next(f for f in schema.resource("table1", root)["schema"]["fields"] if f["name"] == "Duration")
    assert duration["x-number-maximum"] == 366 and "366" in duration["description"]


def test_table_that_is_a_folder(project, capsys):
    (project / TABLE1).unlink()
    (project / TABLE1).mkdir()
    err = error_of(project)
    assert err.file == TABLE1 and "is a folder, not a file" in str(err)
    assert "data/raw/table1_programs.tsv: is a folder" in one_error_line(capsys, ["data"])


def test_table_that_cannot_be_read(project, monkeypatch):
    from pathlib import Path

    opened = Path.open

    def denied(self, *args, **kwargs):
        if self.name == "demonyms.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return opened(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", denied)  # chmod does not stop root
    err = error_of(project)
    assert str(err) == "data/codebook/demonyms.csv: cannot be read: permission denied"


def test_table2_that_is_not_plain_yaml(project):
    (project / "data/raw/table2_curricula.yaml").write_text("programs: &p [*p]\n", encoding="utf-8")
    err = error_of(project)
    assert str(err).startswith("data/raw/table2_curricula.yaml, line 1: sets the anchor &p")


def test_table2_malformed(project):
    path = project / "data/raw/table2_curricula.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("- program: 2", "- program: 2: x"), encoding="utf-8")
    err = error_of(project)
    assert err.file == "data/raw/table2_curricula.yaml" and "is not valid YAML" in str(err)
    assert err.row.startswith("line ")


def test_table2_value_of_the_wrong_type(project):
    path = project / "data/raw/table2_curricula.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  topic: Cyber security", "  topic: null"), encoding="utf-8"
    )
    err = error_of(project)
    assert (err.row, err.column) == (2, "topic") and "must be a non-empty string" in str(err)


def test_datapackage_that_is_not_json(project):
    from govexport.data import schema

    (project / "data/datapackage.json").write_text("{not json", encoding="utf-8")
    schema._package.cache_clear()
    try:
        err = error_of(project)
    finally:
        schema._package.cache_clear()
    assert str(err).startswith("data/datapackage.json: is not valid JSON")


# --- rows outside the run's years: reported, and not counted when judging completeness --------------


def test_rows_outside_the_years_are_listed_with_reasons(project):
    append_rows(project, ("Ministry of Commerce", "Kyrgyz senior civil servants", "2021 March", "10 days"))
    path = project / TABLE1
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(1, "Ministry of Commerce\tTajik senior civil servants\t2006 May\t")
    path.write_text("\n".join(lines), encoding="utf-8")
    data = load_dataset({}, project)
    assert len(data.coded) == 61 and len(data.programs) == 59
    assert data.excluded[["program_id", "year", "reason"]].values.tolist() == [
        ["P01", 2006, "before the first year, 2007"],
        ["P61", 2021, "after the last year, 2020"],
    ]


def test_excluded_follows_the_run_years_not_the_other_choices(data):
    assert data.excluded.empty
    security = load_dataset({"domains": "security", "first_year": 2014, "last_year": 2019})
    assert set(security.excluded["reason"]) == {"before the first year, 2014", "after the last year, 2019"}
    assert len(security.excluded) == len(security.coded) - 52  # 52 rows of 2014-2019, of every domain


def test_completeness_is_the_compilation_s_not_the_run_s(project):
    """Only the table's own last year can be partial: a run that stops earlier keeps its last year, and a later
    row (listed as left out) shows the compilation went past a year."""
    from govexport.analysis import trends

    data = load_dataset({}, project)
    assert trends.complete_range(data.coded, 2014, 2018) == (2014, 2018)  # 2018 ends in November; 2019 follows
    assert trends.complete_range(data.coded, 2007, 2020) == (2007, 2019)  # the table stops in January 2020
    append_rows(project, ("Ministry of Commerce", "Kyrgyz senior civil servants", "2021 December", "10 days"))
    data = load_dataset({}, project)
    assert trends.complete_range(data.coded, 2007, 2020) == (2007, 2020)
    assert data.excluded["reason"].tolist() == ["after the last year, 2020"]


def test_a_year_outside_the_table_selects_nothing(project):
    from govexport.errors import ParameterError

    with pytest.raises(ParameterError, match="the parameters select no program .* its years run 2007-2020"):
        load_dataset({"first_year": 2030, "last_year": 2031}, project)


@pytest.mark.parametrize(
    "codebook, problem", [("data/raw/table1_programs.tsv", "is not a folder"), ("data/nothing", "no such folder")]
)
def test_codebook_that_is_not_a_folder(project, codebook, problem):
    with pytest.raises(DataError, match=f"^{codebook}: {problem}; the codebook is a folder"):
        load_dataset({"codebook": codebook}, project)


def test_path_parameter_too_long_for_the_system(project, capsys):
    line = one_error_line(capsys, ["book", "--name", "long", "-p", "table1=" + "x" * 999])
    assert "cannot be read: File name too long" in line and len(line) < 500
    assert not (project / "build").exists()


def test_a_control_character_in_a_cell_is_refused(tmp_path):
    """A NUL would otherwise print as a second trainer that looks like the first."""
    table = tmp_path / "t.tsv"
    table.write_text(
        "Trainer\tTrainee\tDate\tDuration\nMinistry of Com\x00merce\tKyrgyz officials\t2019 May\t\n", encoding="utf-8"
    )
    with pytest.raises(DataError, match=r"row 1, column 'Trainer'.*U\+0000"):
        load_dataset({"table1": str(table)})
