"""Helpers for the browser tests (test_browser.py, test_accessibility.py): serving a folder, Debian's
Chromium through Playwright, axe-core from node_modules, and a fixture page of the markup contract.

The fixture page is one of the built book's own pages (theme, scripts, stylesheets as built) with its
article replaced by tables in the markup that govexport.report emits: a verdict legend, the ledger
(the build's claims.csv, one <tbody> per paper section), an explorable Table 1 (the build's coded
programs, 12 columns, four of them hidden at first, blank durations) and a plain table with a caption.
"""

import contextlib
import csv
import functools
import html
import http.server
import os
import re
import shutil
import threading
from pathlib import Path

import pytest

from govexport.paths import project_root
from govexport.publish import edition
from govexport.report import reveal

CHROMIUM = os.environ.get("GOVEXPORT_CHROMIUM", "/usr/bin/chromium")
HOW_TO_GET_IT = (
    "Chromium is needed for the browser tests: install Debian's package with "
    "`sudo apt-get install chromium` (it provides /usr/bin/chromium), or point GOVEXPORT_CHROMIUM "
    "at a Chromium or Chrome binary. .ci/run installs it in CI."
)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = project_root(__file__) / "node_modules" / "axe-core" / "axe.min.js"

SLUGS = {
    "reproduced": "reproduced",
    "approximately reproduced": "approximately",
    "not reproduced": "not-reproduced",
    "not testable with this data": "not-testable",
    "not testable in this run": "not-testable-run",
}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def chromium_or_explain():
    if Path(CHROMIUM).is_file() or shutil.which(CHROMIUM):
        return
    if os.environ.get("CI"):
        pytest.fail(HOW_TO_GET_IT)
    pytest.skip(HOW_TO_GET_IT)


@contextlib.contextmanager
def launched():
    """Debian's Chromium, driven by Playwright (which never downloads a browser here)."""
    chromium_or_explain()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def served(folder):
    """The folder over HTTP on loopback; yields the base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def pages_of(folder):
    skip = {"search.html", "genindex.html"}
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*.html")
        if p.name not in skip and "_static" not in p.parts and "_sources" not in p.parts
    )


def open_page(browser, url, viewport=None, context=None, idle=False):
    """A page at `url`, loaded, with a list that collects its console errors and failed requests; with
    idle=True, also once the network has been quiet for half a second (to catch late requests)."""
    page = (context or browser).new_page(**({"viewport": viewport} if viewport else {}))
    problems = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.goto(url, wait_until="load")
    if idle:
        page.wait_for_load_state("networkidle")
    return page, problems


def dark(page):
    """Switch the theme to dark mode the way its colour-mode button does, and let its colour transitions end
    (mid-transition colours are neither mode's)."""
    page.evaluate("document.documentElement.dataset.mode = 'dark'; document.documentElement.dataset.theme = 'dark'")
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")


def axe_violations(page, impacts=("serious", "critical"), rules=None):
    """axe-core's violations of the given impacts (of the given rules: all by default) on the page as it is
    now: [(rule, impact, targets)]."""
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed at {AXE}: run `npm ci` (make's set-up does)")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    options = {"resultTypes": ["violations"], **({"runOnly": list(rules)} if rules else {})}
    result = page.evaluate("options => axe.run(document, options)", options)
    return [
        (v["id"], v["impact"], [" ".join(map(str, n["target"])) for n in v["nodes"]][:5])
        for v in result["violations"]
        if v["impact"] in impacts
    ]


# ---- the fixture page ----------------------------------------------------------------------------------


def _read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _is_number(text):
    return re.fullmatch(r"[-+]?\d[\d,]*(\.\d+)?%?", text.strip()) is not None


def _td(text, label=None, classes=()):
    cls = f' class="{" ".join(classes)}"' if classes else ""
    data = f' data-label="{html.escape(label)}"' if label else ""
    return f"<td{cls}{data}>{html.escape(text)}</td>" if text else f"<td{cls}{data}></td>"


def badge(verdict):
    slug = SLUGS[verdict]
    return f'<span class="gx-badge gx-badge-{slug}">{html.escape(verdict)}</span>'


def mark(kind, markup, marked):
    """Markup as report/reveal.py marks what reveals a verdict in a build (publish/edition.py seals it)."""
    return f"{reveal.OPEN}{kind}{reveal.MIDDLE}{markup}{reveal.CLOSE}" if marked else markup


def legend(marked=False):
    return (
        '<div class="gx-legend">'
        + mark("verdict", "".join(f"<span>{badge(v)}</span>" for v in SLUGS), marked)
        + "</div>"
    )


def _field(claim, *names):
    """The first of these columns the ledger CSV has (its columns have been renamed before)."""
    return next(claim[n] for n in names if n in claim)


def ledger(claims, marked=False):
    """The ledger in the contract's markup: a section per section of the paper, a row per claim; `marked`, with
    its verdicts and reasons marked as a build marks them."""
    columns = ["Claim", "Quote", "Paper", "This run", "Verdict", "Reason"]
    head = "".join(f'<th scope="col">{c}</th>' for c in columns)
    sections = {}
    for claim in claims:
        sections.setdefault(_field(claim, "section", "location"), []).append(claim)
    bodies = []
    for title, rows in sections.items():
        out = [f'<tr class="gx-section"><th scope="colgroup" colspan="{len(columns)}">{html.escape(title)}</th></tr>']
        for c in rows:
            cid = c["claim_id"]
            out.append(
                f'<tr id="ledger-{cid}" class="gx-row">'
                f'<td class="gx-claim" data-label="Claim"><a href="10_claims_register.html#claim-{cid}">{cid}</a></td>'
                + _td(c["quote"], "Quote")
                + _td(c["paper_value"], "Paper", ("gx-num",) if _is_number(c["paper_value"]) else ())
                + _td(run := _field(c, "value", "reproduced_value"), "This run", ("gx-num",) if _is_number(run) else ())
                + f'<td class="gx-verdict" data-label="Verdict">{mark("verdict", badge(c["verdict"]), marked)}</td>'
                + f'<td class="gx-why" data-label="Reason">{mark("verdict", html.escape(c["reason"]), marked)}</td>'
                + "</tr>"
            )  # a reason can give the verdict away
        bodies.append("<tbody>" + "".join(out) + "</tbody>")
    return (
        f'<div class="gx-table-wrap"><table class="gx-table gx-ledger" id="fixture-ledger"><thead><tr>{head}'
        f"</tr></thead>{''.join(bodies)}</table></div>"
    )


PROGRAM_COLUMNS = [  # (field, header, numeric, hidden at first)
    ("program_id", "Program", False, False),
    ("trainer", "Trainer", False, False),
    ("trainee", "Trainee", False, False),
    ("year", "Year", True, False),
    ("month", "Month", True, True),
    ("duration_days", "Duration (days)", True, False),
    ("states", "States", False, False),
    ("n_states", "Number of states", True, True),
    ("multi_state", "Multi-state", False, True),
    ("domain", "Domain", False, False),
    ("domain_rule", "Rule that fired", False, False),
    ("duplicate_of", "Repeat of", False, True),
]


def explorable(programs):
    hide = ' data-gx-hidden="true"'
    head = "".join(f'<th scope="col"{hide if hidden else ""}>{header}</th>' for _, header, _, hidden in PROGRAM_COLUMNS)
    rows = "".join(
        "<tr>"
        + "".join(
            _td(p[field].replace(";", ", "), classes=("gx-num",) if numeric else ())
            for field, _, numeric, _ in PROGRAM_COLUMNS
        )
        + "</tr>"
        for p in programs
    )
    return (
        f'<div class="gx-table-wrap"><table class="gx-table gx-explorable" id="fixture-programs">'
        f"<caption>Table 1 as coded by this build</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


def plain(claims):
    counts = {}
    for c in claims:
        counts[c["verdict"]] = counts.get(c["verdict"], 0) + 1
    rows = "".join(f'<tr><td>{html.escape(v)}</td><td class="gx-num">{n}</td></tr>' for v, n in counts.items())
    return (
        '<div class="gx-table-wrap"><table class="gx-table" id="fixture-plain"><caption>Claims by verdict'
        '</caption><thead><tr><th scope="col">Verdict</th><th scope="col">Claims</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


def output(markup):
    """HTML as a notebook cell's output, in myst-nb's markup (the theme styles outputs on their own)."""
    return (
        '<div class="cell tag_hide-input docutils container"><div class="cell_output docutils container">'
        f'<div class="output text_html">{markup}</div></div></div>'
    )


def write_contract_pages(built_html, out, claims_csv, programs_csv):
    """Fixture pages beside a copy of the built book's _static: contract.html and student.html (the same
    article with the student edition's assets). Returns the claims and programs they show."""
    claims, programs = _read(claims_csv), _read(programs_csv)
    shutil.copytree(built_html / "_static", out / "_static", dirs_exist_ok=True)
    shutil.copy2(built_html / "searchindex.js", out / "searchindex.js")
    verdict = html.escape(claims[0]["verdict"])

    def article(marked):
        return (
            f'<section id="contract"><h1>Markup contract</h1>{output(legend(marked) + ledger(claims, marked))}'
            f"<p>On the headline claim the book finds: {mark('verdict', verdict, marked)}.</p>"
            f'<section id="table-1"><h2>Table 1</h2>{output(explorable(programs))}</section>'
            f'<section id="counts"><h2>Counts</h2>{output(plain(claims))}</section></section>'
        )

    template = (built_html / "glossary.html").read_text(encoding="utf-8")
    start = template.index('<article class="bd-article">') + len('<article class="bd-article">')
    end = template.index("</article>", start)
    page = template[:start] + article(False) + template[end:]
    (out / "contract.html").write_text(page, encoding="utf-8")
    student = (
        '<link rel="stylesheet" type="text/css" href="_static/student.css" />'
        '<script src="_static/student.js"></script></head>'
    )
    sealed = template[:start] + edition.seal_text(article(True), "text/html") + template[end:]
    (out / "student.html").write_text(sealed.replace("</head>", student, 1), encoding="utf-8")
    return claims, programs
