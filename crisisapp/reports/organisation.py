"""*Bereikbaarheidslijst crisisorganisatie* and the *alarmeringslijst* of a GRIP level, for paper."""

from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from crisisapp.reports.base import CONFIDENTIAL_RED, CONTENT_WIDTH, GRID, render, styles, table, text
from crisisapp.services.organisation import ROLE_LABELS, FunctionStaffing, Overview
from crisisapp.timeutil import format_date

S = styles()
VACANT_FILL = colors.HexColor("#fde8e6")


def _holder_rows(staffing: FunctionStaffing, *, with_email: bool) -> list[list[Flowable | str]]:
    """Function, name (with role and municipality), mobile, other number [, e-mail]: primary first."""
    function = Paragraph(f"<b>{text(staffing.function.name)}</b>", S["Cell"])
    if not staffing.holders:
        vacant = Paragraph(f'<font color="{CONFIDENTIAL_RED.hexval()}"><b>niet bezet</b></font>', S["Cell"])
        return [[function, vacant, "", "", *([""] if with_email else [])]]
    rows: list[list[Flowable | str]] = []
    for number, holder in enumerate(staffing.holders):
        person = holder.person
        role = ROLE_LABELS[holder.assignment.role]
        if holder.assignment.rank > 1:
            role += f" {holder.assignment.rank}"
        name = text(person.name) if number else f"<b>{text(person.name)}</b>"
        row: list[Flowable | str] = [
            function if number == 0 else "",
            Paragraph(f"{name}<br/><font size=7>{text(role)} · {text(person.municipality)}</font>", S["Cell"]),
            Paragraph(f"<b>{text(person.mobile)}</b>", S["Cell"]),
            Paragraph(text(person.phone), S["Cell"]),
        ]
        if with_email:
            row.append(Paragraph(text(person.email), S["Cell"]))
        rows.append(row)
    return rows


def _staffing_table(
    staffings: tuple[FunctionStaffing, ...], heads: list[str], widths: list[float], paper: tuple[str, ...] = ()
) -> Table:
    """One block of rows per function; ``paper`` cells (room to write on) follow each holder."""
    with_email = len(heads) - len(paper) == 5
    rows: list[list[Flowable | str]] = [[Paragraph(h, S["CellHead"]) for h in heads]]
    style: list[tuple[object, ...]] = []
    for staffing in staffings:
        first = len(rows)
        blank = ("",) * len(paper)
        rows += [
            [*row, *(paper if staffing.holders else blank)] for row in _holder_rows(staffing, with_email=with_email)
        ]
        if len(rows) - first > 1:
            style.append(("SPAN", (0, first), (0, len(rows) - 1)))
        if not staffing.holders:
            style.append(("BACKGROUND", (0, first), (-1, first), VACANT_FILL))
        style.append(("LINEABOVE", (0, first), (-1, first), 1, GRID))
    result = table(rows, widths)
    result.setStyle(TableStyle(style))
    return result


def contacts_pdf(overview: Overview, printed_at: datetime) -> bytes:
    """Per team and function: the primary and deputies with their numbers."""
    widths = [CONTENT_WIDTH * f for f in (0.25, 0.27, 0.15, 0.13, 0.20)]
    heads = ["Functie", "Naam", "Mobiel", "Ander nummer", "E-mail"]
    story: list[Flowable] = [
        Paragraph("Bereikbaarheidslijst crisisorganisatie", S["Title"]),
        Paragraph(f"Gemeente Maassluis · stand per {format_date(overview.day)}", S["BodyText"]),
    ]
    for team in overview.teams:
        staffings = tuple(s for s in overview.staffing if s.function.team_id == team.id)
        if staffings:
            story.append(Paragraph(text(f"{team.name} ({team.code})"), S["Heading2"]))
            story.append(_staffing_table(staffings, heads, widths))
    return render(story, title="Bereikbaarheidslijst crisisorganisatie", printed_at=printed_at, confidential=True)


def alarm_pdf(overview: Overview, level: int, printed_at: datetime) -> bytes:
    """Who to call at GRIP ``level``, function by function, primary first, with room to note the calls."""
    staffings = overview.for_grip(level)
    story: list[Flowable] = [
        Paragraph(f"Alarmeringslijst GRIP {level}", S["Title"]),
        Paragraph(
            f"Gemeente Maassluis · stand per {format_date(overview.day)} · {len(staffings)} functies. Bel per functie "
            "eerst de primaire functionaris; neem bij geen gehoor de plaatsvervangers in volgorde.",
            S["BodyText"],
        ),
        Spacer(1, 3 * mm),
    ]
    if staffings:
        widths = [CONTENT_WIDTH * f for f in (0.22, 0.25, 0.14, 0.13, 0.13, 0.13)]
        heads = ["Functie", "Naam", "Mobiel", "Ander nummer", "Gebeld om", "Bereikt?"]
        story.append(_staffing_table(staffings, heads, widths, ("", "ja / nee")))
    else:
        story.append(Paragraph(f"Bij GRIP {level} worden geen functies gealarmeerd.", S["BodyText"]))
    return render(story, title=f"Alarmeringslijst GRIP {level}", printed_at=printed_at, confidential=True)
