"""OTO as the coordinator uses it: plan a drill for a team, run it live, see the figures, evaluate."""

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QDialogButtonBox

from crisisapp.models.organisation import Role
from crisisapp.models.oto import ActivityKind
from crisisapp.services import organisation as org
from crisisapp.services import oto
from crisisapp.services.organisation import ReadinessStatus
from crisisapp.ui import interaction
from crisisapp.ui.oto.dialogs import ActivityDialog, DrillDialog, FindingDialog, InviteDialog
from tests.test_gui_mainwindow import make_window

pytestmark = pytest.mark.gui
START = datetime(2027, 3, 9, 18, 0, tzinfo=UTC)  # 19:00 in Maassluis


def ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_plan_run_measure_and_evaluate_a_drill(qtbot, db_path, monkeypatch):
    window = make_window(qtbot, db_path)
    clock = {"now": START - timedelta(days=1)}
    window.context.clock = lambda: clock["now"]
    context = window.context
    team = next(t for t in context.call(org.list_teams) if t.code == "TBz")
    people = []
    for n, function in enumerate(team.functions[:3]):
        person = context.call(org.create_person, org.PersonInput(f"Procesleider {n}", "Maassluis"))
        context.call(org.assign, person.id, function.id, Role.PRIMARY, date(2026, 1, 1))
        context.call(org.record_attendance, person.id, ActivityKind.TRAINING, date(2027, 1, 15), START)
        people.append(person)
    page = window.show_area("oto")

    def plan(dialog: ActivityDialog) -> bool:
        dialog.kind.setCurrentIndex(dialog.kind.findData(ActivityKind.ALARMERING))
        qtbot.keyClicks(dialog.title, "Alarmeringsoefening TBz")
        dialog.start.setDateTime(QDateTime(QDate(2027, 3, 9), QTime(19, 0)))
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", plan)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    drill = page.selected_activity()
    assert drill is not None and drill.title == "Alarmeringsoefening TBz" and page.year.value() == 2027

    def invite(dialog: InviteDialog) -> bool:
        dialog.team.setCurrentIndex(dialog.team.findData(team.id))
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", invite)
    qtbot.mouseClick(page.invite_button, Qt.MouseButton.LeftButton)
    assert page.participant_model.rowCount() == 3

    clock["now"] = START

    def run(dialog: DrillDialog) -> bool:
        clock["now"] = START + timedelta(minutes=4)
        dialog.list.itemDoubleClicked.emit(dialog.list.item(0))  # clicked as the first reaction comes in
        clock["now"] = START + timedelta(minutes=15)  # exactly on the norm
        qtbot.keyClicks(dialog.search, "leider 2")
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
        clock["now"] = START + timedelta(minutes=21)
        dialog.refresh()
        assert dialog.elapsed.text() == "21:00"
        assert dialog.count.text() == "2 van 3 gereageerd · 2 binnen de norm van 15 minuten"
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return True

    monkeypatch.setattr(interaction, "run_dialog", run)
    qtbot.mouseClick(page.drill_button, Qt.MouseButton.LeftButton)
    totals = page.figures_model.record(0)[1]
    assert (totals.responded, totals.within_norm, totals.invited) == (2, 2, 3)
    assert page.figures_model.index(0, 6).data() == "9:30"  # median of 4 and 15 minutes

    def ready(person):
        view = context.call(org.overview, date(2027, 3, 10))
        holder = next(h for s in view.staffing for h in s.holders if h.person.id == person.id)
        return holder.readiness.status

    assert ready(people[0]) is ReadinessStatus.NOT_READY  # alarm drill not yet on record
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    assert ready(people[0]) is ReadinessStatus.READY and ready(people[1]) is ReadinessStatus.NOT_READY

    def finding(dialog: FindingDialog) -> bool:
        dialog.description.setPlainText("Twee procesleiders hadden een oud nummer")
        dialog.action.setChecked(True)
        dialog.owner.setText("OTO-coördinator")  # (QTest types ASCII only)
        dialog.due.setDate(QDate(2027, 3, 1))  # already past on the day of the evaluation: overdue
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", finding)
    page.tabs.setCurrentIndex(2)
    qtbot.mouseClick(page.add_finding_button, Qt.MouseButton.LeftButton)
    assert page.finding_model.rowCount() == 1
    assert page.finding_model.index(0, 4).data() == "open · te laat"
    assert page.findings_label.text() == "1 open actiepunten, waarvan 1 te laat"
    page.finding_view.selectRow(0)
    qtbot.mouseClick(page.finding_done_button, Qt.MouseButton.LeftButton)
    assert page.finding_model.rowCount() == 0 and context.call(oto.findings, open_actions_only=True) == ()
    window.undo_action.trigger()
    assert page.finding_model.rowCount() == 1
    window.context.close()


def test_times_can_be_entered_afterwards(qtbot, db_path, monkeypatch):
    from crisisapp.models.oto import Presence
    from crisisapp.ui.oto.dialogs import ResponseDialog

    window = make_window(qtbot, db_path)
    context = window.context
    person = context.call(org.create_person, org.PersonInput("Late Melder", "Schiedam"))
    made = context.call(oto.create_activity, oto.ActivityInput(ActivityKind.ALARMERING, "Alarm", START))
    context.call(oto.add_participants, made.id, [person.id])
    context.call(oto.start_alarm, made.id, START)
    page = window.show_area("oto")
    page.year.setValue(2027)
    page.select_activity(made.id)
    page.participant_view.selectRow(0)

    def enter(dialog: ResponseDialog) -> bool:
        dialog.presence.setCurrentIndex(dialog.presence.findData(Presence.RESPONDED))
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        assert dialog.error_text("acknowledged_at")  # a reaction without a time is refused
        dialog.has_ack.setChecked(True)
        dialog.ack.setDateTime(QDateTime(QDate(2027, 3, 9), QTime(19, 12)))
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", enter)
    qtbot.mouseClick(page.correct_button, Qt.MouseButton.LeftButton)
    assert page.participant_model.index(0, 3).data() == "di 09-03-2027 19:12"
    assert page.figures_model.record(0)[1].within_norm == 1
    window.context.close()
