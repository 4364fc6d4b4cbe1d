"""publish layer: execute the chapters, compile the book, write its files, the PDF and comparisons (pipeline.py).

Every process of the build imports this first (the parent, the Sphinx child). It marks the optional
rfc3987-syntax module absent before anything imports nbformat: nbformat imports jsonschema, which,
when that module is installed (jupyter-events pulls it in), compiles a large grammar at import to
check the "iri" string format, 2-3 s of CPU per process. No notebook schema uses that format.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # None: "absent" to import
