"""govexport: build the book, regenerate processed data, refresh the committed notebooks, print the ledger."""

import argparse
import sys
from pathlib import Path

import yaml

from .errors import GovexportError
from .paths import project_root
from .scenarios import read_scenario


def parse_assignments(items):
    """['delegation_single=10', ...] -> {'delegation_single': 10, ...}; values read as YAML scalars."""
    out = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise GovexportError(f"-p expects NAME=VALUE, got {item!r}")
        out[name.strip()] = yaml.safe_load(value) if value.strip() else ""
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(prog="govexport", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    book = sub.add_parser("book", help="execute the chapters and build the book into build/NAME/")
    book.add_argument("--name", help="name of the build (default: 'default', or the scenario's name)")
    book.add_argument("-p", "--param", action="append", metavar="NAME=VALUE", help="override a parameter")
    book.add_argument("--scenario", help="a scenarios/*.yaml file of parameters")
    sub.add_parser("data", help="regenerate data/processed/ from the raw tables and the codebook")
    sub.add_parser("notebooks", help="re-execute notebooks/ in place with the default parameters")
    claims = sub.add_parser("claims", help="print the ledger of a built book")
    claims.add_argument("--name", default="default")
    args = parser.parse_args(argv)

    try:
        root = project_root()
        if args.command == "book":
            from .build.pipeline import build
            overrides, name = {}, args.name
            if args.scenario:
                scenario = read_scenario(args.scenario)
                overrides.update(scenario.get("parameters", {}))
                name = name or scenario.get("name") or Path(args.scenario).stem
            overrides.update(parse_assignments(args.param))
            if overrides and not name:
                raise GovexportError("a build with parameters needs --name NAME, so that build/default/ stays "
                                     "the paper's defaults")
            index = build(name or "default", overrides, root)
            print(f"Book built: open {index.relative_to(root)}")
        elif args.command == "data":
            from .data.processed import write_processed
            for path in write_processed(root):
                print(f"wrote {path.relative_to(root)}")
        elif args.command == "notebooks":
            from .build.pipeline import refresh_notebooks
            for path in refresh_notebooks(root):
                print(f"executed {path.relative_to(root)}")
        elif args.command == "claims":
            from .claims.ledger import print_ledger
            print_ledger(root / "build" / args.name / "claims.csv")
    except GovexportError as err:
        print(f"govexport: error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
