"""One plotting style for the whole book, and saving figures for slides."""

import matplotlib
import seaborn as sns

from ..params import DOMAINS

# Okabe-Ito: distinguishable under the common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
DOMAIN_COLOURS = dict(zip(DOMAINS, OKABE_ITO))
# One meaning per colour on every page, figure and stylesheet (book/_static/govexport.css uses the same
# hues): green only ever means reproduced.
VERDICT_COLOURS = {
    "reproduced": "#009E73",
    "approximately reproduced": "#E69F00",
    "not reproduced": "#D55E00",
    "not testable with this data": "#999999",
    "not testable in this run": "#DDDDDD",
}
# The headline tallies (claims.ledger.TALLIES) in the verdicts' colours: construction is green too, since the
# verdict is reproduced, and told apart by its hatching (figures.TALLY_HATCHES) and its words.
TALLY_COLOURS = {
    "reproduced, independent evidence": VERDICT_COLOURS["reproduced"],
    "reproduced, consistency check": "#C9EBDF",
    "reproduced by construction": "#8FD3BE",
    **{v: c for v, c in VERDICT_COLOURS.items() if v != "reproduced"},
}

# The mark beside each verdict's words, on the web (book/_static/govexport.css, its badges' ::before) and in
# print (the ledger and the handouts); a test compares the stylesheet with these.
VERDICT_MARKS = {
    "reproduced": "✓",
    "approximately reproduced": "≈",
    "not reproduced": "✗",
    "not testable with this data": "–",
    "not testable in this run": "○",
}


def apply():
    """Set the book's seaborn theme; call once at the top of a chapter."""
    sns.set_theme(context="notebook", style="whitegrid", palette=OKABE_ITO, font_scale=1.05)
    matplotlib.rcParams.update(
        {
            "figure.figsize": (8, 4.5),
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "savefig.bbox": "tight",
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "svg.hashsalt": "govexport",
            "svg.fonttype": "none",
            "text.parse_math": False,  # a '$' in a table cell is a dollar sign, never maths markup
        }
    )
