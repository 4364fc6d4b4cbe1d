"""Reading complete builds: a build's ledger in the terminal (`govexport claims`), two builds side by side
(`govexport compare`). Only complete builds are read (workspace.complete); nothing here imports pandas.
"""

import csv
import io
import os
import textwrap
from collections import Counter
from pathlib import Path

from ..claims.register import VERDICTS
from ..errors import GovexportError
from ..params import value_text
from ..plaintext import neutralise
from . import guard, workspace

VALUE = "value"  # claims.csv's column of this build's value (claims.ledger.LEDGER_COLUMNS)
DEFAULT_WIDTH = 100  # columns when COLUMNS is not set: what a projector shows legibly


def read_ledger(root, name):
    """(the build's marker record, its claims.csv rows) of the complete build `name`."""
    record = workspace.complete(root, name)
    path = guard.build_root(root) / name / "claims.csv"
    try:
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            rows = list(reader)
    except OSError as err:
        raise GovexportError(f"build/{name}/claims.csv: {err.strerror}") from None
    if "verdict" not in (reader.fieldnames or []):
        raise GovexportError(
            f"build/{name} is a {record.get('edition', 'student')} edition: its ledger shows no verdict; "
            "read or compare instructor builds (govexport book without --edition student)"
        )
    return record, rows


def table(rows, header):
    """Rows of strings as aligned text lines, header first."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    return ["  ".join(str(cell).ljust(w) for cell, w in zip(row, widths)).rstrip() for row in [header, *rows]]


def claims_lines(root, name):
    """`govexport claims`: one line per claim under a header; a variant's shows the default's value and verdict."""
    _, rows = read_ledger(root, name)
    variant = bool(rows) and "default_value" in rows[0]
    header = ["claim", "verdict", "paper", f"{name}"] + (["default", "default verdict"] if variant else [])
    body = [
        [r["claim_id"], r["verdict"], r["paper_value"] or "-", r[VALUE] or "-"]
        + ([r["default_value"] or "-", r["default_verdict"] or "-"] if variant else [])
        for r in rows
    ]
    counts = Counter(r["verdict"] for r in rows)
    order = [v for v in VERDICTS if counts[v]] + [v for v in counts if v not in VERDICTS]  # the ledger's order
    return [*table(body, header), "", ", ".join(f"{counts[verdict]} {verdict}" for verdict in order)]


def width():
    """The terminal's width for `compare`: COLUMNS when it is a number (at least 40), else 100 (a projector)."""
    try:
        return max(40, int(os.environ.get("COLUMNS", "")))
    except ValueError:
        return DEFAULT_WIDTH


def reason(row):
    """Why a claim has its verdict in one run: what was measured, and the reading that holds (or the margin)."""
    parts = [str(row.get(k) or "").strip().rstrip(".") for k in ("reason", "reading")]
    text = "; ".join(p for p in parts if p) or "no reason recorded"
    return text[0].upper() + text[1:]


def compare(root, a, b):
    """(the parameters that differ, the claims that differ) between the complete builds a and b.

    Parameters: [(name, value in a, value in b)]. Claims: dicts with claim_id, value_a, verdict_a, reason_a,
    value_b, verdict_b, reason_b and `changed` ('value', 'verdict', 'value and verdict', or 'absent in a/b')."""
    record_a, rows_a = read_ledger(root, a)
    record_b, rows_b = read_ledger(root, b)
    pa, pb = record_a.get("parameters", {}), record_b.get("parameters", {})
    parameters = [
        (k, value_text(pa.get(k, "")), value_text(pb.get(k, "")))
        for k in dict.fromkeys([*pa, *pb])
        if pa.get(k) != pb.get(k)
    ]
    by_id_b = {r["claim_id"]: r for r in rows_b}
    ids = list(dict.fromkeys([*(r["claim_id"] for r in rows_a), *by_id_b]))
    by_id_a = {r["claim_id"]: r for r in rows_a}
    claims = []
    for claim_id in ids:
        ra, rb = by_id_a.get(claim_id), by_id_b.get(claim_id)
        if ra is None or rb is None:
            changed = f"absent in {a if ra is None else b}"
        else:
            moved = [k for k in (VALUE, "verdict") if ra[k] != rb[k]]
            if not moved:
                continue
            changed = " and ".join(moved)
        ra, rb = ra or {}, rb or {}
        claims.append(
            {
                "claim_id": claim_id,
                "value_a": ra.get(VALUE, ""),
                "verdict_a": ra.get("verdict", ""),
                "reason_a": reason(ra) if ra else "",
                "value_b": rb.get(VALUE, ""),
                "verdict_b": rb.get("verdict", ""),
                "reason_b": reason(rb) if rb else "",
                "changed": changed,
            }
        )
    return parameters, claims


def _wrapped(text, columns, indent=""):
    return textwrap.wrap(text, columns, initial_indent=indent, subsequent_indent=indent + "  ") or [indent]


def compare_lines(a, b, parameters, claims, columns=None):
    """The comparison for a terminal or a projector, wrapped at `columns` (default: width()): the parameters that
    differ, then each claim that differs with its value and verdict in both runs and the reason for each."""
    columns = columns or width()
    lines = _wrapped(f"{a} against {b}:", columns)
    if parameters:
        for name, va, vb in parameters:
            lines += _wrapped(f"{name}: {va} in {a}, {vb} in {b}", columns, "  ")
    else:
        lines += _wrapped("the same parameters (the data files or the code differ)", columns, "  ")
    for claim in claims:
        lines.append("")
        what = claim["changed"] if claim["changed"].startswith("absent") else f"{claim['changed']} changed"
        lines += _wrapped(f"{claim['claim_id']}: {what}", columns)
        for name, side in ((a, "a"), (b, "b")):
            if claim[f"verdict_{side}"] or claim[f"value_{side}"]:
                value = claim[f"value_{side}"] or "-"
                lines += _wrapped(
                    f"{name}: {value}, {claim[f'verdict_{side}']}. {claim[f'reason_{side}']}.", columns, "  "
                )
    lines.append("")
    lines += _wrapped(
        f"{len(claims)} claim{' differs' if len(claims) == 1 else 's differ'} between {a} and {b}.", columns
    )
    return lines


CLAIM_COLUMNS = ["claim_id", "value_a", "verdict_a", "reason_a", "value_b", "verdict_b", "reason_b", "changed"]
PARAMETER_COLUMNS = ["parameter", "a", "b"]
HEADER_START = "claim_id,value_a,"  # the first line of every comparison this module writes
OLD_HEADER_START = "kind,id,"  # ... and of the comparisons of earlier versions


def check_target(path):
    """--csv may name a new file or an earlier comparison, never anything else (a ledger, a raw table, a device)."""
    path = Path(path)
    try:
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise GovexportError(f"{path}: --csv must name a regular file; this is not one")
        if not path.parent.is_dir():
            raise GovexportError(f"{path}: --csv names a file in a folder that does not exist ({path.parent})")
    except OSError as err:  # a name too long, a loop of links
        raise GovexportError(f"{path}: --csv cannot be written there ({err.strerror or err})") from None
    if path.exists():
        with open(path, encoding="utf-8", errors="replace") as f:
            if not f.readline().startswith((HEADER_START, OLD_HEADER_START)):
                raise GovexportError(
                    f"{path}: exists and is not an earlier comparison; --csv will not overwrite it (name a new file)"
                )


def parameters_path(path):
    """Where the parameters of a comparison written to `path` go: beside it, <name>-parameters.csv."""
    path = Path(path)
    return path.with_name(f"{path.stem}-parameters{path.suffix or '.csv'}")


def write_csv(path, a, b, parameters, claims):
    """The comparison as two tidy CSV files, written atomically: `path`, one row per claim that differs
    (CLAIM_COLUMNS: a's and b's value, verdict and reason, and what changed), and parameters_path(path), the
    builds' names (row `build`) and each parameter that differs. Returns both paths."""
    check_target(path)
    claims_text = io.StringIO()
    writer = csv.DictWriter(claims_text, CLAIM_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: neutralise(v) for k, v in claim.items()} for claim in claims)  # no cell is a formula
    params_text = io.StringIO()
    writer = csv.writer(params_text, lineterminator="\n")
    writer.writerows([[neutralise(cell) for cell in row] for row in [PARAMETER_COLUMNS, ["build", a, b], *parameters]])
    written = []
    for target, text in ((Path(path), claims_text), (parameters_path(path), params_text)):
        part = target.with_name(f".{target.name}.{os.getpid()}.part")
        try:
            part.write_text(text.getvalue(), encoding="utf-8")
            os.replace(part, target)
        except OSError as err:
            part.unlink(missing_ok=True)
            raise GovexportError(f"{target}: {err.strerror}") from None
        written.append(target)
    return written


def default_csv(root, a, b):
    return guard.build_root(root) / f"compare-{a}-{b}.csv"
