"""The command line: batch printing, demo data and (later) exports and checks, never needing a display."""

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from crisisapp import __version__
from crisisapp.context import AppContext
from crisisapp.errors import CrisisAppError
from crisisapp.files import write_file_atomically
from crisisapp.paths import database_path
from crisisapp.storage import backup
from crisisapp.storage.audit import current_user
from crisisapp.storage.database import open_database
from crisisapp.storage.lock import DatabaseLock
from crisisapp.timeutil import to_local, utcnow

if TYPE_CHECKING:
    from crisisapp.services.organisation import Overview

# argparse speaks English; its messages that a user meets most are given in Dutch here.
_ARGPARSE_DUTCH = (
    (r"the following arguments are required: (.*)", r"deze opties zijn verplicht: \1"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)", r"\1: ongeldige keuze \2 (kies uit \3)"),
    (r"argument (\S+): invalid int value: (.*)", r"\1: geen geheel getal: \2"),
    (r"argument (\S+): expected one argument", r"\1: hier hoort een waarde bij"),
    (r"unrecognized arguments: (.*)", r"onbekende argumenten: \1"),
)


class DutchArgumentParser(argparse.ArgumentParser):
    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "gebruik:", 1)

    def format_help(self) -> str:
        return (
            super()
            .format_help()
            .replace("usage:", "gebruik:", 1)
            .replace("positional arguments:", "argumenten:")
            .replace("options:", "opties:")
            .replace("show this help message and exit", "toon deze hulptekst")
        )

    def error(self, message: str) -> NoReturn:
        for pattern, dutch in _ARGPARSE_DUTCH:
            message = re.sub(pattern, dutch, message)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fout: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    db_help = "het databasebestand (standaard: $CRISISAPP_DB of het bestand in uw gebruikersmap)"
    parser = DutchArgumentParser(prog="crisisapp", description="CrisisApp, gemeente Maassluis.")
    parser.add_argument("--version", action="version", version=f"CrisisApp {__version__}", help="toon de versie")
    parser.add_argument("--db", metavar="PAD", help=db_help)
    # Sub-commands accept --db too; SUPPRESS keeps a --db given before the sub-command.
    common = DutchArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PAD", default=argparse.SUPPRESS, help=db_help)
    commands = parser.add_subparsers(dest="command", metavar="OPDRACHT", parser_class=DutchArgumentParser)

    printing = commands.add_parser("print", help="een rapport als PDF schrijven")
    reports = printing.add_subparsers(dest="report", metavar="RAPPORT", required=True)
    programme = reports.add_parser("programme", parents=[common], help="het uitvoeringsprogramma 2020")
    programme.add_argument("--priority", type=int, metavar="N", help="alleen prioriteit N (1 tot en met 6)")
    programme.add_argument("--out", required=True, metavar="BESTAND.pdf", help="het PDF-bestand")
    programme.set_defaults(handler=print_programme)
    contacts = reports.add_parser("contacts", parents=[common], help="de bereikbaarheidslijst crisisorganisatie")
    contacts.add_argument("--out", required=True, metavar="BESTAND.pdf", help="het PDF-bestand")
    contacts.set_defaults(handler=print_contacts)
    alarm = reports.add_parser("alarm", parents=[common], help="de alarmeringslijst van een GRIP-niveau")
    alarm.add_argument("--grip", required=True, type=int, metavar="N", help="het GRIP-niveau (1 tot en met 4)")
    alarm.add_argument("--out", required=True, metavar="BESTAND.pdf", help="het PDF-bestand")
    alarm.set_defaults(handler=print_alarm)

    demo = commands.add_parser("demo", parents=[common], help="een databasebestand vullen met demogegevens")
    demo.set_defaults(handler=fill_demo)

    backup = commands.add_parser("backup", parents=[common], help="nu een gecontroleerde back-up maken")
    backup.add_argument("--out", metavar="BESTAND", help="waar de back-up komt (standaard: in de back-upmap)")
    backup.set_defaults(handler=make_backup)

    restore = commands.add_parser("restore", parents=[common], help="een back-up terugzetten")
    restore.add_argument("backup", metavar="BACKUP", help="het back-upbestand")
    restore.set_defaults(handler=restore_backup)

    check = commands.add_parser("check", parents=[common], help="de database controleren")
    check.set_defaults(handler=check_database)
    return parser


def _open(args: argparse.Namespace) -> AppContext:
    return AppContext(open_database(database_path(args.db)))


def print_programme(args: argparse.Namespace) -> str:
    from crisisapp.reports.programme import programme_pdf
    from crisisapp.services import programme

    plan = programme.load_programme()
    if args.priority is not None:
        plan.priority(args.priority)  # refuses an unknown number before the database is touched
    context = _open(args)
    try:
        progress = context.call(programme.get_progress)
        pdf = programme_pdf(plan, progress, priority=args.priority, printed_at=context.now())
    finally:
        context.close()
    return f"Geschreven: {write_file_atomically(Path(args.out), pdf)}"


def _organisation_overview(args: argparse.Namespace) -> tuple["Overview", datetime]:
    from crisisapp.services import organisation

    context = _open(args)
    try:
        now = context.now()
        return context.call(organisation.overview, to_local(now).date()), now
    finally:
        context.close()


def print_contacts(args: argparse.Namespace) -> str:
    from crisisapp.reports.organisation import contacts_pdf

    overview, now = _organisation_overview(args)
    return f"Geschreven: {write_file_atomically(Path(args.out), contacts_pdf(overview, now))}"


def print_alarm(args: argparse.Namespace) -> str:
    from crisisapp.reports.organisation import alarm_pdf

    if not 1 <= args.grip <= 4:
        raise CrisisAppError(f"GRIP-niveau {args.grip} bestaat niet; kies 1, 2, 3 of 4.")
    overview, now = _organisation_overview(args)
    return f"Geschreven: {write_file_atomically(Path(args.out), alarm_pdf(overview, args.grip, now))}"


def fill_demo(args: argparse.Namespace) -> str:
    from crisisapp.services.demo import fill_demo as fill

    if args.db is None:
        raise CrisisAppError("Geef met --db PAD aan welk bestand met demogegevens gevuld moet worden.")
    context = _open(args)
    try:
        context.call(fill, context.now())
    finally:
        context.close()
    return f"Demogegevens toegevoegd aan {context.database.path}"


def _existing(args: argparse.Namespace) -> Path:
    path = database_path(args.db).expanduser().resolve()
    if not path.is_file():
        raise CrisisAppError(f"Het databasebestand {path} bestaat niet. Er is niets gedaan.")
    return path


def make_backup(args: argparse.Namespace) -> str:
    path = _existing(args)
    lock = DatabaseLock(path, current_user())  # refuses a file that another process has open
    try:
        if args.out:
            made = backup.make_backup(path, Path(args.out).expanduser().resolve())
        else:
            made = backup.backup_into_folder(path, backup.configured_folder(path), utcnow(), backup.MANUAL)
    finally:
        lock.release()
    return f"Back-up gemaakt en gecontroleerd: {made}"


def restore_backup(args: argparse.Namespace) -> str:
    """Also onto a damaged or lost database file: the file is never opened as a database first."""
    path = database_path(args.db).expanduser().resolve()
    safety = backup.restore(Path(args.backup), path, backup.configured_folder(path), utcnow())
    before = f" De vorige toestand staat in {safety}." if safety else ""
    return f"Back-up {args.backup} teruggezet in {path}.{before}"


def check_database(args: argparse.Namespace) -> str:
    path = _existing(args)
    lock = DatabaseLock(path, current_user())
    try:
        report = backup.check(path, backup.configured_folder(path), utcnow())
    finally:
        lock.release()
    text = "\n".join(report.lines())
    if not report.ok:
        raise CheckFailedError(text)
    return text


class CheckFailedError(CrisisAppError):
    """The check found problems; the report is the message."""


def run(args: argparse.Namespace) -> int:
    """Carry out a sub-command; errors go to stderr in Dutch with exit status 1."""
    handler: Callable[[argparse.Namespace], str] = args.handler
    try:
        print(handler(args))
    except CheckFailedError as exc:
        print(exc)
        return 1
    except CrisisAppError as exc:
        print(f"crisisapp: fout: {exc}", file=sys.stderr)
        return 1
    return 0


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    return build_parser().parse_args(argv)
