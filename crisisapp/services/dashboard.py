"""*Vandaag*: what the officer on call and the team want to see first, from every area, for one moment."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from crisisapp.models.oto import KIND_LABELS, ActivityStatus
from crisisapp.places import Place
from crisisapp.services import events, hulpdiensten, jaarwisseling, organisation, oto, piket
from crisisapp.timeutil import format_date, format_datetime, to_local

UPCOMING_DAYS = 60


@dataclass(frozen=True, slots=True)
class Line:
    """One thing to look at, and where in the app it lives (``place`` with the record's ``key``)."""

    text: str
    place: Place
    key: int | None = None
    urgent: bool = False


@dataclass(frozen=True, slots=True)
class Dashboard:
    moment: datetime
    duty: tuple[Line, ...]
    gaps: tuple[Line, ...]
    exercises: tuple[Line, ...]
    events: tuple[Line, ...]
    new_year: tuple[Line, ...]  # empty before August
    responders: tuple[Line, ...]
    actions: tuple[Line, ...]  # open action points of every area, overdue first


def _duty(session: Session, now: datetime) -> tuple[Line, ...]:
    rotas = piket.list_rotas(session)
    if not rotas:
        return (Line("Nog geen piketrooster.", Place.PIKET),)
    plan = piket.schedule(session, rotas[0].id)
    officers = piket.officers_by_id(session)
    current, following = plan.on_duty(now), plan.next_after(now)
    lines = []
    if current is None:
        lines.append(Line("Niemand heeft nu piket: een gat in het rooster.", Place.PIKET, urgent=True))
    else:
        officer = officers[current.person_id]
        lines.append(
            Line(
                f"OvD-Bz nu: {officer.name} ({officer.municipality}, {officer.mobile or 'geen nummer'}) tot "
                f"{format_datetime(current.end)}",
                Place.PIKET,
            )
        )
    if following is not None:
        lines.append(
            Line(f"Daarna: {officers[following.person_id].name} vanaf {format_datetime(following.start)}", Place.PIKET)
        )
    return tuple(lines)


def build(session: Session, now: datetime) -> Dashboard:
    today = to_local(now).date()
    gaps = tuple(
        Line(f"{staffing.function.name}: {', '.join(staffing.problems())}", Place.FUNCTION, staffing.function.id, True)
        for staffing in organisation.overview(session, today).gaps()
    )
    coming = [a for a in oto.list_activities(session) if a.start >= now and a.status is ActivityStatus.PLANNED][:4]
    exercises = tuple(
        Line(f"{oto.when_text(a, internal=False)}: {a.title} ({KIND_LABELS[a.kind]})", Place.OTO_ACTIVITY, a.id)
        for a in coming
    )
    event_lines = []
    for event in events.list_events(session):
        if not now <= event.data.start <= now + timedelta(days=UPCOMING_DAYS):
            continue
        checklist = events.checklist(session, event.id)
        open_points = [p for p in events.points(session, event.id, open_only=True)]
        unchecked = sum(1 for item in checklist.items if not item.results)
        note = f"{unchecked} controlepunten open, {len(open_points)} actiepunten open"
        if event.late_warning():
            note += " · aanvraag te laat" if event.is_late() else " · let op de termijn"
        event_lines.append(
            Line(
                f"{format_date(to_local(event.data.start).date())}: {event.name} — {note}",
                Place.EVENT,
                event.id,
                event.is_late(),
            )
        )
    new_year: list[Line] = []
    if jaarwisseling.preparation_started(today):
        year = today.year
        open_tasks = [t for t in jaarwisseling.tasks(session, year) if t.status.value != "gereed"]
        new_year.append(
            Line(
                f"Nog {jaarwisseling.days_to_nye(today)} dagen tot de jaarwisseling; {len(open_tasks)} "
                "voorbereidingstaken open",
                Place.JAARWISSELING,
            )
        )
        new_year += [
            Line(f"{format_date(t.deadline)} {t.owner}: {t.description}", Place.JAARWISSELING, t.id, t.overdue(today))
            for t in open_tasks[:5]
        ]
    latest, target = hulpdiensten.latest_against_target(session, today.year)
    responders: list[Line] = []
    if latest is not None:
        certified = f", {latest.certified} met geldig certificaat" if latest.certified is not None else ""
        against = f" (doel {today.year}: {target})" if target else ""
        responders.append(
            Line(
                f"HartslagNu: {latest.registered} burgerhulpverleners{certified} op "
                f"{format_date(latest.counted_on)}{against}",
                Place.HARTSLAGNU,
                urgent=bool(target and latest.registered < target),
            )
        )
    actions = _actions(session, today)
    return Dashboard(
        now, _duty(session, now), gaps, exercises, tuple(event_lines), tuple(new_year), tuple(responders), actions
    )


def _actions(session: Session, today: date) -> tuple[Line, ...]:
    found: list[tuple[date, Line]] = []
    for finding in oto.findings(session, open_actions_only=True):
        due = finding.due or date.max
        found.append(
            (
                due,
                Line(
                    f"{_due(finding.due)} OTO · {finding.activity_title}: {finding.description} ({finding.owner})",
                    Place.OTO_ACTION,
                    finding.id,
                    finding.overdue(today),
                ),
            )
        )
    for point in events.points(session, open_only=True):
        found.append(
            (
                point.due or date.max,
                Line(
                    f"{_due(point.due)} Evenement · {point.event_name}: {point.description} ({point.owner})",
                    Place.EVENT_ACTION,
                    point.id,
                    point.overdue(today),
                ),
            )
        )
    for task in jaarwisseling.tasks(session, today.year if today.month >= 8 else today.year - 1):
        if task.status.value != "gereed":
            found.append(
                (
                    task.deadline,
                    Line(
                        f"{_due(task.deadline)} Jaarwisseling: {task.description} ({task.owner})",
                        Place.JAARWISSELING_TASK,
                        task.id,
                        task.overdue(today),
                    ),
                )
            )
    found.sort(key=lambda pair: (not pair[1].urgent, pair[0]))
    return tuple(line for _, line in found)


def _due(day: date | None) -> str:
    return f"[{format_date(day)}]" if day else "[geen datum]"


def key_figures(session: Session, year: int, today: date) -> list[tuple[str, str, str]]:
    """The council's key figures of ``year`` per area: (area, what, value); the gaps as they are ``today``."""
    from crisisapp.models.oto import ActivityKind

    figures: list[tuple[str, str, str]] = []
    held = [
        a for a in oto.list_activities(session, year) if a.status in (ActivityStatus.DONE, ActivityStatus.EVALUATED)
    ]
    for kind in (ActivityKind.ALARMERING, ActivityKind.OPKOMST):
        drills = [a for a in held if a.kind is kind]
        rates = [oto.results(session, a.id, breakdown=False).total.response_rate for a in drills]
        average = f", gemiddeld {round(100 * sum(rates) / len(rates))}% gereageerd" if rates else ""
        figures.append(("OTO", f"{KIND_LABELS[kind]} gehouden", f"{len(drills)}{average}"))
    figures.append(
        (
            "OTO",
            "andere trainingen en oefeningen gehouden",
            str(len([a for a in held if a.kind not in (ActivityKind.ALARMERING, ActivityKind.OPKOMST)])),
        )
    )
    checked = [
        e
        for e in events.list_events(session, year=year)
        if any(i.results for i in events.checklist(session, e.id).items)
    ]
    figures.append(("Evenementen", "evenementen gecontroleerd op de vergunningsvoorwaarden", str(len(checked))))
    meetings = sum(len(events.meetings(session, e.id)) for e in events.list_events(session, year=year))
    figures.append(("Evenementen", "vooroverleggen gehouden", str(meetings)))
    latest, target = hulpdiensten.latest_against_target(session, year)
    if latest is not None:
        figures.append(
            (
                "HartslagNu",
                "burgerhulpverleners aangemeld",
                f"{latest.registered} op {format_date(latest.counted_on)}" + (f" (doel {target})" if target else ""),
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
