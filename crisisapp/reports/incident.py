"""Incident reports: the *situatierapport* (sitrap) for the AC-Bz and the mayor at any moment, and the full
record of an incident for the archive and the evaluation, corrections visible. Both are confidential."""

from collections.abc import Sequence
from datetime import datetime

from reportlab.platypus import Flowable, Paragraph, Spacer

from crisisapp.reports.base import CONTENT_WIDTH, heading, render, styles, table, text
from crisisapp.reports.printed import Printed
from crisisapp.services.incident import (
    ActionRecord,
    EntryRecord,
    FunctionAlarm,
    Sitrap,
    elapsed,
)
from crisisapp.timeutil import format_datetime, format_minutes, to_local

S = styles()


def _clock(report: Sitrap, moment: datetime) -> str:
    return f"{to_local(moment):%H:%M} ({elapsed(report.incident.alert_at, moment)})"


def _head(report: Sitrap, title: str) -> list[Flowable]:
    incident = report.incident
    kind = "OEFENING" if incident.exercise else "Incident"
    lines = [
        f"{kind} {incident.id}: {incident.title}",
        f"Locatie: {incident.location or 'onbekend'} · gemeld door: {incident.reported_by or 'onbekend'}",
        f"Alarmering: {format_datetime(incident.alert_at)} · GRIP nu: {incident.grip}",
        f"Stand op {format_datetime(report.moment)} ({elapsed(incident.alert_at, report.moment)} na de alarmering)"
        if incident.is_open
        else f"Afgesloten: {format_datetime(incident.closed_at or incident.alert_at)}",
    ]
    story: list[Flowable] = [Paragraph(text(title), S["Title"])]
    story += [Paragraph(text(line), S["BodyText"]) for line in lines]
    story.append(Paragraph("GRIP-verloop", S["Heading2"]))
    story.append(
        Paragraph(
            text(" → ".join(f"GRIP {g.level} om {_clock(report, g.at)}" for g in report.grip) or "—"), S["BodyText"]
        )
    )
    return story


def _board(report: Sitrap) -> list[Flowable]:
    rows: list[list[Flowable | str]] = [
        [Paragraph(h, S["CellHead"]) for h in ("Functie", "Stand", "Bereikt", "Aanwezig")]
    ]
    for line in report.board:
        rows.append(
            [
                line.function.name,  # plain text: a paragraph only where it needs more lines
                _state(line),
                _reached(report, line),
                _arrived(report, line),
            ]
        )
    story = heading("Alarmering en aanwezigheid per functie", S)
    story.append(table(rows, [CONTENT_WIDTH * f for f in (0.34, 0.34, 0.16, 0.16)]))
    gaps = report.gaps
    story.append(Paragraph("Open hiaten", S["Heading2"]))
    story.append(
        Paragraph(
            text("; ".join(f"{line.function.name}: {line.state()}" for line in gaps) if gaps else "Geen."),
            S["BodyText"],
        )
    )
    return story


def _state(line: FunctionAlarm) -> str:
    return ("HIAAT · " if line.gap else "") + line.state()


def _reached(report: Sitrap, line: FunctionAlarm) -> str:
    reached = line.reached
    return _clock(report, reached.called_at) if reached else "—"


def _arrived(report: Sitrap, line: FunctionAlarm) -> str:
    arrived = line.arrived
    return _clock(report, arrived.arrived_at) if arrived and arrived.arrived_at else "—"


def _entries(report: Sitrap, entries: Sequence[EntryRecord], title: str) -> list[Flowable]:
    story = heading(title, S)
    if not entries:
        return [*story, Paragraph("Geen.", S["BodyText"])]
    rows: list[list[Flowable | str]] = [
        [Paragraph(h, S["CellHead"]) for h in ("Nr.", "Tijd", "Soort", "Tekst", "Auteur")]
    ]
    for entry in entries:
        body: Flowable | str = entry.text  # plain text: a paragraph only where it needs more lines or marks
        if entry.corrected_by is not None or entry.corrects is not None:
            markup = text(entry.text)
            if entry.corrected_by is not None:
                markup = f"<strike>{markup}</strike><br/><i>gecorrigeerd door regel {entry.corrected_by}</i>"
            if entry.corrects is not None:
                markup = f"<i>correctie op regel {entry.corrects}:</i> {markup}"
            body = Paragraph(markup, S["Cell"])
        rows.append([str(entry.number), _clock(report, entry.at), entry.kind.value, body, entry.author])
    story.append(table(rows, [CONTENT_WIDTH * f for f in (0.07, 0.16, 0.12, 0.5, 0.15)]))
    return story


def _actions(report: Sitrap, actions: Sequence[ActionRecord], title: str) -> list[Flowable]:
    story = heading(title, S)
    if not actions:
        return [*story, Paragraph("Geen.", S["BodyText"])]
    rows: list[list[Flowable | str]] = [
        [Paragraph(h, S["CellHead"]) for h in ("Tijd", "Actie", "Eigenaar", "Uiterlijk", "Status")]
    ]
    for action in actions:
        rows.append(
            [
                _clock(report, action.at),
                action.text,
                action.owner,
                format_datetime(action.deadline) if action.deadline else "",
                action.status.value,
            ]
        )
    story.append(table(rows, [CONTENT_WIDTH * f for f in (0.15, 0.4, 0.17, 0.16, 0.12)]))
    return story


def _meetings(report: Sitrap) -> list[Flowable]:
    story: list[Flowable] = [Paragraph("Overleggen (beeldvorming, oordeelsvorming, besluitvorming)", S["Heading2"])]
    if not report.meetings:
        return [*story, Paragraph("Geen.", S["BodyText"])]
    for meeting in report.meetings:
        story.append(Paragraph(text(f"{meeting.kind.value} om {_clock(report, meeting.held_at)}"), S["Label"]))
        story.append(Paragraph(text("Aanwezig: " + ", ".join(meeting.present.splitlines())), S["BodyText"]))
        for label, value in (
            ("Beeldvorming", meeting.beeldvorming),
            ("Oordeelsvorming", meeting.oordeelsvorming),
            ("Besluitvorming", meeting.besluitvorming),
        ):
            story.append(Paragraph(f"<b>{label}:</b> {text(value or '—')}", S["BodyText"]))
    return story


def sitrap_pdf(report: Sitrap, municipality: str) -> bytes:
    """The situatierapport: the incident, GRIP history, who is alarmed and present per function, the open gaps,
    the last decisions, the open actions and the latest log entries."""
    story = _head(report, f"Situatierapport — {report.incident.title}")
    story += _board(report)
    story += _entries(report, report.decisions, "Laatste besluiten")
    story += _actions(report, report.actions, "Open acties")
    story += _entries(report, report.entries, "Laatste logregels")
    title = f"Sitrap incident {report.incident.id}"
    return render(story, title=title, printed=Printed(report.moment, municipality), confidential=True)


def record_pdf(report: Sitrap, municipality: str) -> bytes:
    """The whole record: log with its corrections, decisions, actions, every call, meetings and the times per
    function against the norms."""
    story = _head(report, f"Incidentverslag — {report.incident.title}")
    story += _board(report)
    story += _entries(report, report.entries, "Logboek (volledig, met correcties)")
    story += _entries(report, report.decisions, "Besluitenlijst")
    story += _actions(report, report.actions, "Actielijst")
    story += heading("Alarmering: alle oproepen", S)
    rows: list[list[Flowable | str]] = [
        [
            Paragraph(h, S["CellHead"])
            for h in ("Gebeld", "Functie", "Persoon", "Uitkomst", "Notitie", "Aangekomen", "Door")
        ]
    ]
    functions = {line.function.id: line.function.name for line in report.board}
    for call in report.calls:
        rows.append(
            [
                _clock(report, call.called_at),
                functions.get(call.function_id, ""),
                call.name,
                call.outcome.value,
                call.note,
                _clock(report, call.arrived_at) if call.arrived_at else "",
                call.author,
            ]
        )
    story.append(table(rows, [CONTENT_WIDTH * f for f in (0.13, 0.2, 0.15, 0.11, 0.15, 0.13, 0.13)]))
    story += _meetings(report)
    story += heading("Tijden per functie tegen de OTO-normen", S)
    rows = [[Paragraph(h, S["CellHead"]) for h in ("Functie", "Bereikt na", "Norm", "Aanwezig na", "Norm")]]
    for times in report.times:
        rows.append(
            [
                times.function,
                format_minutes(times.reached_minutes) if times.reached_minutes is not None else "niet bereikt",
                f"{'binnen' if times.reached_in_norm else 'buiten'} {times.reach_norm} min",
                format_minutes(times.arrived_minutes) if times.arrived_minutes is not None else "niet aanwezig",
                f"{'binnen' if times.arrived_in_norm else 'buiten'} {times.arrival_norm} min",
            ]
        )
    story.append(table(rows, [CONTENT_WIDTH * f for f in (0.36, 0.16, 0.16, 0.16, 0.16)]))
    story.append(Spacer(1, 6))
    title = f"Incidentverslag {report.incident.id}"
    return render(story, title=title, printed=Printed(report.moment, municipality), confidential=True)
