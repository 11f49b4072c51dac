"""Event reports: the field checklist to tick with a pen, the completed checklist, and the minutes of a
pre-consultation with its action points."""

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from crisisapp.models.events import Outcome
from crisisapp.reports.base import (
    CONTENT_WIDTH,
    FONT,
    GRID,
    PADDING,
    Line,
    Lines,
    Spanning,
    fit_widths,
    heading,
    render,
    styles,
    table,
    text,
)
from crisisapp.reports.printed import Printed
from crisisapp.services.events import (
    Checklist,
    EventRecord,
    ItemRecord,
    MeetingRecord,
    PointRecord,
    ResultRecord,
    by_section,
)
from crisisapp.timeutil import format_date, format_datetime

S = styles()
#: What a checklist without items says instead of an empty page.
EMPTY = "Voor dit evenement zijn nog geen controlepunten vastgelegd: er is niets om te controleren of af te vinken."
NOT_OK_FILL = colors.HexColor("#fde8e6")
ITEM_FILL = colors.HexColor("#f3f6f9")


#: A box to tick with a pen: a glyph of the font, drawn many times faster than a drawing.
BOX = "☐"


def _event_header(event: EventRecord) -> Table:
    data = event.data
    rows = [
        ["Evenement", text(data.name), "Categorie", data.category.value],
        [
            "Datum",
            text(f"{format_datetime(data.start)} – {format_datetime(data.end)}"),
            "Bezoekers",
            str(data.expected_visitors),
        ],
        ["Locatie", text(data.location), "Organisator", text(data.organiser)],
    ]
    cells = [[Paragraph(f"<b>{c}</b>" if n % 2 == 0 else c, S["Cell"]) for n, c in enumerate(row)] for row in rows]
    result = Table(cells, colWidths=fit_widths(cells))
    result.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
            ]
        )
    )
    return result


def field_checklist_pdf(checklist: Checklist, printed: Printed) -> bytes:
    """For use on paper on site: every item with boxes for ok / niet ok / n.v.t. and a line for remarks."""
    event = checklist.event
    story: list[Flowable] = [
        Paragraph("Controlelijst vergunningsvoorwaarden", S["Title"]),
        _event_header(event),
        Spacer(1, 3 * mm),
        Paragraph(
            text(f"Controleronde (omcirkel): {'  /  '.join(event.rounds)}        Tijd: ____________"), S["BodyText"]
        ),
    ]
    if not checklist.items:
        story += [Spacer(1, 3 * mm), Paragraph(EMPTY, S["BodyText"])]
    number = 0
    for section, items in by_section(checklist.items).items():
        rows: list[list[Flowable | str]] = [
            [Paragraph(h, S["CellHead"]) for h in ("Nr.", text(section), "ok", "niet ok", "n.v.t.", "Opmerking")]
        ]
        for item in items:
            number += 1
            rows.append([str(number), Paragraph(text(item.text), S["Cell"]), BOX, BOX, BOX, ""])
        result = table(rows, [CONTENT_WIDTH * f for f in (0.06, 0.46, 0.06, 0.08, 0.07, 0.27)])
        result.setStyle(
            TableStyle(
                [
                    ("ALIGN", (2, 1), (4, -1), "CENTER"),
                    ("VALIGN", (2, 1), (4, -1), "MIDDLE"),
                    ("FONTSIZE", (2, 1), (4, -1), 14),
                    ("LEADING", (2, 1), (4, -1), 14),
                ]
            )
        )
        story += [Spacer(1, 3 * mm), result]
    story.append(Spacer(1, 8 * mm))
    signature = Table(
        [["Naam controleur:", "", "Handtekening:", ""], ["Datum en tijd:", "", "Bijzonderheden:", ""]],
        colWidths=[CONTENT_WIDTH * f for f in (0.17, 0.33, 0.17, 0.33)],
        rowHeights=[12 * mm, 12 * mm],
    )
    signature.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
                ("LINEBELOW", (3, 0), (3, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
            ]
        )
    )
    story.append(KeepTogether([signature]))
    return render(story, title=f"Controlelijst {event.name}", printed=printed)


def _rounds(item: ItemRecord, rounds: Sequence[str]) -> list[tuple[str, ResultRecord | None]]:
    """An item's result in every round of the event, None where it was not checked; then any result of a round
    the event no longer has."""
    found = [(name, item.result(name)) for name in rounds]
    return found + [(r.round, r) for r in item.results if r.round not in rounds]


def completed_checklist_pdf(checklist: Checklist, printed: Printed) -> bytes:
    """Every tick with its round, time, inspector and remark; open problems first."""
    event = checklist.event
    story: list[Flowable] = [Paragraph("Controlelijst: resultaten", S["Title"]), _event_header(event)]
    progress = " · ".join(
        f"{name}: {done} van {total}" for name in event.rounds for done, total in [checklist.progress(name)]
    )
    story.append(Paragraph(text(f"Gecontroleerd per ronde — {progress}"), S["BodyText"]))
    problems = checklist.open_problems()
    if problems:
        story += heading(f"Niet in orde en nog niet opgelost ({len(problems)})", S)
        for item in problems:
            open_problem = item.open_problem()
            assert open_problem is not None
            found = (
                f"{open_problem.round}, {format_datetime(open_problem.checked_at)}, {open_problem.inspector}: "
                f"{open_problem.remark}"
            )
            story.append(Paragraph(text(f"{item.section}: {item.text} — {found}"), S["BodyText"]))
    if not checklist.items:
        story.append(Paragraph(EMPTY, S["BodyText"]))
    heads = [Paragraph(h, S["CellHead"]) for h in ("Ronde", "Uitkomst", "Tijd", "Controleur")]
    number = 0
    for section, items in by_section(checklist.items).items():
        # Each item on a row of its own across the table with its rounds below it, and a remark under its
        # round across the table too: every text takes the full width once instead of a narrow column.
        rows: list[list[Flowable | str]] = [heads]
        style: list[tuple[object, ...]] = []
        results: list[list[Flowable | str]] = []
        for item in items:
            number += 1
            first = len(rows)
            rows.append([Spanning(f"{number}. {item.text}"), "", "", ""])
            style += [("SPAN", (0, first), (-1, first)), ("BACKGROUND", (0, first), (-1, first), ITEM_FILL)]
            for round_name, result in _rounds(item, event.rounds):
                if result is None:
                    rows.append([round_name, "niet gecontroleerd", "", ""])
                    results.append(rows[-1])
                    continue
                outcome = result.outcome.value + (" (opgelost)" if result.resolved else "")
                inspector = Lines([Line(result.inspector)])  # a name: never hyphenated
                rows.append([round_name, outcome, format_datetime(result.checked_at), inspector])
                results.append(rows[-1])
                ticked = len(rows) - 1
                if result.remark:
                    rows.append(["", Paragraph(f"<i>Opmerking:</i> {text(result.remark)}", S["Cell"]), "", ""])
                    style.append(("SPAN", (1, len(rows) - 1), (-1, len(rows) - 1)))
                if result.outcome is Outcome.NOT_OK:
                    style.append(("BACKGROUND", (0, ticked), (-1, len(rows) - 1), NOT_OK_FILL))
            style.append(("NOSPLIT", (0, first), (-1, first + 1)))  # an item stays with its first round
        result_table = table(rows, fit_widths([heads, *results]))
        result_table.setStyle(TableStyle(style))
        story += [*heading(text(section), S), result_table]
    return render(story, title=f"Controleresultaten {event.name}", printed=printed)


def minutes_pdf(event: EventRecord, meeting: MeetingRecord, actions: Sequence[PointRecord], printed: Printed) -> bytes:
    """The minutes of a vooroverleg: who was there, what was said, who does what by when."""
    story: list[Flowable] = [
        Paragraph("Verslag vooroverleg", S["Title"]),
        _event_header(event),
        Spacer(1, 3 * mm),
        Paragraph(f"<b>Datum overleg:</b> {text(format_datetime(meeting.held_at))}", S["BodyText"]),
        Paragraph(f"<b>Aanwezig:</b> {text(meeting.present)}", S["Names"]),
        *heading("Verslag", S),
        Paragraph(text(meeting.notes) or "—", S["BodyText"]),
        *heading("Actiepunten", S),
    ]
    if actions:
        rows: list[list[Flowable | str]] = [
            [Paragraph(h, S["CellHead"]) for h in ("Actie", "Wie", "Gereed op", "Status")]
        ]
        rows += [
            [
                Paragraph(text(a.description), S["Cell"]),
                Lines([Line(a.owner)]),
                format_date(a.due) if a.due else "",
                Paragraph(text(a.status_text()), S["Cell"]),
            ]
            for a in actions
        ]
        story.append(table(rows))
    else:
        story.append(Paragraph("Geen actiepunten.", S["BodyText"]))
    return render(story, title=f"Vooroverleg {event.name}", printed=printed)
