"""An offline copy in the main window: the banner above every page, the Bestand menu's actions, the age warning; whom
a copy records as and what its role may not do; a sync that leaves records unsent, and not sending them any more."""

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import func, select

from crisisapp.context import AppContext
from crisisapp.models.events import CheckItem, Event, Outcome
from crisisapp.models.jaarwisseling import Incident as NightIncident
from crisisapp.models.offline import FieldRecord
from crisisapp.services import events, oto
from crisisapp.services import incident as inc
from crisisapp.services.offline import FIELD_WORDS, STALE_AFTER
from crisisapp.timeutil import to_local
from crisisapp.ui import interaction
from crisisapp.ui.incident.dialogs import GripDialog, StartDialog
from crisisapp.ui.incident.page import IncidentPage
from crisisapp.ui.offline import RECENT, STALE, UnsentDialog
from crisisapp.ui.oto.dialogs import DrillDialog
from tests.clock import NOW
from tests.test_gui_events import outcomes
from tests.test_gui_incident import button, keyboard_dialogs
from tests.test_gui_mainwindow import make_window, window_on
from tests.test_gui_oto import click_row
from tests.test_offline import (  # noqa: F401 - the fixtures
    _marked_file,
    as_made_before_the_mark_knew_the_role,
    copy_for,
    count,
    planned_drill,
    server,
    server_incident,
    the_night_log_and_a_maassluis_incident_and_an_incident_of_ones_own,
    users,
)

pytestmark = pytest.mark.gui


def journal(context: AppContext) -> list[str]:
    """The commands of the copy's field records, in order."""
    with context.database.sessions() as session:
        return list(session.scalars(select(FieldRecord.command).order_by(FieldRecord.number)))


def test_a_copy_shows_its_banner_on_every_page(qtbot, tmp_path):
    _marked_file(tmp_path / "veld.sqlite3").close()
    window = make_window(qtbot, tmp_path / "veld.sqlite3")
    try:
        banner = window.offline_banner
        assert banner.isVisible()
        assert banner.text().startswith("Offline kopie van do 26-11-2026 12:00 — alleen controles van checklists")
        assert banner.toolTip() == "Gemaakt van de serverdatabase postgresql://veld@server/crisisapp"
        assert (
            "alleen controles van checklists (en het wissen ervan), het alarm en de reacties en opkomst bij "
            "oefeningen, een nieuw incident, GRIP-wijzigingen, logregels en oproepen" in banner.text()
        )
        assert RECENT in banner.styleSheet() and "oud" not in banner.text()
        for row in range(len(window.areas)):
            window.nav.setCurrentRow(row)
            assert banner.isVisible() and banner.width() >= window.stack.width()
        assert window.sync_action.isEnabled() and not window.offline_copy_action.isEnabled()
        # a copy made before its mark kept the role's kind: the role of the server's address
        assert (
            window.database_label.text()
            == f"Database: {tmp_path / 'veld.sqlite3'} – offline kopie, registreert als veld"
        )
    finally:
        window.context.close()


def test_an_old_copy_warns_on_opening_and_its_banner_says_how_old(qtbot, db_path, tmp_path, monkeypatch):
    window = make_window(qtbot, db_path)
    try:
        assert not window.offline_banner.isVisible() and not window.sync_action.isEnabled()
        _marked_file(tmp_path / "oud.sqlite3", made_at=NOW - STALE_AFTER - timedelta(days=1)).close()
        warnings: list[str] = []
        monkeypatch.setattr(interaction, "warning", lambda parent, title, text: warnings.append(f"{title}: {text}"))
        assert window.open_database_file(tmp_path / "oud.sqlite3")
        assert warnings and warnings[0].startswith("Offline kopie is oud: Deze offline kopie is 8 dagen oud")
        assert window.offline_banner.isVisible() and STALE in window.offline_banner.styleSheet()
        assert window.offline_banner.text().endswith("synchroniseren). Let op: de kopie is 8 dagen oud.")
    finally:
        window.context.close()


def test_in_a_copy_a_tick_is_recorded_undone_and_cleared_and_anything_else_is_refused(qtbot, demo_path, monkeypatch):
    _marked_file(demo_path).close()  # the demo data as an offline copy
    window = make_window(qtbot, demo_path)
    context = window.context
    try:
        with context.database.sessions() as session:
            event_id = session.scalars(
                select(Event.id).where(Event.start < NOW, Event.items.any()).order_by(Event.start.desc())
            ).first()
        page = window.show_area("events")
        page.select_event(event_id)
        page.round_combo.setCurrentIndex(page.round_combo.findText("afbouw"))
        page.inspector_edit.setText("P. Veld")
        rect = page.item_view.visualRect(page.item_model.index(0, 2))
        qtbot.mouseClick(page.item_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.wait(1)
        assert outcomes(page, (0,)) == [Outcome.OK]

        def journal() -> int:
            with context.database.sessions() as session:
                return int(session.scalar(select(func.count()).select_from(FieldRecord)) or 0)

        assert journal() == 1
        window.undo_action.trigger()  # the tick and its journal entry go together
        assert outcomes(page, (0,)) == [None] and journal() == 0
        window.redo_action.trigger()
        assert outcomes(page, (0,)) == [Outcome.OK] and journal() == 1
        refused: list[str] = []
        monkeypatch.setattr(interaction, "warning", lambda _parent, title, text: refused.append(f"{title}: {text}"))
        qtbot.mouseClick(page.item_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.wait(1)  # the wrong point after all: a second click takes the tick away, a field record of its own
        assert outcomes(page, (0,)) == [None] and journal() == 2

        items = page.item_model.rowCount()
        assert not page.clear_checklist()
        assert refused == [
            "Wijziging niet opgeslagen: ‘Checklist leegmaken’ kan niet in een offline kopie (van do 26-11-2026 "
            f"12:00). Hier kunnen alleen {FIELD_WORDS} worden toegevoegd; al het andere gebeurt in de serverdatabase "
            "postgresql://veld@server/crisisapp."
        ]
        kept = select(func.count()).select_from(CheckItem).where(CheckItem.event_id == event_id)
        with context.database.sessions() as session:
            assert session.scalar(kept) == items
    finally:
        context.close()


def test_in_a_copy_an_incident_is_started_through_the_page_and_its_log_kept(qtbot, demo_path, monkeypatch):
    _marked_file(demo_path).close()
    window = make_window(qtbot, demo_path)
    context = window.context
    try:

        def fill(dialog: QDialog) -> None:
            if isinstance(dialog, StartDialog):
                qtbot.keyClicks(dialog.title, "Brand loods Haven")
                qtbot.keyClicks(dialog.location, "Haven 3")
            else:
                assert isinstance(dialog, GripDialog) and dialog.level.currentData() == 2  # one level up
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

        dialogs = keyboard_dialogs(qtbot, monkeypatch, fill)
        page = window.show_area("incident")
        assert isinstance(page, IncidentPage)
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
        assert len(dialogs) == 1 and not dialogs[0].isVisible()
        assert page.incident is not None and page.incident.title == "Brand loods Haven"
        qtbot.keyClicks(page.line, "Rook uit de loods")
        qtbot.keyClick(page.line, Qt.Key.Key_Return)
        assert [e.text for e in context.call(inc.log, page.incident.id)] == ["Rook uit de loods"]
        assert page.grip_button.isEnabled()
        qtbot.mouseClick(page.grip_button, Qt.MouseButton.LeftButton)  # scaled up, still offline
        assert len(dialogs) == 2 and not dialogs[1].isVisible()
        assert [g.level for g in context.call(inc.grip_history, page.incident.id)] == [1, 2]
        assert journal(context) == ["incident.StartIncident", "incident.AddEntry", "incident.SetGrip"]
    finally:
        context.close()


def test_in_a_copy_a_turn_out_drill_is_run_from_its_alarm(qtbot, demo_path, monkeypatch):
    _marked_file(demo_path).close()
    window = make_window(qtbot, demo_path)
    context, clock = window.context, {"now": NOW}
    context.clock = lambda: clock["now"]
    monkeypatch.setattr(interaction, "warning", lambda _parent, title, text: pytest.fail(f"{title}: {text}"))
    try:
        drill, _ = planned_drill(context)
        page = window.show_area("oto")
        page.year.setValue(to_local(context.call(oto.get_activity, drill).start).year)
        page.select_activity(drill)

        def run(dialog: DrillDialog) -> bool:
            qtbot.mouseClick(dialog.alarm_button, Qt.MouseButton.LeftButton)
            clock["now"] = NOW + timedelta(minutes=12)
            click_row(qtbot, dialog, 0)  # the first to turn out
            dialog.alarm_edit.selectAll()
            qtbot.keyClicks(dialog.alarm_edit, "11:59")  # the alarm went a minute before it was pressed
            qtbot.keyClick(dialog.alarm_edit, Qt.Key.Key_Return)
            dialog.timer.stop()
            return True

        monkeypatch.setattr(interaction, "run_dialog", run)
        assert page.drill_button.isEnabled()
        qtbot.mouseClick(page.drill_button, Qt.MouseButton.LeftButton)
        assert context.call(oto.get_activity, drill).alarm_at == NOW - timedelta(minutes=1)
        arrivals = [p.arrived_at for p in context.call(oto.participants, drill) if p.arrived_at is not None]
        assert arrivals == [NOW + timedelta(minutes=12)]
        assert journal(context) == ["oto.StartAlarm", "oto.RecordTime", "oto.CorrectAlarmTime"]
    finally:
        context.close()


@pytest.mark.usefixtures("postgres")
def test_a_copy_says_whom_it_records_as_and_refuses_what_its_role_may_not_do_on_the_server(
    qtbot,
    server,  # noqa: F811
    users,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    path = tmp_path / "veld.sqlite3"
    copy_for(users("medewerker", "Vlaardingen"), path).close()
    window = make_window(qtbot, path)
    context = window.context
    told: list[str] = []
    monkeypatch.setattr(interaction, "warning", lambda _parent, title, text: told.append(f"{title}: {text}"))
    monkeypatch.setattr(interaction, "information", lambda _parent, title, text: told.append(f"{title}: {text}"))
    try:
        who = f"{context.user} (medewerker, Vlaardingen)"
        assert window.database_label.text() == f"Database: {path} – offline kopie, registreert als {who}"
        night = button(window.show_area("jaarwisseling"), "Melding toevoegen…")
        assert not night.isEnabled() and night.toolTip().startswith(
            "‘Melding jaarwisseling vastleggen’ kan niet in deze offline kopie: het logboek van de jaarwisseling is "
            f"van Maassluis; alleen medewerkers van Maassluis (en een beheerder) kunnen het wijzigen. U bent {who}"
        )
        page = window.show_area("incident")
        assert isinstance(page, IncidentPage) and page.incident is not None
        maassluis = page.incident.title
        assert not page.line.isEnabled() and page.line.toolTip() == (  # said up front, not after typing
            f"Het incident ‘{maassluis}’ is van Maassluis; alleen medewerkers van Maassluis (en een beheerder) kunnen "
            f"erin loggen, bellen en de GRIP wijzigen. U bent {who} en wijzigt wat van Vlaardingen is (en het gedeelde "
            "piket)."
        )
        qtbot.keyClicks(page.line, "Rook zichtbaar")
        qtbot.keyClick(page.line, Qt.Key.Key_Return)
        assert told == [] and journal(context) == []

        def fill(dialog: QDialog) -> None:
            assert isinstance(dialog, StartDialog)
            qtbot.keyClicks(dialog.title, "Brand loods Haven")
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

        keyboard_dialogs(qtbot, monkeypatch, fill)
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)  # an incident of Vlaardingen's own
        assert page.incident.title == "Brand loods Haven"
        assert page.line.text() == ""
        qtbot.keyClicks(page.line, "Rook uit de loods")
        qtbot.keyClick(page.line, Qt.Key.Key_Return)
        assert journal(context) == ["incident.StartIncident", "incident.AddEntry"] and told == []

        window.sync_action.trigger()  # Bestand → Offline kopie synchroniseren
        assert told[0].startswith("Offline kopie synchroniseren: Offline kopie ")
        assert "2 registraties verzonden, 0 al eerder aangekomen, 0 niet verzonden." in told[0]
        assert told[0].endswith("Er is niets meer te sturen.")
        assert server_incident(server, "Brand loods Haven").municipality == "Vlaardingen"
    finally:
        context.close()


@pytest.mark.usefixtures("postgres")
def test_records_the_server_refuses_are_listed_after_a_sync_and_can_be_sent_no_more(
    qtbot,
    server,  # noqa: F811
    users,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    path = tmp_path / "veld.sqlite3"
    copy = copy_for(users("medewerker", "Vlaardingen"), path)
    copy.close()
    as_made_before_the_mark_knew_the_role(path)  # a copy from before: it took what its role may not do
    window = make_window(qtbot, path)
    the_night_log_and_a_maassluis_incident_and_an_incident_of_ones_own(window.context)
    night = count(server, NightIncident)
    reports: list[str] = []
    monkeypatch.setattr(interaction, "information", lambda _parent, title, text: reports.append(text))
    dialogs: list[UnsentDialog] = []

    def choose(dialog: UnsentDialog) -> bool:
        dialogs.append(dialog)
        dialog.show()
        rows = [dialog.records.item(row) for row in range(dialog.records.count())]
        assert dialog.records.wordWrap()  # a long description on more lines, not cut off at the list's edge
        assert [item.text().split(":")[0] for item in rows] == [
            "nr. 1  Melding jaarwisseling vastleggen",
            "nr. 2  Logregel toevoegen",
            "nr. 3  Logregel corrigeren",
        ]
        assert rows[0].toolTip().startswith("de server weigert het: wat het wijzigt in ‘Jaarwisseling: logboek’ is van")
        assert rows[2].toolTip() == "hoort bij nr. 2, die niet is verzonden"
        assert "2 registraties verzonden, 0 al eerder aangekomen, 3 niet verzonden." in dialog.report.toPlainText()
        assert not dialog.forget_button.isEnabled()
        for item in rows[:2]:  # handled at the office; nr. 3 hangs on nr. 2 and goes with it
            rect = dialog.records.visualItemRect(item)
            qtbot.mouseClick(dialog.records.viewport(), Qt.MouseButton.LeftButton, pos=rect.topLeft() + QPoint(8, 8))
        assert [item.checkState() for item in rows] == [Qt.CheckState.Checked] * 2 + [Qt.CheckState.Unchecked]
        assert dialog.forget_button.isEnabled()
        qtbot.mouseClick(dialog.forget_button, Qt.MouseButton.LeftButton)
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(interaction, "run_dialog", choose)
    try:
        window.sync_action.trigger()
        assert len(dialogs) == 1 and len(reports) == 1
        assert (
            "0 registraties verzonden, 2 al eerder aangekomen, 0 niet verzonden, 3 niet meer te sturen." in reports[0]
        )
        assert reports[0].endswith("Er is niets meer te sturen.")
        window.sync_action.trigger()  # and so it stays
        assert len(dialogs) == 1 and reports[1].endswith("Er is niets meer te sturen.")
        assert count(server, NightIncident) == night and count(server, FieldRecord) == 5
    finally:
        window.context.close()


@pytest.mark.usefixtures("postgres")
def test_an_alleen_lezen_copy_says_so_and_offers_nothing_to_record(qtbot, users, tmp_path):  # noqa: F811
    path = tmp_path / "lezen.sqlite3"
    copy_for(users("alleen-lezen", "Schiedam"), path).close()
    window = make_window(qtbot, path)
    try:
        who = f"{window.context.user} (alleen lezen, Schiedam)"
        assert window.database_label.text() == (
            f"Database: {path} – offline kopie, registreert als {who} – wijzigen kan niet"
        )
        page = window.show_area("incident")
        assert not page.line.isEnabled() and not page.start_button.isEnabled()
        assert page.start_button.toolTip().startswith(f"Deze offline kopie is gemaakt voor {who}. Die rol mag op")
        events_page = window.show_area("events")  # a checklist shows greyed, not ticked to be refused
        assert not events_page.inspector_edit.isEnabled()
        assert events_page.inspector_edit.toolTip().startswith(f"Deze offline kopie is gemaakt voor {who}.")
        model = events_page.item_model
        for event in window.context.call(events.list_events):  # the first with a checklist
            events_page.select_event(event.id)
            if model.rowCount():
                break
        assert model.rowCount() > 0
        for column in (*model.OUTCOMES, model.REMARK):
            assert not model.flags(model.index(0, column)) & Qt.ItemFlag.ItemIsEnabled
        assert model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEnabled  # the check itself reads as ever
    finally:
        window.context.close()


@pytest.mark.usefixtures("postgres")
def test_the_ovd_takes_a_copy_through_the_menu_works_in_it_and_brings_the_log_back(
    qtbot,
    server,  # noqa: F811
    users,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    """The officer's round trip in the window alone: Bestand → Offline kopie maken… (named after the Dutch day, not
    UTC's), opened at once; a log line written in the field; Bestand → Offline kopie synchroniseren."""
    from datetime import UTC, datetime

    from crisisapp.storage.server import open_server

    late = datetime(2026, 12, 4, 23, 30, tzinfo=UTC)  # already 5 December in Maassluis
    context = AppContext(open_server(users("medewerker", "Maassluis")), clock=lambda: late)
    window = window_on(qtbot, context)
    suggested: list[str] = []
    told: list[str] = []
    copy = tmp_path / "veld.sqlite3"

    def save_filename(_parent, _title, suggestion, _filter):
        suggested.append(suggestion)
        return str(copy)

    monkeypatch.setattr(interaction, "save_filename", save_filename)
    monkeypatch.setattr(interaction, "information", lambda _parent, title, text: told.append(f"{title}: {text}"))
    monkeypatch.setattr(interaction, "question", lambda _parent, _title, _text: True)
    try:
        window.offline_copy_action.trigger()
        assert [Path(s).name for s in suggested] == ["veld-20261205.sqlite3"]
        assert told[0].startswith("Offline kopie gemaakt: ") and copy.is_file()
        assert window.context.offline_mark() is not None and window.offline_banner.isVisible()

        page = window.show_area("incident")
        assert isinstance(page, IncidentPage)
        title = server.call(inc.current_incident).title  # the demo's open exercise, now in the copy
        assert page.incident is not None and page.incident.title == title
        qtbot.keyClicks(page.line, "Veld: afzetting staat")
        qtbot.keyClick(page.line, Qt.Key.Key_Return)
        assert journal(window.context) == ["incident.AddEntry"]

        window.sync_action.trigger()
        assert told[-1].startswith("Offline kopie synchroniseren: ") and "1 registratie" in told[-1], told[-1]
        on_server = [entry.text for entry in server.call(inc.log, page.incident.id)]
        assert on_server.count("Veld: afzetting staat") == 1
        window.sync_action.trigger()  # again: nothing doubled
        assert [entry.text for entry in server.call(inc.log, page.incident.id)] == on_server
    finally:
        window.context.close()
