"""Entry point: the command line, or the main window on the chosen database."""

import argparse
import sys
from collections.abc import Sequence

from crisisapp import cli


def main(argv: Sequence[str] | None = None) -> int:
    args = cli.parse(argv)
    if args.command is not None:
        return cli.run(args)
    return run_gui(args)


def run_gui(args: argparse.Namespace) -> int:
    """Build QApplication, open the database and show the main window."""
    from crisisapp.ui.application import start

    return start(args.db, sys.argv[:1])
