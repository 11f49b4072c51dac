"""*Vandaag*: what the officer on call and the team want to see first, from every area, for one moment.

The page shows it box by box (:data:`PARTS`): who is on piket now first, from one light query, and the rest on the
next turns of the event loop. So this module imports the services of an area only where a box needs them.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import column, exists, select, table
from sqlalchemy.orm import Session

from crisisapp.dutch import counted, number
from crisisapp.places import Place
from crisisapp.services import glance
from crisisapp.services.piket_schedule import Officer
from crisisapp.storage.ownership import HOME
from crisisapp.timeutil import format_date, format_datetime, to_local

if TYPE_CHECKING:
    from crisisapp.services import organisation

UPCOMING_DAYS = 60


@dataclass(frozen=True, slots=True)
class Line:
    """One thing to look at, and where in the app it lives (``place`` with the record's ``key``)."""

    text: str
    place: Place
    key: int | None = None
    urgent: bool = False


@dataclass(frozen=True, slots=True)
class Step:
    """One of the first things to set up in a new database, and the place where it is done."""

    title: str
    explanation: str
    place: Place
    done: bool


@dataclass(frozen=True, slots=True)
class Dashboard:
    """Vandaag at ``moment``; a box that was not read yet is empty."""

    moment: datetime
    duty: tuple[Line, ...] = ()
    gaps: tuple[Line, ...] = ()
    exercises: tuple[Line, ...] = ()
    events: tuple[Line, ...] = ()
    new_year: tuple[Line, ...] = ()  # empty before August
    responders: tuple[Line, ...] = ()
    actions: tuple[Line, ...] = ()  # open action points of every area, overdue first
    #: The first steps while one of them is still to do (a new database); empty once all are done.
    first_steps: tuple[Step, ...] = ()
    #: With more than :data:`organisation.FEW_GAPS` gaps: their count and what they are, instead of a line each.
    gap_summary: str | None = None
    #: The open incident (the bar's), shown above the piket.
    incidents: tuple[Line, ...] = ()


@dataclass(frozen=True, slots=True)
class Part:
    """A part of Vandaag that is read, shown and refreshed on its own: the :class:`Dashboard` fields it fills, the
    tables it reads (a change to none of them leaves it as it is) and its read, which returns those fields of the
    records of one municipality (``whose``), or of all (None).

    A part of Maassluis' own work (``home``: its crisis organisation, New Year's Eve, HartslagNu) is not read for
    another municipality: a user of Vlaardingen has nothing to do there (see :func:`shows`)."""

    fields: tuple[str, ...]
    tables: frozenset[str]
    read: Callable[[Session, datetime, str | None], dict[str, Any]]
    home: bool = False


def shows(part: Part, whose: str | None) -> bool:
    """Whether Vandaag shows ``part`` to a user who works on the records of ``whose`` (None: of every
    municipality)."""
    return not part.home or whose in (None, HOME)


def _officer_text(officer: Officer) -> str:
    return f"{officer.name} ({officer.municipality}), tel. {officer.mobile or 'geen nummer'}"


def _duty(session: Session, now: datetime, whose: str | None) -> dict[str, Any]:
    """The open incidents above all, as the bar shows them, of every municipality (the OvD-Bz piket is shared);
    then who is on piket now, until when, and who is next."""
    return {"incidents": _incidents(session, now, whose), "duty": _piket(session, now)}


def _piket(session: Session, now: datetime) -> tuple[Line, ...]:
    found = glance.on_duty(session, now)
    if found is None:
        return (Line("Nog geen piketrooster.", Place.PIKET),)
    current, following, officers = found.current, found.following, found.officers
    lines = []
    if current is None:
        lines.append(Line("Niemand heeft nu piket: een gat in het rooster.", Place.PIKET, urgent=True))
    else:
        officer = officers[current.person_id]
        lines.append(Line(f"OvD-Bz nu: {_officer_text(officer)}, tot {format_datetime(current.end)}", Place.PIKET))
    if following is not None:
        officer = officers[following.person_id]
        lines.append(Line(f"Daarna: {_officer_text(officer)}, vanaf {format_datetime(following.start)}", Place.PIKET))
    return tuple(lines)


def _incidents(session: Session, now: datetime, whose: str | None) -> tuple[Line, ...]:
    """Every open incident; whose it is where that is not plain (a user of one municipality, or not only
    Maassluis')."""
    found = glance.open_incidents(session)
    named = whose is not None or any(incident.municipality != HOME for incident in found)
    lines = []
    for incident in found:
        kind = "Oefening" if incident.exercise else "Incident"
        where = f" ({incident.municipality})" if named else ""
        lines.append(
            Line(
                f"{kind} loopt{where}: {incident.title}, GRIP {incident.grip}, "
                f"{glance.elapsed(incident.alert_at, now)} sinds de alarmering",
                Place.INCIDENT,
                incident.id,
                urgent=not incident.exercise,
            )
        )
    return tuple(lines)


def _any(session: Session, table_name: str) -> bool:
    """Whether the table holds a row at all."""
    return bool(session.scalar(select(exists().select_from(table(table_name, column("id"))))))


def _organisation(session: Session, now: datetime, _whose: str | None) -> dict[str, Any]:
    """The gaps in the crisis organisation, and the first steps while a new database still lacks one."""
    from crisisapp.services import organisation

    organised = organisation.overview(session, to_local(now).date())
    gaps, gap_summary = _gaps(organised)
    return {"gaps": gaps, "gap_summary": gap_summary, "first_steps": _first_steps(session, organised)}


def _first_steps(session: Session, organised: "organisation.Overview") -> tuple[Step, ...]:
    staffed = sum(1 for staffing in organised.staffing if staffing.primaries)
    steps = (
        Step(
            "Personen inlezen of toevoegen",
            "Lees de mensen van de crisisorganisatie in uit een CSV-bestand (zoals Excel het opslaat) of voeg ze "
            "een voor een toe.",
            Place.PEOPLE,
            _any(session, "person"),
        ),
        Step(
            "Crisisfuncties bezetten",
            "Wijs per crisisfunctie een primaire functionaris en een plaatsvervanger aan "
            f"({staffed} van {counted(len(organised.staffing), 'functie', 'functies')} heeft er een).",
            Place.FUNCTION,
            # done once every function has its primary, not at the first person assigned
            bool(organised.staffing) and staffed == len(organised.staffing),
        ),
        Step(
            "Piketrooster maken",
            "Maak het rooster van de OvD-Bz met Vlaardingen en Schiedam en laat een voorstel maken.",
            Place.PIKET,
            _any(session, "piket_rota"),
        ),
        Step(
            "Oefeningen van het jaar plannen",
            "Plan de alarmeringsoefeningen, de onaangekondigde opkomstoefening en de trainingen.",
            Place.OTO_PLAN,
            _any(session, "oto_activity"),
        ),
    )
    if all(step.done for step in steps):
        return ()
    # A team under way (people, a rota and drills, some functions staffed) is past its first start: the functions
    # still open are gaps, which their own box shows, not a first step.
    rest = [step for step in steps if step.place is not Place.FUNCTION]
    return () if staffed and all(step.done for step in rest) else steps


def _gaps(organised: "organisation.Overview") -> tuple[tuple[Line, ...], str | None]:
    """A line per gap (saying "hiaat", so that its colour is not the only sign), and a summary when there are
    more than a few."""
    from crisisapp.services import organisation

    found = organised.gaps()
    lines = tuple(
        Line(
            f"Hiaat · {staffing.function.name}: {', '.join(staffing.problems())}",
            Place.FUNCTION,
            staffing.function.id,
            True,
        )
        for staffing in found
    )
    if len(found) <= organisation.FEW_GAPS:
        return lines, None
    headline = f"{counted(len(found), 'functie', 'functies')} zonder volledige, vakbekwame bezetting (hiaten)"
    return lines, f"{headline}\n{organised.gap_breakdown()}"


#: A quarter is at most 92 days: an unannounced activity of the quarter that holds now started no earlier.
QUARTER = timedelta(days=92)


def _exercises(session: Session, now: datetime, whose: str | None) -> dict[str, Any]:
    """The next four planned OTO activities as their viewers see them (an unannounced one by its quarter)."""
    from crisisapp.models.oto import KIND_LABELS
    from crisisapp.services import oto

    planned = oto.in_view_order(oto.planned_from(session, now - QUARTER, whose), internal=False)
    coming = [a for a in planned if oto.shown_until(a, internal=False) >= now][:4]
    return {
        "exercises": tuple(
            Line(f"{oto.when_text(a, internal=False)}: {a.title} ({KIND_LABELS[a.kind]})", Place.OTO_ACTIVITY, a.id)
            for a in coming
        )
    }


def _events(session: Session, now: datetime, whose: str | None) -> dict[str, Any]:
    """The events of the coming 60 days with their open checks and action points, and a late application."""
    from crisisapp.services import events

    today = to_local(now).date()
    event_lines = []
    for progress in events.upcoming(session, now, now + timedelta(days=UPCOMING_DAYS), whose):
        event = progress.event
        note = (
            f"{counted(progress.unchecked, 'controlepunt', 'controlepunten')} open, "
            f"{counted(progress.open_points, 'actiepunt', 'actiepunten')} open"
        )
        if event.application_missing(today):
            note += " · aanvraag ontbreekt, termijn verstreken"
        elif event.late_warning(today):
            note += " · aanvraag te laat" if event.is_late(today) else " · let op de termijn"
        event_lines.append(
            Line(
                f"{format_date(to_local(event.data.start).date())}: {event.name} — {note}",
                Place.EVENT,
                event.id,
                event.is_late(today),
            )
        )
    return {"events": tuple(event_lines)}


def _days_to_nye(today: date) -> str:
    from crisisapp.services import jaarwisseling

    days = jaarwisseling.days_to_nye(today)
    return "Vandaag is het oudejaarsdag" if days == 0 else f"Nog {counted(days, 'dag', 'dagen')} tot de jaarwisseling"


def _new_year(session: Session, now: datetime, _whose: str | None) -> dict[str, Any]:
    """From August: the days to New Year's Eve and the preparation tasks still open."""
    from crisisapp.services import jaarwisseling

    today = to_local(now).date()
    new_year: list[Line] = []
    if jaarwisseling.preparation_started(today):
        open_tasks = [t for t in jaarwisseling.tasks(session, today.year) if t.status.value != "gereed"]
        new_year.append(
            Line(
                f"{_days_to_nye(today)}; {counted(len(open_tasks), 'voorbereidingstaak', 'voorbereidingstaken')} open",
                Place.JAARWISSELING,
            )
        )
        new_year += [
            Line(
                f"{format_date(t.deadline)} {t.owner}: {t.description}" + (" · te laat" if t.overdue(today) else ""),
                Place.JAARWISSELING,
                t.id,
                t.overdue(today),
            )
            for t in open_tasks[:5]
        ]
    return {"new_year": tuple(new_year)}


def _responders(session: Session, now: datetime, _whose: str | None) -> dict[str, Any]:
    """The latest HartslagNu count against this year's target."""
    from crisisapp.services import hulpdiensten

    today = to_local(now).date()
    latest, target = hulpdiensten.latest_against_target(session, today.year)
    if latest is None:
        return {"responders": ()}
    below = bool(target and latest.registered < target)
    certified = f", {number(latest.certified)} met geldig certificaat" if latest.certified is not None else ""
    against = f" (doel {today.year}: {number(target)})" if target else ""
    short = f" — {number(target - latest.registered)} onder het doel" if target and below else ""
    line = Line(
        f"HartslagNu: {number(latest.registered)} burgerhulpverleners{certified} op "
        f"{format_date(latest.counted_on)}{against}{short}",
        Place.HARTSLAGNU,
        urgent=below,
    )
    return {"responders": (line,)}


def _actions(session: Session, now: datetime, whose: str | None) -> dict[str, Any]:
    """The open action points of every area (of ``whose`` records, given a municipality), the overdue ones first."""
    from crisisapp.services import events, incident, jaarwisseling, oto

    today = to_local(now).date()
    found: list[tuple[date, Line]] = []
    for finding in oto.findings(session, open_actions_only=True, whose=whose):
        due = finding.due or date.max
        found.append(
            (
                due,
                Line(
                    f"{_due(finding.due, finding.overdue(today))}OTO · {finding.subject_title}: "
                    f"{finding.description} ({finding.owner})",
                    Place.OTO_ACTION,
                    finding.id,
                    finding.overdue(today),
                ),
            )
        )
    for learned in incident.findings(session, open_actions_only=True, whose=whose):
        found.append(
            (
                learned.due or date.max,
                Line(
                    f"{_due(learned.due, learned.overdue(today))}Incident · {learned.subject_title}: "
                    f"{learned.description} ({learned.owner})",
                    Place.INCIDENT_ACTION,
                    learned.id,
                    learned.overdue(today),
                ),
            )
        )
    for point in events.points(session, open_only=True, whose=whose):
        found.append(
            (
                point.due or date.max,
                Line(
                    f"{_due(point.due, point.overdue(today))}Evenement · {point.event_name}: "
                    f"{point.description} ({events.who_and_when(point.owner, None)})",
                    Place.EVENT_ACTION,
                    point.id,
                    point.overdue(today),
                ),
            )
        )
    new_year = jaarwisseling.tasks(session, today.year if today.month >= 8 else today.year - 1)
    for task in new_year if whose in (None, HOME) else ():
        if task.status.value != "gereed":
            found.append(
                (
                    task.deadline,
                    Line(
                        f"{_due(task.deadline, task.overdue(today))}Jaarwisseling: {task.description} ({task.owner})",
                        Place.JAARWISSELING_TASK,
                        task.id,
                        task.overdue(today),
                    ),
                )
            )
    found.sort(key=lambda pair: (not pair[1].urgent, pair[0]))
    return {"actions": tuple(line for _, line in found)}


def _due(day: date | None, overdue: bool) -> str:
    """The due date in brackets; an overdue one says so in words, not in red alone."""
    return (f"[{format_date(day)}] " if day else "[geen datum] ") + ("te laat · " if overdue else "")


PARTS: tuple[Part, ...] = (
    Part(("incidents", "duty"), glance.INCIDENT_TABLES | glance.PIKET_TABLES, _duty),
    Part(
        ("gaps", "gap_summary", "first_steps"),
        frozenset(
            {"person", "team", "crisis_function", "function_requirement", "assignment", "attendance"}
            | {"piket_rota", "oto_activity"}
        ),
        _organisation,
        home=True,
    ),
    Part(("exercises",), frozenset({"oto_activity"}), _exercises),
    Part(("events",), frozenset({"event", "event_check_item", "event_check_result", "event_action"}), _events),
    Part(("new_year",), frozenset({"nye_task"}), _new_year, home=True),
    Part(("responders",), frozenset({"hartslagnu_count", "hartslagnu_target"}), _responders, home=True),
    Part(
        ("actions",),
        frozenset({"oto_finding", "oto_activity", "incident_finding", "incident", "event_action", "event", "nye_task"}),
        _actions,
    ),
)


def build(session: Session, now: datetime, whose: str | None = None) -> Dashboard:
    """Every box of Vandaag at ``now`` that a user working on the records of ``whose`` sees (None: of every
    municipality); the page reads them part by part."""
    board = Dashboard(now)
    for part in PARTS:
        if shows(part, whose):
            board = replace(board, **part.read(session, now, whose))
    return board


def key_figures(session: Session, year: int, today: date) -> list[tuple[str, str, str]]:
    """The council's key figures of ``year`` per area: (area, what, value); the gaps as they are ``today``."""
    from crisisapp.models.oto import KIND_LABELS, ActivityKind, ActivityStatus
    from crisisapp.services import events, hulpdiensten, jaarwisseling, organisation, oto

    figures: list[tuple[str, str, str]] = []
    held = [
        a for a in oto.list_activities(session, year) if a.status in (ActivityStatus.DONE, ActivityStatus.EVALUATED)
    ]
    totals = oto.totals(session, held)
    for kind in (ActivityKind.ALARMERING, ActivityKind.OPKOMST):
        drills = [a for a in held if a.kind is kind]
        rates = [totals[a.id].response_rate for a in drills]
        average = f", gemiddeld {round(100 * sum(rates) / len(rates))}% gereageerd" if rates else ""
        figures.append(("OTO", f"{KIND_LABELS[kind]} gehouden", f"{len(drills)}{average}"))
    figures.append(
        (
            "OTO",
            "andere trainingen en oefeningen gehouden",
            str(len([a for a in held if a.kind not in (ActivityKind.ALARMERING, ActivityKind.OPKOMST)])),
        )
    )
    checked, meetings = events.year_counts(session, year)
    figures.append(("Evenementen", "evenementen gecontroleerd op de vergunningsvoorwaarden", str(checked)))
    figures.append(("Evenementen", "vooroverleggen gehouden", str(meetings)))
    latest, target = hulpdiensten.latest_against_target(session, year)
    if latest is not None:
        figures.append(
            (
                "HartslagNu",
                "burgerhulpverleners aangemeld",
                f"{number(latest.registered)} op {format_date(latest.counted_on)}"
                + (f" (doel {number(target)})" if target else ""),
            )
        )
    summary = jaarwisseling.comparison(session, [year - 1])[0]
    if summary.recorded:
        total = sum(summary.counts.values())
        damage = jaarwisseling.euros(summary.damage_euros)
        figures.append(("Jaarwisseling", f"meldingen jaarwisseling {year - 1}–{year}", f"{total}, schade {damage}"))
    gaps = organisation.overview(session, today).gaps()
    figures.append(("Crisisorganisatie", "functies met een hiaat (nu)", str(len(gaps))))
    figures.append(
        (
            "Bereikbaarheid",
            "open knelpunten voor de hulpdiensten",
            str(len(hulpdiensten.obstacles(session, open_only=True))),
        )
    )
    return figures
