"""The pipeline on the mini project (tests/book/mini/): what a build holds, what it reuses, what it refuses."""

import csv
import json
import shutil
import uuid

import nbformat
import pytest
from minibuild import leftovers, no_process_left, set_cell, tree_digest

from govexport.errors import GovexportError
from govexport.publish import pipeline, workspace
from govexport.scenarios import read_scenario


def build(root, chapters, name="default", overrides=None, **kwargs):
    """Build and return the lines the pipeline printed."""
    messages = []
    pipeline.build(name, overrides or {}, root, chapters=chapters, log=messages.append, **kwargs)
    return messages


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def executed(root, name, chapter_id):
    return nbformat.read(root / "build" / name / "book" / "notebooks" / f"{chapter_id}.ipynb", as_version=4)


def page(root, name, chapter_id):
    return (root / "build" / name / "html" / "notebooks" / f"{chapter_id}.html").read_text(encoding="utf-8")


@pytest.fixture
def token(monkeypatch):
    """A token in this process's environment, so the kernels it starts can be found afterwards."""
    value = uuid.uuid4().hex
    monkeypatch.setenv("GOVEXPORT_TEST_TOKEN", value)
    return value


def test_a_build_holds_its_book_its_files_and_its_marker(mini_built, mini_chapters):
    out = mini_built / "build" / "default"
    record = workspace.complete(mini_built, "default")
    assert record["parameters"]["delegation_single"] == 20 and record["edition"] == "instructor"
    assert set(record["chapters"]) == {c.id for c in mini_chapters}
    for chapter in mini_chapters:
        assert (out / "html" / "notebooks" / f"{chapter.id}.html").is_file()
        assert (out / "book" / "notebooks" / chapter.notebook).is_file()
    ledger = read_csv(out / "claims.csv")
    assert ledger and all(row["verdict"] for row in ledger) and "default_value" not in ledger[0]
    assert read_csv(out / "robustness.csv")[0]["claim_id"]
    assert read_csv(out / "data" / "programs.csv") and read_csv(out / "data" / "program_states.csv")
    provenance = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["parameters"]["delegation_single"] == 20 and provenance["scenario"] is None
    assert provenance["edition"] == "instructor" and set(provenance["chapters"]) == set(record["chapters"])
    assert (out / "book" / "downloads" / "claims.csv").read_bytes() == (out / "claims.csv").read_bytes()
    assert leftovers(mini_built) == []


def test_a_chapter_is_given_exactly_the_parameters_it_reads(mini_built):
    alpha = executed(mini_built, "default", "01_alpha")
    injected = [c for c in alpha.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "delegation_single = 20" in injected[0].source
    assert "first_year" not in injected[0].source and "table1" not in injected[0].source
    gamma = executed(mini_built, "default", "03_gamma")  # reads no parameter: nothing injected
    assert not any("injected-parameters" in c.metadata.get("tags", []) for c in gamma.cells)
    assert "delegation_single is 20" in page(mini_built, "default", "01_alpha")


def test_figures_are_numbered_captioned_and_saved_for_slides(mini_built):
    alpha = executed(mini_built, "default", "01_alpha")
    figure_cell = alpha.cells[-1]
    assert figure_cell.metadata["mystnb"] == {
        "figure": {"name": "alpha-line", "caption": "Delegations of **20**"},
        "image": {"alt": "A dot standing for delegations of 20"},
    }
    assert all("govexport" not in o.get("metadata", {}) for o in figure_cell.outputs)
    html = page(mini_built, "default", "01_alpha")
    assert 'alt="A dot standing for delegations of 20"' in html and "Fig. 1" in html
    assert "<strong>20</strong>" in html  # the caption is MyST markdown
    intro = (mini_built / "build/default/html/intro.html").read_text(encoding="utf-8")
    assert "Fig. 1" in intro  # {numref}`alpha-line` resolved
    figures = mini_built / "build/default/figures"
    assert json.loads((figures / "figures.json").read_text(encoding="utf-8")) == [
        {
            "name": "alpha-line",
            "chapter": "01_alpha",
            "caption": "Delegations of **20**",
            "alt": "A dot standing for delegations of 20",
            "files": ["alpha-line.png", "alpha-line.svg"],
        }
    ]
    assert (figures / "alpha-line.png").stat().st_size and (figures / "alpha-line.svg").stat().st_size


def test_execution_counts_run_from_one_and_no_timing_is_kept(mini_built):
    nb = executed(mini_built, "default", "01_alpha")
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))
    assert not any(k in c.metadata for c in nb.cells for k in ("execution", "papermill"))


def test_a_malformed_table_in_a_variant_is_the_only_thing_said(mini, mini_chapters):
    """Chapters the variant could reuse are not announced before its table is refused; nothing is written."""
    lines = (mini / "data/raw/table1_programs.tsv").read_text(encoding="utf-8").split("\n")
    fields = lines[4].split("\t")
    lines[4] = "\t".join([*fields[:2], fields[2] + "x", *fields[3:]])
    (mini / "bad.tsv").write_text("\n".join(lines), encoding="utf-8")
    before, messages = tree_digest(mini / "build"), []
    with pytest.raises(GovexportError, match=r"^bad.tsv, row 4, column 'Date': value '.*x'"):
        pipeline.build("bad", {"table1": "bad.tsv"}, mini, chapters=mini_chapters, log=messages.append)
    assert messages == [] and tree_digest(mini / "build") == before


def test_a_rebuild_with_nothing_changed_does_nothing(mini, mini_chapters):
    before = tree_digest(mini / "build")
    assert build(mini, mini_chapters) == ["build/default is up to date: nothing it reads changed (3 chapters)"]
    assert tree_digest(mini / "build") == before


def test_a_variant_reexecutes_only_the_chapters_reading_what_changed(mini, mini_chapters, token):
    default_before = tree_digest(mini / "build/default")
    messages = build(mini, mini_chapters, "small", {"delegation_single": 10})
    # the multiverse reads no delegation size (it varies them itself): reused too
    assert sorted(m.split() for m in messages if "reused" in m) == [
        ["02_beta", "reused"],
        ["03_gamma", "reused"],
        ["multiverse", "reused"],
    ]
    assert any(m.split()[:2] == ["01_alpha", "started"] for m in messages)
    assert tree_digest(mini / "build/default") == default_before
    assert "delegation_single is 10" in page(mini, "small", "01_alpha")
    assert workspace.complete(mini, "small")["parameters"]["delegation_single"] == 10
    assert no_process_left(token, grace=0)


def test_a_variant_ledger_computes_the_defaults_beside_it(mini, mini_chapters):
    """The default's values come from the default parameters, not from build/default (removed here)."""
    default_ledger = {r["claim_id"]: r for r in read_csv(mini / "build/default/claims.csv")}
    shutil.rmtree(mini / "build" / "default")
    build(mini, mini_chapters, "big", {"delegation_single": 40})
    rows = read_csv(mini / "build/big/claims.csv")
    assert {r["claim_id"] for r in rows} == set(default_ledger)
    for row in rows:
        assert (row["default_value"], row["default_verdict"]) == (
            default_ledger[row["claim_id"]]["value"],
            default_ledger[row["claim_id"]]["verdict"],
        )
    assert any(row["changed"] == "yes" for row in rows)  # an officials estimate moves with the delegations


def test_the_banner_names_the_variant_and_escapes_what_it_shows(mini, mini_chapters):
    odd_table = mini / "data" / "raw" / "<b>t1&x.tsv"
    odd_table.write_bytes((mini / "data/raw/table1_programs.tsv").read_bytes())
    scenario = read_scenario(mini / "scenarios" / "small.yaml")
    overrides = {**scenario["parameters"], "table1": "data/raw/<b>t1&x.tsv"}
    build(mini, mini_chapters, "small-delegations", overrides, scenario=scenario)
    for page_name in ("intro.html", "notebooks/02_beta.html"):
        html = (mini / "build/small-delegations/html" / page_name).read_text(encoding="utf-8")
        banner = html[html.index("bd-header-announcement__content") :][:1000]
        assert "Variant build <strong>small-delegations</strong>" in banner
        assert "Small &lt;delegations&gt; &amp; &quot;quotes&quot; (10 officials)" in banner
        assert "officials per single-state program: 10 (default 20)" in banner  # named in words
        assert (
            "Table 1: <code>data/raw/&lt;b&gt;t1&amp;x.tsv</code> (default <code>data/raw/table1_programs.tsv</code>)"
            in banner
        )
        assert "<delegations>" not in html and "<b>t1" not in html
    assert "bd-header-announcement__content" not in (mini / "build/default/html/intro.html").read_text()


def test_the_student_edition_leaves_out_the_solutions(mini, mini_chapters):
    messages = build(mini, mini_chapters, "students", edition="student")
    assert all("reused" in m for m in messages if m.split()[0].startswith("0"))  # same executions as the default
    assert "SOLUTION" not in page(mini, "students", "02_beta") and "SOLUTION" in page(mini, "default", "02_beta")
    assert "student.js" in page(mini, "students", "02_beta")
    assert "student.js" not in page(mini, "default", "02_beta")


def test_a_failing_chapter_is_named_with_its_cell_and_the_last_build_stays(mini, mini_chapters, token):
    before = tree_digest(mini / "build/default")
    set_cell(mini, "02_beta", 2, "x = 1\nraise ValueError('boom')")
    with pytest.raises(GovexportError, match=r"^chapter 02_beta, cell 3 \('x = 1'\) failed: ValueError: boom$"):
        build(mini, mini_chapters)
    assert tree_digest(mini / "build/default") == before
    assert leftovers(mini) == [] and no_process_left(token)


def test_a_runaway_chapter_is_stopped_by_the_timeout(mini, mini_chapters, token):
    set_cell(mini, "02_beta", 2, "import time\nwhile True:\n    time.sleep(0.05)")
    with pytest.raises(
        GovexportError,
        match=r"chapter 02_beta, cell 3 \('import time'\) was still running after "
        r"3 s \(--timeout\); it was stopped",
    ):
        build(mini, mini_chapters, timeout=3)
    assert leftovers(mini) == [] and no_process_left(token)


def test_a_figure_shown_but_not_saved_for_slides_is_refused(mini, mini_chapters):
    nb = nbformat.read(mini / "notebooks/01_alpha.ipynb", as_version=4)
    set_cell(
        mini, "01_alpha", 3, nb.cells[3].source.replace('folder = os.environ.get("GOVEXPORT_FIGURES")', "folder = None")
    )
    with pytest.raises(GovexportError, match="chapter 01_alpha: figure 'alpha-line' was shown but not saved"):
        build(mini, mini_chapters)


def test_a_corrupted_notebook_is_named_before_anything_is_written(mini, mini_chapters):
    before = tree_digest(mini / "build")
    (mini / "notebooks/02_beta.ipynb").write_text('{"cells": [', encoding="utf-8")
    with pytest.raises(GovexportError, match=r"^notebooks/02_beta.ipynb: not a notebook \(not valid JSON"):
        build(mini, mini_chapters, "other", {"delegation_single": 11})
    assert tree_digest(mini / "build") == before


def test_refreshing_the_committed_notebooks_executes_them_in_place(mini, mini_chapters):
    written = pipeline.refresh_notebooks(mini, mini_chapters, log=lambda *_: None)
    assert sorted(p.name for p in written) == [c.notebook for c in mini_chapters]
    alpha = nbformat.read(mini / "notebooks/01_alpha.ipynb", as_version=4)
    assert not any("injected-parameters" in c.metadata.get("tags", []) for c in alpha.cells)
    assert "delegation_single is 20" in alpha.cells[2].outputs[0]["text"]
    assert alpha.cells[3].metadata["mystnb"]["figure"]["name"] == "alpha-line"
    assert [c.execution_count for c in alpha.cells if c.cell_type == "code"] == [1, 2, 3]
    assert pipeline.refresh_notebooks(mini, mini_chapters, log=lambda *_: None) == []  # nothing changed


def test_several_builds_run_in_one_process_and_a_failure_keeps_those_before(mini, mini_chapters, token):
    set_cell(mini, "01_alpha", 2, 'assert delegation_single != 13, "unlucky"\nprint(delegation_single)')
    messages = []
    with pytest.raises(GovexportError, match="chapter 01_alpha, cell 3 .* AssertionError: unlucky"):
        pipeline.build_many(
            [("s1", {"delegation_single": 12}, None), ("s2", {"delegation_single": 13}, None)],
            mini,
            chapters=mini_chapters,
            log=messages.append,
        )
    assert workspace.complete(mini, "s1")["parameters"]["delegation_single"] == 12
    assert not (mini / "build/s2").exists() and leftovers(mini) == [] and no_process_left(token)
    assert "s1: compiling the book" in messages and any(m.startswith("s2: 01_alpha") for m in messages)


def test_several_builds_are_all_checked_before_any_is_built(mini, mini_chapters):
    before = tree_digest(mini / "build")
    with pytest.raises(GovexportError, match="unknown parameter 'delegation'"):
        pipeline.build_many(
            [("s1", {"delegation_single": 12}, None), ("s2", {"delegation": 13}, None)],
            mini,
            chapters=mini_chapters,
            log=lambda *_: None,
        )
    assert tree_digest(mini / "build") == before


def test_chapters_sharing_a_kernel_each_start_fresh_in_the_project_root(mini):
    """Two chapters in turn on one kernel: nothing the first leaves (names, working directory, environment,
    matplotlib settings, open figures) reaches the second, which runs from the project root."""
    import asyncio

    from nbformat.v4 import new_code_cell, new_notebook

    from govexport.publish.execute import execute
    from govexport.publish.kernels import KernelPool
    from govexport.report.book import Chapter

    messy = new_notebook(
        cells=[
            new_code_cell(
                "import os, matplotlib, matplotlib.pyplot as plt\nleaked = 1\nos.chdir('/')\n"
                "os.environ['LEAKED'] = '1'\n"
                "matplotlib.rcParams['lines.linewidth'] = 9\nplt.figure()"
            )
        ]
    )
    check = new_notebook(
        cells=[
            new_code_cell(
                "import os, matplotlib, matplotlib.pyplot as plt\nassert 'leaked' not in globals()\n"
                "assert 'LEAKED' not in os.environ\nassert matplotlib.rcParams['lines.linewidth'] != 9\n"
                "assert not plt.get_fignums()\nprint(os.getcwd())"
            )
        ]
    )

    async def run():
        async with KernelPool(1, mini) as pool:
            await execute(pool, Chapter("a", "A", ()), messy, {})
            nb, _ = await execute(pool, Chapter("b", "B", ()), check, {})
            return nb

    nb = asyncio.run(run())
    assert nb.cells[0].outputs[0]["text"].strip() == str(mini.resolve())


def test_a_book_that_does_not_compile_keeps_the_last_build_and_says_why(mini, mini_chapters):
    before = tree_digest(mini / "build/default")
    intro = mini / "book/intro.md"
    text = intro.read_text(encoding="utf-8")
    intro.write_text(text + "\n{doc}`a page that does not exist <nowhere>`\n", encoding="utf-8")
    with pytest.raises(
        GovexportError,
        match=r"^the book did not compile: Sphinx reported 1 problem \(warnings are "
        r"errors\), shown above; its whole output is in build/.sphinx/sphinx.log$",
    ) as failed:
        build(mini, mini_chapters)
    assert "nowhere" in failed.value.details
    assert tree_digest(mini / "build/default") == before and leftovers(mini) == []
    intro.write_text(text, encoding="utf-8")
    assert build(mini, mini_chapters)[-1] == "build/default is up to date: nothing it reads changed (3 chapters)"
