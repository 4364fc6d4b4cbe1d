"""Benchmark, run by hand (not by the tests): `.venv/bin/python benchmarks/benchmark.py [--skip-make-test]`.

Prints, for the machine it runs on: the clean build (dependencies installed), the no-op rebuild,
the rebuild after one notebook changed, the `make test` time, and the whole analysis (package
functions, no notebooks) on synthetic tables 100x and 1000x the paper's size. Targets (2 cores):
clean build <= 60 s; no-op rebuild <= 10 % of the clean build; make test <= 180 s; 1000x <= 5 s.
Builds run in a temporary copy of the project, so build/ is left alone.
"""

import argparse
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import nbformat

from govexport.analysis import audit, curricula, domains, officials, trends
from govexport.analysis import participation as states
from govexport.build import pipeline
from govexport.claims import ledger as claims
from govexport.data.dataset import load_dataset, select
from govexport.paths import project_root

ROOT = project_root(__file__)


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - start


def synthetic_table(source, factor, dest, seed=2022):
    """Table 1's rows resampled `factor` times, with years and durations varied (same format, valid)."""
    lines = source.read_text(encoding="utf-8").rstrip("\n").split("\n")
    header, rows = lines[0], [line.split("\t") for line in lines[1:]]
    rng = random.Random(seed)
    months = "January February March April May June July August September October November December".split()
    out = [header]
    for _ in range(factor * len(rows)):
        trainer, trainee, _, duration = rng.choice(rows)
        date = f"{rng.randint(2007, 2020)} {rng.choice(months)}"
        duration = f"{rng.randint(2, 40)} days" if duration else ""
        out.append("\t".join([trainer, trainee, date, duration]))
    dest.write_text("\n".join(out) + "\n", encoding="utf-8")
    return dest


def whole_analysis(params):
    """Everything the chapters compute, through the package, without notebooks."""
    data = load_dataset(params)
    p = data.params
    select_run = lambda coded: select(coded, p)  # noqa: E731
    audit.basic_counts(data.programs), audit.missing_durations(data.programs), audit.date_order(data.coded)
    domains.domain_counts(data.programs), domains.rule_firings(data.programs, data.codebook, p["ruleset"])
    domains.compare_rulesets(data.table1, data.codebook, select_run)
    officials.estimate(data.program_states, p["delegation_single"], p["delegation_multi"])
    officials.sensitivity_grid(data.program_states, range(10, 31, 5), range(2, 9))
    officials.by_state(data.program_states, p["delegation_single"], p["delegation_multi"])
    trends.per_year(data.programs, p["first_year"], p["last_year"]), trends.scope_by_domain(data.programs)
    states.participation(data.program_states), states.trainer_by_state(data.program_states, data.programs)
    curricula.practices_table(data.table2), curricula.field_visits_matrix(data.table2)
    return claims.ledger(data)


def build_times(root):
    results = {"clean build": timed(pipeline.build, "default", {}, root, log=lambda *_: None)}
    results["no-op rebuild"] = timed(pipeline.build, "default", {}, root, log=lambda *_: None)
    notebook = pipeline.chapters(root)[2]
    nb = nbformat.read(notebook, as_version=4)
    nb.cells[0].source += "\n"  # one notebook changed
    nbformat.write(nb, notebook)
    results[f"rebuild after one notebook changed ({notebook.name})"] = timed(
        pipeline.build, "default", {}, root, log=lambda *_: None)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-make-test", action="store_true", help="do not time `make test` (the slowest part)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        for folder in ("data", "book", "notebooks", "scenarios"):
            shutil.copytree(ROOT / folder, root / folder)
        import os
        os.chdir(root)
        builds = build_times(root)
        rows += list(builds.items())
        clean = builds["clean build"]
        for factor in (100, 1000):
            table = synthetic_table(ROOT / "data/raw/table1_programs.tsv", factor, Path(tmp) / f"table1_x{factor}.tsv")
            rows.append((f"whole analysis, {factor}x table ({factor * 59:,} rows)",
                         timed(whole_analysis, {"table1": str(table)})))
    if not args.skip_make_test:
        rows.append(("make test", timed(subprocess.run, ["make", "test"], cwd=ROOT, check=True,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)))
    width = max(len(name) for name, _ in rows)
    print(f"{'measure':<{width}}  seconds")
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds:7.2f}")
    print(f"{'no-op rebuild / clean build':<{width}}  {builds['no-op rebuild'] / clean:7.1%}")


if __name__ == "__main__":
    main()
