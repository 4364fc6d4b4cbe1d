"""What the chapters set beside the data, read from the claims register (never typed in a chapter).

Each accessor takes an optional `register` (a load_register() list); without one it reads
data/claims.yaml of the project the working directory is in.

- reported_figures(): the figures reported elsewhere that small-fraction compares the table with
  (KABAR's 750 Kyrgyz officials 2013-2018, its headline 119 for 2018, the embassy's 2,000 Uzbek officials)
- kabar_headline(): the headline figure of the KABAR article and its year (119, 2018)
- thousands_threshold(): 'thousands' read as at least this many officials (2,000)
- delegation_band(): the plausible band the officials chapter draws around each delegation size (0.25 = ±25%)
- scope_measures(): the measures of 'scope widened', with what a rise and a fall mean in words
- domain_scope_measures(): the measures of 'security larger in scope', with their meanings
- late_window(): 'late 2019' as a year and months (September-December), with month names
- reform_start(): the year reform and opening up began (1978)
- security_topics(): the paper's six security topics -> search pattern
- dozens_threshold(): 'dozens' read as at least this many (24)
"""

import calendar

from .register import inputs, reported, threshold


def reported_figures(register=None):
    """[{claim, measure, state, demonym, years (first, last) or None, reported}] in the order small-fraction uses."""
    figures = []
    for measure, claim_id in inputs("small-fraction", register)["comparisons"].items():
        r = reported(claim_id, register)
        years = (r["first_year"], r["last_year"]) if "first_year" in r else None
        figures.append(
            {
                "claim": claim_id,
                "measure": measure,
                "state": r["state"],
                "demonym": r["demonym"],
                "years": years,
                "reported": r["value"],
            }
        )
    return figures


def kabar_headline(register=None):
    r = reported("kabar-2018-headline-119", register)
    return {"value": r["value"], "year": r["first_year"]}


def thousands_threshold(register=None):
    return threshold("thousands-targeted", "officials", register)


def delegation_band(register=None):
    return inputs("officials-total-1200", register)["band"]


def scope_measures(register=None):
    """[{measure, meaning, up, down}] as declared for trend-scope-abstract."""
    return inputs("trend-scope-abstract", register)["measures"]


def domain_scope_measures(register=None):
    """[{measure, meaning}] as declared for security-larger-scope."""
    return inputs("security-larger-scope", register)["measures"]


def late_window(register=None):
    w = inputs("table2-late-2019", register)["window"]
    return {
        **w,
        "first_month_name": calendar.month_name[w["first_month"]],
        "last_month_name": calendar.month_name[w["last_month"]],
    }


def reform_start(register=None):
    return reported("table2-reform-40th-anniversary", register)["value"]


def security_topics(register=None):
    return inputs("security-topics-range", register)["topics"]


def dozens_threshold(register=None):
    return threshold("dozens-of-practices", "distinct_practices", register)
