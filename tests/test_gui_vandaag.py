"""The Vandaag page as the officer uses it, and the Jaarwisseling and Hulpdiensten pages it leads to."""

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QPushButton

from crisisapp.context import AppContext
from crisisapp.services import dashboard, events, hulpdiensten, jaarwisseling
from crisisapp.services import organisation as org
from crisisapp.storage.database import open_database
from crisisapp.storage.server import open_server
from crisisapp.ui import interaction
from crisisapp.ui.hulpdiensten.page import CountDialog, ObstacleDialog
from crisisapp.ui.jaarwisseling.dialogs import IncidentDialog
from crisisapp.ui.preview import PdfPreviewDialog
from crisisapp.ui.vandaag.page import VandaagPage
from tests.clock import NOW, fixed_clock
from tests.commands_support import unversioned
from tests.pdftext import pdf_text
from tests.test_events import furieade
from tests.test_gui_events import ok
from tests.test_gui_mainwindow import window_on
from tests.test_offline import server, users  # noqa: F401 - the fixtures

pytestmark = pytest.mark.gui

AUGUST = datetime(2027, 8, 16, 8, 0, tzinfo=UTC)


@pytest.fixture
def window(qtbot, context):
    win = window_on(qtbot, context)
    win.context.clock = lambda: AUGUST
    yield win
    win.context.close()


def button(page, text):
    return next(b for b in page.findChildren(QPushButton) if b.text() == text)


@pytest.mark.engines  # a user's task from start to end, also on a server database
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
    assert actions.item(0).text().startswith("[zo 01-08-2027] te laat · ")  # and in words
    assert "Furieade 2026" in vandaag.line_texts("events")[0]
    assert not vandaag.open_button.isEnabled()  # nothing chosen yet

    actions.setCurrentRow(0)
    assert vandaag.open_button.isEnabled()
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
    monkeypatch.setattr(interaction, "confirm", lambda *args: True)

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
    assert unversioned((page.incident_model.record(0),)) == unversioned((logged,))  # its values back, a new version
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
    assert page.subtitle.text().startswith("1 knelpunt open")
    page.obstacle_view.selectRow(0)
    monkeypatch.setattr(interaction, "confirm", lambda *args: True)
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
        dialog.show()
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        # said under the field it is about, in the form that stays open with what was typed
        assert dialog.isVisible() and "geldig certificaat" in dialog.error_text("certified")
        assert dialog.registered.value() == 330
        dialog.reject()
        return bool(dialog.result())

    warnings = []
    monkeypatch.setattr(interaction, "run_dialog", count)
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: warnings.append(text))
    assert not page.add_count()
    assert warnings == []
    assert page.count_model.rowCount() == 1  # only the programme's 306
    vandaag = window.show_area("vandaag")  # left before all its boxes were read: they are read now
    qtbot.waitUntil(lambda: not vandaag.waiting())
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


def step_button(page, text):
    return next(b for b in page.steps_box.findChildren(QPushButton) if b.text() == text)


def test_a_first_start_shows_the_first_steps_and_goes_to_each(qtbot, window):
    vandaag = window.show_area("vandaag")
    assert vandaag.steps_box.isVisibleTo(window)
    assert [label.text().count("(nog te doen)") for label in vandaag.step_labels] == [1, 1, 1, 1]
    steps = (
        ("Naar Personen", "organisation", 0),
        ("Naar Functies en bezetting", "organisation", 1),
        ("Naar Piket", "piket", None),
        ("Naar het OTO-jaarplan", "oto", 0),
    )
    for text, area, tab in steps:
        qtbot.mouseClick(step_button(window.show_area("vandaag"), text), Qt.MouseButton.LeftButton)
        page = window.current_page()
        assert page is window.page(area), text
        if tab is not None:
            assert page.tabs.currentIndex() == tab, text

    window.context.execute(org.AddPerson(org.PersonInput("Eerste Functionaris", "Maassluis")))
    assert vandaag.step_labels[0].text().startswith("<b>✓ Personen inlezen of toevoegen</b> (gedaan)")


def test_many_gaps_are_a_count_with_a_link_to_the_functions(qtbot, window):
    vandaag = window.show_area("vandaag")
    functions = len([f for team in window.context.call(org.list_teams) for f in team.functions])
    assert not vandaag.lists["gaps"].isVisibleTo(window)
    assert f"{functions} functies zonder volledige, vakbekwame bezetting (hiaten)" in vandaag.gap_summary.text()
    assert ">bekijken</a>" in vandaag.gap_summary.text()
    vandaag.gap_summary.linkActivated.emit("functies")
    organisation = window.current_page()
    assert organisation is window.page("organisation") and organisation.tabs.currentIndex() == 1


def test_hulpdiensten_prints_the_streets_and_asks_before_deleting(qtbot, window, monkeypatch):
    page = window.show_area("hulpdiensten")
    context = window.context
    context.execute(hulpdiensten.AddObstacle("Hoogstraat", "te smalle straat", date(2027, 8, 1), "", 3.1))
    context.execute(hulpdiensten.AddRecruitment(date(2027, 8, 2), "Campagne", 4000, 12))
    context.execute(hulpdiensten.AddCount(date(2027, 8, 3), 1234, None, "HartslagNu"))
    assert page.recruitment_model.index(0, 2).data() == "4.000"
    assert "HartslagNu: 1.234 burgerhulpverleners" in page.subtitle.text()

    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(PdfPreviewDialog)
    assert dialog is not None and dialog.isVisible()
    text = pdf_text(dialog.pdf)
    assert "Bereikbaarheid hulpdiensten" in text and "Hoogstraat" in text and "3,10 m · onder 3,5 m" in text
    dialog.close()

    delete = button(page.obstacle_view.parentWidget(), "Verwijderen")  # the one under the streets
    assert not delete.isEnabled() and not button(page, "Maatregel en status…").isEnabled()
    page.obstacle_view.selectRow(0)
    assert delete.isEnabled()
    asked = []
    monkeypatch.setattr(interaction, "confirm", lambda parent, title, text, action: asked.append(text) or False)
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert asked[0].startswith("Het knelpunt Hoogstraat verwijderen?")
    assert page.obstacle_model.rowCount() == 1  # the user said no
    assert window.undo_stack.count() == 0


def test_vandaag_shows_the_piket_first_and_fills_the_rest_one_part_per_turn_after_its_first_paint(qtbot, demo_path):
    context = AppContext(open_database(demo_path), clock=fixed_clock)
    page = VandaagPage(context, QUndoStack())
    qtbot.addWidget(page)
    # made, before the event loop turned: who is on piket now, until when, and who is next
    *_incident, now, following = page.line_texts("duty")  # below an open incident, when one is
    assert now.startswith("OvD-Bz nu: ") and ", tot " in now and following.startswith("Daarna: ")
    assert page.line_texts("actions") == ["Wordt gelezen…"] and page.waiting() == len(dashboard.PARTS) - 1
    QApplication.processEvents()
    assert page.waiting() == len(dashboard.PARTS) - 1  # not on screen yet: nothing read to hold up its first paint
    page.show()
    qtbot.waitUntil(lambda: page.waiting() < len(dashboard.PARTS) - 1)  # painted: the rest comes
    left = [page.waiting()]
    while page.waiting():
        QApplication.processEvents()  # one turn: input and painting are handled between two parts
        left.append(page.waiting())
    assert all(before - after <= 1 for before, after in itertools.pairwise(left)), left
    board = context.call(dashboard.build, NOW)
    for key in ("exercises", "events", "actions"):
        assert page.line_texts(key) == [line.text for line in getattr(board, key)] or not getattr(board, key), key
    assert board.gap_summary is not None and page.gap_summary.isVisible()  # many gaps: counted, not listed
    assert page.line_texts("gaps") == [] and page.lists["gaps"].isHidden()
    assert page.line_texts("actions") == [line.text for line in board.actions] != []
    context.close()


@pytest.mark.usefixtures("postgres")
def test_a_vlaardingen_medewerker_sees_the_shared_piket_and_vlaardingens_work_not_maassluis_own(
    qtbot,
    server,  # noqa: F811
    users,  # noqa: F811
):
    soon = NOW + timedelta(days=10)
    made = server.execute(events.AddEvent(furieade(start=soon, end=soon + timedelta(hours=8)))).result  # Maassluis'
    context = AppContext(open_server(users("medewerker", "Vlaardingen")), clock=fixed_clock)
    try:
        window = window_on(qtbot, context)
        page = window.current_page()
        assert isinstance(page, VandaagPage)
        page.refresh()
        assert page.subtitle.text().endswith(
            " · voor Vlaardingen: het gedeelde piket, alle lopende incidenten en wat van Vlaardingen is"
        )
        for key in ("gaps", "new_year", "responders"):  # Maassluis' crisis organisation, New Year's Eve, HartslagNu
            assert not page.lists[key].isVisibleTo(page), key
        assert page.steps_box.isHidden()
        assert page.line_texts("duty")[-2].startswith("OvD-Bz nu: ")  # the shared piket, with phone numbers
        assert page.line_texts("events") == ["Geen evenementen in de komende 60 dagen."]  # not Maassluis' Furieade
        assert all("Furieade" not in text and "Jaarwisseling" not in text for text in page.line_texts("actions"))
        later = soon + timedelta(days=10)
        own = furieade(name="Stadsfeest Vlaardingen", start=later, end=later + timedelta(hours=8))
        context.execute(events.AddEvent(own))  # Vlaardingen's own, made by them
        qtbot.waitUntil(lambda: page.line_texts("events")[0].split(": ", 1)[-1].startswith("Stadsfeest Vlaardingen — "))
        assert len(page.line_texts("events")) == 1
        assert made.id not in {line.key for line in context.call(dashboard.build, NOW, "Vlaardingen").events}
    finally:
        context.close()
