"""Reading complete builds: a build's ledger in the terminal (`govexport claims`), two builds side by side
(`govexport compare`). Only complete builds are read (workspace.complete); nothing here imports pandas.
"""

import csv
import io
import os
from collections import Counter
from pathlib import Path

from ..claims.register import VERDICTS
from ..errors import GovexportError
from ..plaintext import neutralise
from . import guard, workspace
from .config import show

VALUE = "value"  # claims.csv's column of this build's value (claims.ledger.LEDGER_COLUMNS)


def read_ledger(root, name):
    """(the build's marker record, its claims.csv rows) of the complete build `name`."""
    record = workspace.complete(root, name)
    path = guard.build_root(root) / name / "claims.csv"
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return record, list(csv.DictReader(f))
    except OSError as err:
        raise GovexportError(f"build/{name}/claims.csv: {err.strerror}") from None


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


def compare(root, a, b):
    """(parameter rows, claim rows) of builds a and b: every parameter with both values, and the claims whose
    value or verdict differ. Rows are [kind, id, a value, a verdict, b value, b verdict, differs]."""
    record_a, rows_a = read_ledger(root, a)
    record_b, rows_b = read_ledger(root, b)
    pa, pb = record_a.get("parameters", {}), record_b.get("parameters", {})
    parameters = [
        ["parameter", k, show(pa.get(k, "")), "", show(pb.get(k, "")), "", str(pa.get(k) != pb.get(k))]
        for k in dict.fromkeys([*pa, *pb])
    ]
    by_id = {r["claim_id"]: r for r in rows_b}
    claims = []
    for row in rows_a:
        other = by_id.get(row["claim_id"], {VALUE: "(absent)", "verdict": "(absent)"})
        if (row[VALUE], row["verdict"]) != (other[VALUE], other["verdict"]):
            claims.append(
                ["claim", row["claim_id"], row[VALUE], row["verdict"], other[VALUE], other["verdict"], "True"]
            )
    return parameters, claims


def compare_lines(a, b, parameters, claims):
    """The comparison as text: the two parameter sets, then the claims that differ."""
    lines = table(
        [[p[1], p[2], p[4], "*" if p[6] == "True" else ""] for p in parameters], ["parameter", a, b, "differs"]
    )
    lines.append("")
    if claims:
        lines += table(
            [[c[1], c[2] or "-", c[3], c[4] or "-", c[5]] for c in claims],
            ["claim", f"{a} value", f"{a} verdict", f"{b} value", f"{b} verdict"],
        )
    lines.append(f"{len(claims)} claim{' differs' if len(claims) == 1 else 's differ'} between {a} and {b}.")
    return lines


HEADER_START = "kind,id,"  # the first line of every comparison this module writes


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
            if not f.readline().startswith(HEADER_START):
                raise GovexportError(
                    f"{path}: exists and is not an earlier comparison; --csv will not overwrite it (name a new file)"
                )


def write_csv(path, a, b, parameters, claims):
    """The comparison as CSV (parameters first, then the differing claims), written atomically."""
    check_target(path)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kind", "id", f"{a}_value", f"{a}_verdict", f"{b}_value", f"{b}_verdict", "differs"])
    writer.writerows([[neutralise(cell) for cell in row] for row in [*parameters, *claims]])  # no formula
    path = Path(path)
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        part.write_text(out.getvalue(), encoding="utf-8")
        os.replace(part, path)
    except OSError as err:
        part.unlink(missing_ok=True)
        raise GovexportError(f"{path}: {err.strerror}") from None
    return path


def default_csv(root, a, b):
    return guard.build_root(root) / f"compare-{a}-{b}.csv"
