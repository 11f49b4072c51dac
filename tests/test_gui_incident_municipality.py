"""The incident page with more than one incident and more than one municipality: a log line typed but not saved
stays with its own incident; on a server, whose incident it is shows up front and another municipality's cannot be
written into; the bar says how many incidents run."""

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from crisisapp.context import AppContext
from crisisapp.models.incident import EntryKind
from crisisapp.services import incident as inc
from crisisapp.storage.server import open_server
from crisisapp.ui import interaction
from crisisapp.ui.incident.dialogs import StartDialog
from crisisapp.ui.incident.page import IncidentPage
from tests.clock import fixed_clock
from tests.test_gui_incident import ALERT, CTRL, keyboard_dialogs
from tests.test_gui_mainwindow import window_on
from tests.test_offline import server, users  # noqa: F401 - the fixtures

pytestmark = pytest.mark.gui


def texts(context: AppContext, incident_id: int) -> list[str]:
    return [entry.text for entry in context.call(inc.log, incident_id)]


def choose(qtbot, page: IncidentPage, incident_id: int) -> None:
    """Pick the incident in the page's chooser with the keyboard, as a user does."""
    page.chooser.setFocus()
    key = Qt.Key.Key_Down if page.chooser.findData(incident_id) > page.chooser.currentIndex() else Qt.Key.Key_Up
    while page.chooser.currentData() != incident_id:
        qtbot.keyClick(page.chooser, key)
    assert page.incident is not None and page.incident.id == incident_id


@pytest.mark.engines
def test_a_line_not_saved_stays_with_its_incident_and_never_goes_into_another(qtbot, context, monkeypatch):
    window = window_on(qtbot, context)
    window.context.clock = lambda: ALERT + timedelta(minutes=10)
    context = window.context
    fire = context.execute(inc.StartIncident(inc.IncidentInput("Brand loods", "Haven 3", 1, ALERT))).result
    gas = context.execute(inc.StartIncident(inc.IncidentInput("Gaslek", "Kade", 1, ALERT + timedelta(minutes=1))))
    gas_id = gas.result.id
    warnings: list[str] = []
    monkeypatch.setattr(interaction, "warning", lambda _parent, title, text: warnings.append(title))
    page = window.show_area("incident")
    assert isinstance(page, IncidentPage)
    choose(qtbot, page, fire.id)

    page.at.selectAll()
    qtbot.keyClicks(page.at, "32-13-2027 25:00")  # the save is refused: no such time
    page.kind.setCurrentIndex(list(EntryKind).index(EntryKind.BESLUIT))
    qtbot.keyClicks(page.line, "Ontruiming Haven 1-9")
    qtbot.keyClick(page.line, Qt.Key.Key_Return)
    assert warnings == ["Niet vastgelegd"] and texts(context, fire.id) == []

    choose(qtbot, page, gas_id)
    assert page.line.text() == "" and EntryKind(page.kind.currentData()) is EntryKind.MELDING
    assert page.at.toolTip().endswith("Alt+pijl omlaag opent de kalender.")  # its own help, not the old problem
    qtbot.keyClick(page.line, Qt.Key.Key_Return)  # Enter in the other incident's line: nothing to save
    assert texts(context, gas_id) == [] and len(warnings) == 1
    qtbot.keyClicks(page.line, "Gasunie gebeld")  # a line of its own is kept with it in turn

    choose(qtbot, page, fire.id)
    assert page.line.text() == "Ontruiming Haven 1-9" and EntryKind(page.kind.currentData()) is EntryKind.BESLUIT
    qtbot.keyClick(page.line, Qt.Key.Key_Return)  # the time now, as the wrong one was not kept
    assert texts(context, fire.id) == ["Ontruiming Haven 1-9"] and page.line.text() == ""
    choose(qtbot, page, gas_id)
    assert page.line.text() == "Gasunie gebeld"
    qtbot.keyClick(page.line, Qt.Key.Key_Return)
    assert texts(context, gas_id) == ["Gasunie gebeld"] and texts(context, fire.id) == ["Ontruiming Haven 1-9"]

    qtbot.keyClicks(page.line, "Kade afgezet")  # and a new incident started meanwhile does not take it either

    def fill(dialog: QDialog) -> None:
        qtbot.keyClicks(dialog.title, "Wateroverlast")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, CTRL)

    keyboard_dialogs(qtbot, monkeypatch, fill)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert page.incident is not None and page.incident.title == "Wateroverlast" and page.line.text() == ""
    page.focus_line()
    qtbot.keyClick(page.line, Qt.Key.Key_Return)
    assert texts(context, page.incident.id) == []
    choose(qtbot, page, gas_id)
    assert page.line.text() == "Kade afgezet"


@pytest.mark.engines
def test_the_bar_shows_the_highest_grip_first_and_how_many_others_run(qtbot, context):
    window = window_on(qtbot, context)
    window.context.clock = lambda: ALERT + timedelta(minutes=10)
    context = window.context
    small = context.execute(inc.StartIncident(inc.IncidentInput("Gaslek", "Kade", 1, ALERT + timedelta(minutes=5))))
    big = context.execute(inc.StartIncident(inc.IncidentInput("Brand chemie", "Haven", 3, ALERT))).result
    bar = window.incident_bar
    whose = " (Maassluis)" if context.access is not None else ""  # a database file: one team, no owner shown
    assert bar.label.text() == f"INCIDENT: Brand chemie{whose} · GRIP 3 · +0:10 sinds de alarmering"
    assert bar.others_button.isVisible() and bar.others_button.text() == "+1 ander incident loopt"
    (other,) = bar.others_button.menu().actions()
    assert other.text() == f"INCIDENT: Gaslek{whose} · GRIP 1"
    window.show_area("oto")
    other.trigger()  # to the page, showing that incident
    page = window.current_page()
    assert isinstance(page, IncidentPage) and page.incident is not None and page.incident.id == small.result.id
    assert page.subtitle.text().startswith("Gaslek — INCIDENT · " + ("van Maassluis · " if whose else "") + "GRIP 1")

    context.execute(inc.StartIncident(inc.IncidentInput("Oefening", "", 0, ALERT, exercise=True)))
    assert bar.others_button.text() == "+2 andere incidenten lopen"
    assert [a.text() for a in bar.others_button.menu().actions()][1] == f"OEFENING: Oefening{whose} · GRIP 0"
    context.execute(inc.CloseIncident(big.id, ALERT + timedelta(minutes=9)))
    assert bar.label.text().startswith(f"INCIDENT: Gaslek{whose} · GRIP 1")
    assert bar.others_button.text() == "+1 ander incident loopt"


@pytest.mark.usefixtures("postgres")
def test_whose_incident_it_is_shows_and_another_municipalitys_cannot_be_written_into(
    qtbot,
    server,  # noqa: F811
    users,  # noqa: F811
    monkeypatch,
):
    maassluis = server.execute(inc.StartIncident(inc.IncidentInput("Brand De Kolk", "Kade", 3, ALERT))).result
    context = AppContext(open_server(users("medewerker", "Vlaardingen")), clock=fixed_clock)
    told: list[str] = []
    monkeypatch.setattr(interaction, "information", lambda _parent, title, text: told.append(f"{title}: {text}"))
    monkeypatch.setattr(interaction, "warning", lambda _parent, title, text: told.append(f"{title}: {text}"))
    try:
        window = window_on(qtbot, context)
        who = f"{context.user} (medewerker, Vlaardingen)"
        assert window.incident_bar.label.text().startswith("INCIDENT: Brand De Kolk (Maassluis) · GRIP 3")
        page = window.show_area("incident")
        assert isinstance(page, IncidentPage)
        choose(qtbot, page, maassluis.id)
        assert page.subtitle.text().startswith("Brand De Kolk — INCIDENT · van Maassluis · GRIP 3")
        refusal = (
            "Het incident ‘Brand De Kolk’ is van Maassluis; alleen medewerkers van Maassluis (en een beheerder) "
            f"kunnen erin loggen, bellen en de GRIP wijzigen. U bent {who} en wijzigt wat van Vlaardingen is (en het "
            "gedeelde piket)."
        )
        for control in (page.line, page.add_button, page.grip_button, page.call_button, page.close_button, page.at):
            assert not control.isEnabled() and control.toolTip() == refusal
        qtbot.keyClicks(page.line, "Rook zichtbaar")
        qtbot.keyClick(page.line, Qt.Key.Key_Return)
        assert page.line.text() == "" and texts(server, maassluis.id) == []
        page.tabs.setCurrentIndex(1)
        page.board_view.setFocus()
        page.board_view.selectRow(0)
        qtbot.keyClick(page.board_view, Qt.Key.Key_1)  # bereikt: told why not, not asked of the server
        assert told == [f"Alarmering: {refusal}"]
        assert server.call(inc.alarm_board, maassluis.id, ALERT)[0].calls == ()

        def fill(dialog: QDialog) -> None:
            assert isinstance(dialog, StartDialog)
            assert dialog.whose.isVisible()
            assert dialog.whose.text() == "Wordt een incident van Vlaardingen: medewerkers van Vlaardingen loggen erin."
            qtbot.keyClicks(dialog.title, "Wateroverlast Centrum")
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, CTRL)

        keyboard_dialogs(qtbot, monkeypatch, fill)
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
        assert page.incident is not None and page.incident.municipality == "Vlaardingen"
        assert page.subtitle.text().startswith("Wateroverlast Centrum — INCIDENT · van Vlaardingen")
        assert page.line.isEnabled() and page.grip_button.isEnabled() and page.line.toolTip() == ""
        assert page.at.toolTip().endswith("Alt+pijl omlaag opent de kalender.")  # its own help is back
        qtbot.keyClicks(page.line, "Pompen ingezet")
        qtbot.keyClick(page.line, Qt.Key.Key_Return)
        assert texts(server, page.incident.id) == ["Pompen ingezet"] and len(told) == 1
        choose(qtbot, page, maassluis.id)  # back: the controls of Maassluis' incident are disabled again
        assert not page.line.isEnabled() and not page.grip_button.isEnabled()
    finally:
        context.close()


def test_on_a_database_file_the_start_dialog_names_no_municipality(qtbot, context, monkeypatch):
    window = window_on(qtbot, context)
    seen = keyboard_dialogs(qtbot, monkeypatch, lambda dialog: dialog.reject())
    qtbot.keyClick(window, Qt.Key.Key_I, CTRL | Qt.KeyboardModifier.ShiftModifier)
    (dialog,) = seen
    assert isinstance(dialog, StartDialog) and dialog.whose.isHidden() and dialog.whose.text() == ""
