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
from crisisapp.ui.piket.dialogs import OverrideDialog, PeriodDialog, ProposalDialog, RotaDialog
from tests.test_gui_mainwindow import make_window

pytestmark = pytest.mark.gui
NOW = datetime(2027, 1, 6, 11, 0, tzinfo=UTC)  # a Wednesday


def ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path)
    win.context.clock = lambda: NOW
    context = win.context
    ovd = next(f for t in context.call(org.list_teams) for f in t.functions if t.code == "OvD-Bz")
    for n, town in enumerate(("Maassluis", "Vlaardingen", "Schiedam", "Maassluis", "Vlaardingen", "Schiedam")):
        person = context.call(org.create_person, org.PersonInput(f"Officier {n} {town}", town, mobile=f"06-4444000{n}"))
        context.call(org.assign, person.id, ovd.id, Role.DEPUTY, date(2026, 1, 1))
        if n:  # officer 0 never trained: the warnings will say so
            for kind in (ActivityKind.TRAINING, ActivityKind.ALARMERING):
                context.call(org.record_attendance, person.id, kind, date(2026, 12, 1), NOW)
    yield win
    win.context.close()


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


def test_any_moment_answered(qtbot, window):
    context = window.context
    ovd = next(f for t in context.call(org.list_teams) for f in t.functions if t.code == "OvD-Bz")
    rota = context.call(piket.create_rota, "OvD-Bz", ovd.id, {"Maassluis": 1, "Vlaardingen": 1, "Schiedam": 1})
    proposal = context.call(piket.make_proposal, rota.id, date(2027, 3, 15), date(2027, 4, 5))
    context.call(piket.save_shifts, rota.id, [(t.start, t.end, p) for t, p in proposal])
    page = window.show_area("piket")
    page.at_edit.setDateTime(QDateTime(QDate(2027, 3, 29), QTime(8, 59)))
    before = page.at_label.text()
    page.at_edit.setDateTime(QDateTime(QDate(2027, 3, 29), QTime(9, 0)))
    after = page.at_label.text()
    handover = next(t for t, _ in proposal if to_local(t.start).date() == date(2027, 3, 29))
    assert "tot ma 29-03-2027 09:00" in before and before != after
    assert handover.start - timedelta(hours=167) == next(t.start for t, _ in proposal if t.end == handover.start)


def test_every_page_fits_a_laptop_screen(qtbot, db_path):
    window = make_window(qtbot, db_path)
    for area in AREAS:
        window.show_area(area.key)
        qtbot.wait(1)
        assert window.minimumSizeHint().width() <= 1366, area.key
        assert window.width() <= 1366 and window.height() <= 768, area.key
    window.context.close()
