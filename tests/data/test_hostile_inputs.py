"""Hostile input, round two (issue 22): each case the issue found gives one `govexport: error:` line naming the
file, row (or line), field and value, exit status 2, before anything is written."""

import csv
import os
import subprocess
import sys

import pytest
import yaml
from test_loading import TABLE1, corrupt, error_of, one_error_line

from govexport.data import codebook as codebook_module
from govexport.data.dataset import load_dataset

TABLE2 = "data/raw/table2_curricula.yaml"
RULES = "data/codebook/domain_rules.csv"


def set_table2(root, program, key, value):
    path = root / TABLE2
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["programs"][program - 1][key] = value
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, width=10**9), encoding="utf-8")


# --- bad 1: a long cell in Table 2 ----------------------------------------------------------------------------


def test_a_long_table2_cell_is_refused_naming_program_and_field(project, capsys):
    set_table2(project, 2, "topic", "Cyber " + "A" * 900_000)  # under the 1 MB file limit
    line = one_error_line(capsys, ["book"])
    assert line.startswith(f"govexport: error: {TABLE2}, row 2, column 'topic': value 'Cyber AAAA")
    assert line.endswith("is 900,006 characters long; at most 200 are accepted")
    assert not (project / "build").exists()


@pytest.mark.parametrize(
    "key, value, problem",
    [
        ("training_specifics", "x" * 5001, "is 5,001 characters long; at most 5,000 are accepted"),
        ("field_visits", ["a visit"] * 101, "has 101 items; at most 100 are accepted"),
        ("field_visits", ["v" * 501], "is 501 characters long; at most 500 are accepted"),
    ],
)
def test_every_table2_text_has_a_limit(project, key, value, problem):
    set_table2(project, 3, key, value)
    err = error_of(project)
    assert (err.file, err.row, err.column) == (TABLE2, 3, key) and problem in str(err)


# --- questionable: invisible characters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "char, name",
    [("\u200b", "ZERO WIDTH SPACE"), ("\u202e", "RIGHT-TO-LEFT OVERRIDE"), ("\x07", "a control character")],
)
def test_an_invisible_character_in_table1_is_refused_with_its_code_point(project, capsys, char, name):
    corrupt(project, 4, "Ministry of Commerce", "Ministry of Commerce" + char)
    line = one_error_line(capsys, ["book"])
    assert line.startswith(f"govexport: error: {TABLE1}, row 3, column 'Trainer': value 'Ministry of Commerce\\")
    assert f"holds the invisible character U+{ord(char):04X} ({name})" in line


@pytest.mark.parametrize("char", ["\x00", "\x07", "\u200b", "\ufeff"])
def test_table2_refuses_nul_bel_and_format_characters_naming_line_and_field(project, capsys, char):
    set_table2(project, 2, "delegated_trainer", "People's Public Security University" + char)
    line = one_error_line(capsys, ["book"])
    assert line.startswith(f"govexport: error: {TABLE2}, line ")
    assert ", field programs → 2 → delegated_trainer: " in line and f"U+{ord(char):04X}" in line


def test_the_codebook_refuses_invisible_characters(project):
    path = project / "data/codebook/demonyms.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Kazakhstan", "Kazakh\u200dstan"), encoding="utf-8")
    err = error_of(project)
    assert (err.file, err.column) == ("data/codebook/demonyms.csv", "state") and "U+200D" in str(err)


def test_a_parameter_value_refuses_invisible_characters(project, capsys):
    line = one_error_line(capsys, ["book", "--name", "x", "-p", "states=Kazakhstan\u200b"])
    assert "-p states" in line and "U+200B (ZERO WIDTH SPACE)" in line


def test_a_tab_is_kept_where_yaml_allows_it(project):
    set_table2(project, 1, "training_specifics", "Lectures\tand seminars")
    assert load_dataset({}, project).table2[0]["training_specifics"] == "Lectures\tand seminars"


# --- questionable: CSV formula injection -----------------------------------------------------------------------


@pytest.mark.parametrize("trainer", ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3"])
def test_a_trainer_that_a_spreadsheet_would_run_is_refused(project, capsys, trainer):
    corrupt(project, 4, "Ministry of Commerce", trainer)
    line = one_error_line(capsys, ["book"])
    assert line.startswith(f"govexport: error: {TABLE1}, row 3, column 'Trainer': value ")
    assert "opens with =, +, - or @, which a spreadsheet runs as a formula" in line


def test_a_codebook_reason_that_a_spreadsheet_would_run_is_refused(project):
    path = project / RULES
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[1][-1] = "=1+1"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    err = error_of(project)
    assert (err.file, err.row, err.column) == (RULES, 1, "reason") and "formula" in str(err)


# --- questionable: catastrophic backtracking in a codebook pattern ---------------------------------------------


def test_a_pattern_that_backtracks_catastrophically_is_stopped_naming_file_row_rule_pattern(project, monkeypatch):
    monkeypatch.setattr(codebook_module, "PATTERN_SECONDS", 0.2)
    path = project / RULES
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rule_id = rows[1][1]
    rows[1][2:4] = ["trainer", "^(a|a)+$"]  # the first rule tried
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    corrupt(project, 4, "Ministry of Commerce", "a" * 28 + "!")
    err = error_of(project)
    assert (err.file, err.row, err.column, err.value) == (RULES, 1, "pattern", "^(a|a)+$")
    assert f"rule {rule_id}: its pattern ran more than 0.2 s" in str(err) and "catastrophic backtracking" in str(err)


# --- questionable: a table far beyond the documented size -------------------------------------------------------


def test_a_table_over_the_row_limit_is_refused_naming_the_first_row_beyond(project):
    path = project / TABLE1
    header, first, *_ = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join([header] + [first] * 10_001) + "\n", encoding="utf-8")
    err = error_of(project)
    assert err.row == 10_001 and "has 10,001 rows; at most 10,000 are accepted" in str(err)


def test_a_50_mb_table_is_refused_before_it_is_read(project):
    path = project / TABLE1
    with open(path, "a", encoding="utf-8") as f:
        f.write("x" * 50_000_000)
    assert "at most 20,000,000 are accepted" in str(error_of(project))


def test_the_simulation_keeps_its_memory_bounded_whatever_the_table_size():
    """The officials simulation of 100,000 delegations in a process allowed 1.5 GB: all draws at once would
    need 1.6 GB for the sizes alone (2,000 draws), the blocks need 16 MB."""
    code = (
        "import resource\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1500 * 2**20, resource.RLIM_INFINITY))\n"
        "import pandas as pd\n"
        "from govexport.analysis.officials import simulate\n"
        "ps = pd.DataFrame({'program_id': [f'P{i // 2}' for i in range(100_000)], 'multi_state': True})\n"
        "print(simulate(ps, 20, 5, draws=2_000)['median'])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-500:]
    assert abs(float(done.stdout) - 500_000) < 5_000


# --- bad 7: a symbolic link loop as a data path -----------------------------------------------------------------


@pytest.mark.parametrize("parameter", ["table1", "table2", "codebook"])
def test_a_symlink_loop_as_a_data_path_is_one_line(project, capsys, parameter):
    os.symlink("loop", project / "loop")
    line = one_error_line(capsys, ["book", "--name", "x", "-p", f"{parameter}=loop"])
    assert line.startswith("govexport: error: loop") and "loop" in line.removeprefix("govexport: error: loop")
    assert not (project / "build").exists()


# --- a row of 100,000 cells: the first extra cell named with its own value -------------------------------------


def test_a_row_of_many_cells_names_the_first_extra_column_and_its_value(project):
    corrupt(project, 3, "2007 January\t", "2007 January\t\t" + "\t".join(f"c{i}" for i in range(100_000)))
    err = error_of(project)
    assert err.column == "#5 (beyond 'Duration')" and err.value == "c0"


def test_a_damaged_data_file_is_never_a_traceback(project, capsys):
    (project / TABLE1).unlink()
    os.mkfifo(project / TABLE1)  # a pipe where the table should be: refused without being opened
    assert "is not a regular file" in one_error_line(capsys, ["book"])
