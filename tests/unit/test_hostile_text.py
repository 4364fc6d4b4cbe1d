"""Text is text (issue 22): CSV cells a spreadsheet would run are neutralised wherever the build writes a CSV, and
scanning a long text is linear (the word search once rescanned a 900,000-character word for every match)."""

import subprocess
import sys

import pandas as pd
import pytest

from govexport.analysis.dating import matched_words
from govexport.claims.ledger import write_csv
from govexport.data.processed import write_frames
from govexport.plaintext import neutralise
from govexport.publish.artifacts import csv_bytes

FORMULAS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\tx"]


@pytest.mark.parametrize("cell", FORMULAS)
def test_a_formula_cell_is_prefixed_with_an_apostrophe(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-2", "+1.5%", "-0.25", "1,165", "Ministry of Commerce", "", "'=x"])
def test_numbers_and_text_are_left_as_they_are(cell):
    assert neutralise(cell) == cell


def frame():
    return pd.DataFrame({"trainer": FORMULAS, "margin": ["-2", "+3", "0", "-1.5", "4"], "multi": [True] * 5})


def test_every_csv_the_build_writes_is_neutralised(tmp_path):
    expected = ["'" + cell for cell in FORMULAS]
    written = pd.read_csv(pd.io.common.BytesIO(csv_bytes(frame())), dtype=str, keep_default_na=False)
    assert written["trainer"].tolist() == expected and written["margin"].tolist() == ["-2", "+3", "0", "-1.5", "4"]
    ledger = pd.read_csv(write_csv(frame(), tmp_path / "claims.csv"), dtype=str, keep_default_na=False)
    assert ledger["trainer"].tolist() == expected and set(ledger["multi"]) == {"yes"}
    (path,) = write_frames({"programs": frame()}, tmp_path / "processed")
    assert pd.read_csv(path, dtype=str, keep_default_na=False)["trainer"].tolist() == expected


def test_the_word_search_is_linear_in_a_long_word():
    """A 900,000-character word holding 900,000 matches, in a process allowed 2 GB and 120 s: rescanning the
    word for each match took hours and cut out 900,000 copies of it (12 GB and growing)."""
    code = (
        "import resource\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, resource.RLIM_INFINITY))\n"
        "from govexport.analysis.dating import matched_words\n"
        "print(len(matched_words('Cyber ' + 'A' * 900_000 + ' end', 'a')[0]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "900000", done.stderr[-300:]


def test_the_word_search_finds_whole_words_and_phrases():
    text = "Crime-scene investigations, and anti-drug work; information security: drugs."
    assert matched_words(text, "drug") == ["anti-drug", "drugs"]
    assert matched_words(text, "information security") == ["information security"]
    assert matched_words(text, "scene inv") == ["crime-scene investigations"]
    assert matched_words("", "x") == []
