"""OTO reports: the *OTO-jaarplan* (unannounced dates hidden unless internal), the participant list of an
activity, and the *oefenverslag* of an executed drill with its figures, chart, findings and action points."""

from collections.abc import Mapping, Sequence
from datetime import datetime

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from crisisapp.dutch import number
from crisisapp.errors import DomainError
from crisisapp.models.oto import KIND_LABELS, ActivityKind, ActivityStatus
from crisisapp.reports.base import (
    ACCENT,
    CONTENT_WIDTH,
    FONT,
    Line,
    Lines,
    heading,
    printable,
    render,
    shortened,
    styles,
    table,
    text,
)
from crisisapp.reports.printed import Printed
from crisisapp.services.oto import (
    ActivityRecord,
    DrillResult,
    Figures,
    FindingRecord,
    ParticipantRecord,
    when_text,
)
from crisisapp.timeutil import format_date, format_datetime, to_local

S = styles()
#: Why the participants' oefenverslag of an unannounced drill that has not taken place is not printed.
SECRET_DRILL = (
    "Het oefenverslag van een onaangekondigde oefening die nog niet heeft plaatsgevonden wordt niet voor "
    "deelnemers afgedrukt: het zou de datum verraden. Druk de interne versie af (alleen voor de OTO-coördinator)."
)


def taken_place(activity: ActivityRecord) -> bool:
    """Whether the activity has been held, so that the date of an unannounced one is no longer a secret."""
    return activity.status in (ActivityStatus.DONE, ActivityStatus.EVALUATED)


def plan_pdf(
    year: int,
    activities: Sequence[ActivityRecord],
    progress: Mapping[ActivityKind, tuple[int, int, int]],
    printed: Printed,
    *,
    internal: bool,
) -> bytes:
    """The year plan; ``internal`` (the coordinator's version) shows the dates of unannounced activities."""
    version = "interne versie (met data van onaangekondigde oefeningen)" if internal else "versie voor deelnemers"
    story: list[Flowable] = [
        Paragraph(f"OTO-jaarplan {year}", S["Title"]),
        Paragraph(text(f"Opleiden, trainen en oefenen van de crisisorganisatie · {version}"), S["BodyText"]),
        Spacer(1, 3 * mm),
    ]
    rows: list[list[Flowable | str]] = [
        [Paragraph(h, S["CellHead"]) for h in ("Wanneer", "Activiteit", "Soort", "Locatie", "Status")]
    ]
    for activity in activities:
        rows.append(
            [
                Paragraph(text(when_text(activity, internal=internal)), S["Cell"]),
                Paragraph(
                    f"<b>{text(activity.title)}</b>" + (f"<br/>{text(activity.partners)}" if activity.partners else ""),
                    S["Cell"],
                ),
                Paragraph(text(KIND_LABELS[activity.kind]), S["Cell"]),
                Paragraph(text("" if activity.unannounced and not internal else activity.location), S["Cell"]),
                Paragraph(text(activity.status.value), S["Cell"]),
            ]
        )
    if not activities:
        story.append(Paragraph(f"Voor {year} zijn nog geen OTO-activiteiten gepland.", S["BodyText"]))
    else:
        story.append(table(rows))
    story += heading("Voortgang tegen de doelen", S)
    progress_rows: list[list[Flowable | str]] = [
        [Paragraph(h, S["CellHead"]) for h in ("Soort", "Uitgevoerd", "Gepland", "Doel")]
    ]
    for kind, (done, planned, target) in progress.items():
        progress_rows.append([KIND_LABELS[kind], number(done), number(planned), number(target)])
    story.append(table(progress_rows))
    secret = internal and any(a.unannounced for a in activities)
    return render(story, title=f"OTO-jaarplan {year}", printed=printed, internal=secret)


def participants_pdf(activity: ActivityRecord, people: Sequence[ParticipantRecord], printed: Printed) -> bytes:
    """The participant list, for the participants: an unannounced activity shows its quarter only."""
    story: list[Flowable] = [
        Paragraph(text(f"Deelnemers: {activity.title}"), S["Title"]),
        Paragraph(text(f"{KIND_LABELS[activity.kind]} · {when_text(activity, internal=False)}"), S["BodyText"]),
    ]
    if activity.location and not activity.unannounced:
        story.append(Paragraph(text(f"Locatie: {activity.location}"), S["BodyText"]))
    story.append(Spacer(1, 3 * mm))
    if people:
        rows: list[list[Flowable | str]] = [
            [Paragraph(h, S["CellHead"]) for h in ("Nr.", "Naam", "Gemeente", "Paraaf")]
        ]
        rows += [[str(n), Lines([Line(p.name)]), p.municipality, ""] for n, p in enumerate(people, 1)]
        story.append(table(rows, [CONTENT_WIDTH * f for f in (0.08, 0.42, 0.25, 0.25)]))
    else:
        story.append(Paragraph("Er zijn nog geen deelnemers uitgenodigd.", S["BodyText"]))
    return render(story, title=f"Deelnemers {activity.title}", printed=printed)


def _chart(result: DrillResult) -> Drawing:
    groups = [("Totaal", result.total), *result.by_team]
    drawing = Drawing(CONTENT_WIDTH, 62 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 14 * mm, 12 * mm, CONTENT_WIDTH - 30 * mm, 42 * mm
    chart.data = [
        [round(100 * f.response_rate) for _, f in groups],
        [round(100 * f.within_norm / f.expected) if f.expected else 0 for _, f in groups],
    ]
    room = chart.width / len(groups) - 2
    chart.categoryAxis.categoryNames = [shortened(printable(name), room, FONT, 7) for name, _ in groups]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.bars[0].fillColor = ACCENT
    chart.bars[1].fillColor = colors.HexColor("#f0b429")
    # Each bar's figure above it: a 0% bar has no height, and the legend names it all the same.
    chart.barLabelFormat = "%d%%"
    chart.barLabels.fontName, chart.barLabels.fontSize, chart.barLabels.nudge = FONT, 6, 5
    drawing.add(chart)
    drawing.add(
        String(
            14 * mm,
            4 * mm,
            "blauw: % gereageerd · geel: % binnen de norm",
            fontName=FONT,
            fontSize=8,
            fillColor=colors.grey,
        )
    )
    return drawing


def _figure_rows(groups: Sequence[tuple[str, Figures]], measured: str) -> list[list[Flowable | str]]:
    rows: list[list[Flowable | str]] = [
        [
            Paragraph(h, S["CellHead"])
            for h in (
                "",
                "Uitgenodigd",
                "Afgemeld",
                "Afwezig",
                "Gereageerd",
                "Binnen norm",
                f"Mediaan {measured}",
                "Langzaamst",
            )
        ]
    ]
    for name, f in groups:
        rows.append([Paragraph(text(name), S["Cell"]), *f.texts()])
    return rows


def report_pdf(
    result: DrillResult,
    people: Sequence[ParticipantRecord],
    found: Sequence[FindingRecord],
    printed: Printed,
    *,
    internal: bool,
) -> bytes:
    """The *oefenverslag*: results table, figures against the norm, the chart, findings and action points.

    ``internal`` (the coordinator's version) shows the date of an unannounced drill, marked on every page; the
    participants' version shows its quarter and the times of day only, and is refused (:class:`DomainError`)
    while the drill has not taken place."""
    activity = result.activity
    secret = activity.unannounced and not internal
    if secret and not taken_place(activity):
        raise DomainError(SECRET_DRILL)

    def moment(value: datetime | None) -> str:
        if value is None:
            return ""
        return f"{to_local(value):%H:%M}" if secret else format_datetime(value)

    norm = f"{result.norm_minutes} minuten" if result.norm_minutes else "geen norm"
    story: list[Flowable] = [
        Paragraph(text(f"Oefenverslag: {activity.title}"), S["Title"]),
        Paragraph(
            text(
                f"{KIND_LABELS[activity.kind]} · {when_text(activity, internal=internal)} · "
                f"status {activity.status.value} · norm voor {result.measured}: {norm}"
            ),
            S["BodyText"],
        ),
        *heading("Cijfers", S),
        table(_figure_rows([("Totaal", result.total), *result.by_team, *result.by_function], result.measured)),
        Spacer(1, 3 * mm),
        _chart(result),
        *heading("Deelnemers", S),
    ]
    if people:
        rows: list[list[Flowable | str]] = [
            [Paragraph(h, S["CellHead"]) for h in ("Naam", "Gemeente", "Status", "Reactie", "Aankomst")]
        ]
        for p in people:
            rows.append(
                [
                    Lines([Line(p.name)]),
                    p.municipality,
                    p.presence.value,
                    moment(p.acknowledged_at),
                    moment(p.arrived_at),
                ]
            )
        story.append(table(rows))
    else:
        story.append(Paragraph("Er waren geen deelnemers uitgenodigd.", S["BodyText"]))
    story += heading("Bevindingen en actiepunten", S)
    if not found:
        story.append(Paragraph("Nog geen bevindingen vastgelegd.", S["BodyText"]))
    else:
        finding_rows: list[list[Flowable | str]] = [
            [Paragraph(h, S["CellHead"]) for h in ("Bevinding", "Eigenaar", "Gereed op", "Status")]
        ]
        for f in found:
            finding_rows.append(
                [
                    Paragraph(text(f.description), S["Cell"]),
                    Paragraph(text(f.owner), S["Cell"]),
                    format_date(f.due) if f.due else "",
                    f.status.value if f.status else "bevinding",
                ]
            )
        story.append(table(finding_rows))
    shown = activity.unannounced and internal
    return render(story, title=f"Oefenverslag {activity.title}", printed=printed, internal=shown)
