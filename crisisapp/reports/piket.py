"""*Piketoverzicht*: the turns of duty of a month or quarter, with officers, numbers and overrides."""

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, TableStyle

from crisisapp.reports.base import keep, render, styles, table, text
from crisisapp.reports.printed import Printed
from crisisapp.services.piket_files import PiketPeriod
from crisisapp.timeutil import format_date, format_datetime, to_local

S = styles()
TODAY_FILL = colors.HexColor("#fff1c2")


def piket_pdf(period: PiketPeriod, printed: Printed) -> bytes:
    heads = ["Week", "Van – tot", "Officier van dienst", "Gemeente", "Mobiel", "Overnames"]
    rows: list[list[Flowable | str]] = [[Paragraph(h, S["CellHead"]) for h in heads]]
    style: list[tuple[object, ...]] = []
    for shift in period.shifts:
        officer = period.officers[shift.person_id]
        covered = [o for o in period.overrides if o.start < shift.end and shift.start < o.end]
        notes = "<br/>".join(
            f"{text(format_datetime(o.start))} – {text(format_datetime(o.end))}: "
            f"<b>{text(period.officers[o.person_id].name)}</b> ({keep(period.officers[o.person_id].mobile)})"
            + (f"<br/><i>{text(o.reason)}</i>" if o.reason else "")
            for o in covered
        )
        local = to_local(shift.start)
        rows.append(
            [
                Paragraph(f"{local.isocalendar().week}", S["Cell"]),
                Paragraph(f"{text(format_datetime(shift.start))} –<br/>{text(format_datetime(shift.end))}", S["Cell"]),
                Paragraph(f"<b>{text(officer.name)}</b>", S["Keep"]),
                Paragraph(text(officer.municipality), S["Cell"]),
                Paragraph(f"<b>{keep(officer.mobile)}</b>", S["Keep"]),
                Paragraph(notes, S["Cell"]),
            ]
        )
        if shift.start <= printed.at < shift.end:
            style.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), TODAY_FILL))
    story: list[Flowable] = [
        Paragraph(text(f"Piketoverzicht {period.rota.name}"), S["Title"]),
        Paragraph(
            text(f"{period.title} · {period.rota.describe()} · stand per {format_date(to_local(printed.at).date())}"),
            S["BodyText"],
        ),
        Spacer(1, 2 * mm),
    ]
    if len(rows) == 1:
        story.append(Paragraph("In deze periode zijn geen diensten ingeroosterd.", S["BodyText"]))
    else:
        result = table(rows)
        result.setStyle(TableStyle(style))
        story.append(result)
    return render(story, title=f"Piketoverzicht {period.title}", printed=printed, confidential=True)
