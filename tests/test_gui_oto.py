"""OTO as the coordinator uses it: plan a drill for a team, run it live, see the figures, evaluate."""

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QKeySequence, QTextDocument, QUndoStack
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import func, select

from crisisapp.context import AppContext
from crisisapp.models.audit import AuditEntry
from crisisapp.models.organisation import Role
from crisisapp.models.oto import ActivityKind, ActivityStatus, Presence
from crisisapp.services import organisation as org
from crisisapp.services import oto
from crisisapp.services.organisation import ReadinessStatus
from crisisapp.storage.database import open_database
from crisisapp.ui import interaction
from crisisapp.ui.oto.dialogs import ActivityDialog, DrillDialog, FindingDialog, InviteDialog
from crisisapp.ui.oto.models import DrillModel, FiguresModel, ParticipantModel
from crisisapp.ui.oto.page import OtoPage
from tests.clock import NOW as NOW_TESTS
from tests.pdftext import pdf_text
from tests.test_gui_mainwindow import make_window

pytestmark = pytest.mark.gui
START = datetime(2027, 3, 9, 18, 0, tzinfo=UTC)  # 19:00 in Maassluis


def ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def click_row(qtbot, dialog: DrillDialog, row: int) -> None:
    rect = dialog.view.visualRect(dialog.model.index(row, 0))
    qtbot.mouseClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def participants_with_audited_responses(context):
    with context.database.sessions() as session:
        rows = session.scalars(
            select(AuditEntry.record_id).where(
                AuditEntry.action == "Reactie of opkomst vastleggen", AuditEntry.table_name == "oto_participant"
            )
        )
        return len(set(rows))


def test_plan_run_measure_and_evaluate_a_drill(qtbot, db_path, monkeypatch):
    window = make_window(qtbot, db_path)
    clock = {"now": START - timedelta(days=1)}
    window.context.clock = lambda: clock["now"]
    context = window.context
    team = next(t for t in context.call(org.list_teams) if t.code == "TBz")
    people = []
    for n, function in enumerate(team.functions[:3]):
        person = context.execute(org.AddPerson(org.PersonInput(f"Procesleider {n}", "Maassluis"))).result
        context.execute(org.Assign(person.id, function.id, Role.PRIMARY, date(2026, 1, 1)))
        context.execute(org.RecordAttendance(person.id, ActivityKind.TRAINING, date(2027, 1, 15), START))
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
        qtbot.mouseClick(dialog.alarm_button, Qt.MouseButton.LeftButton)
        clock["now"] = START + timedelta(minutes=4)
        click_row(qtbot, dialog, 0)  # clicked as the first reaction comes in
        clock["now"] = START + timedelta(minutes=15)  # exactly on the norm
        qtbot.keyClicks(dialog.search, "leider 2")
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
        clock["now"] = START + timedelta(minutes=21)
        dialog.refresh()
        assert dialog.elapsed.text() == "21:00"
        assert dialog.count.text() == "2 van 3 gereageerd · 2 binnen de norm van 15 minuten"
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
        return True

    monkeypatch.setattr(interaction, "run_dialog", run)
    qtbot.mouseClick(page.drill_button, Qt.MouseButton.LeftButton)
    assert participants_with_audited_responses(context) == 2  # each reaction saved and audited as it came in
    assert window.undo_stack.undoText() == "Reactie of opkomst vastleggen"
    totals = page.figures_model.record(0)[1]
    assert (totals.responded, totals.within_norm, totals.invited) == (2, 2, 3)
    assert page.figures_model.index(0, 6).data() == "9:30 min"  # median of 4 and 15 minutes, with its unit

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
    assert page.findings_label.text() == "1 open actiepunt, te laat"
    page.finding_view.selectRow(0)
    qtbot.mouseClick(page.finding_done_button, Qt.MouseButton.LeftButton)
    assert page.finding_model.rowCount() == 0 and context.call(oto.findings, open_actions_only=True) == ()
    window.undo_action.trigger()
    assert page.finding_model.rowCount() == 1
    window.context.close()


def test_times_can_be_entered_afterwards(qtbot, db_path, monkeypatch):
    from crisisapp.ui.oto.dialogs import ResponseDialog

    window = make_window(qtbot, db_path)
    context = window.context
    person = context.execute(org.AddPerson(org.PersonInput("Late Melder", "Schiedam"))).result
    made = context.execute(oto.PlanActivity(oto.ActivityInput(ActivityKind.ALARMERING, "Alarm", START))).result
    context.execute(oto.InviteParticipants(made.id, (person.id,)))
    context.execute(oto.StartAlarm(made.id, START))
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


NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@pytest.fixture
def demo_page(qtbot, demo_file, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes(demo_file.read_bytes())
    context = AppContext(open_database(copy), clock=lambda: NOW)
    page = OtoPage(context, QUndoStack())
    context.add_listener(page.data_changed)
    qtbot.addWidget(page)
    yield page
    context.close()


def test_item_models_follow_the_qt_contract(qtmodeltester, demo_page):
    page = demo_page
    evaluated = next(a for a in page.context.call(oto.list_activities, 2026) if a.kind is ActivityKind.OEFENING)
    page.select_activity(evaluated.id)
    models = (page.activity_model, page.participant_model, page.figures_model, page.finding_model, page.norm_model)
    assert all(model.rowCount() for model in models)
    for model in models:
        qtmodeltester.check(model)
    page.show_all_open.setChecked(False)  # the findings of the activity, overdue ones coloured
    assert page.finding_model.rowCount() == 3
    qtmodeltester.check(page.finding_model)
    drill = DrillModel(False, 15, evaluated.alarm_at)  # the live drill's list: times coloured, one editable
    drill.set_rows(page.context.call(oto.participants, evaluated.id))
    qtmodeltester.check(drill)


def shown(rich_text: str) -> str:
    document = QTextDocument()
    document.setHtml(rich_text)
    return document.toPlainText()


def test_titles_and_findings_show_as_typed_never_as_markup(demo_page):
    page, title, description = demo_page, "<b>Oefening</b> & co", "<i>Niemand</i> had de sleutel & de pas"
    made = page.context.execute(oto.PlanActivity(oto.ActivityInput(ActivityKind.OEFENING, title, NOW))).result
    page.context.execute(oto.AddFinding(made.id, description))
    page.refresh()
    page.select_activity(made.id)
    page.show_all_open.setChecked(False)
    assert shown(page.activity_label.text()).startswith(f"{title} · ")
    assert title in shown(page.quarters.labels[3].text())
    assert page.findings_label.textFormat() == Qt.TextFormat.PlainText and page.findings_label.text() == title
    row = next(r for r in range(page.activity_model.rowCount()) if page.activity_model.record(r).id == made.id)
    for index in (page.activity_model.index(row, 2), page.finding_model.index(0, 1)):
        tip = index.data(Qt.ItemDataRole.ToolTipRole)
        assert GuiQt.mightBeRichText(tip) and shown(tip) == index.data()
    assert page.finding_model.index(0, 1).data() == description


def test_mistakes_are_removed_and_come_back_with_undo(demo_page, monkeypatch):
    page, asked = demo_page, []
    monkeypatch.setattr(interaction, "confirm", lambda parent, title, text, action: asked.append(text) or True)
    coming = next(a for a in page.context.call(oto.list_activities, 2027) if a.participants)
    page.year.setValue(2027)
    page.select_activity(coming.id)
    before = page.participant_model.rowCount()
    page.participant_view.selectRow(0)
    assert page.uninvite() and page.participant_model.rowCount() == before - 1
    page.undo_stack.undo()
    assert page.participant_model.rowCount() == before
    page.show_all_open.setChecked(False)
    page.context.execute(oto.AddFinding(coming.id, "Per ongeluk"))
    page.finding_view.selectRow(0)
    assert page.delete_finding() and page.finding_model.rowCount() == 0
    page.undo_stack.undo()
    assert [f.description for f in page.context.call(oto.findings, coming.id)] == ["Per ongeluk"]
    assert page.delete_activity()
    assert coming.id not in {a.id for a in page.context.call(oto.list_activities, 2027)}
    page.undo_stack.undo()
    page.select_activity(coming.id)
    assert page.participant_model.rowCount() == before and page.finding_model.rowCount() == 1
    assert len(asked) == 3 and asked[1].startswith("De bevinding ‘Per ongeluk’ verwijderen?")  # each asked first


def test_an_executed_activity_is_not_deleted(demo_page, monkeypatch):
    page, warnings = demo_page, []
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: warnings.append(text))
    monkeypatch.setattr(interaction, "confirm", lambda parent, title, text, action: True)
    page.activity_view.selectRow(0)
    assert not page.delete_activity()
    assert "annuleer de activiteit" in warnings[0]


def test_the_page_prints_the_plan_and_the_report_of_the_selected_drill(demo_page, monkeypatch):
    page = demo_page
    evaluated = next(a for a in page.context.call(oto.list_activities, 2026) if a.kind is ActivityKind.OEFENING)
    page.select_activity(evaluated.id)
    answers = iter((0, 3))
    monkeypatch.setattr(interaction, "choose_item", lambda parent, title, label, items, current: next(answers))
    plan, report = page.print_job(), page.print_job()
    assert plan is not None and plan.suggested_name == "oto-jaarplan-2026.pdf"
    assert "3e kwartaal 2026, onaangekondigd" in pdf_text(plan.pdf)
    assert report is not None and report.suggested_name == f"oefenverslag-{evaluated.id}.pdf"
    assert f"Oefenverslag: {evaluated.title}" in pdf_text(report.pdf)


DRILL_NAMES = (
    "Anna de Vries",
    "Bram Jansen",
    "Carla Bakker",
    "Dirk Visser",
    "Eva Smit",
    "Frank Meijer",
    "Greet de Boer",
    "Hans Mulder",
    "Ineke de Groot",
    "Joost Bos",
    "Karin Vos",
    "Lars Öztürk",
)


def last_audit(context) -> int:
    with context.database.sessions() as session:
        return session.scalar(select(func.max(AuditEntry.id))) or 0


def test_a_live_drill_runs_with_one_hand_on_the_keyboard(qtbot, db_path, monkeypatch):
    window = make_window(qtbot, db_path)
    context, clock = window.context, {"now": START - timedelta(days=20)}
    context.clock = lambda: clock["now"]
    people = [context.execute(org.AddPerson(org.PersonInput(name, "Maassluis"))).result for name in DRILL_NAMES]
    made = context.execute(oto.PlanActivity(oto.ActivityInput(ActivityKind.ALARMERING, "Alarm maart", START))).result
    context.execute(oto.InviteParticipants(made.id, tuple(p.id for p in people)))
    page = window.show_area("oto")
    page.year.setValue(2027)
    page.select_activity(made.id)
    opened_after = last_audit(context)
    asked, warned = [], []
    answers = iter((False, True))
    monkeypatch.setattr(interaction, "question", lambda parent, title, text: asked.append(text) or next(answers))
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: warned.append(text))

    def enter(dialog: DrillDialog, letters: str, minutes: float) -> None:
        clock["now"] = START + timedelta(minutes=minutes)
        qtbot.keyClicks(dialog.search, letters)
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.search.text() == ""  # Enter never closes the drill

    def time_of(dialog: DrillDialog, name: str) -> str:
        row = next(r for r in range(dialog.model.rowCount()) if dialog.model.record(r).name == name)
        return dialog.model.index(row, 1).data()

    def drive(dialog: DrillDialog) -> bool:
        with qtbot.waitExposed(dialog):
            dialog.show()
        assert last_audit(context) == opened_after  # opening it wrote nothing: no alarm, no time
        assert context.call(oto.get_activity, made.id).alarm_at is None
        assert dialog.focusWidget() is dialog.search and not dialog.alarm_edit.isVisible()
        qtbot.keyClicks(dialog.search, "vries")
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # before the alarm nothing counts
        assert dialog.isVisible() and "Alarm nu" in dialog.message.text()
        assert dialog.count.text().startswith("0 van 12 gereageerd") and dialog.elapsed.text() == "--:--"
        dialog.search.clear()

        clock["now"] = START
        assert dialog.alarm_button.shortcut() == QKeySequence("Alt+A")  # (offscreen, no window is active for it)
        qtbot.mouseClick(dialog.alarm_button, Qt.MouseButton.LeftButton)
        assert context.call(oto.get_activity, made.id).alarm_at == START
        assert dialog.alarm_edit.text() == "19:00:00" and not dialog.alarm_button.isVisible()
        for letters, minutes in (
            ("vries", 1),
            ("jans", 2),
            ("de", 3),  # the first "de" without a time: Greet de Boer, Anna de Vries has one
            ("bakk", 4),
            ("viss", 5),
            ("smit", 6),
            ("meij", 8),
            ("mul", 12),
            ("groot", 15),  # exactly on the norm
            ("ozt", 20.5),  # accents ignored: Öztürk
        ):
            enter(dialog, letters, minutes)
        assert time_of(dialog, "Greet de Boer") == "19:03:00" and time_of(dialog, "Lars Öztürk") == "19:20:30"
        assert dialog.message.text() == "Vastgelegd: Lars Öztürk om 19:20:30"
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # again, empty: nothing
        qtbot.keyClicks(dialog.search, "vries")
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # already recorded: said, not recorded twice
        assert dialog.message.text() == "Anna de Vries is al vastgelegd." and dialog.search.selectedText() == "vries"
        dialog.search.clear()

        clock["now"] = START + timedelta(minutes=25)
        click_row(qtbot, dialog, DRILL_NAMES.index("Joost Bos"))  # a single click records
        assert time_of(dialog, "Joost Bos") == "19:25:00" and dialog.focusWidget() is dialog.search
        assert dialog.count.text() == "11 van 12 gereageerd · 9 binnen de norm van 15 minuten"
        assert dialog.elapsed.text() == "25:00"

        click_row(qtbot, dialog, DRILL_NAMES.index("Lars Öztürk"))  # one with a time: only highlighted
        assert time_of(dialog, "Lars Öztürk") == "19:20:30" and dialog.highlighted().name == "Lars Öztürk"
        qtbot.keyClick(dialog.search, Qt.Key.Key_F2)  # correct the time in place
        editor = dialog.view.indexWidget(dialog.model.index(DRILL_NAMES.index("Lars Öztürk"), 1))
        assert editor.selectedText() == "19:20:30"
        qtbot.keyClicks(editor, "19:13")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: time_of(dialog, "Lars Öztürk") == "19:13:00")
        assert dialog.count.text() == "11 van 12 gereageerd · 10 binnen de norm van 15 minuten"
        assert dialog.focusWidget() is dialog.search
        qtbot.keyClick(dialog.search, Qt.Key.Key_Delete)  # search empty: takes the highlighted one back
        assert time_of(dialog, "Lars Öztürk") == "" and dialog.message.text() == "Teruggenomen: Lars Öztürk"
        assert dialog.count.text() == "10 van 12 gereageerd · 9 binnen de norm van 15 minuten"

        dialog.alarm_edit.selectAll()
        qtbot.keyClicks(dialog.alarm_edit, "18:59")  # the alarm went a minute earlier than pressed
        qtbot.keyClick(dialog.alarm_edit, Qt.Key.Key_Return)
        assert context.call(oto.get_activity, made.id).alarm_at == START - timedelta(minutes=1)
        assert dialog.count.text() == "10 van 12 gereageerd · 8 binnen de norm van 15 minuten"  # 15 became 16
        assert window.undo_stack.undoText() == "Alarmtijd gecorrigeerd"  # not "Alarm verstuurd" again
        dialog.alarm_edit.selectAll()
        qtbot.keyClicks(dialog.alarm_edit, "19:02")  # after the first reaction: refused, the saved time stays
        qtbot.keyClick(dialog.alarm_edit, Qt.Key.Key_Return)
        assert "na de eerste reactie" in warned[0] and dialog.alarm_edit.text() == "18:59:00"
        assert dialog.isVisible()

        qtbot.keyClick(dialog.search, Qt.Key.Key_Escape)  # asks; the first answer is no
        assert dialog.isVisible() and asked[0].startswith("De oefening loopt: 2 deelnemers hebben nog geen tijd.")
        qtbot.keyClick(dialog.search, Qt.Key.Key_Escape)
        assert not dialog.isVisible()
        return False

    monkeypatch.setattr(interaction, "run_dialog", drive)
    qtbot.mouseClick(page.drill_button, Qt.MouseButton.LeftButton)
    assert participants_with_audited_responses(context) == 11
    figures = page.figures_model.record(0)[1]
    assert (figures.responded, figures.within_norm) == (10, 8)  # the page shows what the drill saved
    assert window.undo_stack.undoText() == "Alarmtijd gecorrigeerd"
    window.undo_stack.undo()  # the correction of the alarm
    window.undo_stack.undo()  # taking Lars back
    assert context.call(oto.get_activity, made.id).alarm_at == START
    lars = next(p for p in context.call(oto.participants, made.id) if p.name == "Lars Öztürk")
    assert lars.acknowledged_at == START + timedelta(minutes=13)

    context.execute(oto.SetActivityStatus(made.id, ActivityStatus.DONE))
    page.select_activity(made.id)

    def look_back(dialog: DrillDialog) -> bool:
        qtbot.keyClick(dialog.search, Qt.Key.Key_Escape)  # a drill that is over closes without a question
        return False

    monkeypatch.setattr(interaction, "run_dialog", look_back)
    qtbot.mouseClick(page.drill_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 2
    window.context.close()


def test_marking_a_future_activity_executed_asks_and_records_the_real_day(qtbot, db_path, monkeypatch):
    window = make_window(qtbot, db_path)  # today is tests/clock.py's NOW, 26-11-2026
    context = window.context
    person = context.execute(org.AddPerson(org.PersonInput("Vroege Vogel", "Vlaardingen"))).result
    made = context.execute(oto.PlanActivity(oto.ActivityInput(ActivityKind.TRAINING, "Training GBT", START))).result
    context.execute(oto.InviteParticipants(made.id, (person.id,)))
    page = window.show_area("oto")
    page.year.setValue(2027)
    page.select_activity(made.id)
    asked, answer = [], {"yes": False}
    monkeypatch.setattr(interaction, "question", lambda parent, title, text: asked.append(text) or answer["yes"])

    def attendance():
        return [a.day for a in context.call(org.list_attendance, person.id)]

    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    assert asked == [
        "Training GBT staat gepland op di 09-03-2027, in de toekomst. Toch als uitgevoerd vastleggen, op vandaag?"
    ]
    assert context.call(oto.get_activity, made.id).status is ActivityStatus.PLANNED and attendance() == []
    answer["yes"] = True
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    done = context.call(oto.get_activity, made.id)
    assert done.status is ActivityStatus.DONE and done.start == NOW_TESTS.astimezone(UTC)
    assert attendance() == [date(2026, 11, 26)]  # the day it was held, not 9 March
    assert page.year.value() == 2026 and page.selected_activity() == done  # the page follows it into 2026
    window.undo_stack.undo()
    assert context.call(oto.get_activity, made.id).start == START and attendance() == []

    held = context.execute(
        oto.PlanActivity(oto.ActivityInput(ActivityKind.TRAINING, "Al geweest", NOW_TESTS - timedelta(days=2)))
    ).result
    page.year.setValue(2026)
    page.select_activity(held.id)
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)  # held in the past: no question
    assert len(asked) == 2 and context.call(oto.get_activity, held.id).status is ActivityStatus.DONE
    window.context.close()


def test_buttons_wait_for_a_selection_and_numbers_read_as_dutch(demo_page, qtbot):
    page = demo_page
    evaluated = next(a for a in page.context.call(oto.list_activities, 2026) if a.kind is ActivityKind.OEFENING)
    page.select_activity(evaluated.id)
    waiting = (page.correct_button, page.absent_button, page.excused_button, page.uninvite_button)
    assert not any(button.isEnabled() for button in waiting) and page.drill_button.isEnabled()
    page.participant_view.selectRow(0)
    assert all(button.isEnabled() for button in waiting)
    page.show_all_open.setChecked(False)
    assert not page.finding_delete_button.isEnabled() and not page.finding_done_button.isEnabled()
    page.finding_view.selectRow(0)
    assert page.finding_delete_button.isEnabled()
    assert page.subtitle.text() == "6 activiteiten in 2026"
    page.year.setValue(2024)
    assert page.subtitle.text() == "0 activiteiten in 2024"
    page.context.execute(
        oto.PlanActivity(oto.ActivityInput(ActivityKind.TRAINING, "Eén", datetime(2024, 5, 1, tzinfo=UTC)))
    )
    assert page.subtitle.text() == "1 activiteit in 2024"
    many = oto.Figures(1250, 12, 30, 1100, 1001, 9.5, 40.0)
    assert FiguresModel().texts(("Totaal", many))[1:6] == (
        "1.250",
        "12",
        "30",
        "1.100 (89%)",
        "1.001",
    )  # of the 1.238 expected
    chart = page.trend_chart
    axis = chart.chart().axes(Qt.Orientation.Vertical)[0]
    assert (axis.min(), axis.max(), axis.tickCount(), axis.labelFormat()) == (0, 100, 6, "%.0f")


def test_a_turn_out_drill_records_arrivals_and_keeps_the_reactions(qtbot, db_path, monkeypatch):
    window = make_window(qtbot, db_path)
    context, clock = window.context, {"now": START}
    context.clock = lambda: clock["now"]
    person = context.execute(org.AddPerson(org.PersonInput("Piet Opkomst", "Schiedam"))).result
    made = context.execute(oto.PlanActivity(oto.ActivityInput(ActivityKind.OPKOMST, "Opkomst", START))).result
    context.execute(oto.InviteParticipants(made.id, (person.id,)))
    context.execute(oto.StartAlarm(made.id, START))
    reacted = START + timedelta(minutes=2)
    context.execute(oto.SetResponse(made.id, person.id, Presence.RESPONDED, reacted))
    page = window.show_area("oto")
    page.year.setValue(2027)
    page.select_activity(made.id)
    asked = []
    monkeypatch.setattr(interaction, "question", lambda parent, title, text: asked.append(text) or True)

    def drive(dialog: DrillDialog) -> bool:
        assert dialog.alarm_edit.text() == "19:00:00" and dialog.alarm_day.text() == "di 09-03-2027"
        assert dialog.count.text() == "0 van 1 aangekomen · 0 binnen de norm van 60 minuten"
        clock["now"] = START + timedelta(minutes=40)
        qtbot.keyClicks(dialog.search, "piet")
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
        assert dialog.count.text() == "1 van 1 aangekomen · 1 binnen de norm van 60 minuten"
        (arrived,) = context.call(oto.participants, made.id)
        assert (arrived.acknowledged_at, arrived.arrived_at) == (reacted, START + timedelta(minutes=40))
        qtbot.keyClick(dialog.search, Qt.Key.Key_Delete)
        (back,) = context.call(oto.participants, made.id)
        assert (back.presence, back.acknowledged_at, back.arrived_at) == (Presence.RESPONDED, reacted, None)
        dialog.reject()  # still awaited: asked
        assert asked == [
            "De oefening loopt: 1 deelnemer heeft nog geen tijd. Het venster sluiten? Wat is "
            "vastgelegd blijft bewaard; u kunt later verder."
        ]
        return False

    monkeypatch.setattr(interaction, "run_dialog", drive)
    qtbot.mouseClick(page.drill_button, Qt.MouseButton.LeftButton)
    window.context.close()


def test_charts_survive_rapid_refreshes_with_garbage_collection(demo_page):
    """A live drill refreshes the page (and its trend chart) at every response; recreating chart, axes and view
    each time once brought the app down (a segmentation fault while drawing the chart)."""
    import gc

    page = demo_page
    chart = page.trend_chart
    for round_ in range(60):
        page.data_changed(frozenset({"oto_participant"}))
        if round_ % 5 == 0:
            gc.collect()
        QApplication.processEvents()
    assert page.trend_chart is chart  # one chart for the page's life, filled anew
    (series,) = chart.chart().series()
    assert series.count() == 2 and chart.axis_x.count() == 5


def test_the_participant_view_of_an_unannounced_drill_shows_no_date(qtbot, db_path):
    window = make_window(qtbot, db_path)
    context = window.context
    person = context.execute(org.AddPerson(org.PersonInput("Snelle Melder", "Maassluis"))).result
    data = oto.ActivityInput(ActivityKind.OPKOMST, "Opkomstoefening", START, unannounced=True)
    made = context.execute(oto.PlanActivity(data)).result
    context.execute(oto.InviteParticipants(made.id, (person.id,)))
    context.execute(oto.StartAlarm(made.id, START))
    reacted, arrived = START + timedelta(minutes=4, seconds=12), START + timedelta(minutes=31)
    context.execute(oto.SetResponse(made.id, person.id, Presence.RESPONDED, reacted, arrived))
    page = window.show_area("oto")
    page.year.setValue(2027)
    page.internal.setChecked(False)
    page.select_activity(made.id)
    row = [page.participant_model.index(0, column).data() for column in (3, 4)]
    assert row == ["+4:12", "+31:00"]  # minutes after the alarm, never the date
    without_alarm = ParticipantModel()
    without_alarm.hide_date = True
    assert without_alarm.moment_text(reacted) == "19:04"  # no alarm recorded: the time of day only
    page.internal.setChecked(True)  # the coordinator sees the dates
    page.select_activity(made.id)
    assert page.participant_model.index(0, 3).data() == "di 09-03-2027 19:04"
    context.close()


def test_a_live_drill_refuses_times_to_come_and_times_that_do_not_exist(qtbot, db_path, monkeypatch):
    window = make_window(qtbot, db_path)
    context, clock = window.context, {"now": START - timedelta(days=20)}
    context.clock = lambda: clock["now"]
    people = [context.execute(org.AddPerson(org.PersonInput(name, "Maassluis"))).result for name in DRILL_NAMES[:2]]
    made = context.execute(oto.PlanActivity(oto.ActivityInput(ActivityKind.ALARMERING, "Alarm maart", START))).result
    context.execute(oto.InviteParticipants(made.id, tuple(p.id for p in people)))
    page = window.show_area("oto")
    page.year.setValue(2027)
    page.select_activity(made.id)

    def drive(dialog: DrillDialog) -> bool:
        with qtbot.waitExposed(dialog):
            dialog.show()
        clock["now"] = START
        qtbot.mouseClick(dialog.alarm_button, Qt.MouseButton.LeftButton)
        clock["now"] = START + timedelta(minutes=20)
        qtbot.keyClicks(dialog.search, DRILL_NAMES[0][:4])
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
        row = 0
        assert dialog.model.index(row, 2).data() == "+20:00 · buiten norm"  # a word besides the colour

        qtbot.keyClick(dialog.search, Qt.Key.Key_F2)
        editor = dialog.view.indexWidget(dialog.model.index(row, 1))
        qtbot.keyClicks(editor, "19:30")  # ten minutes from now
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "ligt na nu" in dialog.message.text())
        assert dialog.model.index(row, 1).data() == "19:20:00"
        assert dialog.message.text() == "19:30:00 ligt na nu: een tijd die nog moet komen kan niet worden vastgelegd."

        dialog.alarm_edit.selectAll()
        qtbot.keyClicks(dialog.alarm_edit, "15:61")
        assert dialog.alarm_edit.text() == "15:61"  # as typed, not cut to 15:1
        qtbot.keyClick(dialog.alarm_edit, Qt.Key.Key_Return)
        assert dialog.alarm_message.isVisible() and dialog.alarm_message.text().startswith("‘15:61’ is geen tijd")
        dialog.alarm_edit.selectAll()
        qtbot.keyClicks(dialog.alarm_edit, "19:25")
        qtbot.keyClick(dialog.alarm_edit, Qt.Key.Key_Return)
        assert "ligt na nu" in dialog.alarm_message.text()
        assert context.call(oto.get_activity, made.id).alarm_at == START
        dialog.alarm_edit.selectAll()
        qtbot.keyClicks(dialog.alarm_edit, "18:59")
        qtbot.keyClick(dialog.alarm_edit, Qt.Key.Key_Return)
        assert dialog.alarm_message.isHidden()
        assert context.call(oto.get_activity, made.id).alarm_at == START - timedelta(minutes=1)
        dialog.timer.stop()
        return False

    monkeypatch.setattr(interaction, "run_dialog", drive)
    monkeypatch.setattr(interaction, "question", lambda *args: True)
    qtbot.mouseClick(page.drill_button, Qt.MouseButton.LeftButton)
    window.context.close()


def test_the_trend_follows_the_kind_of_the_activity_chosen(qtbot, db_path):
    window = make_window(qtbot, db_path)
    context = window.context
    drill = context.execute(oto.PlanActivity(oto.ActivityInput(ActivityKind.OPKOMST, "Opkomst", START))).result
    other = context.execute(oto.PlanActivity(oto.ActivityInput(ActivityKind.ALARMERING, "Alarm", START))).result
    page = window.show_area("oto")
    page.year.setValue(2027)
    page.select_activity(drill.id)
    assert page.trend_kind.currentData() == ActivityKind.OPKOMST
    page.select_activity(other.id)
    assert page.trend_kind.currentData() == ActivityKind.ALARMERING
    window.context.close()
