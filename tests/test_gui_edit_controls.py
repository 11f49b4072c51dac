"""What a user may not change is not offered: in an offline copy only the field records' controls are enabled, for
an alleen-lezen role none; each disabled control says why, and selecting a row does not enable it again."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QTableView

from crisisapp.services.offline import FIELD_WORDS
from crisisapp.ui import interaction
from crisisapp.ui.areas import AREAS
from crisisapp.ui.mainwindow import MainWindow
from tests.test_gui_mainwindow import make_window
from tests.test_offline import _marked_file

pytestmark = pytest.mark.gui


def enabled_buttons(window: MainWindow) -> dict[str, set[str]]:
    """Per area, the texts of the buttons a user can press once a row is selected in every table of its page."""
    found: dict[str, set[str]] = {}
    for area in window.areas:
        page = window.show_area(area.key)
        for view in page.findChildren(QTableView):
            if view.model() is not None and view.model().rowCount() > 0:
                view.selectRow(0)
        found[area.key] = {
            button.text() for button in page.findChildren(QAbstractButton) if button.isEnabled() and button.text()
        }
    return found


#: What shows or exports, never changes: enabled for every user.
READING = {
    "vandaag": {"Incident starten of openen (Ctrl+Shift+I)"},  # opens the open incident; starting one is refused
    "programme": {"Afdrukken…"},
    "organisation": {"Afdrukken…", "Alarmeringslijst afdrukken…", "Ook gearchiveerde personen"},
    "piket": {"Afdrukken…", "Exporteren (CSV)…", "Exporteren (iCalendar)…"},
    "oto": {
        "Afdrukken…",
        "Alle open actiepunten van alle activiteiten",
        "Coördinatorweergave (data van onaangekondigde oefeningen)",
        "Exporteren (iCalendar)…",
    },
    "events": {"Afdrukken…", "nu"},
    "jaarwisseling": {"Afdrukken…"},
    "hulpdiensten": {"Afdrukken…"},
    "logboek": {"Afdrukken…"},
    "incident": {"&Sitrap… (Ctrl+P)", "Openen"},
}


def test_an_offline_copy_offers_only_the_field_records_and_says_why_the_rest_is_not(qtbot, demo_path, monkeypatch):
    _marked_file(demo_path).close()  # the demo data as an offline copy
    window = make_window(qtbot, demo_path)
    monkeypatch.setattr(interaction, "run_dialog", lambda dialog: pytest.fail("a form was opened"))
    try:
        field = {
            "oto": {"Oefening starten…"},
            "jaarwisseling": {"Melding toevoegen…"},
            "incident": {
                "Nieuw… (Ctrl+Shift+I)",
                "&GRIP… (Ctrl+G)",
                "Toevoegen",
                "Corrigeren… (F2)",
                "Oproep…",
                "Aangekomen…",
            },
        }
        assert enabled_buttons(window) == {key: texts | field.get(key, set()) for key, texts in READING.items()}
        page = window.show_area("organisation")
        assert page.selected_person() is not None and not page.edit_person_button.isEnabled()
        assert page.edit_person_button.toolTip() == (
            "‘Persoon wijzigen’ kan niet in een offline kopie (van do 26-11-2026 12:00). Hier kunnen alleen "
            f"{FIELD_WORDS} worden toegevoegd; al het andere gebeurt in de serverdatabase "
            "postgresql://veld@server/crisisapp."
        )
        index = page.people_view.model().index(0, 0)
        qtbot.mouseDClick(
            page.people_view.viewport(), Qt.MouseButton.LeftButton, pos=page.people_view.visualRect(index).center()
        )  # a double-click does what Wijzigen… does: nothing here
        incident = window.show_area("incident")
        assert incident.line.isEnabled() and incident.add_button.isEnabled()
    finally:
        window.context.close()


def test_a_user_who_may_change_everything_has_every_control(qtbot, demo_path):
    window = make_window(qtbot, demo_path, tuple(a for a in AREAS if a.key in ("organisation", "events")))
    try:
        found = enabled_buttons(window)
        assert found["organisation"] >= {"Nieuwe persoon…", "Wijzigen…", "Archiveren", "Importeren…", "Toewijzen…"}
        assert found["events"] >= {"Nieuw evenement…", "Wijzigen…", "Checklist leegmaken"}
        assert window.show_area("organisation").edit_person_button.toolTip() == ""
    finally:
        window.context.close()
