"""Running XeLaTeX for the print edition: the tools' check, one latexmk run, and errors a reader can act on.

The book (pdf.py) and the handouts (handouts.py) both compile here, so a missing TeX Live or a LaTeX error
reads the same wherever it happens: one GovexportError naming the Debian packages, or the error's own
lines from the log instead of the thousands of lines latexmk prints.
"""

import shutil

from ..errors import GovexportError
from . import processes

# The programs the print edition runs, and the Debian package of each (the whole list, fonts and LaTeX
# packages included, is .ci/debian-packages.txt; `make system-packages` installs it).
TOOLS = {"xelatex": "texlive-xetex", "latexmk": "latexmk"}
LATEXMK = ("latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error")
CONTEXT_LINES = 6  # lines of the log shown after each "! ..." error line


def require_tools():
    """Raise a GovexportError naming the Debian packages when xelatex or latexmk is not on the PATH."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        packages = " ".join(TOOLS[tool] for tool in missing)
        raise GovexportError(
            f"the PDF needs {' and '.join(missing)}, which are not installed: install the Debian "
            f"packages {packages} and the rest of .ci/debian-packages.txt (TeX Live, a CJK font), "
            "e.g. with `make system-packages`"
        )


def compile_tex(tex):
    """Compile `tex` (a Path) into the PDF beside it with latexmk and XeLaTeX; returns the PDF's path.

    latexmk runs XeLaTeX as often as cross-references need. On failure the GovexportError carries the
    error lines of the LaTeX log, not the whole transcript.
    """
    done = processes.run([*LATEXMK, tex.name], cwd=tex.parent)  # its own process group: a stop kills XeLaTeX too
    pdf = tex.with_suffix(".pdf")
    if done.returncode != 0 or not pdf.is_file():
        log = tex.with_suffix(".log")
        transcript = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
        lines = error_lines(transcript) or done.stdout.splitlines()[-CONTEXT_LINES:] + done.stderr.splitlines()[-3:]
        raise GovexportError(f"LaTeX failed on {tex.name}:\n" + "\n".join(lines))
    return pdf


def error_lines(transcript):
    """The lines of a LaTeX log that say what went wrong: each '! ...' line and the few after it, which
    show the offending input line ('l.123 ...')."""
    lines = transcript.splitlines()
    shown = []
    for i, line in enumerate(lines):
        if line.startswith("! "):
            shown += [text for text in lines[i : i + CONTEXT_LINES + 1] if text.strip()]
    return shown
