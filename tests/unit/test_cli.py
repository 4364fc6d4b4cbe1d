"""The command line: the ledger in the terminal."""

from govexport import cli


def test_claims_without_a_build_says_how_to_make_one(project, capsys):
    assert cli.main(["claims", "--name", "nothing"]) == 2
    assert "build the book first" in capsys.readouterr().err


def test_claims_prints_a_built_ledger(built, capsys, monkeypatch):
    root, _ = built
    monkeypatch.chdir(root)
    assert cli.main(["claims"]) == 0
    out = capsys.readouterr().out
    assert "officials-total-1200" in out and "approximately reproduced" in out
    assert out.strip().splitlines()[-1].endswith("not testable with this data")
