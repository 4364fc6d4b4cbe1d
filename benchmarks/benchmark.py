"""Benchmark, run by hand (not by the tests): `.venv/bin/python benchmarks/benchmark.py [--runs N] [--make-test]`.

Everything runs as whole processes in a temporary copy of the project (build/ is left alone), and is
timed from outside: wall time, CPU time (user + system) of the whole process tree (the command and
every process it waited for: kernels, Sphinx), and on Linux the CPU time the whole machine spent meanwhile
(/proc/stat), which also counts the processes a command does not wait for (the tests' Chromium). From the
larger of the two, each measure's floor: the least wall time its work can take on this machine's cores, all of
them busy throughout; a target below its floor is marked, since only less work can meet it.

1. Clean build, side by side: `govexport book` on an empty build/ against a plain `jupyter-book build`
   of the same chapters and sources with execution forced (serial, one kernel per notebook; the chapters
   that show the multiverse compute it themselves, as they do outside a build), in alternating runs;
   medians and min-max. Targets (2 cores): wall <= 0.35x and CPU <= 1.0x the plain build.
2. With the default built, as ratios to the clean build (and seconds): the no-op rebuild (target
   <= 0.05x), a rebuild after one chapter changed, a one-parameter variant (`-p delegation_single=N`,
   <= 5 s: it reuses the compiled pages of every chapter the parameter does not touch, and the multiverse,
   which reads no delegation size), the student edition of the default book, every shipped scenario as
   `make scenarios` builds them (<= 45 s), and a book of a 10,000-row extended Table 1 (<= 180 s), the
   largest the data package accepts (x-max-rows), a fifth of its rows run by 300 trainers Table 1 does not
   have.
3. The multiverse alone (claims/multiverse.py), in this process: the paper's table on local processes with 1
   and 2 workers (specifications and claim x specification evaluations per second; the full multiverse
   <= 60 s), and the same 10,000-row extended table on a LocalCluster (dask.distributed) of 1 and 2 workers,
   with the speed-up.
4. Optionally (--make-test), `make test` on a fresh clone of the repository, dependencies installed: wall and CPU
   with the load average (target <= 180 s on 2 cores, the Debian packages installed).

The load average before and after is printed with the table: timings on a shared machine are not the
machine's.

The table is printed and saved as JSON in benchmarks/results/.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import yaml

from govexport.paths import project_root

ROOT = project_root(__file__)
PROJECT = ("data", "book", "notebooks", "scenarios")
BIN = Path(sys.executable).parent


ENV = dict(os.environ)  # the processes' environment: PYTHONPATH set to the snapshot of the package (`snapshot`)


def snapshot(dest):
    """A copy of the package's source, imported by every process the benchmark runs (kernels and Sphinx too),
    so that edits made to src/ meanwhile change nothing: the cache keys hash the package's source."""
    shutil.copytree(ROOT / "src", dest, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    ENV["PYTHONPATH"] = os.pathsep.join([str(dest), *filter(None, [os.environ.get("PYTHONPATH")])])


def machine_busy():
    """CPU seconds the machine's cores have spent working since boot (Linux's /proc/stat: user, nice, system,
    irq, softirq), or None where there is no /proc/stat. It counts what a command's own accounting misses: the
    processes it starts and does not wait for (the tests' Chromium), and also anything else the machine runs."""
    try:
        ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:8]]
    except (OSError, ValueError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq = ticks
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def run(command, cwd, env=None):
    """(wall seconds, CPU seconds of the process tree, CPU seconds of the whole machine or None) of a command;
    raises when it fails."""
    busy = machine_busy()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    busy = None if busy is None else machine_busy() - busy
    process.returncode = os.waitstatus_to_exitcode(status)
    err = process.stderr.read().decode(errors="replace")
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed ({process.returncode}):\n{err[-3000:]}")
    return wall, usage.ru_utime + usage.ru_stime, busy


def govexport(*args):
    return [sys.executable, "-m", "govexport.cli", *args]


def copy_project(dest):
    for folder in PROJECT:
        shutil.copytree(ROOT / folder, dest / folder)
    (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)  # the JavaScript it ships
    return dest


def plain_project(dest):
    """The same chapters and sources as a plain Jupyter Book with execution forced: the notebooks inside book/,
    data/ and scenarios/ beside it (chapters find the project root from their folder)."""
    for folder in ("data", "scenarios"):
        shutil.copytree(ROOT / folder, dest / folder)
    shutil.copytree(ROOT / "book", dest / "book")
    shutil.copytree(ROOT / "notebooks", dest / "book" / "notebooks")
    from govexport.report.explorer import shipped_files

    for relative, path in shipped_files(ROOT).items():  # the explorer's JavaScript, as the pipeline ships it
        (dest / "book" / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest / "book" / relative)
    path = dest / "book" / "_config.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["execute"] = {"execute_notebooks": "force", "timeout": 600}
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return dest


NEW_TRAINERS = 300  # invented trainers of the extended table: each is one more uncertain trainer group
NEW_SHARE = 0.2  # the share of its rows run by one of them


def synthetic_table(source, rows, dest, seed=2022, new_trainers=NEW_TRAINERS, new_share=NEW_SHARE):
    """Table 1's rows resampled to `rows` rows, years and durations varied (same format, valid), a share of them
    run by trainers Table 1 does not have, which no rule of the codebook names (coded by its catch-all rule)."""
    lines = source.read_text(encoding="utf-8").rstrip("\n").split("\n")
    header, table = lines[0], [line.split("\t") for line in lines[1:]]
    rng = random.Random(seed)
    months = "January February March April May June July August September October November December".split()
    invented = [f"Invented Bureau of Example Studies {k + 1}" for k in range(new_trainers)]
    out = [header]
    for _ in range(rows):
        trainer, trainee, _, duration = rng.choice(table)
        if invented and rng.random() < new_share:
            trainer = rng.choice(invented)
        duration = f"{rng.randint(2, 40)} days" if duration else ""
        out.append("\t".join([trainer, trainee, f"{rng.randint(2007, 2020)} {rng.choice(months)}", duration]))
    dest.write_text("\n".join(out) + "\n", encoding="utf-8")
    return dest


def touch_a_chapter(root, n):
    """Change one chapter's text (its first markdown cell), differently each time."""
    path = sorted((root / "notebooks").glob("*.ipynb"))[-1]
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown")
    cell.source += f"\n\n<!-- benchmark edit {n} -->"
    nbformat.write(nb, path)


def summary(samples):
    """Medians of (wall, CPU, machine CPU) samples, and the floor: the least wall time that much work can take on
    this machine's cores, all of them busy throughout (the larger of the two CPU counts, over the cores). A
    target below the floor cannot be met by scheduling the same work better, only by doing less of it."""
    walls, cpus = [s[0] for s in samples], [s[1] for s in samples]
    busy = [s[2] for s in samples if s[2] is not None]
    cpu, machine = statistics.median(cpus), statistics.median(busy) if busy else None
    return {
        "wall": statistics.median(walls),
        "wall_min": min(walls),
        "wall_max": max(walls),
        "cpu": cpu,
        "machine_cpu": machine,
        "floor": max(cpu, machine or 0) / (os.cpu_count() or 1),
        "runs": len(samples),
    }


def measure(tmp, runs):
    results = {}
    ours, plain = copy_project(tmp / "govexport"), plain_project(tmp / "plain")
    clean, baseline = [], []
    for i in range(runs):  # alternating, each from nothing built
        for which in (ours, plain) if i % 2 == 0 else (plain, ours):
            if which is ours:
                shutil.rmtree(ours / "build", ignore_errors=True)
                clean.append(run(govexport("book"), ours))
            else:
                shutil.rmtree(plain / "book" / "_build", ignore_errors=True)
                baseline.append(run([str(BIN / "jupyter-book"), "build", "--keep-going", "book"], plain))
    results["clean build: govexport book"] = summary(clean)
    results["clean build: plain jupyter-book build"] = summary(baseline)

    results["no-op rebuild"] = summary([run(govexport("book"), ours) for _ in range(runs)])
    changed = []
    for i in range(runs):
        touch_a_chapter(ours, i)
        changed.append(run(govexport("book"), ours))
    results["rebuild after one chapter changed"] = summary(changed)
    results["one-parameter variant (-p delegation_single=N)"] = summary(
        [run(govexport("book", "--name", f"small{i}", "-p", f"delegation_single={10 + i}"), ours) for i in range(runs)]
    )
    results["student edition, the default built"] = summary(
        [run(govexport("book", "--edition", "student", "--name", f"students{i}"), ours) for i in range(runs)]
    )
    scenarios = [f"--scenario={p.relative_to(ours)}" for p in sorted((ours / "scenarios").glob("*.yaml"))]
    results[f"all {len(scenarios)} scenarios (make scenarios)"] = summary([run(govexport("book", *scenarios), ours)])
    table = synthetic_table(ROOT / "data/raw/table1_programs.tsv", 10_000, tmp / "table1_10000.tsv")
    results["10,000-row extended table book"] = summary(
        [run(govexport("book", "--name", "extended", "-p", f"table1={table}"), ours)]
    )
    return results


def multiverse_speed(tmp):
    """Specifications per second of the multiverse: the paper's table on 1 and 2 local processes, a 10,000-row
    extended table on a LocalCluster of 1 and 2 workers."""
    from govexport.claims import engine
    from govexport.claims import multiverse as mv

    def timed(params, make):
        with make() as executor:
            started = time.perf_counter()
            m = mv.compute(params, ROOT, executor=executor)
            seconds = time.perf_counter() - started
        universes = len(
            m.table.drop_duplicates(subset=["coding", "duplicates", "delegation_single", "delegation_multi"])
        )
        return {
            "seconds": seconds,
            "universes": universes,
            "evaluations": len(m.table),
            "checks_run": m.evaluations,
            "universes_per_second": universes / seconds,
            "evaluations_per_second": len(m.table) / seconds,
        }

    out = {}
    for workers in (1, 2):
        out[f"paper's table, {workers} local process(es)"] = timed({}, lambda w=workers: engine.local(w))
    table = synthetic_table(ROOT / "data/raw/table1_programs.tsv", 10_000, tmp / "table1_10000_mv.tsv")
    for workers in (1, 2):
        out[f"10,000-row table, LocalCluster of {workers}"] = timed(
            {"table1": str(table)}, lambda w=workers: engine.dask(workers=w)
        )
    return out


def multiverse_report(speed):
    lines = [f"{'multiverse':<44}{'wall s':>8}{'universes/s':>13}{'claim x spec/s':>16}{'checks run':>12}"]
    for name, r in speed.items():
        lines.append(
            f"{name:<44}{r['seconds']:>8.2f}{r['universes_per_second']:>13.1f}{r['evaluations_per_second']:>16,.0f}"
            f"{r['checks_run']:>12,}"
        )
    one, two = (speed[f"10,000-row table, LocalCluster of {w}"]["seconds"] for w in (1, 2))
    full = speed["paper's table, 2 local process(es)"]
    lines.append(f"speed-up of 2 workers over 1 on the 10,000-row table: {one / two:.2f}x")
    lines.append(
        f"the paper's full multiverse: {full['evaluations']:,} evaluations in {full['seconds']:.1f} s (<= 60 s)"
    )
    return "\n".join(lines)


def make_test(tmp):
    """`make test` on a fresh clone whose dependencies are installed first (`make .venv/.installed`, not timed),
    with the clone's own package (no snapshot on PYTHONPATH) and the paper's text where the tests look for it.
    The load average before and after goes with it: on a loaded machine the wall time says little."""
    clone = tmp / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.setdefault("GOVEXPORT_PAPER", str(ROOT.parent / "shared" / "paper" / PAPER))
    subprocess.run(["make", ".venv/.installed"], cwd=clone, env=env, check=True, stdout=subprocess.DEVNULL)
    before = os.getloadavg()[0]
    result = summary([run(["make", "test"], clone, env)])
    return {**result, "load": [before, os.getloadavg()[0]]}


PAPER = "chinese-governance-export-in-central-asia.txt"
SECONDS = {
    "one-parameter variant": 5,
    "scenarios (make scenarios)": 45,
    "10,000-row extended table book": 180,
    "make test": 180,
}


def report(results):
    clean = results["clean build: govexport book"]
    plain = results["clean build: plain jupyter-book build"]
    width = max(map(len, results)) + 2
    lines = [
        f"{'measure':<{width}}{'wall s (median, min-max)':<28}{'CPU s':>8}{'machine':>9}{'floor s':>9}  "
        "ratio to clean   target"
    ]
    for name, r in results.items():
        spread = f"{r['wall']:.2f} ({r['wall_min']:.2f}-{r['wall_max']:.2f})" if r["runs"] > 1 else f"{r['wall']:.2f}"
        ratio = f"{r['wall'] / clean['wall']:.3f}x" if name != "clean build: plain jupyter-book build" else ""
        target = ""
        if name == "clean build: govexport book":
            ratio = ""
            target = (
                f"wall {clean['wall'] / plain['wall']:.2f}x plain (<= 0.35), "
                f"CPU {clean['cpu'] / plain['cpu']:.2f}x plain (<= 1.0)"
            )
        elif name == "no-op rebuild":
            target = "<= 0.05x clean"
        else:
            seconds = next((s for key, s in SECONDS.items() if key in name), None)
            below = seconds is not None and r["floor"] > seconds
            target = "" if seconds is None else f"<= {seconds} s" + (" (below the floor)" if below else "")
        load = f" (load average {r['load'][0]:.1f} before, {r['load'][1]:.1f} after)" if "load" in r else ""
        machine = f"{r['machine_cpu']:.2f}" if r.get("machine_cpu") is not None else "-"
        lines.append(
            f"{name:<{width}}{spread:<28}{r['cpu']:>8.2f}{machine:>9}{r['floor']:>9.2f}  {ratio:<15}  {target}{load}"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each repeated measure (default 3)")
    parser.add_argument("--make-test", action="store_true", help="also time `make test` on a fresh clone")
    parser.add_argument("--multiverse-only", action="store_true", help="only the multiverse's own measures (3.)")
    args = parser.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="govexport-benchmark-") as tmp:
        snapshot(Path(tmp) / "src")
        results = {} if args.multiverse_only else measure(Path(tmp), args.runs)
        speed = multiverse_speed(Path(tmp))
        if args.make_test:
            results["make test (fresh clone)"] = make_test(Path(tmp))
    text = (report(results) + "\n\n" if results else "") + multiverse_report(speed)
    load = f"load average before {load_before[0]:.1f}, after {os.getloadavg()[0]:.1f} (1 min)"
    results["load average"] = {"before": load_before, "after": os.getloadavg()}
    results["multiverse"] = speed
    print(f"{os.cpu_count()} cores, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {load}\n{text}")
    folder = ROOT / "benchmarks" / "results"
    folder.mkdir(exist_ok=True)
    (folder / f"{datetime.now(UTC):%Y%m%dT%H%M%S}.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
