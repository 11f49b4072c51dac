"""*Bereikbaarheidslijst crisisorganisatie* and the *alarmeringslijst* of a GRIP level, for paper.

Both follow the alarm list of one moment: a function with a piket rota starts with whoever is on duty then.
"""

from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from crisisapp.reports.base import CONFIDENTIAL_RED, CONTENT_WIDTH, GRID, fit_widths, keep, render, styles, table, text
from crisisapp.services.organisation import AlarmList, FunctionCalls, counted
from crisisapp.timeutil import format_datetime

S = styles()
VACANT_FILL = colors.HexColor("#fde8e6")
RED = CONFIDENTIAL_RED.hexval()


def _stand(alarm: AlarmList) -> str:
    return f"Gemeente Maassluis · stand van {format_datetime(alarm.moment)}"


def _call_rows(calls: FunctionCalls, *, with_email: bool) -> list[list[Flowable | str]]:
    """Name (with role, municipality [, e-mail] and in red what to mind), mobile and other number per call, in
    calling order; no function cell (the table names it on the first row)."""
    rows: list[list[Flowable | str]] = []
    for number, call in enumerate(calls.calls):
        person = call.person
        name = text(person.name) if number else f"<b>{text(person.name)}</b>"
        lines = [name, f"<font size=7>{text(call.role)} · {text(person.municipality)}</font>"]
        if with_email and person.email:  # under the name: a column of its own would squeeze the others
            lines.append(f"<font size=7.5>{text(person.email)}</font>")
        if call.marks():
            lines.append(f'<font size=7 color="{RED}"><b>{text(" · ".join(call.marks()))}</b></font>')
        row: list[Flowable | str] = [  # names, numbers and addresses are never hyphenated or split
            Paragraph("<br/>".join(lines), S["Keep"]),
            Paragraph(f"<b>{keep(person.mobile)}</b>", S["Keep"]),
            Paragraph(keep(person.phone), S["Keep"]),
        ]
        rows.append(row)
    return rows


def _calls_table(
    functions: tuple[FunctionCalls, ...],
    heads: list[str],
    *,
    with_email: bool,
    paper: tuple[float, ...] = (),
    marks: tuple[str, ...] = (),
) -> Table:
    """One block of rows per function, the function named on its first row; a gap first, in red and in words.
    ``paper`` are the widths of the columns to write in, each person's cell there holding the ``marks``. The
    other columns follow their content, and the table may break between any two rows, so that teams follow each
    other on as few pages as they need."""
    paper_cells = list(marks) + [""] * (len(paper) - len(marks))
    blank = [""] * (len(heads) - 2)
    rows: list[list[Flowable | str]] = [[Paragraph(h, S["CellHead"]) for h in heads]]
    style: list[tuple[object, ...]] = []
    for calls in functions:
        first = len(rows)
        gap = calls.gap()
        if gap is not None:
            rows.append(["", Paragraph(f'<font color="{RED}"><b>{text(gap)}</b></font>', S["Cell"]), *blank])
            style.append(("BACKGROUND", (0, first), (-1, first), VACANT_FILL))
        rows += [["", *row, *paper_cells] for row in _call_rows(calls, with_email=with_email)]
        rows[first][0] = Paragraph(f"<b>{text(calls.function.name)}</b>", S["Cell"])
        if len(rows) - first > 1:  # one cell to the eye, without a span that would keep the block on one page
            style.append(("LINEBELOW", (0, first), (0, len(rows) - 2), 0.6, colors.white))
        style.append(("LINEABOVE", (0, first), (-1, first), 1, GRID))
    written = CONTENT_WIDTH - sum(paper)
    result = table(rows, [*fit_widths([row[: len(heads) - len(paper)] for row in rows], written), *paper])
    result.setStyle(TableStyle(style))
    return result


def contacts_pdf(alarm: AlarmList, printed_at: datetime) -> bytes:
    """Per team and function: whom to call, in order, with their numbers."""
    heads = ["Functie", "Naam en e-mail", "Mobiel", "Ander nummer"]
    story: list[Flowable] = [
        Paragraph("Bereikbaarheidslijst crisisorganisatie", S["Title"]),
        Paragraph(
            f"{_stand(alarm)}. Per functie in de volgorde van bellen: bij een piketfunctie eerst wie dan dienst "
            "heeft; wie afwezig is staat onderaan.",
            S["BodyText"],
        ),
    ]
    for team in alarm.teams:
        functions = alarm.for_team(team.id)
        if functions:
            story.append(Paragraph(text(f"{team.name} ({team.code})"), S["Heading2"]))
            story.append(_calls_table(functions, heads, with_email=True))
    return render(story, title="Bereikbaarheidslijst crisisorganisatie", printed_at=printed_at, confidential=True)


def alarm_pdf(alarm: AlarmList, level: int, printed_at: datetime) -> bytes:
    """Who to call at GRIP ``level``, function by function and in order, with room to note the calls."""
    functions = alarm.for_grip(level)
    story: list[Flowable] = [
        Paragraph(f"Alarmeringslijst GRIP {level}", S["Title"]),
        Paragraph(
            f"{_stand(alarm)} · {counted(len(functions), 'functie', 'functies')}. Bel per functie van boven naar "
            "beneden: bij een piketfunctie eerst wie dan dienst heeft, daarna wie hierna dienst heeft en dan de "
            "rest van de pool; anders eerst de primaire functionaris en dan de plaatsvervangers in volgorde. Wie "
            "afwezig is staat onderaan.",
            S["BodyText"],
        ),
        Spacer(1, 3 * mm),
    ]
    if functions:
        heads = ["Functie", "Naam", "Mobiel", "Ander nummer", "Gebeld om", "Bereikt?"]
        paper = (CONTENT_WIDTH * 0.12, CONTENT_WIDTH * 0.12)
        story.append(_calls_table(functions, heads, with_email=False, paper=paper, marks=("", "ja / nee")))
    else:
        story.append(Paragraph(f"Bij GRIP {level} worden geen functies gealarmeerd.", S["BodyText"]))
    return render(story, title=f"Alarmeringslijst GRIP {level}", printed_at=printed_at, confidential=True)
