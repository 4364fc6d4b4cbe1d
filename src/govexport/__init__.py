"""govexport: reproduce the quantitative claims of Yau (2022), "Chinese Governance Export in Central Asia"."""

__version__ = "0.1.0"
