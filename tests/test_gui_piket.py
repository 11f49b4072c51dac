"""The piket page as the coordinator uses it: a rota, a proposal, an override, warnings, undo."""

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QDialogButtonBox

from crisisapp.models.organisation import Role
from crisisapp.models.oto import ActivityKind
from crisisapp.services import organisation as org
from crisisapp.services import piket
from crisisapp.timeutil import to_local
from crisisapp.ui import interaction
from crisisapp.ui.areas import AREAS
from crisisapp.ui.piket.dialogs import OverrideDialog, PeriodDialog, ProposalDialog, RotaDialog, SwapDialog
from tests.commands_support import unversioned
from tests.test_gui_mainwindow import window_on
from tests.test_versions import by, theirs_beside

pytestmark = pytest.mark.gui
NOW = datetime(2027, 1, 6, 11, 0, tzinfo=UTC)  # a Wednesday


def ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def officer(context, function_id, name, town, mobile="", *, trained=True):
    person = context.execute(org.AddPerson(org.PersonInput(name, town, mobile=mobile))).result
    context.execute(org.Assign(person.id, function_id, Role.DEPUTY, date(2026, 1, 1)))
    if trained:  # an untrained officer on duty is warned about
        for kind in (ActivityKind.TRAINING, ActivityKind.ALARMERING):
            context.execute(org.RecordAttendance(person.id, kind, date(2026, 12, 1), NOW))
    return person


def ovd_function(context):
    return next(f for t in context.call(org.list_teams) for f in t.functions if t.code == "OvD-Bz")


def planned_rota(context, first, last):
    """A rota with the proposal for its turns from ``first`` through ``last`` accepted."""
    shares = {"Maassluis": 1, "Vlaardingen": 1, "Schiedam": 1}
    rota = context.execute(piket.CreateRota("OvD-Bz", ovd_function(context).id, shares)).result
    proposal = context.call(piket.make_proposal, rota.id, first, last)
    context.execute(piket.SaveShifts(rota.id, tuple((t.start, t.end, p) for t, p in proposal)))
    return rota, proposal


@pytest.fixture
def window(qtbot, context):
    win = window_on(qtbot, context)
    win.context.clock = lambda: NOW
    context = win.context
    ovd = ovd_function(context)
    for n, town in enumerate(("Maassluis", "Vlaardingen", "Schiedam", "Maassluis", "Vlaardingen", "Schiedam")):
        officer(context, ovd.id, f"Officier {n} {town}", town, f"06-4444000{n}", trained=n > 0)
    yield win
    win.context.close()


@pytest.mark.engines  # a user's task from start to end, also on a server database
def test_rota_proposal_override_warnings_and_undo(qtbot, window, monkeypatch):
    page = window.show_area("piket")
    assert "nog geen piketrooster" in page.duty_text()

    def new_rota(dialog: RotaDialog) -> bool:
        dialog.shares["Maassluis"].setValue(2)
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", new_rota)
    qtbot.mouseClick(page.new_rota_button, Qt.MouseButton.LeftButton)
    assert page.rota is not None and page.rota.shares["Maassluis"] == 2
    assert "niemand" in page.duty_text()

    def proposal(dialog) -> bool:
        if isinstance(dialog, PeriodDialog):
            dialog.first.setDate(QDate(2027, 1, 4))
            dialog.last.setDate(QDate(2027, 3, 29))
        elif isinstance(dialog, ProposalDialog):
            assert len(dialog.combos) == 13
            first = dialog.combos[0]
            first.setCurrentIndex(first.findText("Officier 0 Maassluis (Maassluis)"))  # adjusted by hand
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", proposal)
    qtbot.mouseClick(page.propose_button, Qt.MouseButton.LeftButton)
    assert page.schedule_model.rowCount() == 13  # January to March 2027
    assert page.schedule_model.index(0, 3).data() == "Officier 0 Maassluis"
    assert "<b>Officier 0 Maassluis</b>" in page.duty_text() and "tot ma 11-01-2027 09:00" in page.duty_text()
    kinds = [page.warning_model.record(r).kind for r in range(page.warning_model.rowCount())]
    assert "niet vakbekwaam" in kinds

    page.schedule_view.selectRow(0)

    def cover(dialog: OverrideDialog) -> bool:
        dialog.person.setCurrentIndex(dialog.person.findText("Officier 1 Vlaardingen (Vlaardingen)"))
        dialog.start.setDateTime(QDateTime(QDate(2027, 1, 6), QTime(8, 0)))
        dialog.end.setDateTime(QDateTime(QDate(2027, 1, 7), QTime(8, 0)))
        dialog.reason.setText("ziek")
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", cover)
    qtbot.mouseClick(page.override_button, Qt.MouseButton.LeftButton)
    assert "<b>Officier 1 Vlaardingen</b>" in page.duty_text() and "(overname)" in page.duty_text()
    assert "tot do 07-01-2027 08:00" in page.duty_text()
    assert "Officier 1 Vlaardingen (ziek)" in page.schedule_model.index(0, 6).data()

    window.undo_action.trigger()  # the override
    assert "<b>Officier 0 Maassluis</b>" in page.duty_text()
    window.redo_action.trigger()
    assert "(overname)" in page.duty_text()
    overrides = page.context.call(piket.overrides, page.rota.id, include_cancelled=True)
    assert len(overrides) == 1 and not overrides[0].cancelled  # redo brings back the same override

    window.undo_action.trigger()
    window.undo_action.trigger()  # the proposal
    assert page.schedule_model.rowCount() == 0 and "niemand" in page.duty_text()
    window.undo_action.trigger()  # the rota
    assert page.rota is None and page.rota_combo.count() == 0 and "nog geen piketrooster" in page.duty_text()
    window.redo_action.trigger()
    assert page.rota is not None and page.rota_combo.currentText() == page.rota.name


def test_any_moment_answered(qtbot, window):
    _rota, proposal = planned_rota(window.context, date(2027, 3, 15), date(2027, 4, 5))
    page = window.show_area("piket")
    page.at_edit.setDateTime(QDateTime(QDate(2027, 3, 29), QTime(8, 59)))
    before = page.at_label.text()
    page.at_edit.setDateTime(QDateTime(QDate(2027, 3, 29), QTime(9, 0)))
    after = page.at_label.text()
    handover = next(t for t, _ in proposal if to_local(t.start).date() == date(2027, 3, 29))
    assert "tot ma 29-03-2027 09:00" in before and before != after
    assert handover.start - timedelta(hours=167) == next(t.start for t, _ in proposal if t.end == handover.start)


MARKUP = "<b>Jan</b> & Piet"


@pytest.fixture
def marked_up(window):
    """Jan (markup in his name) on duty now, on leave during it, and taking over next week for a marked-up reason."""
    context = window.context
    jan = officer(context, ovd_function(context).id, MARKUP, "Maassluis", "06-12345678")
    rota, _ = planned_rota(context, date(2027, 1, 4), date(2027, 1, 25))
    week = context.call(piket.shifts, rota.id)[0]
    context.execute(piket.SaveShifts(rota.id, ((week.start, week.end, jan.id),)))
    context.execute(piket.AddOverride(rota.id, jan.id, NOW + timedelta(days=7), NOW + timedelta(days=8), "<i>ziek</i>"))
    context.execute(piket.AddUnavailability(jan.id, NOW + timedelta(days=1), NOW + timedelta(days=2), "<u>verlof</u>"))
    return window.show_area("piket")


def test_markup_in_names_and_reasons_shows_as_written(marked_up):
    page = marked_up
    assert "<b>&lt;b&gt;Jan&lt;/b&gt; &amp; Piet</b>" in page.duty_text() and "<b>Jan</b>" not in page.duty_text()
    assert page.at_label.textFormat() == Qt.TextFormat.RichText and "&lt;b&gt;Jan" in page.at_label.text()
    assert page.schedule_model.index(0, 3).data() == MARKUP  # the table shows plain text
    assert (
        page.schedule_model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole) == "<p>&lt;b&gt;Jan&lt;/b&gt; &amp; Piet</p>"
    )
    covering = page.schedule_model.index(1, 6).data(Qt.ItemDataRole.ToolTipRole)
    assert "(&lt;i&gt;ziek&lt;/i&gt;)" in covering and "<i>" not in covering
    leave = page.leave_model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)
    assert leave == "<p>&lt;u&gt;verlof&lt;/u&gt;</p>"
    warned = {page.warning_model.record(r).text for r in range(page.warning_model.rowCount())}
    assert f"{MARKUP} heeft dan <u>verlof</u>" in warned


def test_swap_dialog_shows_the_name_as_plain_text(marked_up):
    page = marked_up
    shifts = [page.schedule_model.record(r) for r in range(page.schedule_model.rowCount())]
    dialog = SwapDialog(page, shifts[0], shifts, page.officers)
    assert dialog.mine.textFormat() == Qt.TextFormat.PlainText and dialog.mine.text().endswith(MARKUP)


def test_item_models_follow_the_qt_contract(qtmodeltester, marked_up):
    page = marked_up
    models = (page.schedule_model, page.warning_model, page.division_model, page.leave_model)
    assert all(model.rowCount() for model in models)
    for model in models:
        qtmodeltester.check(model)


def test_an_import_is_undone_like_any_edit(qtbot, window, monkeypatch, tmp_path):
    context = window.context
    rota, _ = planned_rota(context, date(2027, 1, 4), date(2027, 1, 11))
    page = window.show_area("piket")
    before = unversioned(context.call(piket.shifts, rota.id))
    people = context.call(org.list_people)
    csv = tmp_path / "rooster.csv"
    csv.write_text("begin;einde;naam;gemeente\n2027-01-04 09:00;2027-01-11 09:00;Nieuwe Officier;Schiedam\n")
    monkeypatch.setattr(interaction, "open_filename", lambda *args: str(csv))
    monkeypatch.setattr(interaction, "question", lambda *args: True)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert page.schedule_model.index(0, 3).data() == "Nieuwe Officier"
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert unversioned(context.call(piket.shifts, rota.id)) == before and context.call(org.list_people) == people
    window.redo_action.trigger()
    assert page.schedule_model.index(0, 3).data() == "Nieuwe Officier"


def test_every_page_fits_a_laptop_screen(qtbot, context):
    window = window_on(qtbot, context)
    for area in AREAS:
        window.show_area(area.key)
        qtbot.wait(1)
        assert window.minimumSizeHint().width() <= 1366, area.key
        assert window.width() <= 1366 and window.height() <= 768, area.key
    window.context.close()


def test_buttons_wait_for_what_they_act_on(qtbot, window, monkeypatch):
    context = window.context
    rota, _ = planned_rota(context, date(2027, 1, 4), date(2027, 1, 18))
    page = window.show_area("piket")
    page.schedule_view.clearSelection()
    assert not page.swap_button.isEnabled() and not page.cancel_override_button.isEnabled()
    assert not page.remove_leave_button.isEnabled()
    assert page.override_button.isEnabled() and page.export_csv_button.isEnabled()
    page.schedule_view.selectRow(0)
    assert page.swap_button.isEnabled() and not page.cancel_override_button.isEnabled()  # no override that week
    week = page.selected_shift()
    helper = next(o for o in page.officers.values() if o.person_id != week.person_id and o.name.startswith("Off"))
    context.execute(piket.AddOverride(rota.id, helper.person_id, week.start, week.start + timedelta(hours=3), ""))
    page.schedule_view.selectRow(0)
    assert page.cancel_override_button.isEnabled()
    context.execute(piket.AddUnavailability(helper.person_id, NOW, NOW + timedelta(days=1)))
    assert not page.remove_leave_button.isEnabled()
    page.leave_view.selectRow(0)
    assert page.remove_leave_button.isEnabled()
    qtbot.mouseClick(page.remove_leave_button, Qt.MouseButton.LeftButton)
    assert page.leave_model.rowCount() == 0 and not page.remove_leave_button.isEnabled()
    window.undo_action.trigger()  # the leave is back, but not selected
    assert page.leave_model.rowCount() == 1 and not page.remove_leave_button.isEnabled()


def test_an_override_by_the_officer_on_duty_is_refused_in_the_open_dialog(qtbot, window, monkeypatch):
    planned_rota(window.context, date(2027, 1, 4), date(2027, 1, 11))
    page = window.show_area("piket")
    page.schedule_view.selectRow(0)
    week = page.selected_shift()
    mine = page.officers[week.person_id]
    warned = []

    def same_officer_then_another(dialog: OverrideDialog) -> bool:
        dialog.show()
        dialog.person.setCurrentIndex(dialog.person.findData(week.person_id))
        qtbot.keyClicks(dialog.reason, "ziek")
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        # refused by the rota itself: the form stays open, says why above its buttons, and keeps what was typed
        assert dialog.isVisible() and not dialog.result()
        assert dialog.general.isVisible()
        assert dialog.general.text().startswith(f"{mine.name} heeft van ") and "al dienst" in dialog.general.text()
        assert dialog.reason.text() == "ziek"
        assert page.context.call(piket.overrides, page.rota.id) == ()
        other = next(index for index in range(dialog.person.count()) if dialog.person.itemData(index) != mine.person_id)
        dialog.person.setCurrentIndex(other)
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", same_officer_then_another)
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: warned.append(text))
    assert page.add_override()
    assert warned == []  # no message box after the dialog: the dialog said it
    (override,) = page.context.call(piket.overrides, page.rota.id)
    assert override.person_id != mine.person_id and override.reason == "ziek"
    assert page.undo_stack.undoText() == "Piketdienst overnemen"


def test_who_is_on_duty_follows_the_clock_until_another_moment_is_chosen(qtbot, window):
    _rota, proposal = planned_rota(window.context, date(2027, 1, 4), date(2027, 1, 18))
    page = window.show_area("piket")
    first, second = (page.officers[person].name for _turn, person in proposal[:2])
    assert f"<b>{first}</b>" in page.duty_text() and f"<b>{first}</b>" in page.at_label.text()
    handover = proposal[1][0].start
    window.context.clock = lambda: handover + timedelta(minutes=1)
    page.at.timer.timeout.emit()  # a minute later by the page's own timer
    assert f"<b>{second}</b>" in page.duty_text() and f"<b>{second}</b>" in page.at_label.text()
    assert page.at_edit.dateTime() == QDateTime(QDate(2027, 1, 11), QTime(9, 1))

    page.at_edit.setDateTime(QDateTime(QDate(2027, 1, 5), QTime(12, 0)))  # the user asks about last week
    assert not page.at.following() and f"<b>{first}</b>" in page.at_label.text()
    window.context.clock = lambda: handover + timedelta(minutes=2)
    page.at.timer.timeout.emit()
    assert page.at_edit.dateTime() == QDateTime(QDate(2027, 1, 5), QTime(12, 0))  # their moment stays

    qtbot.mouseClick(page.at.now_button, Qt.MouseButton.LeftButton)  # back to now, following the clock again
    assert page.at.following() and not page.at.now_button.isEnabled()
    assert page.at_edit.dateTime() == QDateTime(QDate(2027, 1, 11), QTime(9, 2))

    window.show_area("vandaag")
    window.context.clock = lambda: handover - timedelta(hours=1)  # (a test's clock may go back)
    window.show_area("piket")  # showing the page looks at the clock again
    assert f"<b>{first}</b>" in page.duty_text() and f"<b>{first}</b>" in page.at_label.text()


def test_a_long_rota_name_is_shown_whole(qtbot, window):
    name = "OvD-Bz Maassluis, Vlaardingen, Schiedam (piket Bevolkingszorg van de drie gemeenten)"
    window.context.execute(piket.CreateRota(name, ovd_function(window.context).id, {"Maassluis": 1}))
    page = window.show_area("piket")
    combo = page.rota_combo
    text_width = combo.fontMetrics().horizontalAdvance(name)
    assert combo.width() == combo.maximumWidth() < text_width  # as wide as allowed, elided beyond
    assert combo.toolTip() == name and combo.itemData(0, Qt.ItemDataRole.ToolTipRole) == name
    assert window.width() <= 1366  # (Qt widens the open list to the longest name)


def test_counts_agree_with_their_number(qtbot, window, monkeypatch, tmp_path):
    planned_rota(window.context, date(2027, 1, 4), date(2027, 1, 11))
    page = window.show_area("piket")
    page.months.setValue(1)
    page.from_month.setDate(QDate(2027, 1, 1))  # gaps before and after, and an officer not yet trained
    assert page.warning_count.text() == "3 waarschuwingen in deze periode"
    page.from_month.setDate(QDate(2027, 6, 1))  # one gap, the whole month
    assert page.warning_count.text() == "1 waarschuwing in deze periode"
    csv = tmp_path / "rooster.csv"
    csv.write_text("begin;einde;naam;gemeente\n2027-01-04 09:00;2027-01-11 09:00;Officier 1 Vlaardingen;Vlaardingen\n")
    asked = []
    monkeypatch.setattr(interaction, "open_filename", lambda *args: str(csv))
    monkeypatch.setattr(interaction, "question", lambda parent, title, text: asked.append(text) and False)
    assert not page.import_schedule()
    assert asked[0].startswith("1 dienst van ma 04-01-2027 09:00 tot ma 11-01-2027 09:00.")
    assert "Conflict, regel 2: overlapt met de dienst van " in asked[0]  # another municipality's week


def test_the_months_shown_are_chosen_by_name_and_year_from_the_keyboard(qtbot, window):
    planned_rota(window.context, date(2027, 1, 4), date(2027, 3, 29))
    page = window.show_area("piket")
    page.months.setValue(1)
    field = page.from_month
    assert (field.month.currentText(), field.year.value()) == ("januari", 2027)  # the month of now
    field.month.setFocus()
    qtbot.keyClicks(field.month, "maart")
    assert field.day() == date(2027, 3, 1)
    assert page.period()[0] == datetime(2027, 2, 28, 23, 0, tzinfo=UTC)  # 1 March 00:00 Dutch time
    qtbot.keyClick(field.month, Qt.Key.Key_Tab)
    assert field.year.hasFocus()
    qtbot.keyClick(field.year, Qt.Key.Key_Up)
    assert field.day() == date(2028, 3, 1)
    assert page.schedule_model.rowCount() == 0  # nothing planned in March 2028
    qtbot.keyClick(field.year, Qt.Key.Key_Down)
    assert page.schedule_model.rowCount() > 0


def test_a_moment_that_does_not_exist_says_so_under_the_field(qtbot, window):
    planned_rota(window.context, date(2027, 1, 4), date(2027, 4, 26))
    page = window.show_area("piket")
    before = page.duty_text()
    field = page.at_edit
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "28-03-2027 2:30")  # the clocks skip from 02:00 to 03:00 that night
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert page.at.message.isVisible() and "28-03-2027 02:30" in page.at.message.text()
    assert page.duty_text() == before  # the answer stays for the last moment that exists
    field.selectAll()
    qtbot.keyClicks(field, "28-03-2027 3:30")
    assert page.at.message.isHidden()


def test_a_proposal_from_a_wednesday_shows_a_first_shorter_turn(qtbot, window, monkeypatch):
    page = window.show_area("piket")
    shares = {"Maassluis": 1, "Vlaardingen": 1, "Schiedam": 1}
    window.context.execute(piket.CreateRota("OvD-Bz", ovd_function(window.context).id, shares))
    page.refresh()
    shown: list[str] = []

    def proposal(dialog) -> bool:
        if isinstance(dialog, PeriodDialog):
            dialog.first.setDate(QDate(2026, 12, 2))  # a Wednesday; the handover is on Monday 09:00
            dialog.last.setDate(QDate(2026, 12, 21))
        elif isinstance(dialog, ProposalDialog):
            shown.extend(dialog.table.item(row, 1).text() for row in range(dialog.table.rowCount()))
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", proposal)
    qtbot.mouseClick(page.propose_button, Qt.MouseButton.LeftButton)
    assert shown[:2] == ["wo 02-12-2026 09:00 – ma 07-12-2026 09:00", "ma 07-12-2026 09:00 – ma 14-12-2026 09:00"]


def test_the_refusal_goes_as_soon_as_the_user_changes_a_field(qtbot, window, monkeypatch):
    planned_rota(window.context, date(2027, 1, 4), date(2027, 1, 11))
    page = window.show_area("piket")
    page.schedule_view.selectRow(0)
    week = page.selected_shift()

    def refused_then_changed(dialog: OverrideDialog) -> bool:
        dialog.show()
        dialog.person.setCurrentIndex(dialog.person.findData(week.person_id))
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        assert dialog.general.isVisible() and "al dienst" in dialog.general.text()
        qtbot.keyClicks(dialog.reason, "z")  # any change: the refusal may no longer hold
        assert dialog.general.isHidden()
        return False

    monkeypatch.setattr(interaction, "run_dialog", refused_then_changed)
    assert not page.add_override()


def test_who_takes_over_starts_unchosen_and_is_required(qtbot, window, monkeypatch):
    planned_rota(window.context, date(2027, 1, 4), date(2027, 1, 11))
    page = window.show_area("piket")
    page.schedule_view.selectRow(0)

    def enter_at_once(dialog: OverrideDialog) -> bool:
        dialog.show()
        assert dialog.person.currentIndex() == -1 and dialog.person.placeholderText() == "— kies wie overneemt —"
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and not dialog.result()
        assert dialog.error_text("person") == "Kies wie de dienst overneemt."
        return False

    monkeypatch.setattr(interaction, "run_dialog", enter_at_once)
    assert not page.add_override()
    assert page.context.call(piket.overrides, page.rota.id) == ()


def test_an_override_over_anothers_override_is_confirmed_in_the_form(qtbot, window, monkeypatch):
    rota, _ = planned_rota(window.context, date(2027, 1, 4), date(2027, 1, 11))
    page = window.show_area("piket")
    page.schedule_view.selectRow(0)
    week = page.selected_shift()
    first, second = [o for o in page.officers.values() if o.person_id != week.person_id][:2]
    window.context.execute(piket.AddOverride(rota.id, first.person_id, week.start, week.start + timedelta(hours=6), ""))
    page.schedule_view.selectRow(0)

    def over_it(dialog: OverrideDialog) -> bool:
        dialog.show()
        dialog.person.setCurrentIndex(dialog.person.findData(first.person_id))
        assert dialog.overrule.isHidden()  # extending one's own override cuts into nobody's
        dialog.person.setCurrentIndex(dialog.person.findData(second.person_id))
        assert dialog.overrule.isVisible() and first.name in dialog.overrule.text()
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        assert not dialog.result() and f"over de overname van {first.name}" in dialog.error_text("overrule")
        dialog.overrule.setChecked(True)
        assert dialog.error_text("overrule") == ""
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", over_it)
    assert page.add_override()
    assert [o.person_id for o in page.context.call(piket.overrides, rota.id)] == [first.person_id, second.person_id]


def test_a_shift_that_has_begun_is_not_swapped(qtbot, window, monkeypatch):
    planned_rota(window.context, date(2027, 1, 4), date(2027, 1, 25))
    page = window.show_area("piket")
    told, offered = [], []
    monkeypatch.setattr(interaction, "information", lambda parent, title, text: told.append(text))

    def look(dialog: SwapDialog) -> bool:
        offered.extend(dialog.other.itemData(i) for i in range(dialog.other.count()))
        return False

    monkeypatch.setattr(interaction, "run_dialog", look)
    page.schedule_view.selectRow(0)  # the week of NOW, running
    assert page.selected_shift().start <= NOW
    assert not page.swap()
    assert told == ["Een dienst die al begonnen is kan niet meer worden geruild; gebruik Overname."]
    assert offered == []
    page.schedule_view.selectRow(1)
    mine = page.selected_shift()
    page.swap()
    shifts = {s.id: s for s in page.context.call(piket.shifts, page.rota.id)}
    assert offered and all(shifts[s.id].start > NOW for s in offered) and mine.id not in {s.id for s in offered}


@pytest.mark.engines
@pytest.mark.parametrize(
    ("whose", "said"),
    [("mine", "Deze dienst"), ("partner's", "De dienst om mee te ruilen")],
)
def test_a_swap_is_refused_when_someone_else_swapped_either_shift_since_it_was_shown(
    qtbot, window, monkeypatch, whose, said
):
    """The piket is shared: two coordinators may handle the same request. A swap of the shift the rota showed, or
    with the partner's shift the dialog offered ("swap with Jan's week", now Piet's), after another coordinator
    swapped it, would undo theirs: it is refused, naming who, and nothing of it is written."""
    planned_rota(window.context, date(2027, 1, 4), date(2027, 2, 1))
    page = window.show_area("piket")
    page.schedule_view.selectRow(1)
    mine = page.selected_shift()
    theirs = theirs_beside(window.context)
    seen: list[str] = []
    left: dict[int, int | None] = {}

    def swapped_meanwhile(dialog: SwapDialog) -> bool:
        partner = dialog.value()
        changed = mine if whose == "mine" else partner
        other = next(
            s
            for s in page.context.call(piket.shifts, page.rota.id)
            if s.start > NOW and s.id not in (mine.id, partner.id) and s.person_id != changed.person_id
        )
        theirs.execute(piket.SwapShifts(changed.id, other.id, NOW))  # done by the other coordinator first
        left.update({s.id: s.person_id for s in page.context.call(piket.shifts, page.rota.id)})
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        seen.append(dialog.general.text())
        dialog.reject()
        return False

    monkeypatch.setattr(interaction, "run_dialog", swapped_meanwhile)
    try:
        assert not page.swap()
    finally:
        theirs.close()
    assert seen and seen[0].startswith(f"{said} is intussen gewijzigd {by(theirs)} ")
    assert {s.id: s.person_id for s in page.context.call(piket.shifts, page.rota.id)} == left  # theirs stands


def test_the_header_says_how_to_reach_the_next_officer_and_from_when(qtbot, window):
    _rota, proposal = planned_rota(window.context, date(2027, 1, 4), date(2027, 1, 18))
    page = window.show_area("piket")
    following = page.officers[proposal[1][1]]
    assert (
        f"daarna {following.name} ({following.municipality}, {following.mobile}) vanaf ma 11-01-2027 09:00"
        in page.duty_text()
    )
