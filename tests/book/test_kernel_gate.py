"""The parameter gate in a real Jupyter kernel, as a student meets it: a typo in the parameters cell is refused
in one line of advice; fixed and run again, the chapter starts without a restart; the student's own variables
are never refused."""

import json

import pytest
from jupyter_client.manager import start_new_kernel

from govexport.paths import project_root

ROOT = project_root()
CHAPTER = "03_officials"


def cells(chapter_id):
    nb = json.loads((ROOT / "notebooks" / f"{chapter_id}.ipynb").read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


@pytest.fixture(scope="module")
def kernel():
    manager, client = start_new_kernel(kernel_name="python3", cwd=str(ROOT / "notebooks"))
    yield client
    client.stop_channels()
    manager.shutdown_kernel(now=True)


def execute(client, code):
    """Run `code` as a notebook cell (stored in In, like Jupyter's); (status, what the cell showed)."""
    msg_id = client.execute(code, store_history=True, allow_stdin=False)
    shown = []
    while True:
        msg = client.get_iopub_msg(timeout=120)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "error":
            shown += content["traceback"]
        elif kind == "stream":
            shown.append(content["text"])
        elif kind == "status" and content["execution_state"] == "idle":
            break
    reply = client.get_shell_msg(timeout=120)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = client.get_shell_msg(timeout=120)
    return reply["content"]["status"], shown


def test_typo_run_fix_run_again_works_without_a_restart_and_own_variables_pass(kernel):
    parameters, start = (c for c in cells(CHAPTER) if "delegation_single" in c or "chapter.start(" in c)
    assert parameters.startswith("# Parameters") and "chapter.start(" in start

    assert execute(kernel, "x = 3\nlabels = ['a', 'b']")[0] == "ok"  # the student's own variables
    typo = parameters.replace("delegation_single = 20", "delegaton_single = 12")
    assert typo != parameters
    execute(kernel, typo)
    status, shown = execute(kernel, start)
    assert status == "error" and len(shown) == 1, shown  # one line, no traceback
    assert shown[0].startswith("ParameterError: Did you mean delegation_single?"), shown

    execute(kernel, parameters.replace("delegation_single = 20", "delegation_single = 12"))
    status, shown = execute(kernel, start)
    assert status == "ok", shown
    assert execute(kernel, "print(run.params['delegation_single'])")[1] == ["12\n"]
