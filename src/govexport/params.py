"""The run parameters every chapter takes, and their validation before any work is done."""

from numbers import Real

from .errors import ParameterError

DOMAINS = ("security", "trade", "legal", "other")  # as in the codebook's schema

# The defaults reproduce the paper; every chapter's `parameters` cell carries exactly these.
DEFAULTS = {
    "table1": "data/raw/table1_programs.tsv",
    "table2": "data/raw/table2_curricula.yaml",
    "codebook": "data/codebook",
    "ruleset": "paper",
    "first_year": 2007,
    "last_year": 2020,
    "states": "all",
    "domains": "all",
    "delegation_single": 20,
    "delegation_multi": 5,
    "duplicates": "keep",
    "output_dir": "",
    "run_name": "default",
}

DESCRIPTIONS = {
    "table1": "Table 1 as TSV (the paper's four columns); an extended table in the same format works",
    "table2": "Table 2 as YAML",
    "codebook": "folder with demonyms.csv and domain_rules.csv",
    "ruleset": "which domain-coding rule set of the codebook to apply",
    "first_year": "first year of programs included",
    "last_year": "last year of programs included",
    "states": "'all' or a comma-separated list of states to include",
    "domains": "'all' or a comma-separated list of domains to include (security, trade, legal, other)",
    "delegation_single": "officials sent by the one state of a single-state program (paper: 20)",
    "delegation_multi": "officials sent by each state of a multi-state program (paper: 5)",
    "duplicates": "'keep' the repeated 2007 row as printed, or 'drop' it",
    "output_dir": "folder for figures and claims.csv; '' writes nothing",
    "run_name": "name of the run, shown in the ledger",
}

DUPLICATE_CHOICES = ("keep", "drop")


def _require(name, value, ok, expected):
    if not ok:
        raise ParameterError(f"parameter {name}={value!r} is invalid: expected {expected}")


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def check_names(given):
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        listing = "\n".join(f"  {n} (default {DEFAULTS[n]!r}): {DESCRIPTIONS[n]}" for n in DEFAULTS)
        raise ParameterError(f"unknown parameter {unknown[0]!r}; valid parameters are:\n{listing}")


def validate(given, rulesets=None, known_states=None):
    """A complete, checked parameter dict: defaults overlaid with `given`.

    `rulesets` and `known_states` come from the codebook when it is known; they make the
    check of `ruleset` and `states` exact.
    """
    check_names(given)
    p = {**DEFAULTS, **given}
    for name in ("table1", "table2", "codebook", "output_dir", "run_name"):
        _require(name, p[name], isinstance(p[name], str), "a string")
    for name in ("table1", "table2", "codebook", "run_name"):
        _require(name, p[name], p[name].strip() != "", "a non-empty string")
    _require("run_name", p["run_name"], p["run_name"].replace("-", "").replace("_", "").isalnum(),
             "letters, digits, '-' or '_'")
    for name in ("first_year", "last_year"):
        _require(name, p[name], _is_int(p[name]) and 1949 <= p[name] <= 2100, "a year (an integer 1949-2100)")
    if p["first_year"] > p["last_year"]:
        raise ParameterError(f"empty year range: first_year={p['first_year']} is after last_year={p['last_year']}")
    for name in ("delegation_single", "delegation_multi"):
        value = p[name]
        _require(name, value, isinstance(value, Real) and not isinstance(value, bool) and value > 0,
                 "a positive number of officials (e.g. 20)")
    _require("duplicates", p["duplicates"], p["duplicates"] in DUPLICATE_CHOICES, f"one of {list(DUPLICATE_CHOICES)}")
    if rulesets is not None:
        _require("ruleset", p["ruleset"], p["ruleset"] in rulesets, f"one of {list(rulesets)}")
    p["states"] = normalise_list("states", p["states"], known_states)
    p["domains"] = normalise_list("domains", p["domains"], DOMAINS)
    return p


def normalise_list(name, value, known=None):
    """'all', a comma-separated string or a list -> 'all' or a list of names (checked against `known`)."""
    if isinstance(value, str):
        if value.strip().lower() == "all":
            return "all"
        value = [s.strip() for s in value.split(",") if s.strip()]
    _require(name, value, isinstance(value, (list, tuple)) and len(value) > 0 and
             all(isinstance(s, str) for s in value), f"'all' or a non-empty comma-separated list of {name}")
    if known is not None:
        unknown = [s for s in value if s not in known]
        _require(name, unknown[0] if unknown else value, not unknown, f"'all' or {name} among {list(known)}")
    return list(value)
