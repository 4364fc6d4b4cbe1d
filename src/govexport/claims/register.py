"""The claims register (data/claims.yaml): every claim of the paper, validated, and the verdict rule."""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import DataError
from ..paths import display, project_root

REGISTER = Path("data") / "claims.yaml"
VERDICTS = ("reproduced", "approximately reproduced", "not reproduced", "not testable with this data")
KINDS = ("count", "share", "estimate", "trend", "comparison", "external")
CHAPTERS = ("dataset", "domains", "officials", "trends", "states", "curricula", "context")


@dataclass
class Result:
    """What an evaluator found: our value, the reason in one line, and a verdict when the criterion is judgement."""
    value: object
    reason: str
    verdict: str | None = None


def load_register(path=None, root=None):
    """The claims, validated: unique ids, known kinds, chapters and criteria."""
    root = root or project_root()
    path = Path(path) if path else root / REGISTER
    shown = display(path, root)
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    claims = doc["claims"]
    seen = set()
    for number, claim in enumerate(claims, start=1):
        for key in ("id", "quote", "location", "paper_value", "kind", "criterion", "chapter", "test"):
            if key not in claim:
                raise DataError(shown, "is missing", row=number, column=key)
        if claim["id"] in seen:
            raise DataError(shown, "repeats an earlier id", row=number, column="id", value=claim["id"])
        seen.add(claim["id"])
        if claim["kind"] not in KINDS:
            raise DataError(shown, f"is not one of {KINDS}", row=number, column="kind", value=claim["kind"])
        if claim["chapter"] not in CHAPTERS:
            raise DataError(shown, f"is not one of {CHAPTERS}", row=number, column="chapter", value=claim["chapter"])
        parse_criterion(claim["criterion"], shown, number)
    return claims


def parse_criterion(text, file="claims", row=None):
    """'exact' | 'tolerance: 5%' | 'tolerance: 50' | 'judgement' | 'not testable' -> (kind, tolerance, relative)."""
    if text in ("exact", "judgement", "not testable"):
        return text, None, False
    match = re.fullmatch(r"tolerance: ([0-9.]+)(%?)", str(text))
    if not match:
        raise DataError(file, "is not exact, judgement, not testable or 'tolerance: N[%]'", row=row,
                        column="criterion", value=text)
    return "tolerance", float(match.group(1)), match.group(2) == "%"


def verdict_for(claim, result):
    """The verdict from the claim's criterion and our value (judgement claims bring their own)."""
    kind, tolerance, relative = parse_criterion(claim["criterion"])
    if kind == "not testable":
        return "not testable with this data"
    if kind == "judgement":
        if result.verdict not in VERDICTS:
            raise ValueError(f"claim {claim['id']}: a judgement needs a verdict from its evaluator")
        return result.verdict
    paper, ours = claim["paper_value"], result.value
    if ours == paper:
        return "reproduced"
    if kind == "tolerance" and isinstance(paper, (int, float)) and isinstance(ours, (int, float)):
        allowed = tolerance * abs(paper) / 100 if relative else tolerance
        if abs(ours - paper) <= allowed:
            return "approximately reproduced"
    return "not reproduced"


def paper_split(register=None):
    """The paper's programs per domain, from the register's count claims domain-<domain>-<n>."""
    from ..params import DOMAINS
    claims = register or load_register()
    split = {}
    for claim in claims:
        for name in DOMAINS:
            if claim["id"].startswith(f"domain-{name}-") and claim["kind"] == "count":
                split[name] = int(claim["paper_value"])
    missing = [name for name in DOMAINS if name not in split]
    if missing:
        raise KeyError(f"the claims register has no count claim for domain(s) {missing}")
    return split


def paper_assumptions(register=None):
    """The paper's delegation sizes and total, from the register."""
    claims = {c["id"]: c for c in (register or load_register())}
    return {"single": claims["delegation-single-20"]["paper_value"],
            "multi": claims["delegation-multi-5"]["paper_value"],
            "total": claims["officials-total-1200"]["paper_value"]}
