"""What the OTO page prints: the year plan for participants or the coordinator, an activity's participant
list or its *oefenverslag*."""

from PySide6.QtWidgets import QWidget

from crisisapp.context import AppContext
from crisisapp.services import oto
from crisisapp.services.oto import ActivityRecord
from crisisapp.ui import interaction
from crisisapp.ui.page import PrintJob


def print_job(parent: QWidget, context: AppContext, year: int, activity: ActivityRecord | None) -> PrintJob | None:
    """The report the user picks for ``year`` (and the selected ``activity``), or None when they cancel."""
    from crisisapp.reports import oto as reports

    choices = [
        parent.tr("OTO-jaarplan %1 (voor deelnemers)").replace("%1", str(year)),
        parent.tr("OTO-jaarplan %1 (intern, met alle data)").replace("%1", str(year)),
    ]
    if activity is not None:
        choices += [
            parent.tr("Deelnemerslijst: %1").replace("%1", activity.title),
            parent.tr("Oefenverslag: %1").replace("%1", activity.title),
        ]
    choice = interaction.choose_item(parent, parent.tr("Afdrukken"), parent.tr("Wat wilt u afdrukken?"), choices, 0)
    if choice is None:
        return None
    printed = context.printed()
    if choice < 2:
        activities = oto.in_view_order(context.call(oto.list_activities, year), internal=choice == 1)
        progress = context.call(oto.progress, year)
        pdf = reports.plan_pdf(year, activities, progress, printed, internal=choice == 1)
        return PrintJob(choices[choice], pdf, f"oto-jaarplan-{year}{'-intern' if choice else ''}.pdf")
    assert activity is not None
    people = context.call(oto.participants, activity.id)
    if choice == 2:
        return PrintJob(
            choices[choice], reports.participants_pdf(activity, people, printed), f"deelnemers-{activity.id}.pdf"
        )
    result = context.call(oto.results, activity.id)
    findings = context.call(oto.findings, activity.id)
    return PrintJob(
        choices[choice],
        reports.report_pdf(result, people, findings, printed, internal=True),
        f"oefenverslag-{activity.id}.pdf",
    )
