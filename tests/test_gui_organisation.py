"""The crisis-organisation page as the team uses it: forms, assignments, gaps, readiness, undo, printing."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import Qt as QtText
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QDialogButtonBox

from crisisapp.models.organisation import Role
from crisisapp.models.oto import ActivityKind
from crisisapp.services import organisation as org
from crisisapp.services import piket
from crisisapp.services.demo import FillDemo
from crisisapp.storage.server import ServerDatabase
from crisisapp.timeutil import format_datetime, to_local
from crisisapp.ui import interaction
from crisisapp.ui.organisation.dialogs import AssignDialog, AttendanceDialog, PersonDialog
from crisisapp.ui.organisation.models import GAP_COLOUR, ReadinessMatrixModel
from tests.commands_support import unversioned
from tests.pdftext import pdf_text
from tests.test_gui_mainwindow import window_on

pytestmark = pytest.mark.gui
GAP = "Procesleider nazorg"


@pytest.fixture
def page(qtbot, context):
    window = window_on(qtbot, context)
    yield window.show_area("organisation")
    window.context.close()


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


@pytest.mark.engines  # a user's task from start to end, also on a server database
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
    page.tabs.setCurrentIndex(2)  # the matrix is filled when its tab comes into view
    page.tabs.setCurrentIndex(3)  # the alarm list is read when its tab comes into view
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


def test_archiving_asks_first_is_undoable_and_hides_the_person(qtbot, page, monkeypatch):
    context = page.context
    context.execute(org.AddPerson(org.PersonInput("Anna Alders", "Maassluis")))
    assert not page.archive_button.isEnabled() and not page.edit_person_button.isEnabled()  # nobody selected
    page.people_view.selectRow(0)
    assert page.archive_button.isEnabled() and page.edit_person_button.isEnabled()
    asked = []
    monkeypatch.setattr(interaction, "question", lambda parent, title, text: asked.append(text) and False)
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    assert asked[0].startswith("Anna Alders archiveren?") and page.people_model.rowCount() == 1
    monkeypatch.setattr(interaction, "question", lambda parent, title, text: asked.append(text) or True)
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
    assert "1 persoon wordt toegevoegd: Jan Jansen" in previews[0]
    assert "0 personen worden bijgewerkt." in previews[0] and "0 personen staan er al zo in." in previews[0]
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


def typed(field: str, text: str):
    """A run_dialog that types ``text`` into the form's ``field`` and saves."""

    def fill(dialog) -> bool:
        getattr(dialog, field).setText(text)
        dialog.accept()
        return bool(dialog.result())

    return fill


def test_an_import_is_undone_and_redone_and_redo_cannot_overwrite_others(qtbot, page, monkeypatch, tmp_path):
    monkeypatch.setattr(interaction, "run_dialog", typed("name", "Anna Nieuw"))
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
    assert unversioned(page.context.call(org.list_people)) == unversioned((bert,))


def test_redo_gives_a_person_their_own_number_back(qtbot, page, monkeypatch):
    monkeypatch.setattr(interaction, "run_dialog", typed("name", "Anna Nieuw"))
    assert page.new_person()
    anna = page.selected_person()
    window = page.window()
    monkeypatch.setattr(interaction, "run_dialog", typed("mobile", "06-11112222"))
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


@pytest.mark.engines  # a user's task from start to end, also on a server database
def test_the_people_list_sorts_by_any_column_and_filters_in_any(qtbot, page, qtmodeltester):
    for name, town, mobile in (
        ("Bram de Wit", "Vlaardingen", "06-30000000"),
        ("anna Alders", "Schiedam", "06-10000000"),
        ("Cor Kok", "Maassluis", "06-20000000"),
    ):
        page.context.execute(org.AddPerson(org.PersonInput(name, town, mobile=mobile)))
    proxy = page.people_proxy

    def names():
        return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]

    assert names() == ["anna Alders", "Bram de Wit", "Cor Kok"]  # by name, case ignored
    page.people_view.selectRow(1)
    page.people_view.sortByColumn(3, Qt.SortOrder.AscendingOrder)  # by mobile number
    assert names() == ["anna Alders", "Cor Kok", "Bram de Wit"]
    assert page.selected_person().name == "Bram de Wit"  # the selection moved with its row
    page.people_view.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # by municipality, Z to A
    assert names() == ["Bram de Wit", "anna Alders", "Cor Kok"]
    qtbot.keyClicks(page.people_search, "SCHIE")  # any column, case ignored
    assert names() == ["anna Alders"]
    page.context.execute(org.AddPerson(org.PersonInput("Dirk Schiedammer", "Maassluis")))
    assert names() == ["anna Alders", "Dirk Schiedammer"]  # a new person is found, in the order chosen (Z to A)
    qtmodeltester.check(proxy)


def test_the_alarm_list_is_read_when_its_tab_comes_into_view(page):
    context = page.context
    ovd = next(s.function for s in page.overview.staffing if s.function.team_code == "OvD-Bz")
    piet = context.execute(org.AddPerson(org.PersonInput("Piet Paal", "Schiedam"))).result
    context.execute(org.Assign(piet.id, ovd.id, Role.PRIMARY, date(2026, 1, 1)))
    assert page.alarm.model.rowCount() == 0  # the page opened without computing the list out of sight
    page.tabs.setCurrentIndex(3)
    assert "Piet Paal" in [page.alarm.model.index(r, 2).data() for r in range(page.alarm.model.rowCount())]


def test_the_banner_sums_up_many_gaps_and_lists_a_few(qtbot, page):
    context = page.context
    functions = [staffing.function for staffing in page.overview.staffing]
    assert len(functions) > org.FEW_GAPS
    banner = as_shown(page.gap_banner.text())
    assert banner.startswith(f"{len(functions)} hiaten — geen primaire functionaris: {len(functions)} · ")
    assert GAP not in banner  # no wall of names: each function's gaps are in the table
    page.gap_banner.linkActivated.emit("functies")  # "per functie bekijken"
    assert page.tabs.currentIndex() == 1
    for function in functions[org.FEW_GAPS :]:
        context.execute(org.SetFunctionRetired(function.id, True))
    listed = as_shown(page.gap_banner.text())
    assert listed.startswith(f"{org.FEW_GAPS} hiaten — ")
    assert [f"{function.name}: geen primaire functionaris" in listed for function in functions[: org.FEW_GAPS]] == [
        True
    ] * org.FEW_GAPS


def test_names_that_look_like_html_are_shown_literally(page, monkeypatch, tmp_path):
    context = page.context
    for staffing in page.overview.staffing:  # one gap, this one: listed by name in the banner
        context.execute(org.SetFunctionRetired(staffing.function.id, True))
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
    page.tabs.setCurrentIndex(2)  # the matrix is filled when its tab comes into view
    matrix = page.readiness.model
    function_row = next(
        r for r in range(matrix.rowCount()) if matrix.headerData(r, Qt.Orientation.Vertical) == HTML_NAME
    )
    assert as_shown(matrix.headerData(function_row, Qt.Orientation.Vertical, tooltip)) == HTML_NAME
    assert as_shown(matrix.headerData(0, Qt.Orientation.Horizontal, tooltip)) == HTML_NAME
    assert as_shown(matrix.index(function_row, 0).data(tooltip)).startswith(f"{HTML_NAME} · plaatsvervanger")
    page.tabs.setCurrentIndex(3)
    alarm = page.alarm.model
    alarm_row = next(r for r in range(alarm.rowCount()) if alarm.index(r, 2).data() == HTML_NAME)
    assert as_shown(alarm.index(alarm_row, 2).data(tooltip)) == HTML_NAME

    data = tmp_path / "mensen.csv"
    data.write_text(f"naam;gemeente\n{HTML_NAME};Schiedam\n", encoding="utf-8")
    previews = []
    monkeypatch.setattr(interaction, "open_filename", lambda *args: str(data))
    monkeypatch.setattr(interaction, "question", lambda parent, title, text: previews.append(text) and False)
    assert not page.import_people()
    assert f"1 persoon wordt toegevoegd: {HTML_NAME}" in previews[0]  # message boxes show plain text


def test_function_buttons_wait_for_a_selection_and_counts_agree_with_their_number(qtbot, page):
    page.tabs.setCurrentIndex(1)
    page.staffing_view.clearSelection()
    buttons = (page.new_function_button, page.edit_function_button, page.retire_function_button, page.assign_button)
    assert not any(b.isEnabled() for b in (*buttons, page.end_button, page.remove_assignment_button))
    page.select_function_named(GAP)
    assert all(b.isEnabled() for b in buttons)
    assert " functies in 4 teams" in page.subtitle.text()
    page.context.execute(org.AddPerson(org.PersonInput("Anna Alders", "Maassluis")))
    assert page.people_count.text() == "1 persoon"
    qtbot.keyClicks(page.people_search, "xyz")
    assert page.people_count.text() == "0 van 1 persoon"


def demo_page(page):
    """The page on the demo data: its rota has an override on Wednesday evening, the day before the clock's now."""
    page.context.execute(FillDemo(page.context.now()))
    rota = page.context.call(piket.list_rotas)[0]
    return rota, page.context.call(piket.overrides, rota.id)[0], page.context.call(piket.officers_by_id)


def names_in_order(page):
    model = page.alarm.model
    return [model.index(row, 2).data() for row in range(model.rowCount())]


def test_the_alarm_tab_calls_whoever_is_on_duty_at_the_moment_chosen_first(qtbot, page, monkeypatch):
    rota, override, officers = demo_page(page)
    page.tabs.setCurrentIndex(3)
    page.alarm.grip_level.setCurrentIndex(0)
    plan = page.context.call(piket.schedule, rota.id)
    now = page.context.now()
    on_duty = officers[plan.on_duty(now).person_id].name
    assert page.alarm.when.following() and names_in_order(page)[0] == on_duty
    assert page.alarm.model.index(0, 1).data().startswith("piket nu, tot ")
    assert page.alarm.summary.text().startswith("1 functie, 9 personen.")
    page.alarm.grip_level.setCurrentIndex(2)  # GRIP 3: the OvD-Bz, first to act, still heads the list
    assert page.alarm.model.index(0, 0).data() == "Officier van Dienst Bevolkingszorg (OvD-Bz)"
    assert names_in_order(page)[0] == on_duty
    page.alarm.grip_level.setCurrentIndex(0)

    evening = override.start + timedelta(hours=5)  # 23:00, when the officer of the week had a birthday
    local = to_local(evening)
    page.alarm.when.edit.setDateTime(QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, 0)))
    assert not page.alarm.when.following() and page.alarm.when.now_button.isEnabled()
    cover = officers[override.person_id].name
    assert names_in_order(page)[0] == cover
    assert page.alarm.model.index(0, 1).data().startswith("piket op dat moment (overname), tot ")
    assert page.alarm.model.index(0, 2).data(Qt.ItemDataRole.FontRole).bold()  # the first to call

    monkeypatch.setattr(interaction, "choose_item", lambda parent, title, label, items, current: current)
    job = page.print_job()
    text = pdf_text(job.pdf)
    assert f"stand van {format_datetime(evening)}" in text
    assert text.index(cover) < text.index(on_duty)

    qtbot.mouseClick(page.alarm.when.now_button, Qt.MouseButton.LeftButton)
    assert page.alarm.when.following() and names_in_order(page)[0] == on_duty
    handover = plan.on_duty(now).end  # the clock moves on past the handover: the list follows a minute later
    page.context.clock = lambda: handover + timedelta(minutes=1)
    page.alarm.when.timer.timeout.emit()
    assert names_in_order(page)[0] == officers[plan.on_duty(handover).person_id].name


def test_the_alarm_tab_marks_leave_and_shows_a_gap_in_words(qtbot, page):
    context = page.context
    anna = context.execute(org.AddPerson(org.PersonInput("Anna Alders", "Maassluis", mobile="06-11112222"))).result
    ovd = next(s.function for s in page.overview.staffing if s.function.team_code == "OvD-Bz")
    context.execute(org.Assign(anna.id, ovd.id, Role.PRIMARY, date(2026, 1, 1)))
    page.tabs.setCurrentIndex(3)
    page.alarm.grip_level.setCurrentIndex(0)
    model = page.alarm.model
    assert model.index(0, 2).data() == "Anna Alders" and model.index(0, 5).data() == "niet vakbekwaam"
    now = context.now()
    context.execute(piket.AddUnavailability(anna.id, now - timedelta(days=1), now + timedelta(days=1)))
    assert [model.index(0, column).data() for column in (0, 2)] == [ovd.name, "niemand bereikbaar (hiaat)"]
    assert model.index(0, 2).data(Qt.ItemDataRole.BackgroundRole).color() == GAP_COLOUR
    assert model.index(1, 2).data() == "Anna Alders"
    assert model.index(1, 5).data().startswith("verlof tot ") and model.index(1, 5).data().endswith("niet vakbekwaam")
    assert "1 hiaat" in page.alarm.summary.text()
    page.alarm.grip_level.setCurrentIndex(3)
    police = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Adviseur politie")
    assert model.index(police, 2).data() == "niet bezet (hiaat)"


def test_a_function_with_its_primary_gets_a_deputy_and_lists_the_primary_first(qtbot, page, monkeypatch):
    context = page.context
    people = [context.execute(org.AddPerson(org.PersonInput(n, "Maassluis"))).result for n in ("Ans", "Bas", "Cor")]
    function = next(s.function for s in page.overview.staffing if s.function.name == GAP)
    context.execute(org.Assign(people[0].id, function.id, Role.DEPUTY, date(2026, 1, 1)))
    page.tabs.setCurrentIndex(1)
    page.select_function_named(GAP)
    roles = []

    def fill(dialog: AssignDialog, person) -> bool:
        roles.append(dialog.role.currentData())
        dialog.person.setCurrentText(f"{person.name} (Maassluis)")
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    for person in people[1:]:
        monkeypatch.setattr(interaction, "run_dialog", lambda dialog, person=person: fill(dialog, person))
        page.select_function_named(GAP)
        assert page.assign()
    assert roles == [Role.PRIMARY, Role.DEPUTY]  # no primary yet, then one
    page.select_function_named(GAP)
    shown = [(page.holders_model.index(r, 0).data(), page.holders_model.index(r, 1).data()) for r in range(3)]
    assert shown[0] == ("Bas", "primair") and [name for name, _ in shown[1:]] == ["Ans", "Cor"]


@pytest.mark.engines  # a user's task from start to end, also on a server database
def test_erasing_a_person_asks_first_and_leaves_no_trace_in_the_app(qtbot, page, monkeypatch):
    from crisisapp.services import audit

    context = page.context
    anna = context.execute(org.AddPerson(org.PersonInput("Anna Alders", "Maassluis", mobile="06-11112222"))).result
    context.execute(org.UpdatePerson(anna.id, org.PersonInput("Anna Alders", "Maassluis", mobile="06-33334444")))
    page.select_person(anna.id)
    asked = []
    monkeypatch.setattr(interaction, "confirm", lambda _parent, _title, text, action: asked.append(text) or False)
    assert not page.erase_person()  # the default button cancels
    assert "kan niet ongedaan worden gemaakt" in asked[0] and "Back-ups van vóór het wissen" in asked[0]
    # automatic backups are thinned out on a file; a server's backups and offline copies are removed by hand
    on_server = isinstance(context.database, ServerDatabase)
    assert ("offline kopieën bevatten de gegevens nog" in asked[0]) == on_server
    assert ("de automatische verdwijnen bij het uitdunnen" in asked[0]) != on_server
    assert context.call(org.get_person, anna.id).name == "Anna Alders"

    monkeypatch.setattr(interaction, "confirm", lambda *args: True)
    page.select_person(anna.id)
    assert page.erase_button.isEnabled()
    qtbot.mouseClick(page.erase_button, Qt.MouseButton.LeftButton)
    erased = context.call(org.get_person, anna.id)
    assert erased.name.startswith("gewist op ") and erased.mobile == "" and erased.archived
    assert page.undo_stack.count() == 0  # nothing left to bring the values back with
    rows, _total = context.call(audit.entries, audit.AuditFilter())
    shown = " ".join(" ".join(audit.texts(row)) for row in rows)
    assert "Anna" not in shown and "06-1111" not in shown and "06-3333" not in shown
    assert "Persoon wissen (AVG)" not in page.window().undo_action.text()
