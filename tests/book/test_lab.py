"""`govexport lab` as a student meets it: the chapters and the work copies in one file browser, chapters whose MyST
roles render (jupyterlab-myst, checked in Chromium), options passed to JupyterLab, and the server stopped with
the command."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from frontend import launched
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from govexport.paths import project_root

ROOT = project_root()
TOKEN = "govexport-test"
RAW_ROLE = re.compile(r"\{(cite(:p|:t)?|term|doc|numref|ref|download)\}`")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def port_open(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def lab():
    """`govexport lab -- OPTIONS` from the project root, with a work copy in work/; yields (process, base URL)."""
    copy = ROOT / "work" / "03_officials.ipynb"
    made = not copy.exists()
    if made:
        subprocess.run([sys.executable, "-m", "govexport.cli", "work", "03_officials"], cwd=ROOT, check=True)
    port = free_port()
    options = ["--no-browser", "--port", str(port), f"--ServerApp.token={TOKEN}", "--ServerApp.ip=127.0.0.1"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        options.append("--allow-root")
    process = subprocess.Popen(
        [sys.executable, "-m", "govexport.cli", "lab", "--", *options],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while not port_open(port):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("govexport lab did not start a server on the port it was given (--port)")
        time.sleep(0.3)
    yield process, base, port
    if process.poll() is None:
        process.kill()
    if made:
        copy.unlink(missing_ok=True)


def test_the_chapters_and_the_work_copies_are_both_in_the_file_browser(lab):
    _, base, _ = lab
    work = get(f"{base}/api/contents/work?token={TOKEN}")
    assert "work/03_officials.ipynb" in {item["path"] for item in work["content"]}
    chapters = get(f"{base}/api/contents/notebooks?token={TOKEN}")
    assert "notebooks/03_officials.ipynb" in {item["path"] for item in chapters["content"]}


def test_jupyterlab_myst_is_installed_and_enabled():
    listed = subprocess.run(
        [sys.executable, "-m", "jupyter", "labextension", "list"], capture_output=True, text=True, check=True
    )
    line = next((ln for ln in (listed.stdout + listed.stderr).splitlines() if "jupyterlab-myst" in ln), "")
    assert "enabled" in line, listed.stdout + listed.stderr


def test_a_chapter_opened_in_lab_shows_rendered_citations_and_glossary_terms(lab):
    _, base, _ = lab
    with launched() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/lab/tree/notebooks/00_introduction.ipynb?token={TOKEN}")
        notebook = page.locator(".jp-Notebook").first
        notebook.wait_for(timeout=60_000)
        page.wait_for_function(
            "() => document.querySelectorAll('.jp-Notebook .jp-MarkdownCell a').length > 5", timeout=60_000
        )
        # jupyterlab-myst renders cells one after another, and JupyterLab may leave a cell below the window as typed
        # until it is scrolled to (under load, for longer than the wait): bring each Markdown cell into view, then wait
        # (bounded) until no role is left as typed, so that a slow render is not read as a failed one; a role that
        # never renders still fails below.
        cells = page.locator(".jp-Notebook .jp-MarkdownCell")
        for i in range(cells.count()):
            cells.nth(i).scroll_into_view_if_needed()
        try:
            page.wait_for_function(
                "re => !new RegExp(re).test(document.querySelector('.jp-Notebook').innerText)",
                arg=RAW_ROLE.pattern,
                timeout=30_000,
            )
        except PlaywrightTimeout:
            pass
        text = notebook.inner_text()
        assert not RAW_ROLE.search(text), RAW_ROLE.search(text)  # no role shown as typed
        links = page.locator(".jp-Notebook .jp-MarkdownCell a").all_inner_texts()
        assert "Foreign Aid Training Project" in links  # a glossary term, rendered as a link
        first = page.locator(".jp-Notebook .jp-MarkdownCell").first.inner_text()
        assert "yau2022" in first and "cite" not in first  # the citation, rendered as a reference
        page.close()


def test_stopping_govexport_lab_stops_the_server(lab):
    process, _, port = lab
    process.send_signal(signal.SIGTERM)
    assert process.wait(30) == 0
    deadline = time.monotonic() + 20
    while port_open(port) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert not port_open(port), "the JupyterLab server outlived govexport lab"
