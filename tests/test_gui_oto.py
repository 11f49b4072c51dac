"""OTO as the coordinator uses it: plan a drill for a team, run it live, see the figures, evaluate."""

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument, QUndoStack
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from crisisapp.context import AppContext
from crisisapp.models.audit import AuditEntry
from crisisapp.models.organisation import Role
from crisisapp.models.oto import ActivityKind
from crisisapp.services import organisation as org
from crisisapp.services import oto
from crisisapp.services.demo import FillDemo
from crisisapp.services.organisation import ReadinessStatus
from crisisapp.storage.database import open_database
from crisisapp.ui import interaction
from crisisapp.ui.oto.dialogs import ActivityDialog, DrillDialog, FindingDialog, InviteDialog
from crisisapp.ui.oto.page import OtoPage
from tests.pdftext import pdf_text
from tests.test_gui_mainwindow import make_window

pytestmark = pytest.mark.gui
START = datetime(2027, 3, 9, 18, 0, tzinfo=UTC)  # 19:00 in Maassluis


def ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


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
    assert participants_with_audited_responses(context) == 2  # each reaction saved and audited as it came in
    assert window.undo_stack.undoText() == "Reactie of opkomst vastleggen"
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


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    context = AppContext(open_database(path), clock=lambda: NOW)
    context.execute(FillDemo(NOW))
    context.close()
    return path


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


def test_mistakes_are_removed_and_come_back_with_undo(demo_page):
    page = demo_page
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


def test_an_executed_activity_is_not_deleted(demo_page, monkeypatch):
    page, warnings = demo_page, []
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: warnings.append(text))
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
