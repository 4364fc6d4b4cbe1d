"""The prose toolkit: data is escaped, numbers print as the book reports them, counts agree with their nouns."""

import math

import pytest

from govexport.report.text import (
    MD,
    agree,
    blockquote,
    bold,
    code,
    count_word,
    escape,
    italic,
    names,
    number,
    percent,
    plural,
    quote,
    sentences,
    signed,
    span,
    year,
)

PAYLOADS = [
    '<img src=x onerror="alert(1)">',
    "<script>alert(1)</script>",
    "{glue:md}`x`",
    "$x^2$",
    "[link](javascript:x)",
    "**bold** _it_",
    "a | b",
    "(label)=",
    "% comment",
    "&amp;",
]


def assert_no_markup(payload, out):
    for char in "<>{}$[]*_|()%&`":
        assert f"{char}" not in str(out).replace(f"\\{char}", ""), (payload, out)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_data_is_escaped_so_no_markup_survives(payload):
    assert_no_markup(payload, escape(payload))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_quotes_and_emphasis_escape_what_they_wrap(payload):
    """Table 2's visits and every quoted word are user data: the wrappers escape them as escape() does."""
    assert quote(payload) == f"“{escape(payload)}”" and isinstance(quote(payload), MD)
    assert blockquote(payload) == f"> {escape(payload)}"
    assert bold(payload) == f"**{escape(payload)}**" and italic(payload) == f"*{escape(payload)}*"
    for wrapped in (quote(payload), blockquote(payload)[2:], bold(payload)[2:-2], italic(payload)[1:-1]):
        assert_no_markup(payload, wrapped.strip("“”"))


def test_a_block_quote_stays_one_block():
    assert blockquote("first\n\n# heading") == "> first \\# heading"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_joined_and_added_data_is_escaped(payload):
    assert MD(", ").join([MD("**a**"), payload]) == f"**a**, {escape(payload)}"
    assert MD("x ") + payload == f"x {escape(payload)}" and payload + MD(" x") == f"{escape(payload)} x"
    assert names([payload, MD("*b*")]) == f"{escape(payload)} and *b*"
    assert MD("{} and {name}").format(payload, name=payload) == f"{escape(payload)} and {escape(payload)}"


@pytest.mark.parametrize("payload", PAYLOADS + ["`x` <b>", "a\n\nb"])
def test_a_code_span_cannot_be_closed_or_broken_by_its_text(payload):
    out = code(payload)
    assert out.startswith("`") and out.endswith("`") and "`" not in out[1:-1] and "\n" not in out


def test_trusted_markdown_is_not_escaped_again_and_format_escapes_data():
    template = MD("**{}** said {}")
    out = template.format(MD("The paper"), "<b>x</b>")
    assert out == "**The paper** said \\<b\\>x\\</b\\>"
    assert isinstance(out, MD)
    assert MD("a ") + "<i>" == "a \\<i\\>"


def test_line_breaks_in_data_cannot_start_a_markdown_block():
    assert "\n" not in escape("first\n# heading\n- item")


def test_numbers_print_as_the_book_reports_them():
    assert number(1165) == "1,165"
    assert number(20.5, 1) == "20.5" and number(20.0, 1) == "20"
    assert year(2019) == "2019"
    assert percent(0.4068) == "41%" and percent(0.0774, 1) == "7.7%"
    assert signed(1.1538461538) == "+1.15" and signed(-0.2) == "−0.20"
    assert span(2007, 2019) == "2007–2019" and span(2019, 2019) == "2019"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -math.inf])
def test_a_missing_number_is_an_error_not_nan_on_a_page(bad):
    with pytest.raises(ValueError, match="missing or infinite"):
        number(bad)
    with pytest.raises(ValueError):
        percent(bad)


def test_counts_agree_with_their_nouns():
    assert plural(1, "program") == "1 program" and plural(0, "program") == "0 programs"
    assert plural(2, "state delegation") == "2 state delegations"
    assert plural(1.0, "official", digits=1) == "1 official" and plural(12.5, "official", digits=1) == "12.5 officials"
    assert count_word(1, "year") == "year" and count_word(3, "year") == "years"
    assert count_word(0, "year") == "years" and count_word(0, "delegation", "delegations") == "delegations"
    assert count_word(1.04, "official", digits=1) == "official" and count_word(1.5, "official", digits=1) == "officials"
    assert agree(0, "names", "name") == "none names" and agree(1, "names", "name") == "1 names"
    assert agree(3, "names", "name") == "3 name"


def test_lists_read_as_prose():
    assert names([]) == "none" and names(["A"]) == "A" and names(["A", "B"]) == "A and B"
    assert names(["A", "B", "C"], "or") == "A, B or C"
    assert names(["<b>"]) == "\\<b\\>"


def test_code_spans_hold_literal_text():
    assert code("trainee_sector") == "`trainee_sector`"
    assert code("a`b") == "`a'b`"


def test_sentences_and_paragraphs_skip_empty_parts():
    assert sentences(MD("One."), "", MD("Two.")) == "One. Two."


def test_a_plural_agrees_with_the_number_as_printed():
    assert plural(1.04, "state") == "1 state" and plural(1.04, "state", digits=1) == "1 state"
    assert plural(1.4, "state", digits=1) == "1.4 states" and plural(0.96, "state") == "1 state"
