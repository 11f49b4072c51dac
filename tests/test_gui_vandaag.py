"""The Vandaag page as the officer uses it, and the Jaarwisseling and Hulpdiensten pages it leads to."""

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QPushButton

from crisisapp.services import events, hulpdiensten, jaarwisseling
from crisisapp.ui import interaction
from crisisapp.ui.hulpdiensten.page import CountDialog, ObstacleDialog
from crisisapp.ui.jaarwisseling.dialogs import IncidentDialog
from tests.test_events import furieade
from tests.test_gui_events import ok
from tests.test_gui_mainwindow import make_window

pytestmark = pytest.mark.gui

AUGUST = datetime(2027, 8, 16, 8, 0, tzinfo=UTC)


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path)
    win.context.clock = lambda: AUGUST
    yield win
    win.context.close()


def button(page, text):
    return next(b for b in page.findChildren(QPushButton) if b.text() == text)


def test_open_an_overdue_action_point_from_vandaag_and_close_it(qtbot, window):
    vandaag = window.show_area("vandaag")
    vandaag.refresh()
    assert vandaag.line_texts("actions") == ["Geen open actiepunten."]
    start = AUGUST + timedelta(days=30)
    event = window.context.execute(events.AddEvent(furieade(start=start, end=start + timedelta(days=2)))).result
    point = window.context.execute(
        events.AddPoint(event.id, events.PointInput("Verkeersplan rondsturen", "gemeente", date(2027, 8, 1)))
    ).result
    actions = vandaag.lists["actions"]
    assert actions.count() == 1 and "Verkeersplan rondsturen" in actions.item(0).text()  # refreshed by itself
    assert actions.item(0).foreground().color().name() == "#b42318"  # overdue: red
    assert "Furieade 2026" in vandaag.line_texts("events")[0]

    actions.setCurrentRow(0)
    qtbot.mouseClick(vandaag.open_button, Qt.MouseButton.LeftButton)
    page = window.current_page()
    assert page is window.page("events")
    selected = page.point_view.selectionModel().selectedRows()
    assert [page.point_model.record(index.row()).id for index in selected] == [point.id]

    qtbot.mouseClick(button(page, "Actiepunt gereed"), Qt.MouseButton.LeftButton)
    assert vandaag.line_texts("actions") == ["Geen open actiepunten."]
    window.undo_action.trigger()
    assert "Verkeersplan rondsturen" in vandaag.line_texts("actions")[0]


def test_vandaag_counts_down_to_new_year_and_opens_hartslagnu(qtbot, window):
    vandaag = window.show_area("vandaag")
    vandaag.refresh()
    assert vandaag.line_texts("new_year")[0].startswith("Nog 137 dagen tot de jaarwisseling; 0 voorbereidingstaken")
    page = window.show_area("jaarwisseling")
    assert page.year.value() == 2027
    qtbot.mouseClick(button(page, "Draaiboek uit sjabloon"), Qt.MouseButton.LeftButton)
    made = page.task_model.rowCount()
    assert made >= 8
    assert f"{made} voorbereidingstaken open" in vandaag.line_texts("new_year")[0]

    vandaag.lists["responders"].setCurrentRow(0)
    vandaag.lists["responders"].itemActivated.emit(vandaag.lists["responders"].item(0))
    hulp = window.current_page()
    assert hulp is window.page("hulpdiensten") and hulp.tabs.currentIndex() == 1


def test_new_year_log_feeds_the_comparison(qtbot, window, monkeypatch):
    page = window.show_area("jaarwisseling")

    def log(dialog: IncidentDialog) -> bool:
        dialog.kind.setCurrentText("vernieling")
        qtbot.keyClicks(dialog.location, "Markt")
        dialog.count.setValue(3)
        dialog.damage.setValue(2500)
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", log)
    assert page.add_incident()
    assert page.incident_model.index(0, 2).data() == "Markt"
    assert "€ 2.500" in page.comparison_label.text()
    assert page.comparison_label.text().count("—") >= 4  # the four years before have no log
    assert page.chart is not None
    logged = page.incident_model.record(0)
    page.incident_view.selectRow(0)
    assert page.delete_incident()
    assert page.incident_model.rowCount() == 0
    window.undo_action.trigger()  # the deletion
    assert page.incident_model.record(0) == logged
    window.undo_action.trigger()  # the logging
    assert page.incident_model.rowCount() == 0
    assert window.context.call(jaarwisseling.comparison, [2027])[0].recorded is False


def test_hulpdiensten_flags_narrow_streets_and_counts_against_target(qtbot, window, monkeypatch):
    page = window.show_area("hulpdiensten")

    def report(dialog: ObstacleDialog) -> bool:
        qtbot.keyClicks(dialog.street, "Hoogstraat")
        dialog.cause.setCurrentText("te smalle straat")
        dialog.width_box.setValue(3.1)
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", report)
    assert page.add_obstacle()
    assert page.obstacle_model.index(0, 2).data() == "3,10 m · onder 3,5 m"
    assert page.obstacle_model.index(0, 2).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert page.subtitle.text().startswith("1 knelpunten open")
    page.obstacle_view.selectRow(0)
    assert page.delete_obstacle() and page.obstacle_model.rowCount() == 0
    window.undo_action.trigger()
    assert page.obstacle_model.index(0, 0).data() == "Hoogstraat"

    page.tabs.setCurrentIndex(1)
    page.target.setValue(320)
    qtbot.mouseClick(button(page, "Doel vastleggen"), Qt.MouseButton.LeftButton)
    assert window.context.call(hulpdiensten.targets) == {2027: 320}

    def count(dialog: CountDialog) -> bool:
        dialog.counted_on.setDate(QDate(2027, 8, 1))
        dialog.registered.setValue(330)
        dialog.certified.setValue(400)  # more certificates than people: refused by the service
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    warnings = []
    monkeypatch.setattr(interaction, "run_dialog", count)
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: warnings.append(text))
    assert not page.add_count()
    assert "geldig certificaat" in warnings[0]
    assert page.count_model.rowCount() == 1  # only the programme's 306
    vandaag = window.page("vandaag")
    assert "doel 2027: 320" in vandaag.line_texts("responders")[0]


def test_an_obstacle_without_street_is_not_saved(qtbot, window, monkeypatch):
    page = window.show_area("hulpdiensten")
    shown = []

    def empty(dialog: ObstacleDialog) -> bool:
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        shown.append(dialog.error_text("street"))
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", empty)
    assert not page.add_obstacle()
    assert shown == ["Vul de straat of plek in."]
    assert window.context.call(hulpdiensten.obstacles) == ()
