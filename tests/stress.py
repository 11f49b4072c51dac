"""A stress data set for the printed documents: the demo data, with names in Turkish, Polish, Greek, Cyrillic and
with an emoji, long e-mail addresses, long function, event and activity names, 200-character remarks, a checklist
of 300 items ticked in three rounds, and an event without checks."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from crisisapp.context import AppContext
from crisisapp.models.events import Category, CheckItem, Event, Outcome
from crisisapp.models.oto import ActivityKind, Presence
from crisisapp.services import events, hulpdiensten, jaarwisseling, organisation, oto
from crisisapp.services.demo import fill_demo
from crisisapp.services.organisation import PersonInput

#: Names the built-in PDF fonts cannot print; the one with an emoji prints with a replacement square.
NAMES = (
    "Ayşe Şahin",
    "İsmail Yıldırım-Öztürk",
    "Łukasz Wróblewski",
    "Małgorzata Błaszczykowska-Ćwiklińska",
    "Γιώργος Παπαδόπουλος",
    "Олена Коваленко",
    "Ödön Kőszegi",
    "Ğülşen Ağaoğlu",
)
EMOJI_NAME = "Sanne de Vries 🚒"
LONG_EMAIL = "malgorzata.blaszczykowska-cwiklinska@vlaardingen.nl"
PHONE = "+31 10 123 45 67"
LONG_FUNCTION = "Adviseur crisiscommunicatie en publieksvoorlichting (plaatsvervangend coördinator)"
LONG_EVENT = (
    "Internationale Furieade: havenfestival met stoomsleepboten, vuurwerkshow, nachtelijke rondvaart en "
    "alarmeringsoefening langs de Maassluise kades"
)
LONG_ACTIVITY = "Crisisteam-oefening met Vlaardingen en Schiedam: alarmeringsoefening en opkomstoefening in één"
#: 200 characters of Dutch, with long compounds to hyphenate.
REMARK = (
    "Nooduitgang aan de havenzijde geblokkeerd door een aggregaat van de organisatie; na overleg met de "
    "brandweer verplaatst, vluchtwegaanduiding opnieuw gecontroleerd en akkoord bevonden door de toezichthouder."
)[:200]
ITEMS = 300
LOGBOEK_ROWS = 200
ROUNDS = ("opbouw", "tijdens", "afbouw")


@dataclass(frozen=True, slots=True)
class Stress:
    """The ids a test needs to print the stress documents."""

    event_id: int
    empty_event_id: int
    activity_id: int
    unannounced_id: int
    names: tuple[str, ...]


def fill_stress(session: Session, now: datetime) -> Stress:
    fill_demo(session, now)
    people = organisation.list_people(session)
    names = (*NAMES, EMOJI_NAME)
    for person, name in zip(people, names, strict=False):
        data = PersonInput(name, person.municipality, person.organisation, person.mobile, PHONE, LONG_EMAIL, REMARK)
        organisation.UpdatePerson(person.id, data).apply(session)
    gbt = next(t for t in organisation.list_teams(session) if t.code == "GBT")
    function = organisation.AddFunction(gbt.id, LONG_FUNCTION, alarm_from_grip=3).apply(session)
    organisation.Assign(people[1].id, function.id, organisation.Role.PRIMARY, now - timedelta(days=30)).apply(session)

    start = now - timedelta(days=2)
    event = events.AddEvent(
        events.EventInput(LONG_EVENT, "", start.year, start, start + timedelta(days=2), Category.C, "Haven", 40000)
    ).apply(session)
    empty = events.AddEvent(
        events.EventInput(
            "Buurtfeest zonder controlepunten", "", start.year, start, start + timedelta(hours=4), Category.ZERO
        )
    ).apply(session)
    row = session.get(Event, event.id)
    assert row is not None
    row.items = [  # a checklist longer than any template
        CheckItem(
            section=f"Onderdeel {n // 20 + 1}: vergunningsvoorwaarden brandveiligheid en crowdmanagement",
            text=f"Controlepunt {n + 1}: vluchtwegen en nooduitgangen vrij, brandblusmiddelen gekeurd en bereikbaar",
            sort_order=n,
        )
        for n in range(ITEMS)
    ]
    session.flush()
    items = events.checklist(session, event.id).items
    for number, round_name in enumerate(ROUNDS):
        for n, item in enumerate(items):
            if number == 2 and n % 7 == 3:
                continue  # not checked in the last round
            bad = n % 50 == 7
            at = start + timedelta(hours=number * 8, minutes=n % 60)
            inspector = names[n % len(names)]
            events.Tick(
                item.id, round_name, Outcome.NOT_OK if bad else Outcome.OK, at, inspector, REMARK if bad else ""
            ).apply(session)
    meeting = events.AddMeeting(event.id, start - timedelta(days=30), names, REMARK * 3).apply(session)
    for n in range(12):
        point = events.PointInput(f"{REMARK[: 40 + 10 * n]}", names[n % len(names)], (start - timedelta(days=n)).date())
        events.AddPoint(event.id, point, meeting.id).apply(session)

    everyone = oto.people_of(session, on=now.date())
    drill_start = now - timedelta(days=10)
    activity = oto.PlanActivity(
        oto.ActivityInput(ActivityKind.OEFENING, LONG_ACTIVITY, drill_start, 180, "Stadhuis", "Vlaardingen, Schiedam")
    ).apply(session)
    oto.InviteParticipants(activity.id, tuple(everyone)).apply(session)
    oto.StartAlarm(activity.id, drill_start).apply(session)
    for n, person in enumerate(everyone):
        presence = Presence.RESPONDED if n % 5 else Presence.ABSENT
        acknowledged = drill_start + timedelta(minutes=3 + n) if n % 5 else None
        oto.SetResponse(activity.id, person, presence, acknowledged).apply(session)
    for n in range(6):
        oto.AddFinding(activity.id, REMARK, LONG_FUNCTION, (now + timedelta(days=n)).date(), action=True).apply(session)
    unannounced = oto.PlanActivity(
        oto.ActivityInput(ActivityKind.OPKOMST, "Opkomstoefening", now + timedelta(days=40), 120, "Stadhuis", "", True)
    ).apply(session)
    oto.InviteParticipants(unannounced.id, tuple(everyone[:10])).apply(session)

    for n in range(8):
        street = f"{NAMES[n]}-laan en de Burgemeester Van der Lelykade bij de Koningshoek-noord"
        hulpdiensten.AddObstacle(street, "te smalle straat", date(now.year, 1 + n, 1), REMARK, 3.1).apply(session)
    for n in range(10):
        jaarwisseling.AddTask(now.year, REMARK, NAMES[n % len(NAMES)], date(now.year, 12, 1 + n)).apply(session)
    return Stress(event.id, empty.id, activity.id, unannounced.id, names)


def demo_ids(session: Session, now: datetime) -> Stress:
    """The demo data alone, and which of its records the documents print."""
    fill_demo(session, now)
    found = events.list_events(session)
    with_items = next(e for e in found if e.items)
    empty = next((e for e in found if not e.items), None)
    if empty is None:
        start = with_items.data.start
        empty = events.AddEvent(
            events.EventInput("Buurtfeest", "", start.year, start, start + timedelta(hours=4), Category.ZERO)
        ).apply(session)
    activities = oto.list_activities(session)
    drill = next(a for a in activities if a.kind is ActivityKind.OEFENING)
    secret = next(a for a in activities if a.unannounced)
    names = tuple(p.name for p in organisation.list_people(session))
    return Stress(with_items.id, empty.id, drill.id, secret.id, names)


#: The name of every printed document, as :func:`documents` gives them.
DOCUMENTS = (
    "contacts",
    "alarm",
    "piket",
    "oto-plan",
    "oto-plan-intern",
    "deelnemers",
    "oefenverslag",
    "controlelijst",
    "controleresultaten",
    "controlelijst-leeg",
    "vooroverleg",
    "jaarwisseling",
    "voortgang",
    "hulpdiensten",
    "logboek",
    "programma",
)
LOGBOEK_HEADERS = ("Tijdstip", "Gebruiker", "Actie", "Onderdeel", "Nr.", "Wat", "Veld", "Oude waarde", "Nieuwe waarde")


def logboek_rows(count: int) -> list[tuple[str, ...]]:
    """Rows as the Logboek page shows them, with stress names and 200-character values."""
    return [
        (
            "do 26-11-2026 12:00",
            "ayse.sahin",
            "Persoon wijzigen",
            "Personen",
            str(n),
            (*NAMES, EMOJI_NAME)[n % (len(NAMES) + 1)],
            "opmerkingen",
            REMARK if n % 3 == 0 else LONG_EMAIL,
            REMARK,
        )
        for n in range(count)
    ]


def documents(context: AppContext, stress: Stress, now: datetime) -> dict[str, Callable[[], bytes]]:
    """Every printed document of the app over the stress data, by name: each call reads its records and renders."""
    from crisisapp.documents import jaarwisseling_document, voortgang_document
    from crisisapp.reports import events as event_reports
    from crisisapp.reports import hulpdiensten as hulpdiensten_report
    from crisisapp.reports import logboek
    from crisisapp.reports import organisation as organisation_reports
    from crisisapp.reports import oto as oto_reports
    from crisisapp.reports import piket as piket_report
    from crisisapp.reports.printed import Printed
    from crisisapp.reports.programme import programme_pdf
    from crisisapp.services import piket, piket_files, programme

    call = context.call
    printed = Printed(now, context.municipality)
    year = now.year
    rota = call(piket.list_rotas)[0].id
    meeting = next(iter(call(events.meetings, stress.event_id)[-1:]), None)

    def minutes() -> bytes:
        assert meeting is not None
        event = call(events.get_event, stress.event_id)
        actions = [p for p in call(events.points, stress.event_id) if p.meeting_id == meeting.id]
        return event_reports.minutes_pdf(event, meeting, actions, printed)

    def plan(internal: bool) -> Callable[[], bytes]:
        return lambda: oto_reports.plan_pdf(
            year, call(oto.list_activities, year), call(oto.progress, year), printed, internal=internal
        )

    def verslag() -> bytes:
        activity = stress.activity_id
        return oto_reports.report_pdf(
            call(oto.results, activity),
            call(oto.participants, activity),
            call(oto.findings, activity),
            printed,
            internal=False,
        )

    return {
        "contacts": lambda: organisation_reports.contacts_pdf(call(piket.alarm_list, now), printed),
        "alarm": lambda: organisation_reports.alarm_pdf(call(piket.alarm_list, now), 3, printed),
        "piket": lambda: piket_report.piket_pdf(
            call(piket_files.load_period, rota, now.date().replace(day=1), 3), printed
        ),
        "oto-plan": plan(False),
        "oto-plan-intern": plan(True),
        "deelnemers": lambda: oto_reports.participants_pdf(
            call(oto.get_activity, stress.activity_id), call(oto.participants, stress.activity_id), printed
        ),
        "oefenverslag": verslag,
        "controlelijst": lambda: event_reports.field_checklist_pdf(call(events.checklist, stress.event_id), printed),
        "controleresultaten": lambda: event_reports.completed_checklist_pdf(
            call(events.checklist, stress.event_id), printed
        ),
        "controlelijst-leeg": lambda: event_reports.completed_checklist_pdf(
            call(events.checklist, stress.empty_event_id), printed
        ),
        "vooroverleg": minutes,
        "jaarwisseling": lambda: call(jaarwisseling_document, year, now),
        "voortgang": lambda: call(voortgang_document, year, now),
        "hulpdiensten": lambda: hulpdiensten_report.hulpdiensten_pdf(call(hulpdiensten.obstacles), printed),
        "logboek": lambda: logboek.logboek_pdf(
            LOGBOEK_HEADERS, logboek_rows(LOGBOEK_ROWS), "Onderdeel: Personen", f"{LOGBOEK_ROWS} wijzigingen", printed
        ),
        "programma": lambda: programme_pdf(
            programme.load_programme(), call(programme.get_progress), priority=None, printed_at=now
        ),
    }
