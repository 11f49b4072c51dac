"""*Jaarwisseling*: the preparation plan and fireworks-free zones, and the evaluation of the night with the
comparison over the years."""

from collections.abc import Sequence

from reportlab.platypus import Flowable, Paragraph

from crisisapp.reports.base import heading, render, styles, table, text
from crisisapp.reports.printed import Printed
from crisisapp.services.jaarwisseling import INCIDENT_KINDS, IncidentRecord, TaskRecord, YearSummary, ZoneRecord, euros
from crisisapp.timeutil import format_date, format_datetime

S = styles()


def jaarwisseling_pdf(
    year: int,
    tasks: Sequence[TaskRecord],
    zones: Sequence[ZoneRecord],
    incidents: Sequence[IncidentRecord],
    years: Sequence[YearSummary],
    printed: Printed,
) -> bytes:
    story: list[Flowable] = [
        Paragraph(f"Jaarwisseling {year}–{year + 1}", S["Title"]),
        *heading("Voorbereiding", S),
    ]
    if tasks:
        rows: list[list[Flowable | str]] = [
            [Paragraph(h, S["CellHead"]) for h in ("Taak", "Eigenaar", "Uiterlijk op", "Status")]
        ]
        rows += [
            [
                Paragraph(text(t.description), S["Cell"]),
                Paragraph(text(t.owner), S["Cell"]),
                format_date(t.deadline),
                t.status.value,
            ]
            for t in tasks
        ]
        story.append(table(rows))
    else:
        story.append(Paragraph("Nog geen draaiboek.", S["BodyText"]))
    story += heading("Vuurwerkvrije zones", S)
    if zones:
        rows = [[Paragraph(h, S["CellHead"]) for h in ("Zone", "Omschrijving", "Periode")]]
        rows += [
            [
                Paragraph(text(z.name), S["Cell"]),
                Paragraph(text(z.description), S["Cell"]),
                Paragraph(text(z.period), S["Cell"]),
            ]
            for z in zones
        ]
        story.append(table(rows))
    else:
        story.append(Paragraph("Geen vuurwerkvrije zones vastgelegd.", S["BodyText"]))
    story += heading("Evaluatie: meldingen in december en de nacht", S)
    if incidents:
        rows = [[Paragraph(h, S["CellHead"]) for h in ("Tijd", "Soort", "Locatie", "Aantal", "Schade")]]
        rows += [
            [
                format_datetime(i.at),
                Paragraph(text(i.kind), S["Cell"]),
                Paragraph(text(i.location), S["Cell"]),
                str(i.count),
                euros(i.damage_euros),
            ]
            for i in incidents
        ]
        story.append(table(rows))
    else:
        story.append(Paragraph("Nog geen meldingen vastgelegd.", S["BodyText"]))
    story += heading("Vergelijking met eerdere jaren", S)
    heads = ["Soort", *(f"{y.year}–{y.year + 1}" for y in years)]
    rows = [[Paragraph(h, S["CellHead"]) for h in heads]]
    for kind in INCIDENT_KINDS:
        rows.append([kind, *((str(y.counts.get(kind, 0)) if y.recorded else "—") for y in years)])
    rows.append(["schade", *((euros(y.damage_euros) if y.recorded else "—") for y in years)])
    story.append(table(rows))
    story.append(Paragraph("— : over dat jaar is niets vastgelegd.", S["Note"]))
    return render(story, title=f"Jaarwisseling {year}–{year + 1}", printed=printed)
