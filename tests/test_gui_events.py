"""Events as the adviser uses them: a new event, its checklist from a template, a round ticked in the table
from the keyboard, vooroverleg, new editions, print."""

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from crisisapp.models.events import Category, Outcome
from crisisapp.services import events
from crisisapp.services.events import PointInput
from crisisapp.timeutil import to_utc
from crisisapp.ui import interaction
from crisisapp.ui.events.dialogs import EventDialog, LineDialog, MeetingDialog, NameDialog
from crisisapp.ui.events.models import LATE, ItemModel
from crisisapp.ui.preview import PdfPreviewDialog
from tests.pdftext import pdf_text
from tests.test_gui_mainwindow import reopen, window_on

pytestmark = pytest.mark.gui


def ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


CHECKED = Qt.CheckState.Checked
CHECK = Qt.ItemDataRole.CheckStateRole


def press(qtbot, page, *keys):
    """Keys typed into the checklist table; a tick is saved (and the table rebuilt) once the event loop runs."""
    for key in keys:
        qtbot.keyClick(page.item_view, key)
    qtbot.wait(1)


def type_remark(qtbot, page, text):
    """Type into the remark cell that "niet ok" opened, and press Enter."""
    editor = page.item_view.viewport().findChild(QLineEdit)
    assert editor is not None and page.item_view.currentIndex().column() == ItemModel.REMARK
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.item_view.viewport().findChild(QLineEdit) is None or page.awaiting_remark is None)
    qtbot.wait(1)


def outcomes(page, rows):
    """Per row, the outcome ticked in the round shown (None: not checked)."""
    return [
        next(
            (o for column, o in ItemModel.OUTCOMES.items() if page.item_model.index(r, column).data(CHECK) == CHECKED),
            None,
        )
        for r in rows
    ]


def add_event(window, name, **details):
    """An event on 1 July 2027, 12:00 to 22:00 in Maassluis, made as the team would."""
    start = datetime(2027, 7, 1, 10, tzinfo=UTC)
    data = events.EventInput(name, "", 2027, start, start.replace(hour=20), Category.A, **details)
    return window.context.execute(events.AddEvent(data)).result


@pytest.mark.engines  # a user's task from start to end, also on a server database
def test_event_checklist_ticked_kept_and_printed(qtbot, context, monkeypatch):
    window = window_on(qtbot, context)
    window.context.clock = lambda: datetime(2027, 5, 1, 9, 0, tzinfo=UTC)
    page = window.show_area("events")

    def new_event(dialog: EventDialog) -> bool:
        qtbot.keyClicks(dialog.name, "Havenfeest 2027")
        dialog.start.setDateTime(QDateTime(QDate(2027, 7, 10), QTime(12, 0)))
        dialog.end.setDateTime(QDateTime(QDate(2027, 7, 10), QTime(23, 0)))
        dialog.category.setCurrentIndex(dialog.category.findData(Category.B))
        dialog.visitors.setValue(4000)
        assert not dialog.has_received.isChecked() and not dialog.received.isEnabled()  # no application yet
        dialog.has_received.setChecked(True)
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

    window.context.clock = lambda: to_utc(datetime(2027, 7, 10, 14, 0))  # on the day, during the event
    page.round_combo.setCurrentIndex(page.round_combo.findText("tijdens"))
    page.inspector_edit.setText("M. de Vries")
    page.item_view.setFocus()
    page.item_view.setCurrentIndex(page.item_model.index(0, 1))
    press(qtbot, page, Qt.Key.Key_1, Qt.Key.Key_2)
    type_remark(qtbot, page, "Nooduitgang geblokkeerd")
    assert page.progress_label.text() == "2 van 27 gecontroleerd · 1 niet in orde"
    window.close()
    window.context.close()

    reopened = window_on(qtbot, reopen(context))
    page = reopened.show_area("events")
    page.select_event(event.id)
    page.round_combo.setCurrentIndex(page.round_combo.findText("tijdens"))
    assert outcomes(page, (0, 1)) == [Outcome.OK, Outcome.NOT_OK]
    assert page.item_model.index(1, ItemModel.INSPECTOR).data() == "M. de Vries"
    assert page.item_model.index(1, ItemModel.TIME).data() == "za 10-07-2027 14:00"
    page.round_combo.setCurrentIndex(page.round_combo.findText("afbouw"))
    assert page.inspector_edit.text() == "M. de Vries"  # nobody checked afbouw yet: the last inspector
    assert (
        page.item_model.index(1, ItemModel.REMARK).data()
        == "niet ok in tijdens, nog niet opgelost: Nooduitgang geblokkeerd"
    )  # stays visible

    monkeypatch.setattr(interaction, "choose_item", lambda *args: 1)
    reopened.print_action.trigger()
    preview = reopened.findChild(PdfPreviewDialog)
    assert preview is not None and preview.document.pageCount() >= 2
    text = pdf_text(preview.pdf)
    assert "Havenfeest 2027" in text and "Nooduitgang geblokkeerd" in text and "M. de Vries" in text
    preview.close()
    reopened.context.close()


def test_the_team_edits_its_templates(qtbot, context, monkeypatch):
    window = window_on(qtbot, context)
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


def test_user_text_is_shown_as_typed_never_as_markup(qtbot, context, monkeypatch):
    window = window_on(qtbot, context)
    window.context.clock = lambda: datetime(2027, 5, 1, 9, 0, tzinfo=UTC)
    page = window.show_area("events")
    made = add_event(window, f"Feest {MARKUP}", permit_status=MARKUP)
    page.select_event(made.id)
    assert ESCAPED in page.meeting_label.text()  # "Nog geen vooroverleg voor …"
    window.context.execute(events.AddMeeting(made.id, datetime(2027, 5, 1, 9, tzinfo=UTC), (MARKUP,), MARKUP))
    assert page.meeting_label.text().count(ESCAPED) == 2 and "<b>vet</b>" not in page.meeting_label.text()
    assert page.event_model.index(0, 5).data(Qt.ItemDataRole.ToolTipRole) == f"<p>{ESCAPED}</p>"

    window.context.execute(events.AddTemplateLine(1, MARKUP, MARKUP))
    window.context.execute(events.FillChecklist(made.id, 1))
    last = page.item_model.rowCount() - 1
    assert page.item_model.index(last, 1).data() == MARKUP
    assert page.item_model.index(last, 1).data(Qt.ItemDataRole.ToolTipRole) == f"<p>{ESCAPED}</p>"

    item = page.item_model.record(last)
    window.context.execute(events.Tick(item.id, "opbouw", Outcome.NOT_OK, made.data.start, MARKUP, MARKUP))
    for column in (ItemModel.INSPECTOR, ItemModel.REMARK):
        assert page.item_model.index(last, column).data() == MARKUP
        assert page.item_model.index(last, column).data(Qt.ItemDataRole.ToolTipRole) == f"<p>{ESCAPED}</p>"
    window.context.close()


def test_a_meeting_with_its_action_point_is_one_undo_step(qtbot, context, monkeypatch):
    window = window_on(qtbot, context)
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


def test_an_empty_checklist_and_an_event_without_history_can_go(qtbot, context, monkeypatch):
    window = window_on(qtbot, context)
    page = window.show_area("events")
    made = add_event(window, "Braderie 2027")
    window.context.execute(events.FillChecklist(made.id, 1))
    page.select_event(made.id)
    assert page.item_model.rowCount() == 27
    assert page.clear_checklist()
    assert page.item_model.rowCount() == 0
    asked = []
    monkeypatch.setattr(interaction, "question", lambda _parent, _title, text: asked.append(text) or False)
    assert not page.delete_event() and page.event_model.rowCount() == 1  # "no" keeps it
    monkeypatch.setattr(interaction, "question", lambda _parent, _title, text: asked.append(text) or True)
    assert page.delete_event()
    assert asked[-1].startswith("Braderie 2027 verwijderen")
    assert page.event_model.rowCount() == 0
    window.undo_action.trigger()
    window.undo_action.trigger()
    page.select_event(made.id)
    assert page.item_model.rowCount() == 27
    window.context.close()


def test_item_models_follow_the_qt_contract(qtmodeltester, qtbot, context):
    window = window_on(qtbot, context)
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
    assert page.item_model.index(0, ItemModel.REMARK).data() == "niet ok in opbouw, nog niet opgelost: Hek ontbreekt"
    for model in models:
        qtmodeltester.check(model)
    window.context.close()


def test_a_round_is_entered_from_the_keyboard_and_undone_in_one_step(qtbot, context, monkeypatch):
    """Typed in from the paper of the build-up round: the paper's time, arrows and 1/2/3, a remark for
    "niet ok", Delete for a mistake; then the whole pass taken back with one click, and put back."""
    window = window_on(qtbot, context)
    page = window.show_area("events")
    made = add_event(window, "Havenfeest 2027")  # Thursday 1 July 2027, 12:00
    window.context.execute(events.FillChecklist(made.id, 1))
    window.context.clock = lambda: to_utc(datetime(2027, 7, 2, 9, 0))  # the day after, at the desk
    page.select_event(made.id)
    assert page.round_combo.currentText() == "opbouw" and page.inspector_edit.text() == ""  # never the login name
    page.item_view.setFocus()
    page.item_view.setCurrentIndex(page.item_model.index(0, 1))
    press(qtbot, page, Qt.Key.Key_1)
    assert page.tick_message.text() == "Vul eerst bij Controleur in wie controleert." and window.undo_stack.count() == 0

    page.inspector_edit.setText("J. Bakker (H&T)")
    page.now_box.setChecked(False)  # the time on the paper
    page.time_edit.setDateTime(QDateTime(QDate(2027, 6, 30), QTime(19, 30)))
    page.item_view.setFocus()
    press(qtbot, page, Qt.Key.Key_1, Qt.Key.Key_2)  # row 0 ok; row 1 niet ok opens its remark
    type_remark(qtbot, page, "Hek ontbreekt bij de nooduitgang")
    press(qtbot, page, Qt.Key.Key_2)  # row 2: niet ok, but no remark given
    qtbot.keyClick(page.item_view.viewport().findChild(QLineEdit), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: "niet opgeslagen" in page.tick_message.text())
    page.item_view.setFocus()
    press(qtbot, page, Qt.Key.Key_3, Qt.Key.Key_Down, Qt.Key.Key_1)  # row 2 n.v.t.; row 3 skipped; row 4 ok
    press(qtbot, page, Qt.Key.Key_Up, Qt.Key.Key_Up, Qt.Key.Key_2)  # row 3: niet ok…
    type_remark(qtbot, page, "Verkeerd")
    press(qtbot, page, Qt.Key.Key_Up, Qt.Key.Key_Delete, Qt.Key.Key_1)  # …a mistake: wiped, then ok
    assert outcomes(page, range(6)) == [Outcome.OK, Outcome.NOT_OK, Outcome.NA, Outcome.OK, Outcome.OK, None]
    assert page.progress_label.text() == "5 van 27 gecontroleerd · 1 niet in orde"
    assert {page.item_model.index(r, ItemModel.TIME).data() for r in range(5)} == {"wo 30-06-2027 19:30"}
    assert page.item_model.index(1, ItemModel.REMARK).data() == "Hek ontbreekt bij de nooduitgang"
    assert page.item_model.index(3, ItemModel.REMARK).data() == ""  # the remark went with the "niet ok"
    assert page.item_view.currentIndex().row() == 4  # ready for the next one

    assert page.pass_button.isEnabled() and page.pass_button.text() == "Ronde ongedaan maken (7 wijzigingen)"
    qtbot.mouseClick(page.pass_button, Qt.MouseButton.LeftButton)
    assert page.progress_label.text() == "0 van 27 gecontroleerd · 0 niet in orde"
    assert page.pass_button.text() == "Ronde opnieuw (7 wijzigingen)"
    qtbot.mouseClick(page.pass_button, Qt.MouseButton.LeftButton)
    assert page.progress_label.text() == "5 van 27 gecontroleerd · 1 niet in orde"
    window.undo_action.trigger()  # Ctrl+Z: the last tick alone
    qtbot.wait(1)
    assert page.progress_label.text() == "4 van 27 gecontroleerd · 1 niet in orde"
    assert page.pass_button.text() == "Ronde ongedaan maken (6 wijzigingen)"

    page.round_combo.setCurrentIndex(page.round_combo.findText("tijdens"))
    assert page.inspector_edit.text() == "J. Bakker (H&T)" and page.now_box.isChecked()
    assert not page.pass_button.isEnabled()  # the pass belongs to the build-up round
    warned = []
    monkeypatch.setattr(interaction, "warning", lambda _parent, _title, text: warned.append(text))
    page.now_box.setChecked(False)
    page.time_edit.setText("31-06-2027 12:00")  # a day June does not have: refused, nothing saved
    page.item_view.setFocus()
    page.item_view.setCurrentIndex(page.item_model.index(0, 1))
    press(qtbot, page, Qt.Key.Key_1)
    assert page.tick_message.text() == page.time_edit.problem() != "" and window.undo_stack.index() == 6
    page.time_edit.setDateTime(QDateTime(QDate(2027, 7, 1), QTime(11, 59)))  # before the event starts
    page.item_view.setFocus()
    page.item_view.setCurrentIndex(page.item_model.index(0, 1))
    press(qtbot, page, Qt.Key.Key_1)
    assert warned == [
        "De ronde ‘tijdens’ van Havenfeest 2027 begint pas do 01-07-2027 12:00; een controle om "
        "do 01-07-2027 11:59 kan nog niet. Klopt de tijd van de controle?"
    ]
    assert page.progress_label.text().startswith("0 van 27")
    window.context.close()


def test_a_click_ticks_a_box_and_a_remark_is_corrected_in_its_cell(qtbot, context):
    window = window_on(qtbot, context)
    page = window.show_area("events")
    made = add_event(window, "Havenfeest 2027")
    window.context.execute(events.FillChecklist(made.id, 1))
    window.context.clock = lambda: to_utc(datetime(2027, 7, 1, 15, 0))
    page.select_event(made.id)
    page.round_combo.setCurrentIndex(page.round_combo.findText("tijdens"))
    page.inspector_edit.setText("M. de Vries")
    view = page.item_view

    def click(row, column):
        rect = view.visualRect(page.item_model.index(row, column))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.wait(1)

    click(0, 4)  # n.v.t.
    assert outcomes(page, (0,)) == [Outcome.NA]
    assert page.item_model.index(0, ItemModel.TIME).data() == "do 01-07-2027 15:00"  # "nu": the clock
    click(0, 2)  # ok instead
    assert outcomes(page, (0,)) == [Outcome.OK] and window.undo_stack.count() == 2
    click(0, 2)  # ok again: the tick goes
    assert outcomes(page, (0,)) == [None]
    click(1, 3)  # niet ok: the remark cell opens
    type_remark(qtbot, page, "Brandblusser verlopen")
    view.setCurrentIndex(page.item_model.index(1, ItemModel.REMARK))
    view.edit(view.currentIndex())
    editor = view.viewport().findChild(QLineEdit)
    assert editor.text() == "Brandblusser verlopen"
    window.context.clock = lambda: to_utc(datetime(2027, 7, 1, 17, 0))
    editor.selectAll()
    type_remark(qtbot, page, "Brandblusser verlopen, vervangen om 16:00")
    assert page.item_model.index(1, ItemModel.REMARK).data() == "Brandblusser verlopen, vervangen om 16:00"
    assert page.item_model.index(1, ItemModel.TIME).data() == "do 01-07-2027 15:00"  # the time of the check stays
    assert window.undo_stack.undoText() == "Controlepunt afvinken"
    window.context.close()


def test_one_edition_per_year_and_the_recurring_point_shows_once(qtbot, context, monkeypatch):
    window = window_on(qtbot, context)
    page = window.show_area("events")
    start = datetime(2027, 10, 1, 10, tzinfo=UTC)
    data = events.EventInput("Furieade 2027", "Furieade", 2027, start, start.replace(hour=20), Category.C)
    made = window.context.execute(events.AddEvent(data)).result
    window.context.execute(
        events.AddMeeting(
            made.id,
            datetime(2027, 5, 1, 9, tzinfo=UTC),
            ("gemeente", "politie"),
            "Route",
            (PointInput("Calamiteitenroute vrijhouden", "organisator", date(2027, 6, 1), recurring=True),),
        )
    )
    page.event_view.clearSelection()
    assert not any(button.isEnabled() for button in page.event_buttons)  # nothing chosen: nothing to act on
    assert page.subtitle.text() == "1 komend evenement, 0 eerdere evenementen"
    page.select_event(made.id)
    assert all(button.isEnabled() for button in page.event_buttons)
    assert page.new_edition()
    new = page.selected_event()
    assert new is not None and new.name == "Furieade 2028"
    assert page.subtitle.text() == "2 komende evenementen, 0 eerdere evenementen"
    points = [page.point_model.index(r, 0).data() for r in range(page.point_model.rowCount())]
    assert points == ["Furieade 2028"]  # the task shows once, in the new edition
    page.select_event(made.id)
    assert "Calamiteitenroute vrijhouden (organisator, gereed op di 01-06-2027) — overgenomen naar Furieade 2028" in (
        page.meeting_label.text()
    )
    asked = []
    monkeypatch.setattr(interaction, "question", lambda _parent, _title, text: asked.append(text) or True)
    assert not page.new_edition()  # refused, and the one there is opened
    assert asked == ["Furieade 2028 bestaat al; er is één editie per jaar. Wilt u die openen?"]
    assert page.selected_event() == new and window.undo_stack.count() == 1  # no second edition made
    window.context.close()


def test_a_vooroverleg_with_any_parties_and_points_is_corrected_afterwards(qtbot, context, monkeypatch):
    window = window_on(qtbot, context)
    window.context.clock = lambda: datetime(2027, 5, 1, 9, 0, tzinfo=UTC)
    page = window.show_area("events")
    made = add_event(window, "Havenfeest 2027")
    page.select_event(made.id)
    page.tabs.setCurrentIndex(1)
    assert not page.edit_meeting_button.isEnabled() and not page.finish_button.isEnabled()

    def tick(dialog, *names):
        for row in range(dialog.present.count()):
            item = dialog.present.item(row)
            item.setCheckState(CHECKED if item.text() in names else Qt.CheckState.Unchecked)

    def meet(dialog: MeetingDialog) -> bool:
        assert [dialog.present.item(r).text() for r in range(dialog.present.count())] == list(events.USUAL_PARTIES)
        tick(dialog, "gemeente", "politie", "brandweer")
        qtbot.keyClicks(dialog.other, "Rijkswaterstaat")
        qtbot.keyClick(dialog.other, Qt.Key.Key_Return)  # adds the party; the dialog stays open
        assert dialog.isVisible() or not dialog.result()
        dialog.notes.setPlainText("Route besproken.\nEHBO-posten vastgesteld.")
        for description in ("Hekken bestellen", "Bebording plaatsen"):
            qtbot.keyClicks(dialog.action, description)
            qtbot.keyClicks(dialog.owner, "organisator")
            qtbot.keyClick(dialog.owner, Qt.Key.Key_Return)
        assert dialog.points.count() == 2 and dialog.action.text() == ""
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", meet)
    assert page.add_meeting()
    text = page.meeting_label.text()
    assert "aanwezig: gemeente, politie, brandweer, Rijkswaterstaat" in text and "EHBO-posten vastgesteld." in text
    assert page.point_model.rowCount() == 2

    def correct(dialog: MeetingDialog) -> bool:
        assert dialog.windowTitle() == "Vooroverleg wijzigen" and dialog.points.count() == 2
        checked = [dialog.present.item(r) for r in range(dialog.present.count())]
        assert [i.text() for i in checked if i.checkState() == CHECKED] == [
            "gemeente",
            "politie",
            "brandweer",
            "Rijkswaterstaat",
        ]
        assert not dialog.remove_point.isEnabled()  # points already saved stay
        tick(dialog, "gemeente", "brandweer", "Rijkswaterstaat")
        dialog.notes.setPlainText("Route besproken; de politie kon niet komen.")
        dialog.action.setText("Verslag naar de politie")  # typed, not yet added: Opslaan adds it
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", correct)
    assert page.edit_meeting_button.isEnabled() and page.edit_meeting()
    text = page.meeting_label.text()
    assert "aanwezig: gemeente, brandweer, Rijkswaterstaat" in text and "kon niet komen" in text
    assert page.point_model.rowCount() == 3 and window.undo_stack.undoText() == "Vooroverleg wijzigen"
    window.undo_action.trigger()  # one step: minutes, attendees and the new point
    assert "aanwezig: gemeente, politie, brandweer, Rijkswaterstaat" in page.meeting_label.text()
    assert page.point_model.rowCount() == 2
    page.point_view.selectRow(0)
    assert page.finish_button.isEnabled()
    window.context.close()


def test_the_register_marks_a_missing_application_past_its_deadline(qtbot, context):
    window = window_on(qtbot, context)
    window.context.clock = lambda: datetime(2027, 5, 20, 9, 0, tzinfo=UTC)  # six weeks before 1 July
    start = datetime(2027, 7, 1, 10, tzinfo=UTC)
    data = events.EventInput("Zomerfeest", "", 2027, start, start.replace(hour=20), Category.B, expected_visitors=3000)
    late = window.context.execute(events.AddEvent(data)).result
    page = window.show_area("events")
    row = next(r for r in range(page.event_model.rowCount()) if page.event_model.record(r).id == late.id)
    cell = page.event_model.index(row, 5)
    assert cell.data() == "— · aanvraag ontbreekt, termijn verstreken"
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == LATE
    page.select_event(late.id)
    assert page.warning.text().startswith("Aanvraag ontbreekt, termijn verstreken: categorie B vraagt 8 weken")


def test_an_action_point_waits_for_a_right_date_and_enter_goes_from_what_to_who(qtbot, context, monkeypatch):
    window = window_on(qtbot, context)
    window.context.clock = lambda: datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    page = window.show_area("events")
    made = add_event(window, "Havenfeest 2027")
    page.select_event(made.id)

    def meet(dialog: MeetingDialog) -> bool:
        dialog.show()
        qtbot.keyClicks(dialog.action, "Hekken bestellen")
        qtbot.keyClick(dialog.action, Qt.Key.Key_Return)  # on to who, nothing added yet
        assert dialog.points.count() == 0 and dialog.focusWidget() is dialog.owner
        dialog.due.setFocus()
        dialog.due.selectAll()
        qtbot.keyClicks(dialog.due, "31-02-2027")
        dialog.owner.setFocus()
        qtbot.keyClick(dialog.owner, Qt.Key.Key_Return)  # no owner, a wrong date: refused, said under the points
        assert dialog.points.count() == 0 and dialog.action.text() == "Hekken bestellen"
        assert "31-02-2027" in dialog.error_text("action_points")
        dialog.due.selectAll()
        qtbot.keyClicks(dialog.due, "16-12-2026")
        assert dialog.error_text("action_points") == ""
        dialog.owner.setFocus()
        qtbot.keyClick(dialog.owner, Qt.Key.Key_Return)
        assert dialog.points.item(0).text() == "Hekken bestellen (wie?, gereed op wo 16-12-2026) — nieuw"
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", meet)
    assert page.add_meeting()
    (point,) = window.context.call(events.points, made.id)
    assert point.due == date(2026, 12, 16) and point.owner == ""
    assert "Hekken bestellen (wie?, gereed op wo 16-12-2026)" in page.meeting_label.text()
    window.context.close()


def test_an_event_with_history_is_said_to_stay_before_asking(qtbot, context, monkeypatch):
    window = window_on(qtbot, context)
    page = window.show_area("events")
    made = add_event(window, "Braderie 2027")
    window.context.execute(events.AddMeeting(made.id, made.data.start, ("gemeente",), "kort"))
    page.select_event(made.id)
    asked, told = [], []
    monkeypatch.setattr(interaction, "question", lambda _parent, _title, text: asked.append(text) or True)
    monkeypatch.setattr(interaction, "information", lambda _parent, _title, text: told.append(text))
    assert not page.delete_event()
    assert asked == [] and told == ["Braderie 2027 heeft al overleggen of controles en blijft bewaard."]
    assert page.event_model.rowCount() == 1
    window.context.close()


def test_the_edition_follows_the_start_until_chosen(qtbot):
    dialog = EventDialog(None, None, datetime(2027, 3, 1, 11, tzinfo=UTC), date(2026, 12, 2))
    qtbot.addWidget(dialog)
    assert dialog.year.value() == 2027
    dialog.start.setDate(QDate(2026, 12, 2))
    assert dialog.year.value() == 2026
    dialog.year.setValue(2027)  # the user's own choice (an edition named after next year)
    dialog.start.setDate(QDate(2026, 12, 3))
    assert dialog.year.value() == 2027


def test_a_wrong_tick_time_is_said_at_the_field(qtbot, context):
    window = window_on(qtbot, context)
    page = window.show_area("events")
    made = add_event(window, "Braderie 2027")
    page.select_event(made.id)
    page.tabs.setCurrentIndex(0)
    page.now_box.setChecked(False)
    field = page.time_edit
    field.selectAll()
    qtbot.keyClicks(field, "02-12-2026 25:00")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert page.time_message.isVisible() and page.time_message.text() == field.problem() != ""
    field.selectAll()
    qtbot.keyClicks(field, "02-12-2026 23:00")
    assert page.time_message.isHidden()
    window.context.close()
