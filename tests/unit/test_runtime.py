"""The chapter runtime: one parameter gate for every door, chapters that see only what they declare, and
figures that carry their number, caption and alt text."""

import matplotlib.pyplot as plt
import pytest

from govexport import paths
from govexport.errors import ParameterError
from govexport.report import book, chapter
from govexport.report.text import MD


def test_a_typo_in_the_notebook_namespace_is_refused_with_the_name_it_did_not_know():
    namespace = {"delegation_singel": 10, "In": ["", "# Parameters\ndelegation_singel = 10"], "_": None}
    with pytest.raises(ParameterError, match="delegation_singel") as err:
        chapter.start("03_officials", namespace)
    assert "delegation_single" in str(err.value)


def test_a_parameter_the_chapter_does_not_read_is_refused_when_it_differs_from_the_default():
    with pytest.raises(ParameterError, match="delegation_single"):
        chapter.start("04_trends", {"delegation_single": 10})


def test_a_chapter_reading_an_undeclared_parameter_fails_loudly():
    run = chapter.start("04_trends", {"first_year": 2014})
    assert run.params["first_year"] == 2014
    with pytest.raises(ParameterError, match="without declaring it"):
        run.params["delegation_single"]


def test_every_chapter_declares_known_parameters():
    from govexport.params import DEFAULTS

    for c in book.CHAPTERS:
        assert set(c.reads) <= set(DEFAULTS), c.id


def test_a_figure_displays_as_png_with_its_name_caption_and_alt(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.FIGURES_ENV, str(tmp_path))

    def draw():
        fig, ax = plt.subplots()
        ax.plot([1, 2], [3, 4])
        return fig

    figure = chapter.Figure("fig-test", MD("A caption."), "A line rising.", draw, "04_trends")
    data, metadata = figure._repr_mimebundle_()
    assert data["image/png"] and data["text/plain"] == "Figure fig-test: A caption."
    assert metadata == {"govexport": {"figure": "fig-test", "caption": "A caption.", "alt": "A line rising."}}
    assert {p.name for p in (tmp_path / "04_trends").iterdir()} == {"fig-test.png", "fig-test.svg"}
    assert not plt.get_fignums(), "the matplotlib figure is closed, so the notebook does not show it twice"


def test_the_build_moves_a_figure_s_caption_into_its_cell_whether_displayed_or_returned():
    import nbformat

    from govexport.publish.execute import tidy

    figure = chapter.Figure("fig-x", MD("New caption."), "New alt.", lambda: plt.subplots()[0], "04_trends")
    data, metadata = figure._repr_mimebundle_()
    nb = nbformat.v4.new_notebook()
    for output_type in ("execute_result", "display_data"):
        cell = nbformat.v4.new_code_cell("page.trend_figure(run)", execution_count=1)
        cell.metadata["mystnb"] = {"figure": {"name": "fig-x", "caption": "A stale caption."}}  # as committed
        output = (
            nbformat.v4.new_output("execute_result", data=data, metadata=metadata, execution_count=1)
            if output_type == "execute_result"
            else nbformat.v4.new_output("display_data", data=data, metadata=metadata)
        )
        cell.outputs = [output]
        nb.cells.append(cell)
    for cell in tidy(nb, book.chapter("04_trends")).cells:
        assert cell.metadata["mystnb"]["figure"] == {"name": "fig-x", "caption": "New caption."}
        assert cell.metadata["mystnb"]["image"] == {"alt": "New alt."}
