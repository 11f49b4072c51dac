"""The command line: batch printing, demo data and (later) exports and checks, never needing a display."""

import argparse
import getpass
import logging
import os
import re
import shlex
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from crisisapp import __version__
from crisisapp.context import AppContext
from crisisapp.errors import CrisisAppError, os_reason
from crisisapp.files import read_import_file, refuse_protected_output, resolved, write_file_atomically
from crisisapp.paths import database_path, server_backup_folder, server_location
from crisisapp.storage import backup, identity
from crisisapp.storage.connection import open_asking, reach_asking
from crisisapp.storage.database import missing_database, open_database, open_for_reading, refuse_special_file
from crisisapp.storage.lock import DatabaseInUseError, DatabaseLock
from crisisapp.storage.revision import HEAD
from crisisapp.storage.server import (
    PasswordNeededError,
    ServerDatabase,
    ServerDatabaseError,
    is_server_url,
    server_url,
    shown,
    shown_location,
)
from crisisapp.storage.server_backup import DISCONNECT_OPTION, SUFFIX, backup_server, backup_target, restore_server
from crisisapp.timeutil import AMSTERDAM, format_datetime, to_local, utcnow

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    from crisisapp.reports.printed import Printed
    from crisisapp.services.organisation import AlarmList
    from crisisapp.services.piket import Officer, RotaRecord, Schedule

log = logging.getLogger(__name__)
T = TypeVar("T")

# argparse speaks English; its messages that a user meets most are given in Dutch here.
_ARGPARSE_DUTCH = (
    (r"the following arguments are required: (.*)", r"deze opties zijn verplicht: \1"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)", r"\1: ongeldige keuze \2 (kies uit \3)"),
    (r"argument (\S+): invalid int value: (.*)", r"\1: geen geheel getal: \2"),
    (r"argument (\S+): expected one argument", r"\1: hier hoort een waarde bij"),
    (r"unrecognized arguments: (.*)", r"onbekende argumenten: \1"),
    (r"^argument (\S+): ", r"\1: "),  # an option's own Dutch message (ArgumentTypeError)
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


ENCODING_OPTION: dict[str, Any] = {
    "choices": ("utf-8", "windows-1252"),
    "default": "utf-8",
    "help": "tekenset van de CSV: utf-8 (met BOM, standaard) of windows-1252",
}


def _record_numbers(text: str) -> list[int]:
    """The numbers of field records as the sync report names them: ``3,5``."""
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"geef de nummers uit het verslag, gescheiden door komma's (bijvoorbeeld 3,5), niet ‘{text}’"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    db_help = (
        "het databasebestand of een serverdatabase postgresql://gebruiker@server/database "
        "(standaard: $CRISISAPP_DB of het bestand in uw gebruikersmap)"
    )
    parser = DutchArgumentParser(prog="crisisapp", description="CrisisApp, gemeente Maassluis.")
    parser.add_argument("--version", action="version", version=f"CrisisApp {__version__}", help="toon de versie")
    parser.add_argument("--db", metavar="DATABASE", help=db_help)
    # Sub-commands accept --db too; SUPPRESS keeps a --db given before the sub-command.
    common = DutchArgumentParser(add_help=False)
    common.add_argument("--db", metavar="DATABASE", default=argparse.SUPPRESS, help=db_help)
    # The moment a list is for: who is on piket then comes first.
    at = DutchArgumentParser(add_help=False)
    at.add_argument("--at", metavar="'JJJJ-MM-DD UU:MM'", help="een ander moment (zonder offset: Nederlandse tijd)")
    commands = parser.add_subparsers(dest="command", metavar="OPDRACHT", parser_class=DutchArgumentParser)

    printing = commands.add_parser("print", help="een rapport als PDF schrijven")
    reports = printing.add_subparsers(dest="report", metavar="RAPPORT", required=True)
    programme = reports.add_parser("programme", parents=[common], help="het uitvoeringsprogramma 2020")
    programme.add_argument("--priority", type=int, metavar="N", help="alleen prioriteit N (1 tot en met 6)")
    programme.add_argument("--out", required=True, metavar="BESTAND.pdf", help="het PDF-bestand")
    programme.set_defaults(handler=print_programme)
    contacts = reports.add_parser("contacts", parents=[common, at], help="de bereikbaarheidslijst crisisorganisatie")
    contacts.add_argument("--out", required=True, metavar="BESTAND.pdf", help="het PDF-bestand")
    contacts.set_defaults(handler=print_contacts)
    alarm = reports.add_parser("alarm", parents=[common, at], help="de alarmeringslijst van een GRIP-niveau")
    alarm.add_argument("--grip", required=True, type=int, metavar="N", help="het GRIP-niveau (1 tot en met 4)")
    alarm.add_argument("--out", required=True, metavar="BESTAND.pdf", help="het PDF-bestand")
    alarm.set_defaults(handler=print_alarm)

    piket_printing = reports.add_parser("piket", parents=[common], help="het piketoverzicht van een of meer maanden")
    piket_printing.add_argument("--from", dest="first", required=True, metavar="JJJJ-MM", help="de eerste maand")
    piket_printing.add_argument("--months", type=int, default=1, metavar="N", help="aantal maanden (standaard 1)")
    piket_printing.add_argument("--rota", type=int, metavar="NR", help="het rooster (standaard het eerste)")
    piket_printing.add_argument("--out", required=True, metavar="BESTAND.pdf", help="het PDF-bestand")
    piket_printing.set_defaults(handler=print_piket)

    plan = reports.add_parser("oto-plan", parents=[common], help="het OTO-jaarplan")
    plan.add_argument("--year", type=int, required=True, metavar="JJJJ", help="het jaar")
    plan.add_argument("--internal", action="store_true", help="met de data van onaangekondigde oefeningen")
    plan.add_argument("--out", required=True, metavar="BESTAND.pdf", help="het PDF-bestand")
    plan.set_defaults(handler=print_oto_plan)
    verslag = reports.add_parser("oefenverslag", parents=[common], help="het oefenverslag van een activiteit")
    verslag.add_argument("--activity", type=int, required=True, metavar="NR", help="het nummer (zie: oto list)")
    verslag.add_argument("--internal", action="store_true", help="met de datum van een onaangekondigde oefening")
    verslag.add_argument("--out", required=True, metavar="BESTAND.pdf", help="het PDF-bestand")
    verslag.set_defaults(handler=print_oefenverslag)

    check = reports.add_parser("checklist", parents=[common], help="de controlelijst van een evenement")
    check.add_argument("--event", type=int, required=True, metavar="NR", help="het evenement (zie: events list)")
    check.add_argument("--filled", action="store_true", help="met alle controles (anders: leeg, voor op papier)")
    check.add_argument("--out", required=True, metavar="BESTAND.pdf", help="het PDF-bestand")
    check.set_defaults(handler=print_checklist)
    minutes = reports.add_parser("vooroverleg", parents=[common], help="het verslag van een vooroverleg")
    minutes.add_argument("--meeting", type=int, required=True, metavar="NR", help="het overleg (zie: events list)")
    minutes.add_argument("--out", required=True, metavar="BESTAND.pdf", help="het PDF-bestand")
    minutes.set_defaults(handler=print_minutes)

    new_year = reports.add_parser("jaarwisseling", parents=[common], help="draaiboek en evaluatie jaarwisseling")
    new_year.add_argument("--year", type=int, required=True, metavar="JJJJ", help="het jaar van 31 december")
    new_year.add_argument("--out", required=True, metavar="BESTAND.pdf", help="het PDF-bestand")
    new_year.set_defaults(handler=print_jaarwisseling)
    progress = reports.add_parser("voortgang", parents=[common], help="voortgangsrapportage prioriteit 6")
    progress.add_argument("--year", type=int, required=True, metavar="JJJJ", help="het jaar")
    progress.add_argument("--out", required=True, metavar="BESTAND.pdf", help="het PDF-bestand")
    progress.set_defaults(handler=print_voortgang)
    access = reports.add_parser("hulpdiensten", parents=[common], help="de knelpunten in de bereikbaarheid")
    access.add_argument("--out", required=True, metavar="BESTAND.pdf", help="het PDF-bestand")
    access.set_defaults(handler=print_hulpdiensten)
    changes = reports.add_parser("logboek", parents=[common], help="het logboek wijzigingen, zoals de pagina filtert")
    changes.add_argument(
        "--from", dest="since", metavar="JJJJ-MM-DD", help="vanaf deze dag (standaard: een maand terug)"
    )
    changes.add_argument("--until", metavar="JJJJ-MM-DD", help="tot en met deze dag (standaard: vandaag)")
    changes.add_argument("--part", metavar="ONDERDEEL", help="alleen dit onderdeel, bijvoorbeeld Personen")
    changes.add_argument("--user", metavar="GEBRUIKER", help="alleen deze gebruiker")
    changes.add_argument("--text", default="", metavar="TEKST", help="alleen met deze tekst in waarde of actie")
    changes.add_argument("--out", required=True, metavar="BESTAND.pdf", help="het PDF-bestand")
    changes.set_defaults(handler=print_logboek)

    events_command = commands.add_parser("events", help="de evenementen en hun overleggen")
    events_actions = events_command.add_subparsers(dest="action", metavar="ACTIE", required=True)
    events_listing = events_actions.add_parser(
        "list", parents=[common], help="evenementen en overleggen met hun nummer"
    )
    events_listing.add_argument("--year", type=int, metavar="JJJJ", help="alleen deze editie")
    events_listing.set_defaults(handler=events_list)

    incident_report = reports.add_parser("incident", parents=[common], help="het verslag of de sitrap van een incident")
    incident_report.add_argument(
        "--incident", type=int, required=True, metavar="NR", help="het nummer (zie: incident list)"
    )
    incident_report.add_argument("--sitrap", action="store_true", help="het situatierapport nu, niet het hele verslag")
    incident_report.add_argument("--out", required=True, metavar="BESTAND.pdf", help="het PDF-bestand")
    incident_report.set_defaults(handler=print_incident)

    incident_command = commands.add_parser("incident", help="de incidenten: register en export")
    incident_actions = incident_command.add_subparsers(dest="action", metavar="ACTIE", required=True)
    incident_listing = incident_actions.add_parser("list", parents=[common], help="het register met de nummers")
    incident_listing.set_defaults(handler=incident_list)
    incident_export = incident_actions.add_parser(
        "export", parents=[common], help="logregels en oproepen als CSV of JSON (voor LCMS of het archief)"
    )
    incident_export.add_argument("--incident", type=int, required=True, metavar="NR", help="het nummer")
    incident_export.add_argument("--format", choices=("csv", "json"), required=True, help="csv of json")
    incident_export.add_argument("--out", required=True, metavar="BESTAND", help="het bestand")
    incident_export.set_defaults(handler=incident_export_file)

    oto_command = commands.add_parser("oto", help="de OTO-activiteiten: lijst en export")
    oto_actions = oto_command.add_subparsers(dest="action", metavar="ACTIE", required=True)
    listing = oto_actions.add_parser("list", parents=[common], help="de activiteiten met hun nummer")
    listing.add_argument("--year", type=int, metavar="JJJJ", help="alleen dit jaar")
    listing.add_argument("--internal", action="store_true", help="met de data van onaangekondigde oefeningen")
    listing.set_defaults(handler=oto_list)
    oto_export = oto_actions.add_parser("export", parents=[common], help="het jaarplan als iCalendar")
    oto_export.add_argument("--year", type=int, required=True, metavar="JJJJ", help="het jaar")
    oto_export.add_argument("--out", required=True, metavar="BESTAND.ics", help="het bestand")
    oto_export.set_defaults(handler=oto_export_ics)

    piket_command = commands.add_parser("piket", help="het piketrooster: wie dienst heeft, roosters, import en export")
    piket_actions = piket_command.add_subparsers(dest="action", metavar="ACTIE", required=True)
    now = piket_actions.add_parser("now", parents=[common, at], help="wie nu (of op --at) dienst heeft")
    now.add_argument("--rota", type=int, metavar="NR", help="het rooster (standaard het eerste)")
    now.set_defaults(handler=piket_now)
    importing = piket_actions.add_parser("import", parents=[common], help="een rooster (CSV) inlezen")
    importing.add_argument("file", metavar="BESTAND", help="het CSV-bestand")
    importing.add_argument("--rota", type=int, metavar="NR", help="het rooster (standaard het eerste)")
    importing.add_argument(
        "--replace-period",
        action="store_true",
        help="alle diensten van de periode vervangen, van alle gemeenten (standaard: alleen die van de gemeenten "
        "in het bestand)",
    )
    importing.add_argument(
        "--distinct-namesakes",
        action="store_true",
        help="een naam bij twee gemeenten zijn twee verschillende officieren (bevestiging na de voorvertoning)",
    )
    importing.add_argument("--create-rota", action="store_true", help="maak een rooster als er nog geen is")
    importing.add_argument("--preview", action="store_true", help="alleen laten zien wat er verandert")
    importing.set_defaults(handler=piket_import)
    exporting = piket_actions.add_parser("export", parents=[common], help="het rooster als CSV of iCalendar")
    exporting.add_argument("--format", choices=("csv", "ics"), required=True, help="csv of ics")
    exporting.add_argument("--person", metavar="NAAM", help="alleen de diensten van deze officier")
    exporting.add_argument("--rota", type=int, metavar="NR", help="het rooster (standaard het eerste)")
    exporting.add_argument("--encoding", **ENCODING_OPTION)
    exporting.add_argument("--out", required=True, metavar="BESTAND", help="het bestand")
    exporting.set_defaults(handler=piket_export)
    rota = piket_actions.add_parser("rota", help="de piketroosters: lijst, aanmaken, wijzigen")
    rota_actions = rota.add_subparsers(dest="rota_action", metavar="ACTIE", required=True)
    rota_actions.add_parser("list", parents=[common], help="de roosters met hun nummer").set_defaults(
        handler=piket_rota_list
    )
    rota_fields = DutchArgumentParser(add_help=False)
    rota_fields.add_argument("--handover", metavar="'DAG UU:MM'", help="overdracht, bijvoorbeeld 'maandag 09:00'")
    rota_fields.add_argument("--shift-days", type=int, metavar="N", help="lengte van een dienst in dagen")
    rota_fields.add_argument(
        "--shares", metavar="GEMEENTE=N,…", help="de aandelen, bijvoorbeeld Maassluis=2,Vlaardingen=3,Schiedam=3"
    )
    create = rota_actions.add_parser("create", parents=[common, rota_fields], help="een rooster aanmaken")
    create.add_argument("--name", required=True, metavar="NAAM", help="de naam van het rooster")
    create.add_argument("--function", metavar="FUNCTIE", help="de functie (standaard OvD-Bz)")
    create.set_defaults(handler=piket_rota_create)
    edit = rota_actions.add_parser("edit", parents=[common, rota_fields], help="een rooster wijzigen")
    edit.add_argument("rota", type=int, metavar="NR", help="het rooster (zie: piket rota list)")
    edit.add_argument("--name", metavar="NAAM", help="een nieuwe naam")
    edit.set_defaults(handler=piket_rota_edit)

    people = commands.add_parser("people", help="de personen van de crisisorganisatie")
    people_actions = people.add_subparsers(dest="action", metavar="ACTIE", required=True)
    people_export = people_actions.add_parser(
        "export", parents=[common], help="de personen als CSV (vertrouwelijk: persoonsgegevens)"
    )
    people_export.add_argument("--encoding", **ENCODING_OPTION)
    people_export.add_argument("--out", required=True, metavar="BESTAND.csv", help="het bestand")
    people_export.set_defaults(handler=people_export_csv)

    init = commands.add_parser(
        "init", parents=[common], help="een nieuwe, lege database aanmaken (op een server: ook bijwerken)"
    )
    init.set_defaults(handler=create_database)
    upgrade = commands.add_parser("upgrade", parents=[common], help="het schema van de database bijwerken")
    upgrade.set_defaults(handler=upgrade_database)

    demo = commands.add_parser("demo", parents=[common], help="een databasebestand vullen met demogegevens")
    demo.set_defaults(handler=fill_demo)

    backup = commands.add_parser("backup", parents=[common], help="nu een gecontroleerde back-up maken")
    backup.add_argument("--out", metavar="BESTAND", help="waar de back-up komt (standaard: in de back-upmap)")
    backup.set_defaults(handler=make_backup)

    restore = commands.add_parser("restore", parents=[common], help="een back-up terugzetten")
    restore.add_argument(
        "backup", metavar="BACKUP", nargs="?", help="het back-upbestand (zonder: de back-ups van deze database)"
    )
    restore.add_argument(
        "--replace",
        action="store_true",
        help="een serverdatabase die niet leeg is vervangen (van de huidige gegevens komt eerst een back-up)",
    )
    restore.add_argument(
        DISCONNECT_OPTION,
        dest="disconnect",
        action="store_true",
        help="met --replace: eerst de verbindingen van anderen met die serverdatabase beëindigen (zonder wordt het "
        "terugzetten geweigerd zolang iemand verbonden is)",
    )
    restore.set_defaults(handler=restore_backup)

    check = commands.add_parser("check", parents=[common], help="de database controleren")
    check.set_defaults(handler=check_database)

    users = commands.add_parser("gebruiker", help="de gebruikers van een serverdatabase (voor de beheerder)")
    user_actions = users.add_subparsers(dest="action", metavar="ACTIE", required=True)
    adding = user_actions.add_parser(
        "toevoegen",
        parents=[common],
        help="een gebruiker met een eigen login toevoegen; het wachtwoord wordt gevraagd (of via stdin gegeven)",
    )
    adding.add_argument("name", metavar="NAAM", help="de loginnaam (kleine letters, cijfers en _)")
    adding.add_argument("--rol", required=True, choices=("beheerder", "medewerker", "alleen-lezen"), help="de rol")
    adding.add_argument("--gemeente", help="Maassluis, Vlaardingen of Schiedam (niet bij een beheerder)")
    adding.set_defaults(handler=add_user)
    user_actions.add_parser("lijst", parents=[common], help="de gebruikers met hun rol en gemeente").set_defaults(
        handler=list_users
    )
    removing = user_actions.add_parser("verwijderen", parents=[common], help="een gebruiker verwijderen")
    removing.add_argument("name", metavar="NAAM", help="de loginnaam")
    removing.set_defaults(handler=remove_user)

    offline = commands.add_parser("offline", help="een offline kopie van een serverdatabase maken, voor in het veld")
    offline.add_argument("--from", dest="source", required=True, metavar="postgresql://…", help="de serverdatabase")
    offline.add_argument("--out", required=True, metavar="BESTAND.sqlite3", help="de kopie (een nieuw bestand)")
    offline.set_defaults(handler=make_offline_copy)
    sync = commands.add_parser("sync", help="wat in een offline kopie is vastgelegd naar de server sturen")
    sync.add_argument("copy", metavar="KOPIE", help="de offline kopie")
    sync.add_argument("--to", metavar="postgresql://…", help="de serverdatabase (standaard: die van de kopie)")
    sync.add_argument(
        "--vergeet",
        dest="forget",
        type=_record_numbers,
        action="extend",
        default=[],
        metavar="NR,NR…",
        help="registraties die niet verzonden kunnen worden en op de server zijn afgehandeld (hun nummers uit het "
        "verslag) niet meer sturen, en wat erbij hoort ook niet",
    )
    sync.set_defaults(handler=sync_offline_copy)
    return parser


def _database_file(args: argparse.Namespace) -> Path:
    """The database file the command is about, absolute and with its links followed; a server database has
    none (backups and checks of a server database are its server's)."""
    if (location := server_location(args.db)) is not None:
        raise ServerDatabaseError(
            f"Dit kan alleen bij een databasebestand. {shown(server_url(location))} is een serverdatabase; die "
            "controleert de server zelf (een back-up: ‘crisisapp backup --db …’)."
        )
    return resolved(database_path(args.db), "Het databasebestand")


def _ask_password(reason: str) -> str | None:
    """The password typed on the terminal (not shown), or None when there is no terminal to ask on."""
    if not sys.stdin.isatty():
        return None
    print(f"crisisapp: {reason}", file=sys.stderr)
    try:
        return getpass.getpass("Wachtwoord (wordt niet getoond): ")
    except EOFError:
        return None


def _asking_on_terminal(reach: Callable[[Callable[[str], str | None]], T]) -> T:
    """``reach(ask)`` with the password asked on the terminal; without one, where else to give it."""
    try:
        return reach(_ask_password)
    except PasswordNeededError as exc:
        raise PasswordNeededError(
            f"{exc} Typ het op een terminal, of geef het via PGPASSWORD, ~/.pgpass of de sleutelbos van het systeem "
            "(Bestand → Verbinden met server… in het venster)."
        ) from exc


def _open_server(location: str, *, upgrade: bool = False) -> ServerDatabase:
    """The server database, its password asked on the terminal when the server wants one and none was found."""
    return _asking_on_terminal(lambda ask: open_asking(location, ask, upgrade=upgrade))


def _open(args: argparse.Namespace, *, create: bool = False, reading: bool = False) -> AppContext:
    """The database of ``--db``; only ``init`` and ``demo`` create one, the others refuse a missing file.

    A command that only reads says so (``reading``): it also reads while the app has the file open. Any other
    command is refused then, with who has it: a command that does not say it only reads is taken to write.
    """
    if (location := server_location(args.db)) is not None:
        return AppContext(_open_server(location), clock=args.clock)
    path, now = _database_file(args), to_local(args.clock())
    opened = open_for_reading(path, now=now) if reading else open_database(path, now=now, create=create)
    if (damage := opened.damage_warning()) is not None:
        _warn(damage)
    context = AppContext(opened, clock=args.clock, on_backup_problem=_warn)
    _warn_if_stale(context)
    return context


@contextmanager
def _opened(args: argparse.Namespace, *, create: bool = False, reading: bool = False) -> Iterator[AppContext]:
    """The database of ``--db`` as :func:`_open` opens it, closed when the block ends."""
    context = _open(args, create=create, reading=reading)
    try:
        yield context
    finally:
        context.close()


def _written(args: argparse.Namespace, data: bytes) -> str:
    """Write ``data`` to ``--out`` (atomically); what the command answers."""
    return f"Geschreven: {write_file_atomically(Path(args.out), data)}"


def _warn_if_stale(context: AppContext) -> None:
    """An offline copy older than its set age says so (services/offline.py)."""
    if (mark := context.offline_mark()) is not None and (stale := mark.age_warning(context.now())) is not None:
        _warn(stale)


def _warn(message: str) -> None:
    """A problem that does not stop the command (a backup that failed, a damaged file): said on stderr."""
    print(f"crisisapp: waarschuwing: {message}", file=sys.stderr)
    log.info("Waarschuwing: %s", message)  # logged only: logging at WARNING would print it twice


def _refuse_output_onto_the_database(args: argparse.Namespace) -> None:
    """``--out`` may name neither the database, its -wal, -shm or .lock file, nor its backup folder."""
    if getattr(args, "out", None) and server_location(args.db) is None:
        database = _database_file(args)
        files, folders = backup.protected_paths(database)
        args.out = str(refuse_protected_output(Path(args.out), files, folders))


def print_programme(args: argparse.Namespace) -> str:
    from crisisapp.reports.programme import programme_pdf
    from crisisapp.services import programme

    plan = programme.load_programme()
    if args.priority is not None:
        plan.priority(args.priority)  # refuses an unknown number before the database is touched
    with _opened(args, reading=True) as context:
        progress = context.call(programme.get_progress)
        pdf = programme_pdf(plan, progress, priority=args.priority, printed_at=context.now())
    return _written(args, pdf)


def _moment(args: argparse.Namespace, context: AppContext) -> datetime:
    """The moment of ``--at``, or now."""
    from crisisapp.services.csvfiles import ImportRefusedError
    from crisisapp.services.piket_files import parse_moment

    try:
        return parse_moment(args.at, line=0, column="--at") if args.at else context.now()
    except ImportRefusedError as exc:
        raise CrisisAppError(f"--at: {exc.reason}") from exc


def _alarm_list(args: argparse.Namespace) -> "tuple[AlarmList, Printed]":
    """Whom to call now (or at ``--at``): the piket's officer on duty first where a function has a rota; and the
    list printed now by the user."""
    from crisisapp.services import piket

    with _opened(args, reading=True) as context:
        return context.call(piket.alarm_list, _moment(args, context), context.now()), context.printed()


def print_contacts(args: argparse.Namespace) -> str:
    from crisisapp.reports.organisation import contacts_pdf

    alarm, printed = _alarm_list(args)
    return _written(args, contacts_pdf(alarm, printed))


def print_alarm(args: argparse.Namespace) -> str:
    from crisisapp.reports.organisation import alarm_pdf

    if not 1 <= args.grip <= 4:
        raise CrisisAppError(f"GRIP-niveau {args.grip} bestaat niet; kies 1, 2, 3 of 4.")
    alarm, printed = _alarm_list(args)
    return _written(args, alarm_pdf(alarm, args.grip, printed))


NO_ROTA = (
    "Er is nog geen piketrooster. Maak er een met ‘crisisapp piket rota create --name NAAM’, of importeer met "
    "--create-rota."
)


def _rota_id(context: AppContext, chosen: int | None) -> int:
    from crisisapp.services import piket

    rotas = context.call(piket.list_rotas)
    if not rotas:
        raise CrisisAppError(NO_ROTA)
    if chosen is None:
        return rotas[0].id
    if chosen not in {r.id for r in rotas}:
        listed = ", ".join(f"{r.id} ({r.name})" for r in rotas)
        raise CrisisAppError(f"Piketrooster {chosen} bestaat niet; er zijn: {listed}.")
    return chosen


def _duty_lines(heading: str, moment: datetime, plan: "Schedule", officers: "Mapping[int, Officer]") -> list[str]:
    current, following = plan.on_duty(moment), plan.next_after(moment)
    lines = [heading]
    if current is None:
        lines.append("  niemand heeft piket (een gat in het rooster).")
    else:
        officer = officers[current.person_id]
        extra = " (overname)" if current.override_id else ""
        lines.append(f"  {officer.name} ({officer.municipality}, {officer.mobile or 'geen nummer'}){extra}")
        lines.append(f"  tot {format_datetime(current.end)}")
    if following is not None:
        officer = officers[following.person_id]
        lines.append(f"Daarna vanaf {format_datetime(following.start)}: {officer.name} ({officer.municipality})")
    return lines


def piket_now(args: argparse.Namespace) -> str:
    """Who is on duty; a local time in the doubled hour of October answered once when both of its moments have
    the same officer, else for each moment with its offset."""
    from crisisapp.services import piket
    from crisisapp.services.csvfiles import ImportRefusedError
    from crisisapp.services.piket_files import moment_readings, offset, with_offset

    with _opened(args, reading=True) as context:
        try:
            readings = moment_readings(args.at, line=0, column="--at") if args.at else (context.now(),)
        except ImportRefusedError as exc:
            raise CrisisAppError(f"--at: {exc.reason}") from exc
        rota_id = _rota_id(context, args.rota)
        plan = context.call(piket.schedule, rota_id)
        officers = context.call(piket.officers_by_id)
    if len(readings) == 1:
        return "\n".join(_duty_lines(f"Op {format_datetime(readings[0])}:", readings[0], plan, officers))
    on_duty = {None if (s := plan.on_duty(m)) is None else s.person_id for m in readings}
    if len(on_duty) == 1:
        both = " en ".join(offset(m) for m in readings)
        heading = (
            f"Op {format_datetime(readings[0])} ({both}: dit tijdstip komt twee keer voor; beide keren dezelfde "
            "officier):"
        )
        return "\n".join(_duty_lines(heading, readings[-1], plan, officers))
    lines = [f"{args.at.strip()} komt twee keer voor (de klok gaat terug van 03:00 naar 02:00):"]
    for moment in readings:
        lines += _duty_lines(f"Op {with_offset(moment)}:", moment, plan, officers)
    return "\n".join(lines)


def _default_function(context: AppContext, wanted: str | None) -> int:
    """The function a new rota is for: the one named, or the OvD-Bz."""
    from crisisapp.services import organisation
    from crisisapp.services.piket_files import function_matches

    functions = [(t, f) for t in context.call(organisation.list_teams) for f in t.functions]
    if wanted is None:
        found = [f for t, f in functions if t.code == "OvD-Bz"]
        if not found:
            raise CrisisAppError("Er is geen functie OvD-Bz; geef met --function aan voor welke functie.")
        return found[0].id
    found = [f for t, f in functions if function_matches(wanted, f.name)]
    if len(found) != 1:
        names = "; ".join(f.name for _t, f in functions)
        how = "Er is geen functie" if not found else "Meer dan één functie heet"
        raise CrisisAppError(f"{how} ‘{wanted}’. Er zijn: {names}.")
    return found[0].id


def _handover(text: str) -> tuple[int, time]:
    from crisisapp.services.piket import WEEKDAYS

    day, _, clock = text.strip().partition(" ")
    day = day.casefold()
    matches = [n for n, name in enumerate(WEEKDAYS) if name.startswith(day)] if len(day) >= 2 else []
    try:
        moment = datetime.strptime(clock.strip(), "%H:%M").time()
    except ValueError:
        moment = None
    if len(matches) != 1 or moment is None:
        raise CrisisAppError(f"--handover ‘{text}’: schrijf de dag en de tijd, bijvoorbeeld ‘maandag 09:00’.")
    return matches[0], moment


def _shares(text: str) -> dict[str, int]:
    from crisisapp.services import organisation

    shares = {}
    for part in text.split(","):
        name, _, weight = part.partition("=")
        municipality = organisation.canonical_municipality(name)
        if municipality is None or not weight.strip().isdigit():
            raise CrisisAppError(
                f"--shares ‘{part.strip()}’: schrijf GEMEENTE=AANDEEL, bijvoorbeeld Maassluis=2,Vlaardingen=3."
            )
        shares[municipality] = int(weight)
    return shares


def _rota_text(rota: "RotaRecord", function: str) -> str:
    shares = ", ".join(f"{m} {w}" for m, w in rota.shares.items())
    return f"{rota.id}  {rota.name}  ({function}; {rota.describe()}; aandelen {shares})"


def piket_rota_list(args: argparse.Namespace) -> str:
    from crisisapp.services import piket
    from crisisapp.services.piket_files import function_name

    with _opened(args, reading=True) as context:
        rotas = context.call(piket.list_rotas)
        lines = [_rota_text(r, context.call(function_name, r.function_id)) for r in rotas]
    return "\n".join(lines) if lines else NO_ROTA


def _create_rota(context: AppContext, name: str, function: str | None, args: argparse.Namespace) -> "RotaRecord":
    from crisisapp.services import piket
    from crisisapp.services.piket_files import PARTNERS

    weekday, clock = _handover(args.handover) if getattr(args, "handover", None) else (0, time(9, 0))
    shares = _shares(args.shares) if getattr(args, "shares", None) else dict.fromkeys(PARTNERS, 1)
    days = getattr(args, "shift_days", None) or 7
    command = piket.CreateRota(name, _default_function(context, function), shares, weekday, clock, days)
    return context.execute(command).result


def piket_rota_create(args: argparse.Namespace) -> str:
    from crisisapp.services.piket_files import function_name

    with _opened(args) as context:
        made = _create_rota(context, args.name, args.function, args)
        text = _rota_text(made, context.call(function_name, made.function_id))
    return f"Piketrooster aangemaakt: {text}"


def piket_rota_edit(args: argparse.Namespace) -> str:
    from crisisapp.services import piket
    from crisisapp.services.piket_files import function_name

    with _opened(args) as context:
        rota = context.call(piket.get_rota, _rota_id(context, args.rota))
        weekday, clock = _handover(args.handover) if args.handover else (rota.handover_weekday, rota.handover_time)
        command = piket.UpdateRota(
            rota.id,
            args.name if args.name is not None else rota.name,
            _shares(args.shares) if args.shares else dict(rota.shares),
            weekday,
            clock,
            args.shift_days if args.shift_days is not None else rota.shift_days,
        )
        changed = context.execute(command).result
        text = _rota_text(changed, context.call(function_name, changed.function_id))
    return f"Piketrooster gewijzigd: {text}"


def piket_import(args: argparse.Namespace) -> str:
    from crisisapp.services import piket, piket_files
    from crisisapp.services.organisation import counted

    try:
        data = read_import_file(Path(args.file))
    except OSError as exc:
        raise CrisisAppError(f"{args.file} kan niet worden gelezen: {os_reason(exc)}.") from exc
    mode = piket_files.ImportMode.REPLACE_PERIOD if args.replace_period else piket_files.ImportMode.MERGE
    lines = []
    with _opened(args) as context:
        created = None
        if not context.call(piket.list_rotas) and args.create_rota and not args.preview:
            created = context.execute(
                piket.CreateRota(
                    "OvD-Bz Maassluis, Vlaardingen, Schiedam",
                    _default_function(context, None),
                    dict.fromkeys(piket_files.PARTNERS, 1),
                )
            )
            rota = created.result
            lines.append(
                f"Piketrooster {rota.id} ‘{rota.name}’ aangemaakt ({rota.describe()}, gelijke aandelen); wijzig het "
                f"met ‘crisisapp piket rota edit {rota.id}’."
            )
        if args.preview and not context.call(piket.list_rotas):
            raise CrisisAppError(
                "Er is nog geen piketrooster, dus nog niets om mee te vergelijken. Importeer met --create-rota: dan "
                "wordt het rooster eerst gemaakt en ziet u wat er is ingelezen."
            )
        rota_id = _rota_id(context, args.rota)
        if args.preview:
            plan = context.call(piket_files.plan_import, rota_id, data, mode)
            return "\n".join([*plan.describe(), "Voorvertoning: er is niets geïmporteerd."])
        command = piket_files.ImportSchedule(rota_id, data, mode, args.distinct_namesakes)
        try:
            plan = context.execute(command).result
        except CrisisAppError as exc:
            if created is not None:
                context.execute(created.inverse)  # the rota made for this import goes with it
            hint = ""
            if isinstance(exc, piket_files.ConflictError):
                hint = " Alles wat er verandert: --preview; de hele periode vervangen: --replace-period."
            elif isinstance(exc, piket_files.NamesakesError):
                hint = " Zijn het verschillende officieren, geef dan --distinct-namesakes."
            raise CrisisAppError(f"{args.file}: {exc}{hint}") from exc
    return "\n".join([*lines, *plan.describe(), f"{counted(len(plan.shifts), 'dienst', 'diensten')} ingelezen."])


def _person_id(context: AppContext, wanted: str) -> int:
    """The one officer with this name (spelling, case and spaces aside); several: they are listed."""
    from crisisapp.services import organisation, piket

    key = organisation.name_key(wanted)
    officers = sorted(context.call(piket.officers_by_id).values(), key=lambda o: o.person_id)
    matches = [o for o in officers if organisation.name_key(o.name) == key]
    if not matches:
        raise CrisisAppError(f"Er is geen officier met de naam ‘{wanted}’. Er is niets geschreven.")
    if len(matches) > 1:
        listed = "; ".join(f"{o.name} ({o.municipality}, nr {o.person_id})" for o in matches)
        raise CrisisAppError(
            f"Meer dan één officier heet ‘{wanted}’: {listed}. Er is niets geschreven; een export per persoon "
            "kan alleen voor één van hen."
        )
    return matches[0].person_id


def piket_export(args: argparse.Namespace) -> str:
    from crisisapp.services import piket, piket_files
    from crisisapp.services.csvfiles import Encoding
    from crisisapp.services.organisation import counted

    with _opened(args, reading=True) as context:
        rota_id = _rota_id(context, args.rota)
        segments = context.call(piket.schedule, rota_id).segments
        person = _person_id(context, args.person) if args.person else None
        if person is not None:
            segments = tuple(s for s in segments if s.person_id == person)
        if not segments:
            whose = f" van {args.person}" if args.person else ""
            raise CrisisAppError(f"Het rooster heeft geen diensten{whose}; er is niets geschreven.")
        start, end = segments[0].start, max(s.end for s in segments)
        if args.format == "csv":
            data = context.call(piket_files.export_csv, rota_id, start, end, Encoding(args.encoding), person)
        else:
            data = context.call(piket_files.export_ics, rota_id, start, end, person)
    written = write_file_atomically(Path(args.out), data)
    return f"Geschreven: {written} ({counted(len(segments), 'dienst', 'diensten')})"


def people_export_csv(args: argparse.Namespace) -> str:
    from crisisapp.services import organisation
    from crisisapp.services.csvfiles import Encoding

    with _opened(args, reading=True) as context:
        data = context.call(organisation.export_people, Encoding(args.encoding))
        count = len(context.call(organisation.list_people))
    if not count:
        raise CrisisAppError("Er zijn geen personen; er is niets geschreven.")
    path = write_file_atomically(Path(args.out), data)
    return f"Geschreven: {path} ({count} personen; vertrouwelijk: persoonsgegevens)"


def print_piket(args: argparse.Namespace) -> str:
    from crisisapp.reports.piket import piket_pdf
    from crisisapp.services import piket_files

    try:
        first = datetime.strptime(args.first, "%Y-%m").date()
    except ValueError as exc:
        raise CrisisAppError(f"--from {args.first}: schrijf de maand als JJJJ-MM, bijvoorbeeld 2027-01.") from exc
    with _opened(args, reading=True) as context:
        period = context.call(piket_files.load_period, _rota_id(context, args.rota), first, args.months)
        pdf = piket_pdf(period, context.printed())
    return _written(args, pdf)


def print_oto_plan(args: argparse.Namespace) -> str:
    from crisisapp.reports.oto import plan_pdf
    from crisisapp.services import oto

    with _opened(args, reading=True) as context:
        activities = oto.in_view_order(context.call(oto.list_activities, args.year), internal=args.internal)
        pdf = plan_pdf(
            args.year, activities, context.call(oto.progress, args.year), context.printed(), internal=args.internal
        )
    return _written(args, pdf)


def print_oefenverslag(args: argparse.Namespace) -> str:
    from crisisapp.reports.oto import report_pdf
    from crisisapp.services import oto

    with _opened(args, reading=True) as context:
        result = context.call(oto.results, args.activity)
        people = context.call(oto.participants, args.activity)
        found = context.call(oto.findings, args.activity)
        pdf = report_pdf(result, people, found, context.printed(), internal=args.internal)
    return _written(args, pdf)


def oto_list(args: argparse.Namespace) -> str:
    from crisisapp.models.oto import KIND_LABELS
    from crisisapp.services import oto

    with _opened(args, reading=True) as context:
        activities = oto.in_view_order(context.call(oto.list_activities, args.year), internal=args.internal)
    if not activities:
        return "Geen OTO-activiteiten" + (f" in {args.year}." if args.year else ".")
    return "\n".join(
        f"{a.id}  {oto.when_text(a, internal=args.internal)}  {KIND_LABELS[a.kind]}  {a.title}  [{a.status.value}]"
        for a in activities
    )


def oto_export_ics(args: argparse.Namespace) -> str:
    from crisisapp.services import oto

    with _opened(args, reading=True) as context:
        data = context.call(oto.export_ics, args.year)
    return _written(args, data)


def print_incident(args: argparse.Namespace) -> str:
    from crisisapp.reports.incident import record_pdf, sitrap_pdf
    from crisisapp.services import incident

    with _opened(args, reading=True) as context:
        report = context.call(incident.sitrap, args.incident, context.now(), full=not args.sitrap)
    pdf = (sitrap_pdf if args.sitrap else record_pdf)(report, context.municipality)
    return _written(args, pdf)


def incident_list(args: argparse.Namespace) -> str:
    from crisisapp.services import incident
    from crisisapp.timeutil import format_datetime

    with _opened(args, reading=True) as context:
        found = context.call(incident.list_incidents)
    if not found:
        return "Geen incidenten."
    return "\n".join(
        f"{i.id}  {format_datetime(i.alert_at)}  GRIP {i.grip}  {i.name()}  "
        + (f"[afgesloten {format_datetime(i.closed_at)}]" if i.closed_at else "[loopt]")
        for i in found
    )


def incident_export_file(args: argparse.Namespace) -> str:
    from crisisapp.services import incident

    with _opened(args, reading=True) as context:
        data = context.call(incident.export, args.incident, args.format)
    return _written(args, data)


def print_checklist(args: argparse.Namespace) -> str:
    from crisisapp.reports.events import completed_checklist_pdf, field_checklist_pdf
    from crisisapp.services import events

    with _opened(args, reading=True) as context:
        checklist = context.call(events.checklist, args.event)
        build = completed_checklist_pdf if args.filled else field_checklist_pdf
        pdf = build(checklist, context.printed())
    return _written(args, pdf)


def print_minutes(args: argparse.Namespace) -> str:
    from crisisapp.reports.events import minutes_pdf
    from crisisapp.services import events

    with _opened(args, reading=True) as context:
        meeting = context.call(events.get_meeting, args.meeting)
        event = context.call(events.get_event, meeting.event_id)
        actions = [p for p in context.call(events.points, meeting.event_id) if p.meeting_id == meeting.id]
        pdf = minutes_pdf(event, meeting, actions, context.printed())
    return _written(args, pdf)


def events_list(args: argparse.Namespace) -> str:
    from crisisapp.services import events

    with _opened(args, reading=True) as context:
        found = context.call(events.list_events, year=args.year)
        lines = []
        for event in found:
            data = event.data
            lines.append(f"{event.id}  {format_datetime(data.start)}  {data.name}  (categorie {data.category.value})")
            lines += [
                f"    overleg {m.id}  {format_datetime(m.held_at)}  {m.present}"
                for m in context.call(events.meetings, event.id)
            ]
    return "\n".join(lines) if lines else "Geen evenementen" + (f" in {args.year}." if args.year else ".")


def _write_document(args: argparse.Namespace, document: Callable[["Session", int, datetime], bytes]) -> str:
    """Write the PDF that ``document`` makes of ``--year`` to ``--out``."""
    with _opened(args, reading=True) as context:
        pdf = context.call(document, args.year, context.now())
    return _written(args, pdf)


def print_jaarwisseling(args: argparse.Namespace) -> str:
    from crisisapp.documents import jaarwisseling_document

    return _write_document(args, jaarwisseling_document)


def print_voortgang(args: argparse.Namespace) -> str:
    from crisisapp.documents import voortgang_document

    return _write_document(args, voortgang_document)


def print_hulpdiensten(args: argparse.Namespace) -> str:
    from crisisapp.reports.hulpdiensten import hulpdiensten_pdf
    from crisisapp.services import hulpdiensten

    with _opened(args, reading=True) as context:
        pdf = hulpdiensten_pdf(context.call(hulpdiensten.obstacles), context.printed())
    return _written(args, pdf)


def _day(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CrisisAppError(f"{option} {value}: schrijf de dag als JJJJ-MM-DD, bijvoorbeeld 2026-11-26.") from exc


def print_logboek(args: argparse.Namespace) -> str:
    """The Logboek wijzigingen as the page prints it (at most as many entries as the page shows)."""
    from crisisapp.reports.logboek import logboek_pdf
    from crisisapp.services import audit
    from crisisapp.services.organisation import add_months

    with _opened(args, reading=True) as context:
        today = to_local(context.now()).date()
        until = _day(args.until, "--until") if args.until else today
        since = _day(args.since, "--from") if args.since else add_months(today, -1)
        tables, _users = context.call(audit.choices)
        table = None
        if args.part:
            wanted = args.part.casefold()
            found = [
                t
                for t in tables  # the table, its label ("Crisisorganisatie: personen") or the label's last part
                if wanted
                in (t.casefold(), audit.table_label(t).casefold(), audit.table_label(t).split(": ")[-1].casefold())
            ]
            if not found:
                known = ", ".join(audit.table_label(t) for t in tables)
                raise CrisisAppError(f"--part {args.part}: geen onderdeel in het logboek; kies uit: {known}.")
            table = found[0]
        start = datetime.combine(since, time(0, 0), tzinfo=AMSTERDAM)
        end = datetime.combine(until, time(0, 0), tzinfo=AMSTERDAM) + timedelta(days=1)
        chosen = audit.AuditFilter(table, args.user, start, end, args.text)
        rows, total = context.call(audit.entries, chosen)  # the newest 2000, as on the page
        part = audit.table_label(table) if table else "alle onderdelen"
        selection = audit.selection_text(part, args.user or "alle gebruikers", since, until, args.text)
        texts = [audit.texts(row) for row in rows]
        pdf = logboek_pdf(audit.HEADERS, texts, selection, audit.count_text(len(rows), total), context.printed())
    return _written(args, pdf)


def fill_demo(args: argparse.Namespace) -> str:
    from crisisapp.services.demo import FillDemo

    if args.db is None:
        raise CrisisAppError("Geef met --db PAD aan welk bestand met demogegevens gevuld moet worden.")
    with _opened(args, create=True) as context:
        context.execute(FillDemo(context.now()))
    return f"Demogegevens toegevoegd aan {context.name}"


def create_database(args: argparse.Namespace) -> str:
    if server_location(args.db) is not None:
        return upgrade_database(args)
    path = _database_file(args)
    if path.exists():
        raise CrisisAppError(f"{path} bestaat al; er is niets gewijzigd. Kies een nieuwe naam voor de database.")
    _open(args, create=True).close()
    return f"Nieuwe database aangemaakt: {path}"


def upgrade_database(args: argparse.Namespace) -> str:
    """The schema brought to the current revision: a file's as at every start (with a copy beside it first), a
    server database's only by this command (or ``init``), never by a user's start."""
    if (location := server_location(args.db)) is None:
        context = _open(args)
        context.close()
        return f"De database {context.name} heeft het schema van deze versie ({HEAD})."
    database = _open_server(location, upgrade=True)
    database.close()
    if database.found_revision is None:
        return f"Tabellen aangemaakt in de serverdatabase {database.name} (schemaversie {HEAD})."
    if database.found_revision != HEAD:
        return (
            f"De serverdatabase {database.name} is bijgewerkt van schemaversie {database.found_revision} naar {HEAD}."
        )
    return (
        f"De serverdatabase {database.name} heeft al het schema van deze versie ({HEAD}); de rollen en rechten van "
        "CrisisApp zijn opnieuw ingesteld."
    )


def _existing(args: argparse.Namespace) -> Path:
    path = _database_file(args)
    if not path.exists():
        raise CrisisAppError(missing_database(path))
    refuse_special_file(path, "Het databasebestand")
    return path


@contextmanager
def _beside_any_holder(path: Path) -> Iterator[str]:
    """Lock ``path`` for a command that only reads it, or, while the app has it, read beside the app (SQLite's
    write-ahead log lets both at once); yields what to add to the command's answer."""
    try:
        lock = DatabaseLock(path)
    except DatabaseInUseError:
        yield " (CrisisApp had de database open; dit is de laatst opgeslagen stand.)"
        return
    try:
        identity.claim_if_sound(path)  # a copy opened here first gets its own id before its backups are made
        yield ""
    finally:
        lock.release()


def _backup_server(location: str, args: argparse.Namespace) -> str:
    url = _asking_on_terminal(lambda ask: reach_asking(location, ask))
    target = Path(args.out) if args.out else backup_target(url, server_backup_folder(), args.clock())
    return f"Back-up gemaakt en gecontroleerd (pg_restore --list): {backup_server(url, target)}"


def _restore_server(location: str, args: argparse.Namespace) -> str:
    folder = server_backup_folder()
    if args.backup is None:
        database = server_url(location).database
        found = sorted(folder.glob(f"{database}-*{SUFFIX}"), reverse=True)
        lines = [f"Back-ups van {shown(server_url(location))} in {folder}:" if found else f"Geen back-ups in {folder}."]
        return "\n".join(lines + [f"  {path}" for path in found])
    url = _asking_on_terminal(lambda ask: reach_asking(location, ask))
    return restore_server(
        url, Path(args.backup), replace=args.replace, disconnect=args.disconnect, safety_folder=folder, now=args.clock()
    )


def make_backup(args: argparse.Namespace) -> str:
    if (location := server_location(args.db)) is not None:
        return _backup_server(location, args)
    path = _existing(args)
    with _beside_any_holder(path) as beside:
        if args.out:
            made = backup.make_backup(path, Path(args.out))
        else:
            made = backup.backup_into_folder(path, backup.configured_folder(path), args.clock(), backup.MANUAL)
    return f"Back-up gemaakt en gecontroleerd: {made}{beside}"


def restore_backup(args: argparse.Namespace) -> str:
    """Also onto a damaged or lost database file: the file is never opened as a database first."""
    if (location := server_location(args.db)) is not None:
        return _restore_server(location, args)
    path = _database_file(args)
    if args.backup is None:
        return _list_backups(path)
    safety = backup.restore(Path(args.backup), path, backup.configured_folder(path), args.clock())
    before = f" De vorige toestand staat in {safety}." if safety else ""
    return f"Back-up {args.backup} teruggezet in {path}.{before}"


def _list_backups(database: Path) -> str:
    """The backups of ``database`` in its folder, newest first, and what else the folder holds."""
    folder = backup.configured_folder(database)
    found = backup.list_backups(folder, database)
    lines = [f"Back-ups van {database} in {folder}:" if found else f"Geen back-ups van {database} in {folder}."]
    lines += [f"  {format_datetime(b.created)}  {b.reason:<17} {b.path}" for b in found]
    if (others := backup.others_in_folder(folder, database)) is not None:
        lines.append(others)
    return "\n".join(lines)


def check_database(args: argparse.Namespace) -> str:
    path = _existing(args)
    with _beside_any_holder(path) as beside:
        report = backup.check(path, backup.configured_folder(path), args.clock())
    text = "\n".join(report.lines()) + ("\n" + beside.strip() if beside else "")
    if not report.ok:
        raise CheckFailedError(text)
    return text


@contextmanager
def _server_connection(args: argparse.Namespace) -> Iterator["Connection"]:
    """A transaction on the server database of ``--db``, for managing its users; a file has no users."""
    if (location := server_location(args.db)) is None:
        raise CrisisAppError(
            "Gebruikers en rollen bestaan alleen bij een serverdatabase (--db postgresql://…); een databasebestand "
            "heeft er geen."
        )
    database = _open_server(location)
    try:
        with database.engine.begin() as connection:
            yield connection
    finally:
        database.close()


def _password(name: str) -> str:
    """The new user's password: asked twice at a terminal, else the first line of stdin; never an argument."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"Wachtwoord voor {name}: ")
    if getpass.getpass("Nogmaals: ") != first:
        raise CrisisAppError("De twee wachtwoorden verschillen; er is niets gewijzigd.")
    return first


def add_user(args: argparse.Namespace) -> str:
    from crisisapp.storage import roles

    municipality = organisation_municipality(args.gemeente) if args.gemeente else None
    password = _password(args.name)
    with _server_connection(args) as connection:
        user = roles.add_user(connection, args.name, args.rol, municipality, password)
    where = f" van {user.municipality}" if user.municipality else ""
    return f"Gebruiker {user.name} toegevoegd als {roles.KIND_NAMES[user.kind]}{where}."


def organisation_municipality(value: str) -> str:
    """``value`` as the piket writes it (``vlaardingen`` → ``Vlaardingen``); unknown ones as given."""
    from crisisapp.storage.ownership import MUNICIPALITIES

    return next((m for m in MUNICIPALITIES if m.casefold() == value.strip().casefold()), value)


def list_users(args: argparse.Namespace) -> str:
    from crisisapp.storage import roles

    with _server_connection(args) as connection:
        users = roles.list_users(connection)
    if not users:
        return "Nog geen gebruikers; voeg ze toe met ‘crisisapp gebruiker toevoegen’."
    return "\n".join(f"{u.name:<24} {roles.KIND_NAMES[u.kind]:<13} {u.municipality or ''}".rstrip() for u in users)


def remove_user(args: argparse.Namespace) -> str:
    from crisisapp.storage import roles

    with _server_connection(args) as connection:
        user = roles.remove_user(connection, args.name)
    return f"Gebruiker {user.name} verwijderd."


class CheckFailedError(CrisisAppError):
    """The check found problems; the report is the message."""


def _server(location: str, option: str, args: argparse.Namespace) -> AppContext:
    if not is_server_url(location):
        raise CrisisAppError(f"{option} moet een serverdatabase zijn (postgresql://gebruiker@server/database).")
    return AppContext(_open_server(location), clock=args.clock)


def make_offline_copy(args: argparse.Namespace) -> str:
    from crisisapp.services.offline_sync import copy_text, make_copy

    server = _server(args.source, "--from", args)
    out = Path(args.out).expanduser().absolute()
    try:
        mark, written = make_copy(server, out)
    finally:
        server.close()
    return copy_text(out, mark, written)


def sync_offline_copy(args: argparse.Namespace) -> str:
    """Only reads the copy: also while the app has it open in the field."""
    from crisisapp.services.offline_sync import synchronise

    path = resolved(Path(args.copy).expanduser(), "De offline kopie")
    copy = AppContext(open_for_reading(path, now=to_local(args.clock())), clock=args.clock)
    try:
        mark = copy.offline_mark()
        if mark is None:
            raise CrisisAppError(f"{path} is geen offline kopie; er valt niets te synchroniseren.")
        server = _server(args.to or mark.server, "--to", args)
        try:
            report = synchronise(copy, server, args.forget)
        finally:
            server.close()
    finally:
        copy.close()
    if report.conflicts:
        again = f"crisisapp sync {shlex.quote(args.copy)}{' --to …' if args.to else ''}"
        raise CheckFailedError(
            f"{report.text()}\nOp de server afgehandeld? Dan stuurt u ze niet meer met: {again} --vergeet "
            f"{','.join(map(str, report.unsent))}"
        )
    return report.text()


def run(args: argparse.Namespace, clock: Callable[[], datetime] = utcnow) -> int:
    """Carry out a sub-command at the time ``clock`` tells; errors go to stderr in Dutch with exit status 1."""
    handler: Callable[[argparse.Namespace], str] = args.handler
    args.clock = clock  # travels with the arguments, so that every handler's context tells the same time
    location = server_location(args.db)
    shown_db = database_path(args.db) if location is None else shown_location(location)
    log.info("Opdracht %s; database %s", handler.__name__, shown_db)
    try:
        _refuse_output_onto_the_database(args)
        print(handler(args))
        sys.stdout.flush()
    except BrokenPipeError:  # `crisisapp … | head`: the reader has gone, and so do we, quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        log.info("Opdracht %s: de uitvoer werd niet meer gelezen", handler.__name__)
        return 0
    except CheckFailedError as exc:
        print(exc)
        log.info("Controle: er is iets mis.\n%s", exc)
        return 1
    except CrisisAppError as exc:
        print(f"crisisapp: fout: {exc}", file=sys.stderr)
        log.info("Opdracht %s geweigerd: %s", handler.__name__, exc)
        return 1
    log.info("Opdracht %s uitgevoerd", handler.__name__)
    return 0


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    return build_parser().parse_args(argv)
