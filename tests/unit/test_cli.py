"""The command line without building: hostile names refused at once, ledgers printed and compared, work copies."""

import argparse
import csv
import json

import pytest

from govexport import cli
from govexport.publish.workspace import MARKER


def complete_build(root, name, parameters, rows, marker=True):
    """A build folder as the pipeline leaves it, as far as `claims` and `compare` read it."""
    folder = root / "build" / name
    folder.mkdir(parents=True)
    columns = list(rows[0])
    with open(folder / "claims.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    if marker:
        (folder / MARKER).write_text(json.dumps({"name": name, "parameters": parameters}), encoding="utf-8")


def claim(claim_id, value, verdict, **extra):
    return {"claim_id": claim_id, "paper_value": "1,200", "value": value, "verdict": verdict, **extra}


@pytest.fixture
def builds(project):
    complete_build(
        project,
        "default",
        {"delegation_single": 20, "states": "all"},
        [
            claim("officials-total", "1,235", "approximately reproduced", reason="Twenty a program"),
            claim("programs-total", "59", "reproduced"),
        ],
    )
    complete_build(
        project,
        "small",
        {"delegation_single": 10, "states": "all"},
        [
            claim(
                "officials-total",
                "785",
                "not reproduced",
                reason="Ten a program",
                default_value="1,235",
                default_verdict="approximately reproduced",
                changed="yes",
            ),
            claim(
                "programs-total",
                "59",
                "reproduced",
                reason="",
                default_value="59",
                default_verdict="reproduced",
                changed="no",
            ),
        ],
    )
    return project


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", ["../x", "/tmp/abs", "./victim", "x" * 300, ".hidden", "-x", "a/b", "ünï", ""])
def test_a_hostile_build_name_is_refused_before_any_file_is_touched(project, capsys, name):
    victim = project / "victim.previous"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine")
    code, out, err = run(capsys, "book", f"--name={name}", "-p", "delegation_single=10")
    assert code == 2 and out == ""
    assert err.startswith("govexport: error: --name ") and "is not a build name" in err and err.count("\n") == 1
    assert not (project / "build").exists() and (victim / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize(
    "argv",
    [
        ["book", "--name", "default", "-p", "delegation_single=10"],
        ["book", "--name", "default", "--scenario", "scenarios/small-delegations.yaml"],
    ],
)
def test_the_default_build_takes_no_parameter(project, capsys, argv):
    code, _, err = run(capsys, *argv)
    assert code == 2 and err.startswith("govexport: error: --name default is the paper's defaults")
    assert not (project / "build").exists()


def test_parameters_without_a_name_are_refused(project, capsys):
    code, _, err = run(capsys, "book", "-p", "delegation_single=10")
    assert code == 2 and "needs --name NAME" in err and not (project / "build").exists()


@pytest.mark.parametrize(
    "param, message",
    [
        ("delegation_single", "-p expects NAME=VALUE"),
        ("delegation_single=[1", "-p delegation_single"),
        ("nonsense=1", "unknown parameter 'nonsense'"),
    ],
)
def test_bad_parameters_are_one_line(project, capsys, param, message):
    code, _, err = run(capsys, "book", "--name", "x", "-p", param)
    assert code == 2 and message in err and err.count("\n") == 1 and not (project / "build").exists()


def test_a_malformed_scenario_is_one_line_naming_it(project, capsys):
    (project / "scenarios" / "broken.yaml").write_text("description: [unclosed\n", encoding="utf-8")
    code, _, err = run(capsys, "book", "--scenario", "scenarios/broken.yaml")
    assert code == 2 and err.startswith("govexport: error: scenarios/broken.yaml") and err.count("\n") == 1


def test_claims_without_a_complete_build_says_how_to_make_one(project, capsys):
    code, _, err = run(capsys, "claims", "--name", "nothing")
    assert code == 2 and "build/nothing: no complete build of that name; build it first" in err


def test_claims_never_reads_an_incomplete_build(project, capsys):
    complete_build(project, "half", {}, [claim("programs-total", "59", "reproduced")], marker=False)
    code, _, err = run(capsys, "claims", "--name", "half")
    assert code == 2 and "build/half: no complete build" in err


def test_claims_prints_a_header_and_a_line_per_claim(builds, capsys):
    code, out, _ = run(capsys, "claims")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["claim", "verdict", "paper", "default"]
    assert lines[1].split() == ["officials-total", "approximately", "reproduced", "1,200", "1,235"]
    assert lines[-1] == "1 reproduced, 1 approximately reproduced"  # the ledger's order of verdicts, as everywhere


def test_claims_of_a_variant_shows_the_default_beside(builds, capsys):
    code, out, _ = run(capsys, "claims", "--name", "small")
    header, first = out.splitlines()[:2]
    assert code == 0 and header.split() == ["claim", "verdict", "paper", "small", "default", "default", "verdict"]
    assert first.split() == [
        "officials-total",
        "not",
        "reproduced",
        "1,200",
        "785",
        "1,235",
        "approximately",
        "reproduced",
    ]


def test_claims_of_two_builds_is_refused_rather_than_showing_one(builds, capsys):
    code, out, err = run(capsys, "claims", "--name", "default", "--name", "small")
    assert code == 2 and out == "" and "govexport compare A B" in err


def test_compare_fits_a_projector_names_what_differs_and_says_why(builds, capsys, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    code, out, _ = run(capsys, "compare", "small", "default")
    assert code == 0
    lines = [line for line in out.splitlines() if not line.startswith("wrote ")]  # paths are not wrapped
    assert max(map(len, lines)) <= 100
    assert lines[:2] == ["small against default:", "  delegation_single: 10 in small, 20 in default"]
    assert not any("states" in line for line in lines)  # the same in both: not listed
    assert "officials-total: value and verdict changed" in lines
    assert any(line.startswith("  small: 785, not reproduced. ") and "Ten a program" in line for line in lines)
    assert any(line.startswith("  default: 1,235, approximately reproduced. ") for line in lines)
    assert not any(line.startswith("programs-total") for line in lines)
    assert "1 claim differs between small and default." in out
    with open(builds / "build/compare-small-default.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["claim_id"] for r in rows] == ["officials-total"]
    assert rows[0]["value_a"] == "785" and rows[0]["verdict_b"] == "approximately reproduced"
    assert rows[0]["changed"] == "value and verdict" and rows[0]["reason_a"].startswith("Ten a program")
    with open(builds / "build/compare-small-default-parameters.csv", encoding="utf-8", newline="") as f:
        assert list(csv.reader(f)) == [
            ["parameter", "a", "b"],
            ["build", "small", "default"],
            ["delegation_single", "10", "20"],
        ]


def test_compare_wraps_at_the_terminals_width(builds, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "50")
    code, out, _ = run(capsys, "compare", "small", "default")
    lines = [line for line in out.splitlines() if not line.startswith("wrote ")]
    assert code == 0 and max(map(len, lines)) <= 50


def test_compare_usage_errors_are_one_line(builds, capsys):
    code, out, err = run(capsys, "compare", "default", "small", "--csv")
    assert code == 2 and out == "" and err.count("\n") == 1 and err.startswith("govexport: error: ")
    assert "--csv" in err


def test_compare_writes_where_it_is_told(builds, capsys, tmp_path):
    code, out, _ = run(capsys, "compare", "default", "small", "--csv", str(tmp_path / "diff.csv"))
    assert code == 0 and (tmp_path / "diff.csv").is_file() and f"wrote {tmp_path / 'diff.csv'}\n" in out


def test_compare_refuses_an_incomplete_or_hostile_build(builds, capsys):
    assert run(capsys, "compare", "default", "missing")[0] == 2
    code, _, err = run(capsys, "compare", "../default", "small")
    assert code == 2 and "is not a build name" in err and not list((builds / "build").glob("compare-*"))


def test_work_copies_a_chapter_and_says_how_to_reset(project, capsys):
    from govexport.report.book import CHAPTERS

    chapter = next(c for c in CHAPTERS if (project / "notebooks" / c.notebook).is_file())
    code, out, _ = run(capsys, "work", chapter.id)
    copy = project / "work" / chapter.notebook
    assert code == 0 and copy.read_bytes() == (project / "notebooks" / chapter.notebook).read_bytes()
    assert f"govexport work {chapter.id} --reset" in out
    copy.write_text("my edits")
    code, _, err = run(capsys, "work", chapter.id)
    assert code == 2 and "--reset" in err and copy.read_text() == "my edits"
    assert run(capsys, "work", chapter.id, "--reset")[0] == 0 and copy.read_text() != "my edits"


def test_work_refuses_an_unknown_chapter(project, capsys):
    code, _, err = run(capsys, "work", "../../etc/passwd")
    assert code == 2 and "no chapter" in err and not (project / "work").exists()


def test_compare_never_overwrites_what_is_not_an_earlier_comparison(tmp_path):
    from govexport.errors import GovexportError
    from govexport.publish.compare import check_target

    ledger = tmp_path / "claims.csv"
    ledger.write_text("claim_id,chapter\nx,y\n", encoding="utf-8")
    with pytest.raises(GovexportError, match="not an earlier comparison"):
        check_target(ledger)
    with pytest.raises(GovexportError, match="regular file"):
        check_target(tmp_path)
    earlier = tmp_path / "compare.csv"
    earlier.write_text("kind,id,a_value\n", encoding="utf-8")
    check_target(earlier)  # an earlier comparison may be replaced
    check_target(tmp_path / "new.csv")


# --- issue 22: one line, always --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv, message",
    [
        (["book", "--name", "-x"], "book: argument --name: expected one argument (see govexport book --help)"),
        (["book", "--name", "a", "--name", "b"], "book: --name is given twice; give it once"),
        (["book", "--edition", "student", "--edition", "instructor"], "book: --edition is given twice"),
        (
            ["book", "--name", "x", "-p", "delegation_single=3", "-p", "delegation_single=4"],
            "-p 'delegation_single' is given twice",
        ),
        (
            ["book", "--name", "x", "-p", "states=Kazakhstan,Kazakhstan"],
            "expected a list naming each of its states once",
        ),
        (["book", "--timeout", "nan"], "--timeout nan: expected a number of seconds above 0"),
        (["book", "--timeout", "-5"], "--timeout -5: expected a number of seconds above 0"),
        (["nonsense"], "argument command: invalid choice: 'nonsense'"),
        (["pdf", "--name", "a", "--name", "b"], "pdf: --name is given twice"),
        (["claims", "--bogus"], "unrecognized arguments: --bogus"),
    ],
    ids=str,
)
def test_every_command_line_mistake_is_one_line(project, capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and len(err.splitlines()) == 1, err
    assert err.startswith("govexport: error: ") and message in err
    assert not (project / "build").exists()


def test_compare_names_a_missing_folder_before_printing_anything(builds, capsys):
    code, out, err = run(capsys, "compare", "default", "small", "--csv", "/missing/dir/x.csv")
    assert code == 2 and out == ""
    assert (
        err
        == "govexport: error: /missing/dir/x.csv: --csv names a file in a folder that does not exist (/missing/dir)\n"
    )


def test_compare_neutralises_cells_a_spreadsheet_would_run(builds, capsys, tmp_path):
    complete_build(
        builds, "evil", {"delegation_single": "=1+1", "states": "all"}, [claim("programs-total", "@x", "reproduced")]
    )
    assert run(capsys, "compare", "default", "evil", "--csv", str(tmp_path / "d.csv"))[0] == 0
    cells = [c for row in csv.reader(open(tmp_path / "d.csv", encoding="utf-8")) for c in row]
    assert "'@x" in cells and not [c for c in cells if c[:1] in ("=", "@")]


def test_an_os_error_anywhere_is_one_line_naming_the_path(project, capsys, monkeypatch):
    import errno
    import os

    from govexport.data import processed

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(project / "data/processed/programs.csv"))

    monkeypatch.setattr(processed, "write_frames", full)
    code, _, err = run(capsys, "data")
    assert code == 2 and err.splitlines() == [
        f"govexport: error: {project}/data/processed/programs.csv: No space left on device"
    ]


def test_every_command_has_its_own_function():
    (commands,) = [a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(commands.choices) == set(cli.COMMANDS)
    assert all(callable(f) and f.__name__ == name for name, f in cli.COMMANDS.items())


def test_version_prints_the_packages_version(capsys):
    from govexport import __version__

    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.strip() == f"govexport {__version__}"
