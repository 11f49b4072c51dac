"""*Bereikbaarheid hulpdiensten*: the streets where the fire brigade and the ambulance have trouble getting
through, with their measured width against the norm and the measure taken; the open ones first."""

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from crisisapp.dutch import against_minimum, metres
from crisisapp.models.hulpdiensten import ObstacleStatus
from crisisapp.reports.base import BOLD, heading, render, styles, table, text
from crisisapp.reports.printed import Printed
from crisisapp.services.hulpdiensten import MIN_WIDTH_M, ObstacleRecord
from crisisapp.services.organisation import counted
from crisisapp.timeutil import format_date

S = styles()
#: A width under the norm of a street not yet solved, in red and bold (its text says so too).
NARROW = ParagraphStyle("Narrow", parent=S["Cell"], textColor=colors.HexColor("#b42318"), fontName=BOLD)
TITLE = "Bereikbaarheid hulpdiensten"
HEADERS = ("Straat of plek", "Oorzaak", "Breedte", "Gemeld", "Status", "Maatregel", "Omschrijving")


def _table(obstacles: Sequence[ObstacleRecord]) -> Flowable:
    rows: list[list[Flowable | str]] = [[Paragraph(h, S["CellHead"]) for h in HEADERS]]
    for obstacle in obstacles:
        marked = obstacle.too_narrow and obstacle.status is not ObstacleStatus.SOLVED  # as on the page
        width_style = NARROW if marked else S["Cell"]
        rows.append(
            [
                Paragraph(text(obstacle.street), S["Cell"]),
                Paragraph(text(obstacle.cause), S["Cell"]),
                Paragraph(against_minimum(obstacle.width_m, MIN_WIDTH_M), width_style),
                format_date(obstacle.reported_on),
                Paragraph(text(obstacle.status.value), S["Cell"]),
                Paragraph(text(obstacle.measure), S["Cell"]),
                Paragraph(text(obstacle.description), S["Cell"]),
            ]
        )
    return table(rows)


def hulpdiensten_pdf(obstacles: Sequence[ObstacleRecord], printed: Printed) -> bytes:
    open_ones = [o for o in obstacles if o.status is not ObstacleStatus.SOLVED]
    solved = [o for o in obstacles if o.status is ObstacleStatus.SOLVED]
    story: list[Flowable] = [
        Paragraph(TITLE, S["Title"]),
        Paragraph(
            f"Straten en plekken waar brandweer en ambulance moeilijk doorkomen. Norm van de VRR: ten minste "
            f"{metres(MIN_WIDTH_M, 1)} vrije breedte en 4,2 m vrije hoogte.",
            S["BodyText"],
        ),
        *heading(f"Open: {counted(len(open_ones), 'knelpunt', 'knelpunten')}", S),
        _table(open_ones) if open_ones else Paragraph("Geen open knelpunten.", S["BodyText"]),
    ]
    if solved:
        story += heading(f"Opgelost: {counted(len(solved), 'knelpunt', 'knelpunten')}", S)
        story.append(_table(solved))
    return render(story, title=TITLE, printed=printed)
