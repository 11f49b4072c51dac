"""Events as the adviser uses them: a new event, its checklist from a template, ticks in a round, print."""

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QDialogButtonBox

from crisisapp.models.events import Category, Outcome
from crisisapp.services import events
from crisisapp.services.events import PointInput
from crisisapp.ui import interaction
from crisisapp.ui.events.dialogs import EventDialog, LineDialog, MeetingDialog, NameDialog, TickDialog
from crisisapp.ui.preview import PdfPreviewDialog
from tests.pdftext import pdf_text
from tests.test_gui_mainwindow import make_window

pytestmark = pytest.mark.gui


def ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def add_event(window, name, **details):
    """An event on 1 July 2027, 12:00 to 22:00 in Maassluis, made as the team would."""
    start = datetime(2027, 7, 1, 10, tzinfo=UTC)
    data = events.EventInput(name, "", 2027, start, start.replace(hour=20), Category.A, **details)
    return window.context.execute(events.AddEvent(data)).result


def test_event_checklist_ticked_kept_and_printed(qtbot, db_path, monkeypatch):
    window = make_window(qtbot, db_path)
    window.context.clock = lambda: datetime(2027, 5, 1, 9, 0, tzinfo=UTC)
    page = window.show_area("events")

    def new_event(dialog: EventDialog) -> bool:
        qtbot.keyClicks(dialog.name, "Havenfeest 2027")
        dialog.start.setDateTime(QDateTime(QDate(2027, 7, 10), QTime(12, 0)))
        dialog.end.setDateTime(QDateTime(QDate(2027, 7, 10), QTime(23, 0)))
        dialog.category.setCurrentIndex(dialog.category.findData(Category.B))
        dialog.visitors.setValue(4000)
        dialog.received.setDate(QDate(2027, 5, 1))  # ten weeks before
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", new_event)
    assert page.new_event()
    event = page.selected_event()
    assert event is not None and event.name == "Havenfeest 2027"
    assert "korter dan 12 weken" in page.warning.text()

    page.template_combo.setCurrentIndex(0)  # "Algemeen evenement"
    assert page.fill_checklist()
    total = page.item_model.rowCount()
    assert total == 27 and page.progress_label.text() == "0 van 27 gecontroleerd · 0 niet in orde"

    page.round_combo.setCurrentIndex(page.round_combo.findText("tijdens"))
    for row, (outcome, remark) in enumerate([(Outcome.OK, ""), (Outcome.NOT_OK, "Nooduitgang geblokkeerd")]):
        page.item_view.selectRow(row)

        def tick(dialog: TickDialog, outcome=outcome, remark=remark) -> bool:
            dialog.outcome.setCurrentIndex(dialog.outcome.findData(outcome))
            dialog.remark.setPlainText(remark)
            dialog.inspector.setText("M. de Vries")
            qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
            return bool(dialog.result())

        monkeypatch.setattr(interaction, "run_dialog", tick)
        assert page.tick()
    assert page.progress_label.text() == "2 van 27 gecontroleerd · 1 niet in orde"
    window.close()
    window.context.close()

    reopened = make_window(qtbot, db_path)
    page = reopened.show_area("events")
    page.select_event(event.id)
    page.round_combo.setCurrentIndex(page.round_combo.findText("tijdens"))
    assert page.item_model.index(0, 2).data() == "ok" and page.item_model.index(1, 2).data() == "niet ok"
    assert page.item_model.index(1, 4).data() == "M. de Vries"
    page.round_combo.setCurrentIndex(page.round_combo.findText("afbouw"))
    assert page.item_model.index(1, 2).data() == "niet ok in tijdens, nog niet opgelost"  # stays visible

    monkeypatch.setattr(interaction, "choose_item", lambda *args: 1)
    reopened.print_action.trigger()
    preview = reopened.findChild(PdfPreviewDialog)
    assert preview is not None and preview.document.pageCount() >= 2
    text = pdf_text(preview.pdf)
    assert "Havenfeest 2027" in text and "Nooduitgang geblokkeerd" in text and "M. de Vries" in text
    preview.close()
    reopened.context.close()


def test_the_team_edits_its_templates(qtbot, db_path, monkeypatch):
    window = make_window(qtbot, db_path)
    page = window.show_area("events")
    page.tabs.setCurrentIndex(2)
    general = page.edit_template_combo.findText("Algemeen evenement (27)")
    page.edit_template_combo.setCurrentIndex(general)

    def copy(dialog: NameDialog) -> bool:
        dialog.name.setText("Braderie")
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", copy)
    assert page.copy_template()
    assert page.edit_template_combo.currentText() == "Braderie (27)"

    def add(dialog: LineDialog) -> bool:
        dialog.section.setCurrentText("Geluid")
        dialog.text.setPlainText("Geen versterkte muziek na 22:00.")
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", add)
    assert page.add_line()
    texts = [
        (page.line_model.index(r, 0).data(), page.line_model.index(r, 1).data())
        for r in range(page.line_model.rowCount())
    ]
    geluid = [t for s, t in texts if s == "Geluid"]
    assert geluid[-1] == "Geen versterkte muziek na 22:00." and len(texts) == 28
    page.line_view.selectRow(0)
    assert page.remove_line()
    assert page.line_model.rowCount() == 27
    window.undo_action.trigger()
    assert page.line_model.rowCount() == 28
    templates = {name: lines for name, lines in page.context.call(events.templates).values()}
    assert len(templates["Algemeen evenement"]) == 27 and len(templates["Braderie"]) == 28
    page.edit_template_combo.setCurrentIndex(page.edit_template_combo.findText("Braderie (28)"))
    assert page.delete_template()
    assert page.edit_template_combo.findText("Braderie (28)") == -1
    window.undo_action.trigger()
    assert page.edit_template_combo.findText("Braderie (28)") >= 0
    window.context.close()


MARKUP = "<b>vet</b> & <script>"
ESCAPED = "&lt;b&gt;vet&lt;/b&gt; &amp; &lt;script&gt;"


def test_user_text_is_shown_as_typed_never_as_markup(qtbot, db_path, monkeypatch):
    window = make_window(qtbot, db_path)
    window.context.clock = lambda: datetime(2027, 5, 1, 9, 0, tzinfo=UTC)
    page = window.show_area("events")
    made = add_event(window, f"Feest {MARKUP}", permit_status=MARKUP)
    page.select_event(made.id)
    assert ESCAPED in page.meeting_label.text()  # "Nog geen vooroverleg voor …"
    window.context.execute(events.AddMeeting(made.id, datetime(2027, 5, 1, 9, tzinfo=UTC), MARKUP, MARKUP))
    assert page.meeting_label.text().count(ESCAPED) == 2 and "<b>vet</b>" not in page.meeting_label.text()
    assert page.event_model.index(0, 5).data(Qt.ItemDataRole.ToolTipRole) == f"<p>{ESCAPED}</p>"

    window.context.execute(events.AddTemplateLine(1, MARKUP, MARKUP))
    window.context.execute(events.FillChecklist(made.id, 1))
    last = page.item_model.rowCount() - 1
    assert page.item_model.index(last, 1).data() == MARKUP
    assert page.item_model.index(last, 1).data(Qt.ItemDataRole.ToolTipRole) == f"<p>{ESCAPED}</p>"

    def look(dialog: TickDialog) -> bool:
        assert dialog.item_label.text() == f"<b>{ESCAPED}</b><br>{ESCAPED}"
        return False

    monkeypatch.setattr(interaction, "run_dialog", look)
    page.item_view.selectRow(last)
    assert not page.tick()
    window.context.close()


def test_a_meeting_with_its_action_point_is_one_undo_step(qtbot, db_path, monkeypatch):
    window = make_window(qtbot, db_path)
    window.context.clock = lambda: datetime(2027, 5, 1, 9, 0, tzinfo=UTC)
    page = window.show_area("events")
    made = add_event(window, "Havenfeest 2027")
    page.select_event(made.id)

    def meet(dialog: MeetingDialog) -> bool:
        dialog.notes.setPlainText("Route besproken")
        dialog.action.setText("Hekken bestellen")
        dialog.owner.setText("organisator")
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", meet)
    assert page.add_meeting()
    assert "Route besproken" in page.meeting_label.text()
    assert [page.point_model.index(r, 1).data() for r in range(page.point_model.rowCount())] == ["Hekken bestellen"]
    assert window.undo_stack.count() == 1 and window.undo_stack.undoText() == "Vooroverleg vastleggen"
    window.undo_action.trigger()
    assert page.point_model.rowCount() == 0 and "Nog geen vooroverleg" in page.meeting_label.text()
    window.redo_action.trigger()
    assert page.point_model.rowCount() == 1 and "Route besproken" in page.meeting_label.text()
    window.context.close()


def test_an_empty_checklist_and_an_event_without_history_can_go(qtbot, db_path):
    window = make_window(qtbot, db_path)
    page = window.show_area("events")
    made = add_event(window, "Braderie 2027")
    window.context.execute(events.FillChecklist(made.id, 1))
    page.select_event(made.id)
    assert page.item_model.rowCount() == 27
    assert page.clear_checklist()
    assert page.item_model.rowCount() == 0
    assert page.delete_event()
    assert page.event_model.rowCount() == 0
    window.undo_action.trigger()
    window.undo_action.trigger()
    page.select_event(made.id)
    assert page.item_model.rowCount() == 27
    window.context.close()


def test_item_models_follow_the_qt_contract(qtmodeltester, qtbot, db_path):
    window = make_window(qtbot, db_path)
    window.context.clock = lambda: datetime(2027, 8, 16, 8, 0, tzinfo=UTC)
    page = window.show_area("events")
    made = add_event(window, "Havenfeest 2027")
    window.context.execute(events.FillChecklist(made.id, 1))
    window.context.execute(events.AddPoint(made.id, PointInput("Verkeersplan", "gemeente", date(2027, 6, 1))))
    page.select_event(made.id)
    item = page.item_model.record(0)
    window.context.execute(events.Tick(item.id, "opbouw", Outcome.NOT_OK, made.data.start, "H&T", "Hek ontbreekt"))
    page.round_combo.setCurrentIndex(page.round_combo.findText("tijdens"))
    models = (page.event_model, page.point_model, page.item_model, page.line_model)
    assert all(model.rowCount() > 0 for model in models)
    assert page.item_model.index(0, 2).data() == "niet ok in opbouw, nog niet opgelost"
    for model in models:
        qtmodeltester.check(model)
    window.context.close()
