"""The command line: batch printing, demo data and (later) exports and checks, never needing a display."""

import argparse
import logging
import re
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from crisisapp import __version__
from crisisapp.context import AppContext
from crisisapp.errors import CrisisAppError, os_reason
from crisisapp.files import write_file_atomically
from crisisapp.paths import database_path
from crisisapp.storage import backup
from crisisapp.storage.audit import current_user
from crisisapp.storage.database import open_database
from crisisapp.storage.lock import DatabaseLock
from crisisapp.timeutil import format_datetime, to_local, utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from crisisapp.services.organisation import AlarmList

log = logging.getLogger(__name__)

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

    piket_command = commands.add_parser("piket", help="het piketrooster: wie dienst heeft, import en export")
    piket_actions = piket_command.add_subparsers(dest="action", metavar="ACTIE", required=True)
    now = piket_actions.add_parser("now", parents=[common, at], help="wie nu (of op --at) dienst heeft")
    now.add_argument("--rota", type=int, metavar="NR", help="het rooster (standaard het eerste)")
    now.set_defaults(handler=piket_now)
    importing = piket_actions.add_parser("import", parents=[common], help="een rooster (CSV) inlezen")
    importing.add_argument("file", metavar="BESTAND", help="het CSV-bestand")
    importing.add_argument("--rota", type=int, metavar="NR", help="het rooster (standaard het eerste)")
    importing.set_defaults(handler=piket_import)
    exporting = piket_actions.add_parser("export", parents=[common], help="het rooster als CSV of iCalendar")
    exporting.add_argument("--format", choices=("csv", "ics"), required=True, help="csv of ics")
    exporting.add_argument("--person", metavar="NAAM", help="alleen de diensten van deze officier (ics)")
    exporting.add_argument("--rota", type=int, metavar="NR", help="het rooster (standaard het eerste)")
    exporting.add_argument("--out", required=True, metavar="BESTAND", help="het bestand")
    exporting.set_defaults(handler=piket_export)

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
    database = open_database(database_path(args.db), now=to_local(args.clock()))
    return AppContext(database, clock=args.clock)


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


def _moment(args: argparse.Namespace, context: AppContext) -> datetime:
    """The moment of ``--at``, or now."""
    from crisisapp.services.csvfiles import ImportRefusedError
    from crisisapp.services.piket_files import parse_moment

    try:
        return parse_moment(args.at, line=0, column="--at") if args.at else context.now()
    except ImportRefusedError as exc:
        raise CrisisAppError(f"--at: {exc.reason}") from exc


def _alarm_list(args: argparse.Namespace) -> "AlarmList":
    """Whom to call now (or at ``--at``): the piket's officer on duty first where a function has a rota."""
    from crisisapp.services import piket

    context = _open(args)
    try:
        return context.call(piket.alarm_list, _moment(args, context))
    finally:
        context.close()


def print_contacts(args: argparse.Namespace) -> str:
    from crisisapp.reports.organisation import contacts_pdf

    alarm = _alarm_list(args)
    return f"Geschreven: {write_file_atomically(Path(args.out), contacts_pdf(alarm, alarm.moment))}"


def print_alarm(args: argparse.Namespace) -> str:
    from crisisapp.reports.organisation import alarm_pdf

    if not 1 <= args.grip <= 4:
        raise CrisisAppError(f"GRIP-niveau {args.grip} bestaat niet; kies 1, 2, 3 of 4.")
    alarm = _alarm_list(args)
    return f"Geschreven: {write_file_atomically(Path(args.out), alarm_pdf(alarm, args.grip, alarm.moment))}"


def _rota_id(context: AppContext, chosen: int | None) -> int:
    from crisisapp.services import piket

    rotas = context.call(piket.list_rotas)
    if not rotas:
        raise CrisisAppError("Er is nog geen piketrooster; maak er een aan in CrisisApp (Piket).")
    if chosen is None:
        return rotas[0].id
    if chosen not in {r.id for r in rotas}:
        listed = ", ".join(f"{r.id} ({r.name})" for r in rotas)
        raise CrisisAppError(f"Piketrooster {chosen} bestaat niet; er zijn: {listed}.")
    return chosen


def piket_now(args: argparse.Namespace) -> str:
    from crisisapp.services import piket

    context = _open(args)
    try:
        moment = _moment(args, context)
        rota_id = _rota_id(context, args.rota)
        plan = context.call(piket.schedule, rota_id)
        officers = context.call(piket.officers_by_id)
    finally:
        context.close()
    current, following = plan.on_duty(moment), plan.next_after(moment)
    lines = [f"Op {format_datetime(moment)}:"]
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
    return "\n".join(lines)


def piket_import(args: argparse.Namespace) -> str:
    from crisisapp.services import piket_files

    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise CrisisAppError(f"{args.file} kan niet worden gelezen: {os_reason(exc)}.") from exc
    context = _open(args)
    try:
        plan = context.execute(piket_files.ImportSchedule(_rota_id(context, args.rota), data)).result
    finally:
        context.close()
    first, last = plan.period
    lines = [f"{len(plan.shifts)} diensten ingelezen van {format_datetime(first)} tot {format_datetime(last)}."]
    if plan.replaced:
        lines.append(f"{plan.replaced} bestaande diensten in die periode zijn vervangen.")
    lines += [f"Nieuw in de pool: {name} ({municipality})" for name, municipality in plan.new_people]
    return "\n".join(lines)


def piket_export(args: argparse.Namespace) -> str:
    from crisisapp.services import piket, piket_files

    context = _open(args)
    try:
        rota_id = _rota_id(context, args.rota)
        segments = context.call(piket.schedule, rota_id).segments
        if not segments:
            raise CrisisAppError("Het rooster heeft nog geen diensten.")
        start, end = segments[0].start, segments[-1].end
        if args.format == "csv":
            data = context.call(piket_files.export_csv, rota_id, start, end)
        else:
            person = None
            if args.person:
                wanted = args.person.casefold().strip()
                matches = [o for o in context.call(piket.officers_by_id).values() if o.name.casefold() == wanted]
                if not matches:
                    raise CrisisAppError(f"Er is geen officier met de naam ‘{args.person}’.")
                person = matches[0].person_id
            data = context.call(piket_files.export_ics, rota_id, start, end, person)
    finally:
        context.close()
    return f"Geschreven: {write_file_atomically(Path(args.out), data)}"


def print_piket(args: argparse.Namespace) -> str:
    from crisisapp.reports.piket import piket_pdf
    from crisisapp.services import piket_files

    try:
        first = datetime.strptime(args.first, "%Y-%m").date()
    except ValueError as exc:
        raise CrisisAppError(f"--from {args.first}: schrijf de maand als JJJJ-MM, bijvoorbeeld 2027-01.") from exc
    context = _open(args)
    try:
        period = context.call(piket_files.load_period, _rota_id(context, args.rota), first, args.months)
        pdf = piket_pdf(period, context.now())
    finally:
        context.close()
    return f"Geschreven: {write_file_atomically(Path(args.out), pdf)}"


def print_oto_plan(args: argparse.Namespace) -> str:
    from crisisapp.reports.oto import plan_pdf
    from crisisapp.services import oto

    context = _open(args)
    try:
        activities = context.call(oto.list_activities, args.year)
        pdf = plan_pdf(
            args.year, activities, context.call(oto.progress, args.year), context.now(), internal=args.internal
        )
    finally:
        context.close()
    return f"Geschreven: {write_file_atomically(Path(args.out), pdf)}"


def print_oefenverslag(args: argparse.Namespace) -> str:
    from crisisapp.reports.oto import report_pdf
    from crisisapp.services import oto

    context = _open(args)
    try:
        result = context.call(oto.results, args.activity)
        people = context.call(oto.participants, args.activity)
        pdf = report_pdf(result, people, context.call(oto.findings, args.activity), context.now())
    finally:
        context.close()
    return f"Geschreven: {write_file_atomically(Path(args.out), pdf)}"


def oto_list(args: argparse.Namespace) -> str:
    from crisisapp.models.oto import KIND_LABELS
    from crisisapp.services import oto

    context = _open(args)
    try:
        activities = context.call(oto.list_activities, args.year)
    finally:
        context.close()
    if not activities:
        return "Geen OTO-activiteiten" + (f" in {args.year}." if args.year else ".")
    return "\n".join(
        f"{a.id}  {oto.when_text(a, internal=args.internal)}  {KIND_LABELS[a.kind]}  {a.title}  [{a.status.value}]"
        for a in activities
    )


def oto_export_ics(args: argparse.Namespace) -> str:
    from crisisapp.services import oto

    context = _open(args)
    try:
        data = context.call(oto.export_ics, args.year)
    finally:
        context.close()
    return f"Geschreven: {write_file_atomically(Path(args.out), data)}"


def print_incident(args: argparse.Namespace) -> str:
    from crisisapp.reports.incident import record_pdf, sitrap_pdf
    from crisisapp.services import incident

    context = _open(args)
    try:
        report = context.call(incident.sitrap, args.incident, context.now(), full=not args.sitrap)
    finally:
        context.close()
    pdf = sitrap_pdf(report) if args.sitrap else record_pdf(report)
    return f"Geschreven: {write_file_atomically(Path(args.out), pdf)}"


def incident_list(args: argparse.Namespace) -> str:
    from crisisapp.services import incident
    from crisisapp.timeutil import format_datetime

    context = _open(args)
    try:
        found = context.call(incident.list_incidents)
    finally:
        context.close()
    if not found:
        return "Geen incidenten."
    return "\n".join(
        f"{i.id}  {format_datetime(i.alert_at)}  GRIP {i.grip}  {i.name()}  "
        + (f"[afgesloten {format_datetime(i.closed_at)}]" if i.closed_at else "[loopt]")
        for i in found
    )


def incident_export_file(args: argparse.Namespace) -> str:
    from crisisapp.services import incident

    context = _open(args)
    try:
        data = context.call(incident.export, args.incident, args.format)
    finally:
        context.close()
    return f"Geschreven: {write_file_atomically(Path(args.out), data)}"


def print_checklist(args: argparse.Namespace) -> str:
    from crisisapp.reports.events import completed_checklist_pdf, field_checklist_pdf
    from crisisapp.services import events

    context = _open(args)
    try:
        checklist = context.call(events.checklist, args.event)
        build = completed_checklist_pdf if args.filled else field_checklist_pdf
        pdf = build(checklist, context.now())
    finally:
        context.close()
    return f"Geschreven: {write_file_atomically(Path(args.out), pdf)}"


def print_minutes(args: argparse.Namespace) -> str:
    from crisisapp.reports.events import minutes_pdf
    from crisisapp.services import events

    context = _open(args)
    try:
        meeting = context.call(events.get_meeting, args.meeting)
        event = context.call(events.get_event, meeting.event_id)
        actions = [p for p in context.call(events.points, meeting.event_id) if p.meeting_id == meeting.id]
        pdf = minutes_pdf(event, meeting, actions, context.now())
    finally:
        context.close()
    return f"Geschreven: {write_file_atomically(Path(args.out), pdf)}"


def events_list(args: argparse.Namespace) -> str:
    from crisisapp.services import events

    context = _open(args)
    try:
        found = context.call(events.list_events, year=args.year)
        lines = []
        for event in found:
            data = event.data
            lines.append(f"{event.id}  {format_datetime(data.start)}  {data.name}  (categorie {data.category.value})")
            lines += [
                f"    overleg {m.id}  {format_datetime(m.held_at)}  {m.present}"
                for m in context.call(events.meetings, event.id)
            ]
    finally:
        context.close()
    return "\n".join(lines) if lines else "Geen evenementen" + (f" in {args.year}." if args.year else ".")


def _write_document(args: argparse.Namespace, document: Callable[["Session", int, datetime], bytes]) -> str:
    """Write the PDF that ``document`` makes of ``--year`` to ``--out``."""
    context = _open(args)
    try:
        pdf = context.call(document, args.year, context.now())
    finally:
        context.close()
    return f"Geschreven: {write_file_atomically(Path(args.out), pdf)}"


def print_jaarwisseling(args: argparse.Namespace) -> str:
    from crisisapp.documents import jaarwisseling_document

    return _write_document(args, jaarwisseling_document)


def print_voortgang(args: argparse.Namespace) -> str:
    from crisisapp.documents import voortgang_document

    return _write_document(args, voortgang_document)


def print_hulpdiensten(args: argparse.Namespace) -> str:
    from crisisapp.reports.hulpdiensten import hulpdiensten_pdf
    from crisisapp.services import hulpdiensten

    context = _open(args)
    try:
        pdf = hulpdiensten_pdf(context.call(hulpdiensten.obstacles), context.now())
    finally:
        context.close()
    return f"Geschreven: {write_file_atomically(Path(args.out), pdf)}"


def fill_demo(args: argparse.Namespace) -> str:
    from crisisapp.services.demo import FillDemo

    if args.db is None:
        raise CrisisAppError("Geef met --db PAD aan welk bestand met demogegevens gevuld moet worden.")
    context = _open(args)
    try:
        context.execute(FillDemo(context.now()))
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
            made = backup.backup_into_folder(path, backup.configured_folder(path), args.clock(), backup.MANUAL)
    finally:
        lock.release()
    return f"Back-up gemaakt en gecontroleerd: {made}"


def restore_backup(args: argparse.Namespace) -> str:
    """Also onto a damaged or lost database file: the file is never opened as a database first."""
    path = database_path(args.db).expanduser().resolve()
    safety = backup.restore(Path(args.backup), path, backup.configured_folder(path), args.clock())
    before = f" De vorige toestand staat in {safety}." if safety else ""
    return f"Back-up {args.backup} teruggezet in {path}.{before}"


def check_database(args: argparse.Namespace) -> str:
    path = _existing(args)
    lock = DatabaseLock(path, current_user())
    try:
        report = backup.check(path, backup.configured_folder(path), args.clock())
    finally:
        lock.release()
    text = "\n".join(report.lines())
    if not report.ok:
        raise CheckFailedError(text)
    return text


class CheckFailedError(CrisisAppError):
    """The check found problems; the report is the message."""


def run(args: argparse.Namespace, clock: Callable[[], datetime] = utcnow) -> int:
    """Carry out a sub-command at the time ``clock`` tells; errors go to stderr in Dutch with exit status 1."""
    handler: Callable[[argparse.Namespace], str] = args.handler
    args.clock = clock  # travels with the arguments, so that every handler's context tells the same time
    log.info("Opdracht %s; database %s", handler.__name__, database_path(args.db))
    try:
        print(handler(args))
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
