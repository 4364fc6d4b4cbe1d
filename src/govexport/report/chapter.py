"""What a chapter calls: start a run from its parameters, glue numbers, save figures, show its claims."""

from dataclasses import dataclass

import matplotlib.pyplot as plt
from IPython.display import Markdown

from ..data.dataset import Dataset, load_dataset
from ..params import DEFAULTS
from ..paths import resolve
from . import theme


@dataclass
class Run:
    data: Dataset

    @property
    def params(self):
        return self.data.params

    def glue(self, name, value):
        """Make `value` available to the narrative, hidden where computed.

        Numbers are read with {glue:text}`name` (a format spec may follow: `name:.0%`); strings are
        Markdown, read with {glue:md}`name`; tables and figures with the {glue:figure} directive.
        """
        from myst_nb import glue
        if hasattr(value, "item") and not hasattr(value, "columns"):
            value = value.item()  # numpy scalar -> plain Python number, so the text is 59, not np.int64(59)
        glue(name, Markdown(value) if isinstance(value, str) else value, display=False)
        return value

    def figure(self, fig, name):
        """Show a figure and, when the run has an output_dir, save it as PNG and SVG for slides."""
        out = resolve(self.params["output_dir"]) if self.params["output_dir"] else ""
        theme.save(fig, name, out)
        plt.show()

    def provenance(self, chapter):
        """The chapter's footer: parameters, data hashes, commit, versions, time; also saved with the build."""
        from .. import provenance
        record = provenance.collect(self.params, self.data.files)
        if self.params["output_dir"]:
            provenance.write(record, resolve(self.params["output_dir"]) / "provenance" / f"{chapter}.json")
        return Markdown(provenance.as_markdown(record, chapter))

    def claims(self, chapter):
        """The ledger rows of the claims this chapter tests, as a table."""
        from ..claims.ledger import ledger
        from .tables import ledger_table
        return ledger_table(ledger(self.data, chapter=chapter))


def start(namespace):
    """Validate the parameters found in a chapter's namespace, load the data, set the plot theme."""
    given = {name: namespace[name] for name in DEFAULTS if name in namespace}
    theme.apply()
    return Run(load_dataset(given))
