"""What checks derive from a run's tables is kept per table object, and changes nothing they find."""

import copy
import dataclasses

import pandas as pd

from govexport.claims import checks, derived
from govexport.claims.multiverse import ReadRecorder
from govexport.claims.register import load_register
from govexport.data.dataset import SELECT_READS, load_dataset, select


def test_a_derivation_runs_once_per_table_object_and_again_for_another():
    calls = []
    frame = pd.DataFrame({"x": [1, 2]})

    def compute():
        calls.append(1)
        return len(calls)

    assert derived.derived("test", (frame,), ("a",), compute) == 1
    assert derived.derived("test", (frame,), ("a",), compute) == 1  # kept
    assert derived.derived("test", (frame,), ("b",), compute) == 2  # another argument
    assert derived.derived("test", (frame.copy(),), ("a",), compute) == 3  # an equal table, but another object


def test_select_reads_the_parameters_it_declares():
    data = load_dataset({})
    recorder = ReadRecorder(data.params)
    select(data.coded, recorder)
    assert recorder.read == set(SELECT_READS)


def test_every_check_gives_on_kept_derivations_what_it_gives_on_fresh_tables():
    register = load_register()
    data = load_dataset({})
    fresh = dataclasses.replace(data, **{f: copy.deepcopy(getattr(data, f)) for f in ("table1", "coded", "programs")})
    fresh = dataclasses.replace(fresh, program_states=data.program_states.copy(deep=True))
    for claim in register:
        first, again = checks.evaluate(claim, data, register), checks.evaluate(claim, data, register)
        other = checks.evaluate(claim, fresh, register)
        assert first == again == other, claim["id"]
