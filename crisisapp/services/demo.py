"""Invented demo data, so a new user (and a benchmark) sees a filled app. Every area adds its part here.

All names are made up; the phone numbers are in the 06-1234xxxx range and the e-mail domains are examples.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import ClassVar

from sqlalchemy.orm import Session

from crisisapp.models.events import Category, Outcome, PointStatus
from crisisapp.models.hulpdiensten import ObstacleStatus
from crisisapp.models.jaarwisseling import TaskStatus
from crisisapp.models.organisation import Role
from crisisapp.models.oto import ActionStatus, ActivityKind, ActivityStatus, Presence
from crisisapp.models.programme import ProgressStatus
from crisisapp.services import events, hulpdiensten, incident, jaarwisseling, organisation, oto, piket, programme
from crisisapp.services.commands import Command
from crisisapp.services.organisation import PersonInput
from crisisapp.timeutil import to_local, to_utc

_PROGRESS: dict[str, tuple[ProgressStatus, str]] = {
    "6.1.1": (ProgressStatus.GEREED, "Crisisplan herzien en door het college vastgesteld."),
    "6.1.2": (ProgressStatus.BEZIG, "Training met de burgemeester gepland in het 4e kwartaal."),
    "6.1.3": (ProgressStatus.BEZIG, "Gezamenlijke oefening met Vlaardingen en Schiedam voorbereid."),
    "6.1.4": (ProgressStatus.BEZIG, "Twee van de vier alarmeringsoefeningen gehouden."),
    "6.2.1": (ProgressStatus.BEZIG, "Controles bij de Furieade en de intocht Sinterklaas."),
    "6.2.2": (ProgressStatus.GEREED, "Vooroverleg Furieade en intocht Sinterklaas gehouden."),
    "6.3.1": (ProgressStatus.BEZIG, "Knelpunten in de Koningshoek geïnventariseerd."),
    "6.3.3": (ProgressStatus.OPEN, ""),
    "6.4.1": (ProgressStatus.GEREED, "Draaiboek jaarwisseling afgestemd met politie en jongerenwerk."),
}

_FIRST = (
    "Anouk",
    "Bram",
    "Carla",
    "Daan",
    "Esther",
    "Frank",
    "Gerda",
    "Hans",
    "Ilse",
    "Jeroen",
    "Karin",
    "Lars",
    "Marloes",
    "Niels",
    "Olga",
    "Pieter",
    "Quirine",
    "Ruben",
    "Sanne",
    "Tom",
    "Ursula",
    "Vincent",
    "Wendy",
    "Xander",
    "Yvonne",
    "Zeger",
    "Annemiek",
    "Bas",
    "Cor",
    "Dewi",
    "Emre",
    "Fatima",
    "Gijs",
    "Hanneke",
    "Ivo",
    "Joyce",
    "Kees",
    "Lotte",
    "Mehmet",
    "Nadia",
)
_LAST = (
    "Verhoef",
    "de Bruijn",
    "Kraaijeveld",
    "van Leeuwen",
    "Brouwer",
    "Slingerland",
    "Zwinkels",
    "van der Stoep",
    "Hoogendoorn",
    "Vermeulen",
    "Bakker",
    "de Koning",
    "Zuidgeest",
    "van Vliet",
    "Keijzer",
    "Westdijk",
    "Boer",
    "van Dam",
    "Kortekaas",
    "Ouwehand",
    "Lagendijk",
    "van Rijn",
    "Dekker",
    "Valk",
    "Schouten",
    "Jansen",
    "Molenaar",
    "van Wijk",
    "Ouwerkerk",
    "Kuipers",
    "Yilmaz",
    "El Amrani",
    "Groenewegen",
    "Noordam",
    "Verbeek",
    "Pronk",
    "Hulsbosch",
    "Rijsdijk",
    "Aydin",
    "Bouzid",
)
_TOWNS = ("Maassluis", "Vlaardingen", "Schiedam")
# Functions left (partly) empty on purpose, so that the demo shows gaps: name -> roles to fill.
_SPARSE = {"Adviseur GHOR": (Role.DEPUTY,), "Procesleider nazorg": (Role.PRIMARY,), "Adviseur politie": ()}
_NOT_READY = "Procesleider omgevingszorg"  # its holders' training lapsed


@dataclass(frozen=True, slots=True)
class FillDemo(Command[None]):
    """Add the demo data of every area, as it would stand at ``now``."""

    now: datetime

    label: ClassVar[str] = "Demogegevens toevoegen"

    def apply(self, session: Session) -> None:
        fill_demo(session, self.now)


def fill_demo(session: Session, now: datetime) -> None:
    """Add the demo data of every area to the database of ``session``."""
    for code, (status, note) in _PROGRESS.items():
        programme.SetProgress(code, status, note, now).apply(session)
    _organisation(session, now)
    _piket(session, now)
    _oto(session, now)
    _events(session, now)
    _new_year(session, now)
    _emergency_services(session, now)
    incident.fill_demo(session, now)


def _organisation(session: Session, now: datetime) -> None:
    rng = random.Random(2026)
    today = to_local(now).date()
    people = []
    for number, (first, last) in enumerate(zip(_FIRST, _LAST, strict=True)):
        town = _TOWNS[number % 3]
        domain = town.lower() + ".example.nl"
        person = organisation.AddPerson(
            PersonInput(
                name=f"{first} {last}",
                municipality=town,
                organisation=rng.choice(
                    ("Veiligheid", "Communicatie", "Publiekszaken", "Openbare ruimte", "Sociaal domein")
                ),
                mobile=f"06-1234{number:04d}",
                email=f"{first.lower()}.{last.lower().replace(' ', '')}@{domain}",
            )
        ).apply(session)
        people.append(person)
    pool = iter(people)
    start = today - timedelta(days=400)
    for team in organisation.list_teams(session):
        for function in team.functions:
            roles = _SPARSE.get(function.name, (Role.PRIMARY, Role.DEPUTY))
            if team.code == "OvD-Bz":
                roles = (Role.PRIMARY, *(Role.DEPUTY,) * 8)  # the shared pool of nine officers
            for role in roles:
                person = next(pool, None) or rng.choice(people)
                organisation.Assign(person.id, function.id, role, start).apply(session)
                for requirement in function.requirements:
                    months_ago = 14 if function.name == _NOT_READY else rng.choice((1, 2, 3, 4, 5, 6, 7, 8, 11))
                    day = _months_before(today, months_ago) + timedelta(days=rng.randint(0, 20))
                    organisation.RecordAttendance(person.id, requirement.kind, day, now, "demo").apply(session)
    awareness = today - timedelta(days=30)
    organisation.RecordAttendance(people[0].id, ActivityKind.AWARENESS, awareness, now, "demo").apply(session)


def _months_before(day: date, months: int) -> date:
    return organisation.add_months(day, -months)


def _piket(session: Session, now: datetime) -> None:
    """The shared OvD-Bz rota, planned from two months ago until a year ahead, with leave and an override."""
    function = next(f for t in organisation.list_teams(session) for f in t.functions if t.code == "OvD-Bz")
    shares = {"Maassluis": 2, "Vlaardingen": 3, "Schiedam": 3}
    rota = piket.CreateRota("OvD-Bz Maassluis, Vlaardingen, Schiedam", function.id, shares).apply(session)
    today = to_local(now).date()
    officers = list(piket.pool(session, rota.id, today))
    leave_start = now + timedelta(days=20)
    piket.AddUnavailability(officers[1], leave_start, leave_start + timedelta(days=14), "vakantie").apply(session)
    proposal = piket.make_proposal(session, rota.id, today - timedelta(days=60), today + timedelta(days=365))
    planned = tuple((turn.start, turn.end, person) for turn, person in proposal if person)
    piket.SaveShifts(rota.id, planned).apply(session)
    current = piket.schedule(session, rota.id).on_duty(now)
    if current is not None:
        cover = next(o for o in officers if o != current.person_id)
        start = current.start + timedelta(days=2, hours=9)  # Wednesday evening 18:00
        reason = "avond en nacht overgenomen (verjaardag)"
        piket.AddOverride(rota.id, cover, start, start + timedelta(hours=14), reason).apply(session)


def _oto(session: Session, now: datetime) -> None:
    """This year's exercises with their results and evaluations, and next year's plan."""
    rng = random.Random(6)
    year = to_local(now).year
    everyone = oto.people_of(session, on=to_local(now).date())
    teams = {t.code: t.id for t in organisation.list_teams(session)}
    leaders = oto.people_of(session, team_id=teams["GBT"], on=to_local(now).date())
    leaders += oto.people_of(session, team_id=teams["TBz"], on=to_local(now).date())
    plan = [
        (ActivityKind.ALARMERING, "Alarmeringsoefening 1", datetime(year, 2, 10, 19, 0), everyone, False),
        (ActivityKind.ALARMERING, "Alarmeringsoefening 2", datetime(year, 4, 14, 7, 30), everyone, False),
        (
            ActivityKind.OEFENING,
            "Crisisteamoefening met Vlaardingen en Schiedam",
            datetime(year, 6, 11, 13, 0),
            leaders,
            False,
        ),
        (ActivityKind.ALARMERING, "Alarmeringsoefening 3", datetime(year, 7, 8, 22, 0), everyone, False),
        (ActivityKind.OPKOMST, "Opkomstoefening", datetime(year, 8, 26, 20, 15), leaders, True),
        (ActivityKind.ALARMERING, "Alarmeringsoefening 4", datetime(year, 10, 6, 12, 0), everyone, False),
        (ActivityKind.BELEIDSTEAM, "Training beleidsteam", datetime(year + 1, 2, 18, 14, 0), leaders[:8], False),
        (ActivityKind.ALARMERING, "Alarmeringsoefening 1", datetime(year + 1, 3, 9, 19, 0), everyone, False),
        (ActivityKind.OPKOMST, "Opkomstoefening", datetime(year + 1, 9, 21, 21, 0), leaders, True),
    ]
    for kind, title, local_start, invited, unannounced in plan:
        start = to_utc(local_start)
        made = oto.PlanActivity(
            oto.ActivityInput(
                kind,
                title,
                start,
                120,
                "Stadhuis Maassluis, crisisruimte" if kind is not ActivityKind.ALARMERING else "",
                "Vlaardingen, Schiedam" if kind is ActivityKind.OEFENING else "",
                unannounced,
            )
        ).apply(session)
        oto.InviteParticipants(made.id, tuple(invited)).apply(session)
        if start > now:
            continue
        oto.StartAlarm(made.id, start).apply(session)
        for person in invited:
            roll = rng.random()
            if roll < 0.06:
                oto.SetResponse(made.id, person, Presence.EXCUSED).apply(session)
            elif roll < 0.14:
                oto.SetResponse(made.id, person, Presence.ABSENT).apply(session)
            else:
                acknowledged = start + timedelta(minutes=rng.uniform(1, 22))
                arrived = start + timedelta(minutes=rng.uniform(25, 80)) if kind is ActivityKind.OPKOMST else None
                oto.SetResponse(made.id, person, Presence.RESPONDED, acknowledged, arrived).apply(session)
        evaluated = kind in (ActivityKind.OPKOMST, ActivityKind.OEFENING)
        oto.SetActivityStatus(made.id, ActivityStatus.EVALUATED if evaluated else ActivityStatus.DONE).apply(session)
        if evaluated:
            oto.AddFinding(made.id, "De bereikbaarheidslijst was niet overal de nieuwste versie.").apply(session)
            action = oto.AddFinding(
                made.id,
                "Bereikbaarheidslijst elk kwartaal controleren en verspreiden",
                "OTO-coördinator",
                (start + timedelta(days=60)).date(),
                action=True,
            ).apply(session)
            if kind is ActivityKind.OEFENING:
                oto.SetFindingStatus(action.id, ActionStatus.BUSY).apply(session)
            oto.AddFinding(
                made.id,
                "Crisiscommunicatie oefenen met de woordvoerders van de drie gemeenten",
                "Adviseur crisiscommunicatie",
                (now + timedelta(days=45)).date(),
                action=True,
            ).apply(session)


def _events(session: Session, now: datetime) -> None:
    """Two editions of the Furieade and the intocht Sinterklaas (last year's Furieade fully checked), and a
    Christmas market whose application came late."""
    templates = {name: template_id for template_id, (name, _lines) in events.templates(session).items()}
    year = to_local(now).year - 1
    parties = "gemeente (OOV, vergunningen), brandweer, politie, GHOR, Stichting Furieade"

    def local(day: date, hour: int) -> datetime:
        return to_utc(datetime(day.year, day.month, day.day, hour, 0))

    furieade = events.AddEvent(
        events.EventInput(
            f"Furieade {year}",
            "Furieade",
            year,
            local(date(year, 10, 3), 12),
            local(date(year, 10, 5), 22),
            Category.C,
            "Haven en binnenstad Maassluis",
            60000,
            "Stichting Furieade",
            "J. de Havenmeester, 06-12349999",
            date(year, 6, 20),
            "verleend",
            parties,
        )
    ).apply(session)
    events.FillChecklist(furieade.id, templates["Furieade"]).apply(session)
    attendees = ("gemeente (OOV, vergunningen)", "brandweer", "politie", "GHOR", "Stichting Furieade")
    meeting = events.AddMeeting(
        furieade.id,
        local(date(year, 8, 28), 10),
        attendees,
        "Verkeersplan en calamiteitenroute langs de haven besproken; plaats van de EHBO-posten vastgesteld.",
        (
            events.PointInput(
                "Calamiteitenroute Noordvliet vrijhouden: extra hekken en bebording",
                "Stichting Furieade",
                date(year, 9, 26),
                recurring=True,
            ),
        ),
    ).apply(session)
    done = events.AddPoint(
        furieade.id,
        events.PointInput("Medisch plan toesturen aan de GHOR", "Stichting Furieade", date(year, 9, 12)),
        meeting.id,
    ).apply(session)
    events.SetPointStatus(done.id, PointStatus.DONE).apply(session)
    rng = random.Random(12)
    checklist = events.checklist(session, furieade.id)
    for number, round_name in enumerate(checklist.event.rounds):
        moment = local(date(year, 10, 3 + min(number, 2)), 10 + number)
        for item in checklist.items:
            bad = rng.random() < 0.05
            outcome = Outcome.NOT_OK if bad else (Outcome.NA if rng.random() < 0.05 else Outcome.OK)
            remark = "Kraam staat in de vluchtroute; verplaatst na aanwijzing." if bad else ""
            events.Tick(item.id, round_name, outcome, moment, "M. Controleur (H&T)", remark).apply(session)
    this_year = events.NewEdition(furieade.id).apply(session)
    events.AddMeeting(
        this_year.id, local(date(year + 1, 8, 27), 10), (*attendees, "EHBO"), "Evaluatie vorig jaar meegenomen."
    ).apply(session)
    for edition in (year, year + 1):
        intocht = events.AddEvent(
            events.EventInput(
                f"Intocht Sinterklaas {edition}",
                "Intocht Sinterklaas",
                edition,
                local(date(edition, 11, 15), 11),
                local(date(edition, 11, 15), 15),
                Category.B,
                "Haven en Markt",
                5000,
                "Comité Sinterklaas Maassluis",
                "",
                date(edition, 9, 1),
                "verleend",
                "gemeente, politie, brandweer, Comité Sinterklaas",
            )
        ).apply(session)
        events.FillChecklist(intocht.id, templates["Intocht Sinterklaas"]).apply(session)
    market = events.AddEvent(
        events.EventInput(
            f"Kerstmarkt {year + 1}",
            "",
            year + 1,
            local(date(year + 1, 12, 12), 11),
            local(date(year + 1, 12, 13), 20),
            Category.A,
            "Markt",
            3000,
            "Winkeliersvereniging Centrum",
            "",
            date(year + 1, 11, 1),
            "in behandeling",
        )
    ).apply(session)
    events.FillChecklist(market.id, templates["Algemeen evenement"]).apply(session)


def _new_year(session: Session, now: datetime) -> None:
    """Last year's New Year's Eve with its log (and two years before it, one of them without a log), and
    this year's preparation copied from last year's."""
    rng = random.Random(31)
    this_year = to_local(now).year
    for year in (this_year - 3, this_year - 1):
        jaarwisseling.PlanFromTemplate(year).apply(session)
        for task in jaarwisseling.tasks(session, year):
            jaarwisseling.SetTaskStatus(task.id, TaskStatus.DONE).apply(session)
        for kind, base in (
            ("vuurwerkoverlast", 40),
            ("brand", 12),
            ("vernieling", 8),
            ("aanhouding", 3),
            ("bekeuring", 15),
        ):
            count = max(1, base + rng.randint(-5, 5) - (this_year - 1 - year) * 2)
            jaarwisseling.LogIncident(
                year,
                to_utc(datetime(year, 12, 31, 23, 30)),
                kind,
                rng.choice(("Koningshoek", "Centrum", "Sluispolder")),
                count,
                rng.randint(0, 4000) if kind in ("brand", "vernieling") else 0,
            ).apply(session)
    jaarwisseling.AddZone(
        this_year - 1,
        "Zorgcentrum De Vloot",
        "Straal van 100 m rond het zorgcentrum",
        "31 dec 18:00 – 1 jan 02:00",
    ).apply(session)
    jaarwisseling.AddZone(
        this_year - 1, "Basisscholen Sluispolder", "Schoolpleinen en directe omgeving", "heel december"
    ).apply(session)
    jaarwisseling.PlanFromLastYear(this_year).apply(session)
    for task in jaarwisseling.tasks(session, this_year)[:3]:
        jaarwisseling.SetTaskStatus(task.id, TaskStatus.DONE).apply(session)


def _emergency_services(session: Session, now: datetime) -> None:
    today = to_local(now).date()
    hd = hulpdiensten
    hd.AddObstacle(
        "Goudsbloemlaan",
        "fout parkeren",
        today - timedelta(days=200),
        "Auto's aan beide zijden; brandweer kwam bij oefening niet door.",
        3.1,
    ).apply(session)
    solved = hd.AddObstacle(
        "Rozenlaan", "te smalle straat", today - timedelta(days=400), "Bocht te krap voor de ladderwagen.", 3.3
    ).apply(session)
    hd.UpdateObstacle(solved.id, "Parkeervakken in de bocht opgeheven.", ObstacleStatus.SOLVED).apply(session)
    hd.AddObstacle(
        "Noordvliet (kade)", "obstakel", today - timedelta(days=30), "Bloembakken in de calamiteitenroute."
    ).apply(session)
    for years_ago, registered, certified in ((4, 340, 250), (3, 372, 270), (2, 401, 285), (1, 430, 301), (0, 452, 318)):
        day = today.replace(year=today.year - years_ago, month=1, day=15)
        hd.AddCount(day, registered, certified, "HartslagNu-rapportage").apply(session)
    for year, target in ((today.year - 1, 450), (today.year, 500)):
        hd.SetTarget(year, target).apply(session)
    hd.AddMeeting(today - timedelta(days=90), "Hoe de hulpdiensten omgaan met reanimatiemeldingen", 38).apply(session)
    hd.AddRecruitment(today - timedelta(days=120), "Open dag kazerne Maassluis", 250, 6).apply(session)
    hd.AddRecruitment(today - timedelta(days=40), "Campagne op sociale media", 4000, 9).apply(session)
