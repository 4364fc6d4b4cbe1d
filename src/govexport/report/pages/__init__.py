"""One module per chapter: the prose, tables and figures its cells display, each a function of the run."""
