"""The criteria lock (data/criteria-lock.yaml): when each claim's criterion was set, and a digest of it.

A criterion set after the values it judges were seen is not a pre-registration, and this book's criteria
were all set that way (README, "How the criteria were fixed"). The lock makes every later change
visible: each claim's entry holds the digest of what decides its verdict (criterion, inputs, reported
figures, part, by_construction), `tests/data/test_register.py` fails on any claim whose digest differs
from its entry, and a change is recorded with its date and reason, which the ledger then shows in the
claim's row ("criterion changed on … after the values were seen: …").

    python -m govexport.claims.lock change CLAIM_ID --why "…"   # record a changed criterion
    python -m govexport.claims.lock add CLAIM_ID                # lock a new claim's criterion
"""

import argparse
import datetime
import functools
import hashlib
import json
import sys
from pathlib import Path

import yaml

from ..errors import DataError, GovexportError
from ..paths import display, project_root
from ..safeyaml import load
from .register import load_register

LOCK = Path("data") / "criteria-lock.yaml"
DECIDING = ("criterion", "inputs", "reported", "part", "by_construction")  # what a claim's verdict follows from


def digest(claim):
    """The digest of what decides a claim's verdict (formatting and comments of the register do not count)."""
    deciding = {key: claim.get(key) for key in DECIDING}
    text = json.dumps(deciding, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read_lock(root=None):
    """The lock as {'locked': date, 'claims': {id: {'digest', 'set', 'changes': [{'date', 'why'}]}}}."""
    root = root or project_root()
    path = root / LOCK
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = None
    return _read(str(path), display(path, root), stamp)


@functools.lru_cache(maxsize=4)
def _read(path, shown, stamp):
    doc = load(path, shown)
    if not isinstance(doc, dict) or not isinstance(doc.get("claims"), dict) or "locked" not in doc:
        raise DataError(shown, "must be a mapping with `locked` (a date) and `claims` (id -> entry)")
    for claim_id, entry in doc["claims"].items():
        if not isinstance(entry, dict) or not {"digest", "set"} <= set(entry):
            raise DataError(shown, "must have `digest` and `set`", row=f"claim {claim_id}")
    return doc


def history(claim_id, root=None):
    """'' for a criterion unchanged since it was locked; else each change in words, for the ledger's row."""
    try:
        entry = read_lock(root)["claims"].get(claim_id, {})
    except (DataError, OSError):
        return ""
    changes = entry.get("changes") or []
    return "; ".join(f"criterion changed on {c['date']}, after the values were seen: {c['why']}" for c in changes)


def stale(register=None, root=None):
    """[(claim id, problem)] for every claim whose criterion is not as locked, or not locked at all."""
    lock = read_lock(root)["claims"]
    claims = register if register is not None else load_register(root=root)
    problems = []
    for claim in claims:
        entry = lock.get(claim["id"])
        if entry is None:
            problems.append((claim["id"], "has no entry in the lock (a new claim: lock it with `add`)"))
        elif entry["digest"] != digest(claim):
            problems.append((claim["id"], f"has a criterion that differs from the one locked on {entry['set']}"))
    gone = sorted(set(lock) - {c["id"] for c in claims})
    problems += [(claim_id, "is locked but no longer in the register") for claim_id in gone]
    return problems


def write(doc, root=None):
    root = root or project_root()
    path = root / LOCK
    header = (
        "# The criteria lock: the date each claim's criterion was set and a digest of what decides its verdict.\n"
        "# Written by `python -m govexport.claims.lock`; see src/govexport/claims/lock.py. Never edit a digest by "
        "hand.\n"
    )
    text = header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120)
    part = path.with_name(path.name + ".part")
    part.write_text(text, encoding="utf-8")
    part.replace(path)
    _read.cache_clear()


def change(claim_id, why, today=None, root=None):
    """Record that `claim_id`'s criterion changed (today, after its values were seen, for `why`)."""
    doc = read_lock(root)
    claims = {c["id"]: c for c in load_register(root=root)}
    if claim_id not in claims or claim_id not in doc["claims"]:
        raise GovexportError(f"no locked claim {claim_id!r} in the register")
    if not why or not why.strip():
        raise GovexportError("say why the criterion changed (--why)")
    entry = doc["claims"][claim_id]
    entry["digest"] = digest(claims[claim_id])
    entry.setdefault("changes", []).append({"date": today or datetime.date.today().isoformat(), "why": why.strip()})
    write(doc, root)


def add(claim_id, today=None, root=None):
    """Lock the criterion of a claim new to the register."""
    doc = read_lock(root)
    claims = {c["id"]: c for c in load_register(root=root)}
    if claim_id not in claims:
        raise GovexportError(f"no claim {claim_id!r} in the register")
    if claim_id in doc["claims"]:
        raise GovexportError(f"claim {claim_id!r} is locked already; use `change` to record a changed criterion")
    doc["claims"][claim_id] = {"digest": digest(claims[claim_id]), "set": today or datetime.date.today().isoformat()}
    write(doc, root)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m govexport.claims.lock", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    changed = sub.add_parser("change", help="record a changed criterion, with the reason")
    changed.add_argument("claim")
    changed.add_argument("--why", required=True)
    added = sub.add_parser("add", help="lock a new claim's criterion")
    added.add_argument("claim")
    args = parser.parse_args(argv)
    try:
        change(args.claim, args.why) if args.command == "change" else add(args.claim)
    except GovexportError as err:
        print(f"govexport: error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
