"""Error messages stay one bounded line whatever value caused them."""

from govexport.errors import SHORT, DataError, shorten


def test_short_values_are_shown_as_repr():
    assert shorten("2012 Octobre") == "'2012 Octobre'"
    assert shorten(["a", 1]) == "['a', 1]"


def test_long_string_is_cut_with_an_ellipsis():
    text = shorten("x" * 1_000_000)
    assert len(text) == SHORT and text.startswith("'xxx") and text.endswith("…")


def test_newlines_stay_escaped():
    assert "\n" not in shorten("a\nb" * 100)


def test_huge_nested_value_is_cheap_and_short():
    assert len(shorten([["y" * 1_000_000]] * 100_000)) <= SHORT


def test_integer_too_large_to_print():
    assert shorten(10**5000) == "<int too large to show>"


def test_data_error_names_file_row_column_and_shortened_value():
    err = DataError("t.tsv", "does not match", row=3, column="Date", value="z" * 10_000)
    assert str(err).startswith("t.tsv, row 3, column 'Date': value 'zzz")
    assert str(err).endswith("…: does not match") and len(str(err)) < 150
