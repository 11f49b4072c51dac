"""*Bereikbaarheidslijst crisisorganisatie* and the *alarmeringslijst* of a GRIP level, for paper.

Both follow the alarm list of one moment: a function with a piket rota starts with whoever is on duty then.
"""

from collections.abc import Callable
from functools import partial
from typing import NamedTuple

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, TableStyle

from crisisapp.reports.base import (
    BOLD,
    CONFIDENTIAL_RED,
    CONTENT_WIDTH,
    FONT,
    GRID,
    Line,
    Lines,
    PagedTable,
    fit_widths,
    heading,
    render,
    styles,
    table,
    text,
)
from crisisapp.reports.printed import Printed
from crisisapp.services.organisation import AlarmList, FunctionCalls, counted
from crisisapp.timeutil import format_datetime

S = styles()
#: The room a team needs on a page to begin there: its heading and about three people.
TEAM_START = 45 * mm
VACANT_FILL = colors.HexColor("#fde8e6")
RED = CONFIDENTIAL_RED.hexval()


def _stand(alarm: AlarmList, printed: Printed) -> str:
    return f"Gemeente {printed.municipality} · stand van {format_datetime(alarm.moment)}"


def _call_rows(calls: FunctionCalls, *, with_email: bool) -> list[list[Flowable | str]]:
    """Name (with role, municipality [, e-mail] and in red what to mind), mobile and other number per call, in
    calling order; no function cell (the table names it on the first row). Names, numbers and addresses are
    never hyphenated or split."""
    rows: list[list[Flowable | str]] = []
    for number, call in enumerate(calls.calls):
        person = call.person
        lines = [Line(person.name, BOLD if number == 0 else FONT), Line(f"{call.role} · {person.municipality}", size=7)]
        if with_email and person.email:  # under the name: a column of its own would squeeze the others
            lines.append(Line(person.email, size=7.5))
        if call.marks():
            lines.append(Line(" · ".join(call.marks()), BOLD, 7, CONFIDENTIAL_RED))
        mobile = Lines([Line(person.mobile, BOLD, whole=True)])
        rows.append([Lines(lines), mobile, Lines([Line(person.phone, whole=True)])])
    return rows


Rows = list[list[Flowable | str]]


class Calls(NamedTuple):
    """The body rows of a table of calls, their style, and the function cell of a block continued on a page."""

    rows: Rows
    style: list[tuple[object, ...]]
    carry: dict[int, Callable[[], object]]


def _calls_rows(
    functions: tuple[FunctionCalls, ...], columns: int, *, with_email: bool, marks: tuple[str, ...] = ()
) -> Calls:
    """The body rows (and their style) of one block per function, the function named on the block's first row
    and the block one cell to the eye without a span (a span would keep the block on one page); a gap first, in
    red and in words. A block that goes on on the next page is named there again, "(vervolg)". ``marks`` fill
    the columns to write in after each person to call."""
    paper_cells: list[Flowable | str] = [*marks]
    rows: Rows = []
    style: list[tuple[object, ...]] = []
    carry: dict[int, Callable[[], object]] = {}
    for calls in functions:
        first = len(rows) + 1  # the header row comes first
        gap = calls.gap()
        if gap is not None:
            red = Paragraph(f'<font color="{RED}"><b>{text(gap)}</b></font>', S["Cell"])
            rows.append(["", red, *[""] * (columns - 2)])
            style.append(("BACKGROUND", (0, first), (-1, first), VACANT_FILL))
        rows += [["", *row, *paper_cells] for row in _call_rows(calls, with_email=with_email)]
        name = text(calls.function.name)
        rows[first - 1][0] = Paragraph(f"<b>{name}</b>", S["Cell"])
        last = len(rows)
        continued = partial(Paragraph, f"<b>{name}</b><br/><font size=7>(vervolg)</font>", S["Cell"])
        carry.update(dict.fromkeys(range(first + 1, last + 1), continued))
        if last > first:
            style.append(("LINEBELOW", (0, first), (0, last - 1), 0.6, colors.white))
        style.append(("LINEABOVE", (0, first), (-1, first), 1, GRID))
    return Calls(rows, style, carry)


def _calls_table(head: Rows, calls: Calls, widths: list[float]) -> PagedTable:
    result = table(head + calls.rows, widths, carry=calls.carry)
    result.setStyle(TableStyle(calls.style))
    return result


def contacts_pdf(alarm: AlarmList, printed: Printed) -> bytes:
    """Per team and function: whom to call, in order, with their numbers. The teams follow each other and break
    between rows, with the same columns throughout."""
    head: Rows = [[Paragraph(h, S["CellHead"]) for h in ("Functie", "Naam en e-mail", "Mobiel", "Ander nummer")]]
    story: list[Flowable] = [
        Paragraph("Bereikbaarheidslijst crisisorganisatie", S["Title"]),
        Paragraph(
            f"{_stand(alarm, printed)}. Per functie in de volgorde van bellen: bij een piketfunctie eerst wie dan "
            "dienst heeft; wie afwezig is staat onderaan.",
            S["BodyText"],
        ),
    ]
    blocks = [
        (team, _calls_rows(functions, 4, with_email=True))
        for team in alarm.teams
        if (functions := alarm.for_team(team.id))
    ]
    widths = fit_widths(head + [row for _team, calls in blocks for row in calls.rows])
    for team, calls in blocks:
        story += heading(text(f"{team.name} ({team.code})"), S, TEAM_START)
        story.append(_calls_table(head, calls, widths))
    if not blocks:
        story.append(Paragraph("Er zijn nog geen functies met functionarissen vastgelegd.", S["BodyText"]))
    return render(story, title="Bereikbaarheidslijst crisisorganisatie", printed=printed, confidential=True)


def alarm_pdf(alarm: AlarmList, level: int, printed: Printed) -> bytes:
    """Who to call at GRIP ``level``, function by function and in order, with room to note the calls."""
    functions = alarm.for_grip(level)
    story: list[Flowable] = [
        Paragraph(f"Alarmeringslijst GRIP {level}", S["Title"]),
        Paragraph(
            f"{_stand(alarm, printed)} · {counted(len(functions), 'functie', 'functies')}. Bel per functie van boven "
            "naar beneden: bij een piketfunctie eerst wie dan dienst heeft, daarna wie hierna dienst heeft en dan de "
            "rest van de pool; anders eerst de primaire functionaris en dan de plaatsvervangers in volgorde. Wie "
            "afwezig is staat onderaan.",
            S["BodyText"],
        ),
        Spacer(1, 3 * mm),
    ]
    if functions:
        heads = ("Functie", "Naam", "Mobiel", "Ander nummer", "Gebeld om", "Bereikt?")
        head: Rows = [[Paragraph(h, S["CellHead"]) for h in heads]]
        calls = _calls_rows(functions, len(heads), with_email=False, marks=("", "ja / nee"))
        paper = [CONTENT_WIDTH * 0.12] * 2  # room to write in
        widths = fit_widths([row[:4] for row in head + calls.rows], CONTENT_WIDTH - sum(paper)) + paper
        story.append(_calls_table(head, calls, widths))
    else:
        story.append(Paragraph(f"Bij GRIP {level} worden geen functies gealarmeerd.", S["BodyText"]))
    return render(story, title=f"Alarmeringslijst GRIP {level}", printed=printed, confidential=True)
