"""Entry point: the command line, or the main window on the chosen database."""

import argparse
import gc
import logging
import os
import platform
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path

from crisisapp import __version__, cli, logs
from crisisapp.errors import CrisisAppError
from crisisapp.paths import data_folder
from crisisapp.storage.server import without_passwords
from crisisapp.timeutil import to_utc, utcnow

#: For tests only: a fixed "now" (ISO 8601; without an offset it is Dutch time) for the app and the command
#: line, so that a test of dated demo data or of a default date holds on any day it runs.
NOW_ENV = "CRISISAPP_NOW"

log = logging.getLogger(__name__)


def clock_from_environment(environ: Mapping[str, str] = os.environ) -> Callable[[], datetime]:
    """The real clock, or the moment fixed by $CRISISAPP_NOW; the one place that variable is read."""
    fixed = environ.get(NOW_ENV, "").strip()
    if not fixed:
        return utcnow
    try:
        moment = to_utc(datetime.fromisoformat(fixed))
    except ValueError as exc:
        raise CrisisAppError(
            f"{NOW_ENV}={fixed} is geen tijdstip; schrijf het zoals 2026-11-26T12:00:00+01:00."
        ) from exc
    return lambda: moment


def main(argv: Sequence[str] | None = None) -> int:
    args = cli.parse(argv)
    installed = logs.setup(data_folder())
    command_line = without_passwords(" ".join(sys.argv[1:] if argv is None else argv))
    log.info(
        "CrisisApp %s start (%s): crisisapp %s; Python %s op %s",
        __version__,
        "opdrachtregel" if args.command is not None else "venster",
        command_line,
        platform.python_version(),
        platform.platform(terse=True),
    )
    try:
        clock = clock_from_environment()
    except CrisisAppError as exc:
        print(f"crisisapp: fout: {exc}", file=sys.stderr)
        return 1
    if clock is not utcnow:
        log.info("De klok staat vast op %s (%s)", clock().isoformat(), NOW_ENV)
    if args.command is None:
        return run_gui(args, clock, installed.file)
    gc.enable()  # off while the command line started (crisisapp/__main__.py): a command may run for a while
    try:
        return cli.run(args, clock)
    except Exception:
        where = f"in {installed.file}" if installed.file else "hieronder"
        log.critical(
            "Er ging iets onverwachts mis bij ‘crisisapp %s’. Wat al was opgeslagen, blijft bewaard. De technische "
            "details staan %s; geef die aan de functioneel beheerder.",
            command_line,
            where,
            exc_info=True,
        )
        return 1


def run_gui(args: argparse.Namespace, clock: Callable[[], datetime], log_file: Path | None) -> int:
    """Build QApplication, open the database and show the main window."""
    from crisisapp.ui.application import start

    return start(args.db, sys.argv[:1], clock=clock, log_file=log_file)
