"""The crisis-organisation page as the team uses it: forms, assignments, gaps, readiness, undo, printing."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtText
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QDialogButtonBox

from crisisapp.models.organisation import Role
from crisisapp.models.oto import ActivityKind
from crisisapp.services import organisation as org
from crisisapp.ui import interaction
from crisisapp.ui.organisation.dialogs import AssignDialog, AttendanceDialog, PersonDialog
from crisisapp.ui.organisation.models import ReadinessMatrixModel
from tests.pdftext import pdf_text
from tests.test_gui_mainwindow import make_window

pytestmark = pytest.mark.gui
GAP = "Procesleider nazorg"


@pytest.fixture
def page(qtbot, db_path):
    window = make_window(qtbot, db_path)
    yield window.show_area("organisation")
    window.context.close()


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_add_a_person_through_the_form_assign_them_and_undo(qtbot, page, monkeypatch):
    window = page.window()
    assert any(text.startswith(f"{GAP}: geen primaire functionaris") for text in page.gap_texts())

    def fill_person(dialog: PersonDialog) -> bool:
        qtbot.keyClicks(dialog.name, "Sanne Visser")
        dialog.municipality.setCurrentText("Vlaardingen")
        qtbot.keyClicks(dialog.mobile, "06-1234")  # too short
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
        assert dialog.isVisible() is False and dialog.result() == 0  # not accepted
        assert "geen telefoonnummer" in dialog.error_text("mobile")
        assert dialog.error_text("name") == ""
        dialog.mobile.clear()
        qtbot.keyClicks(dialog.mobile, "06-12345678")
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
        assert dialog.error_text("mobile") == ""
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", fill_person)
    qtbot.mouseClick(page.new_person_button, Qt.MouseButton.LeftButton)
    sanne = page.selected_person()
    assert sanne is not None and (sanne.name, sanne.mobile) == ("Sanne Visser", "06-12345678")

    page.tabs.setCurrentIndex(1)
    page.select_function_named(GAP)

    def fill_assignment(dialog: AssignDialog) -> bool:
        dialog.person.setCurrentText("Sanne Visser (Vlaardingen)")
        dialog.role.setCurrentIndex(dialog.role.findData(Role.PRIMARY))
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", fill_assignment)
    qtbot.mouseClick(page.assign_button, Qt.MouseButton.LeftButton)
    problems = [text for text in page.gap_texts() if text.startswith(GAP)]
    assert problems == [f"{GAP}: geen plaatsvervanger, niemand vakbekwaam"]
    assert page.holders_model.rowCount() == 1
    assert page.holders_model.index(0, 0).data() == "Sanne Visser"
    assert "geen plaatsvervanger, niemand vakbekwaam" in page.gap_banner.text()

    window.undo_action.trigger()  # the assignment
    assert any(text.startswith(f"{GAP}: geen primaire functionaris") for text in page.gap_texts())
    window.redo_action.trigger()
    assert not any("geen primaire functionaris" in text for text in page.gap_texts() if text.startswith(GAP))
    window.undo_action.trigger()
    window.undo_action.trigger()  # the new person
    assert "Sanne Visser" not in [p.name for p in page.context.call(org.list_people)]


def test_an_attendance_record_changes_the_matrix(qtbot, page, monkeypatch, qtmodeltester):
    context = page.context
    piet = context.execute(org.AddPerson(org.PersonInput("Piet Paal", "Schiedam", mobile="06-87654321"))).result
    ovd = next(s.function for s in page.overview.staffing if s.function.team_code == "OvD-Bz")
    context.execute(org.Assign(piet.id, ovd.id, Role.DEPUTY, date(2026, 1, 1)))
    page.tabs.setCurrentIndex(2)
    model: ReadinessMatrixModel = page.readiness.model
    qtbot.keyClicks(page.readiness.search, "Piet")
    assert model.columnCount() == 1
    row = next(r for r in range(model.rowCount()) if model.headerData(r, Qt.Orientation.Vertical) == ovd.name)
    cell = model.index(row, 0)
    assert cell.data() == "niet vakbekwaam"
    assert "nog geen training" in cell.data(Qt.ItemDataRole.ToolTipRole)
    qtmodeltester.check(model)

    today = page.today()
    for kind in (ActivityKind.TRAINING, ActivityKind.ALARMERING):

        def fill(dialog: AttendanceDialog, kind=kind) -> bool:
            dialog.person.setCurrentIndex(dialog.person.findData(piet.id))
            dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
            qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
            return bool(dialog.result())

        monkeypatch.setattr(interaction, "run_dialog", fill)
        qtbot.mouseClick(page.readiness.attendance_button, Qt.MouseButton.LeftButton)
    cell = model.index(row, 0)
    assert cell.data() == "vakbekwaam"
    assert "vakbekwaam tot en met" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert today.year + 1 == int(cell.data(Qt.ItemDataRole.ToolTipRole)[-4:])


def test_people_list_filters_and_models_are_sound(qtbot, page, qtmodeltester):
    context = page.context
    people = [
        context.execute(org.AddPerson(org.PersonInput(name, town))).result
        for name, town in (("Anna Alders", "Maassluis"), ("Bert Bakker", "Schiedam"), ("Cees Claes", "Vlaardingen"))
    ]
    ovd = next(s.function for s in page.overview.staffing if s.function.team_code == "OvD-Bz")
    for person, role in zip(people, (Role.PRIMARY, Role.DEPUTY, Role.DEPUTY), strict=False):
        context.execute(org.Assign(person.id, ovd.id, role, date(2026, 1, 1)))
    assert page.people_proxy.rowCount() == 3
    qtbot.keyClicks(page.people_search, "schied")
    assert page.people_proxy.rowCount() == 1 and page.people_count.text() == "1 van 3 personen"
    page.select_function_named(ovd.name)
    models = (
        page.people_model,
        page.people_proxy,
        page.staffing_model,
        page.holders_model,
        page.readiness.model,
        page.alarm.model,
    )
    for model in models:
        assert model.rowCount() > 0, model
        qtmodeltester.check(model)


def test_archiving_is_undoable_and_hides_the_person(qtbot, page):
    context = page.context
    context.execute(org.AddPerson(org.PersonInput("Anna Alders", "Maassluis")))
    page.people_view.selectRow(0)
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    assert page.people_model.rowCount() == 0
    page.show_archived.setChecked(True)
    assert page.people_model.index(0, 0).data() == "Anna Alders (gearchiveerd)"
    page.window().undo_action.trigger()
    assert [p.name for p in context.call(org.list_people)] == ["Anna Alders"]


def test_import_shows_a_preview_and_refuses_bad_files(page, monkeypatch, tmp_path):
    good = tmp_path / "mensen.csv"
    good.write_text("naam;gemeente;mobiel\nJan Jansen;Maassluis;06-11223344\n", encoding="utf-8")
    previews, errors = [], []
    monkeypatch.setattr(interaction, "open_filename", lambda *args: str(good))
    monkeypatch.setattr(interaction, "question", lambda parent, title, text: previews.append(text) or True)
    monkeypatch.setattr(interaction, "critical", lambda parent, title, text: errors.append(text))
    assert page.import_people()
    assert "1 personen worden toegevoegd: Jan Jansen" in previews[0]
    assert page.people_model.rowCount() == 1

    bad = tmp_path / "fout.csv"
    bad.write_text("naam;gemeente\nPiet;Rotterdam\n", encoding="utf-8")
    monkeypatch.setattr(interaction, "open_filename", lambda *args: str(bad))
    assert not page.import_people()
    assert "Regel 2, kolom ‘gemeente’" in errors[-1]
    assert page.people_model.rowCount() == 1


def test_printing_the_alarm_list_from_the_alarm_tab(page, monkeypatch):
    context = page.context
    piet = context.execute(org.AddPerson(org.PersonInput("Piet Paal", "Schiedam", mobile="06-87654321"))).result
    ovd = next(s.function for s in page.overview.staffing if s.function.team_code == "OvD-Bz")
    context.execute(org.Assign(piet.id, ovd.id, Role.PRIMARY, date(2026, 1, 1)))
    page.tabs.setCurrentIndex(3)
    page.alarm.grip_level.setCurrentIndex(0)
    assert page.alarm.model.index(0, 2).data() == "Piet Paal"
    offered = []
    monkeypatch.setattr(
        interaction, "choose_item", lambda parent, title, label, items, current: offered.append(current) or current
    )
    job = page.print_job()
    assert offered == [1] and job is not None
    text = pdf_text(job.pdf)
    assert "Alarmeringslijst GRIP 1" in text and "Piet Paal" in text and "06-87654321" in text


def test_an_import_is_undone_and_redone_and_redo_cannot_overwrite_others(qtbot, page, monkeypatch, tmp_path):
    monkeypatch.setattr(interaction, "run_dialog", lambda dialog: dialog.name.setText("Anna Nieuw") or True)
    assert page.new_person()
    window = page.window()
    window.undo_action.trigger()  # Anna is gone; her number is free again
    data = tmp_path / "mensen.csv"
    data.write_text("naam;gemeente\nBert Import;Schiedam\n", encoding="utf-8")
    monkeypatch.setattr(interaction, "open_filename", lambda *args: str(data))
    monkeypatch.setattr(interaction, "question", lambda *args: True)
    assert page.import_people()
    assert not window.redo_action.isEnabled()  # Anna's creation can no longer come back over Bert's number
    assert [p.name for p in page.context.call(org.list_people)] == ["Bert Import"]
    bert = page.context.call(org.list_people)[0]
    window.undo_action.trigger()
    assert page.context.call(org.list_people) == ()
    window.redo_action.trigger()
    assert page.context.call(org.list_people) == (bert,)


def test_redo_gives_a_person_their_own_number_back(qtbot, page, monkeypatch):
    monkeypatch.setattr(interaction, "run_dialog", lambda dialog: dialog.name.setText("Anna Nieuw") or True)
    assert page.new_person()
    anna = page.selected_person()
    window = page.window()
    monkeypatch.setattr(interaction, "run_dialog", lambda dialog: dialog.mobile.setText("06-11112222") or True)
    assert page.edit_person()
    window.undo_action.trigger()
    window.undo_action.trigger()
    window.redo_action.trigger()
    window.redo_action.trigger()
    people = page.context.call(org.list_people)
    assert [(p.id, p.name, p.mobile) for p in people] == [(anna.id, "Anna Nieuw", "06-11112222")]


HTML_NAME = "<b>Jan</b> & Piet"


def as_shown(text: str) -> str:
    """The letters Qt shows of a label's, tooltip's or message's text, rendered as HTML where Qt takes it so."""
    if not QtText.mightBeRichText(text):
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def test_names_that_look_like_html_are_shown_literally(page, monkeypatch, tmp_path):
    context = page.context
    team = next(t for t in page.overview.teams if t.code == "GBT")
    function = context.execute(org.AddFunction(team.id, HTML_NAME, 1)).result
    jan = context.execute(org.AddPerson(org.PersonInput(HTML_NAME, "Maassluis"))).result
    context.execute(org.Assign(jan.id, function.id, Role.DEPUTY, date(2026, 1, 1)))
    tooltip = Qt.ItemDataRole.ToolTipRole
    assert f"{HTML_NAME}: geen primaire functionaris" in as_shown(page.gap_banner.text())
    page.select_function_named(HTML_NAME)
    assert as_shown(page.holders_label.text()).startswith(f"{HTML_NAME} ·")
    assert as_shown(page.holders_model.index(0, 0).data(tooltip)) == HTML_NAME
    assert as_shown(page.people_model.index(0, 0).data(tooltip)) == HTML_NAME
    row = page.staffing_view.selectionModel().selectedRows()[0].row()
    assert [as_shown(page.staffing_model.index(row, column).data(tooltip)) for column in (1, 3)] == [HTML_NAME] * 2
    matrix = page.readiness.model
    function_row = next(
        r for r in range(matrix.rowCount()) if matrix.headerData(r, Qt.Orientation.Vertical) == HTML_NAME
    )
    assert as_shown(matrix.headerData(function_row, Qt.Orientation.Vertical, tooltip)) == HTML_NAME
    assert as_shown(matrix.headerData(0, Qt.Orientation.Horizontal, tooltip)) == HTML_NAME
    assert as_shown(matrix.index(function_row, 0).data(tooltip)).startswith(f"{HTML_NAME} · plaatsvervanger")
    alarm = page.alarm.model
    alarm_row = next(r for r in range(alarm.rowCount()) if alarm.index(r, 2).data() == HTML_NAME)
    assert as_shown(alarm.index(alarm_row, 2).data(tooltip)) == HTML_NAME

    data = tmp_path / "mensen.csv"
    data.write_text(f"naam;gemeente\n{HTML_NAME};Schiedam\n", encoding="utf-8")
    previews = []
    monkeypatch.setattr(interaction, "open_filename", lambda *args: str(data))
    monkeypatch.setattr(interaction, "question", lambda parent, title, text: previews.append(text) and False)
    assert not page.import_people()
    assert f"1 personen worden toegevoegd: {HTML_NAME}" in previews[0]  # message boxes show plain text
