"""govexport: build the book and its variants, read and compare their ledgers, work on the chapters."""

import argparse
import os
import sys

from . import __version__
from .errors import GovexportError, os_problem, shorten
from .paths import project_root


def parse_assignments(items):
    """['delegation_single=10', ...] -> {'delegation_single': 10, ...}; values read as plain YAML scalars.
    A parameter given twice is refused (the last would silently win)."""
    from . import safeyaml

    out = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise GovexportError(f"-p expects NAME=VALUE, got {shorten(item)}")
        name = name.strip()
        if name in out:
            raise GovexportError(f"-p {shorten(name)} is given twice; give each parameter once")
        out[name] = safeyaml.loads(value, f"-p {name[:80]}") if value.strip() else ""
    return out


MAX_TIMEOUT = 86_400  # seconds a chapter may be given (--timeout): a day


class Parser(argparse.ArgumentParser):
    """argparse whose every complaint is one GovexportError (`govexport: error: ...`, exit 2), not its usage
    and a second line."""

    def error(self, message):
        command = self.prog.partition(" ")[2]  # 'book' for 'govexport book'; '' for govexport itself
        where = f"{command}: " if command else ""
        raise GovexportError(
            f"{where}{' '.join(message.split())} (see govexport {command + ' ' if command else ''}--help)"
        )


class Once(argparse.Action):
    """An option that may be given once: a second one is refused (the last would silently win)."""

    def __call__(self, parser, namespace, values, option_string=None):
        given = getattr(namespace, f"_given_{self.dest}", False)
        if given:
            parser.error(f"{option_string} is given twice; give it once")
        setattr(namespace, f"_given_{self.dest}", True)
        setattr(namespace, self.dest, values)


def parser():
    main = Parser(prog="govexport", description=__doc__)
    main.add_argument("--version", action="version", version=f"govexport {__version__}")
    sub = main.add_subparsers(dest="command", required=True, parser_class=Parser)
    book = sub.add_parser("book", help="execute the chapters and build the book into build/NAME/")
    book.add_argument("--name", action=Once, help="name of the build (default: 'default', or the scenario's name)")
    book.add_argument("-p", "--param", action="append", metavar="NAME=VALUE", help="override a parameter")
    book.add_argument(
        "--scenario",
        action="append",
        help="a scenarios/*.yaml file of parameters (repeat it to build "
        "several scenarios in turn, each under its own name)",
    )
    book.add_argument(
        "--edition",
        action=Once,
        default="instructor",
        choices=("instructor", "student"),
        help="'student' hides the verdicts and the exercises' answers until revealed (default: instructor)",
    )
    book.add_argument(
        "--timeout",
        action=Once,
        type=float,
        default=600.0,
        metavar="SECONDS",
        help="stop a chapter that runs longer than this (default: 600)",
    )
    book.add_argument(
        "--engine",
        default="local",
        choices=("local", "dask"),
        help="where the multiverse is computed: 'local' processes (default) or a 'dask' cluster",
    )
    book.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: the address of a running dask scheduler, such as tcp://10.0.0.5:8786 "
        "(default: a LocalCluster on this machine)",
    )
    claims = sub.add_parser("claims", help="print the ledger of a complete build")
    claims.add_argument("--name", action="append", help="the build (default: default); once")
    compare = sub.add_parser(
        "compare",
        help="the claims whose value or verdict differ between two builds, with the reason in each",
        description="The parameters that differ between builds A and B, then each claim whose value or verdict "
        "differs, with its value, verdict and reason in both; wrapped at COLUMNS (100 when unset). Also "
        "written as CSV: one row per claim that differs, and the parameters in a file beside it.",
    )
    compare.add_argument("a", metavar="A", help="a complete build's name, such as default")
    compare.add_argument("b", metavar="B", help="another build's name, such as small-delegations")
    compare.add_argument(
        "--csv",
        action=Once,
        metavar="PATH",
        help="where to write the comparison (default: build/compare-A-B.csv; its parameters go to "
        "build/compare-A-B-parameters.csv)",
    )
    sub.add_parser("data", help="regenerate data/processed/ from the raw tables and the codebook")
    sub.add_parser("notebooks", help="re-execute notebooks/ in place, as committed (what nbval checks)")
    pdf = sub.add_parser("pdf", help="the PDF of a complete build")
    pdf.add_argument("--name", action=Once, default="default")
    pdf.add_argument(
        "--edition",
        action=Once,
        choices=("instructor", "student"),
        help="the edition to print (default: the build's; 'student' prints no verdict and no answer)",
    )
    sub.add_parser(
        "lab",
        help="JupyterLab on the project: the chapters (notebooks/) and your copies (work/); options go to JupyterLab",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Start the pinned JupyterLab with the project's folder as its root, open on notebooks/\n"
        "(the chapters), with work/ (the copies `govexport work` makes) beside it. Chapters show their\n"
        "citations, glossary terms and cross-references rendered (the jupyterlab-myst extension).\n"
        "Stopping this command (Ctrl-C, or a signal) stops the server and its kernels.",
        epilog="Any other option goes to JupyterLab as it is, for example:\n"
        "  govexport lab -- --port 8899          another port\n"
        "  govexport lab -- --no-browser         print the address instead of opening a browser\n"
        "  govexport lab -- --ip 0.0.0.0         listen on every interface (a remote machine)\n"
        "  govexport lab -- --allow-root         run as root (a container)\n"
        "With make: make lab LAB_ARGS='--port 8899 --no-browser'. All of JupyterLab's options: "
        "jupyter lab --help-all",
    )
    work = sub.add_parser("work", help="copy a chapter into work/ to edit it")
    work.add_argument("chapter", help="a chapter id, such as 03_officials")
    work.add_argument("--reset", action="store_true", help="replace an existing copy with the chapter")
    return main


def book(args, root):
    from .publish import guard
    from .publish.pipeline import build_many
    from .scenarios import read_scenario

    scenarios = args.scenario or []
    if not (0 < args.timeout <= MAX_TIMEOUT):  # also NaN
        raise GovexportError(
            f"--timeout {args.timeout:g}: expected a number of seconds above 0, at most {MAX_TIMEOUT:,}"
        )
    if len(set(scenarios)) < len(scenarios):
        raise GovexportError(
            f"--scenario {shorten(next(s for s in scenarios if scenarios.count(s) > 1))} is given twice"
        )
    if args.name is not None:  # checked before any file is read
        guard.check_name(args.name, overrides=bool(args.param or scenarios))
    if len(scenarios) > 1 and (args.name or args.param):
        raise GovexportError("several scenarios build under their own names: give --name and -p with one only")
    params = parse_assignments(args.param)
    requests = []
    for path in scenarios:
        scenario = {**read_scenario(path), "path": path}
        requests.append((args.name or scenario["name"], {**scenario["parameters"], **params}, scenario))
    if not scenarios:
        if params and not args.name:
            raise GovexportError(
                "a build with parameters needs --name NAME, so that build/default/ stays the paper's defaults"
            )
        requests.append((args.name or "default", params, None))
    if args.scheduler and args.engine != "dask":
        raise GovexportError("--scheduler is the address of a dask scheduler: give it with --engine dask")
    for index in build_many(
        requests,
        root,
        edition=args.edition,
        timeout=args.timeout,
        log=lambda line: print(line, flush=True),
        engine=args.engine,
        scheduler=args.scheduler,
    ):
        print(f"Book built: open {index.relative_to(root)}")


def claims(args, root):
    from .publish.compare import claims_lines

    names = args.name or ["default"]
    if len(names) > 1:
        raise GovexportError("govexport claims shows one build; to set two side by side: govexport compare A B")
    print("\n".join(claims_lines(root, names[0])))


def compare(args, root):
    from .publish import guard
    from .publish.compare import check_target, compare_lines, default_csv, write_csv
    from .publish.compare import compare as compared

    guard.check_name(args.a)  # names first: they make the default --csv path
    guard.check_name(args.b)
    target = args.csv or default_csv(root, args.a, args.b)
    check_target(target)  # before anything is printed or computed
    parameters, differences = compared(root, args.a, args.b)
    print("\n".join(compare_lines(args.a, args.b, parameters, differences)))
    paths = write_csv(target, args.a, args.b, parameters, differences)
    print("\n".join(f"wrote {path}" for path in paths))


def data(args, root):
    from .data.processed import write_processed

    for path in write_processed(root):
        print(f"wrote {path.relative_to(root)}")


def notebooks(args, root):
    from .publish.pipeline import refresh_notebooks

    written = refresh_notebooks(root)
    print(
        f"{len(written)} notebook{'s' if len(written) != 1 else ''} changed"
        + "".join(f"\n  {p.relative_to(root)}" for p in written)
    )


def pdf(args, root):
    from .publish import guard

    guard.check_name(args.name)
    try:
        from .publish.pdf import build_pdf
    except ImportError:
        raise GovexportError("the PDF is not available in this version of govexport") from None
    build_pdf(args.name, root, print, args.edition)


def lab(args, root):
    from .publish.lab import run_lab

    return run_lab(root, args.options)


def work(args, root):
    from .publish.workcopy import work_copy

    path, reset = work_copy(args.chapter, root, args.reset)
    print(
        f"copied to {path.relative_to(root)}: open it with `govexport lab` (work/ is beside notebooks/ in its "
        f"file browser; work/ is not committed); to start again from the chapter: {reset}"
    )


# One function per command, each taking the parsed arguments and the project root; its return value (None: 0)
# is the exit status.
COMMANDS = {
    "book": book,
    "claims": claims,
    "compare": compare,
    "data": data,
    "notebooks": notebooks,
    "pdf": pdf,
    "lab": lab,
    "work": work,
}


def run(args, root):
    return COMMANDS[args.command](args, root) or 0


def main(argv=None):
    try:
        main_parser = parser()
        args, options = main_parser.parse_known_args(argv)
        if options and args.command != "lab":
            main_parser.error(f"unrecognized arguments: {' '.join(options)[:200]}")
        args.options = options
        try:
            root = project_root()
        except FileNotFoundError as err:
            raise GovexportError(str(err)) from None
        return run(args, root)
    except OSError as err:  # a full disk, a read-only folder: whichever command met it, one line naming the path
        print(f"govexport: error: {os_problem(err)}", file=sys.stderr)
        return 2
    except GovexportError as err:
        if getattr(err, "details", ""):  # what a tool said (Sphinx's warnings), before our one line
            print(err.details, file=sys.stderr)
        print(f"govexport: error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `govexport claims | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush stays quiet
        return 0
    except KeyboardInterrupt as stop:  # Ctrl-C, or SIGINT/SIGTERM during a build (build.interrupt.Stopped)
        what = getattr(stop, "signal", "SIGINT")
        print(f"govexport: error: stopped by {what}; every complete build in build/ is as it was", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
