"""What the analysis tables' measures are called where readers see them: the book's tables, figures and the
multiverse's alternatives (a choice of scope measures names them in these words)."""

MEASURE_LABELS = {
    "mean_states": "states per program",
    "share_multi_state": "share multi-state",
    "median_duration": "median days",
    "mean_duration": "mean days",
    "trainers": "trainers",
    "programs": "programs",
    "delegations": "delegations",
    "officials": "estimated officials",
    "officials_per_program": "officials per program",
    "states_reached": "states reached",
    "years_active": "years active",
    "trainers_per_year": "trainers a year",
    "domains_per_year": "domains a year",
    "programs_per_year": "programs a year",
}


def label(measure):
    """A measure's name in words (an unlisted one with its underscores as spaces)."""
    return MEASURE_LABELS.get(measure, measure.replace("_", " "))
