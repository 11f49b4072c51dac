"""*Programma afdrukken*: one priority or the whole 2020 programme, with the team's priority-6 progress."""

from collections.abc import Mapping
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, ListFlowable, ListItem, PageBreak, Paragraph, Spacer
from reportlab.platypus.flowables import KeepTogether

from crisisapp.reports.base import FONT, render, styles, table, text
from crisisapp.reports.printed import Printed
from crisisapp.services.programme import STATUS_LABELS, Inzet, Priority, Programme, Progress
from crisisapp.storage.ownership import HOME
from crisisapp.timeutil import format_long_date

S = styles()


def _actions_table(inzet: Inzet, progress: Mapping[str, Progress] | None) -> Flowable:
    head = ["Hoe", "Wanneer", "Wie"]
    if progress is not None:
        head.append("Voortgang")
    rows: list[list[Flowable]] = [[Paragraph(h, S["CellHead"]) for h in head]]
    for action in inzet.actions:
        row = [Paragraph(text(value), S["Cell"]) for value in (action.hoe, action.wanneer, action.wie)]
        if progress is not None:
            entry = progress.get(action.code)
            status = STATUS_LABELS[entry.status] if entry else "open"
            note = f"<br/><i>{text(entry.note)}</i>" if entry and entry.note else ""
            row.append(Paragraph(f"<b>{status}</b>{note}", S["Cell"]))
        rows.append(row)
    return table(rows)


def _priority_story(priority: Priority, progress: Mapping[str, Progress]) -> list[Flowable]:
    story: list[Flowable] = [Paragraph(text(f"{priority.number}. {priority.title}"), S["Heading1"])]
    story += [Paragraph(text(paragraph), S["BodyText"]) for paragraph in priority.introduction]
    if priority.what_we_do:
        story.append(Paragraph("Wat gaan we doen?", S["Label"]))
        story.append(
            ListFlowable(
                [ListItem(Paragraph(text(item), S["BodyText"]), leftIndent=12) for item in priority.what_we_do],
                bulletType="bullet",
                start="•",
                bulletFontName=FONT,
                leftIndent=12,
            )
        )
    for inzet in priority.inzet:
        heading = [Paragraph(text(f"Inzet: {inzet.title}"), S["Heading2"])]
        if inzet.ambition:
            heading.append(Paragraph(f"<b>Ambitie:</b> {text(inzet.ambition)}", S["BodyText"]))
        heading.append(Spacer(1, 2 * mm))
        story.append(KeepTogether(heading))
        story.append(_actions_table(inzet, progress if priority.tracked else None))
    story += [Paragraph(text(note), S["Note"]) for note in priority.notes]
    return story


def programme_pdf(
    programme: Programme, progress: Mapping[str, Progress], *, priority: int | None, printed_at: datetime
) -> bytes:
    """The PDF of priority ``priority`` (a number from 1 to 6), or of the whole programme when None: Maassluis'
    programme, under Maassluis' name whoever prints it."""
    if priority is None:
        title = programme.title
        story: list[Flowable] = [
            Paragraph(text(programme.title), S["Title"]),
            Paragraph(f"Gemeente Maassluis, {format_long_date(programme.date)}", S["BodyText"]),
            Paragraph("Inleiding", S["Heading1"]),
        ]
        story += [Paragraph(text(paragraph), S["BodyText"]) for paragraph in programme.introduction]
        for item in programme.priorities:
            story.append(PageBreak())
            story += _priority_story(item, progress)
    else:
        selected = programme.priority(priority)
        title = f"{programme.title}: prioriteit {selected.number}"
        story = [Paragraph(text(programme.title), S["Title"]), *_priority_story(selected, progress)]
    return render(story, title=title, printed=Printed(printed_at, HOME))
