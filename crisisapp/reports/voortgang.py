"""*Voortgangsrapportage* for the council on priority 6: the programme's actions with their status and
notes, and the key figures of every area."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from reportlab.platypus import Flowable, Paragraph

from crisisapp.reports.base import heading, render, styles, table, text
from crisisapp.reports.printed import Printed
from crisisapp.services.programme import STATUS_LABELS, Priority, Progress
from crisisapp.storage.ownership import HOME

S = styles()


@dataclass(frozen=True, slots=True)
class KeyFigure:
    area: str
    what: str
    value: str


def voortgang_pdf(
    year: int,
    priority: Priority,
    progress: Mapping[str, Progress],
    figures: Sequence[KeyFigure],
    printed_at: datetime,
) -> bytes:
    """Maassluis' progress report to its council, under Maassluis' name whoever prints it."""
    story: list[Flowable] = [
        Paragraph(f"Voortgangsrapportage fysieke veiligheid {year}", S["Title"]),
        Paragraph(
            text(f"Uitvoeringsprogramma Integraal veiligheidsbeleid, {priority.number}. {priority.title}"),
            S["BodyText"],
        ),
        *heading("Acties uit het programma", S),
    ]
    rows: list[list[Flowable | str]] = [
        [Paragraph(h, S["CellHead"]) for h in ("Nr.", "Actie", "Wanneer", "Status", "Toelichting")]
    ]
    for inzet in priority.inzet:
        for action in inzet.actions:
            entry = progress.get(action.code)
            rows.append(
                [
                    action.code,
                    Paragraph(text(action.hoe), S["Cell"]),
                    Paragraph(text(action.wanneer), S["Cell"]),
                    Paragraph(STATUS_LABELS[entry.status] if entry else "open", S["Cell"]),
                    Paragraph(text(entry.note if entry else ""), S["Cell"]),
                ]
            )
    story.append(table(rows))
    story += heading("Kerncijfers", S)
    figure_rows: list[list[Flowable | str]] = [[Paragraph(h, S["CellHead"]) for h in ("Onderdeel", "Wat", "Stand")]]
    figure_rows += [
        [Paragraph(text(f.area), S["Cell"]), Paragraph(text(f.what), S["Cell"]), Paragraph(text(f.value), S["Cell"])]
        for f in figures
    ]
    story.append(table(figure_rows))
    return render(story, title=f"Voortgangsrapportage {year}", printed=Printed(printed_at, HOME))
