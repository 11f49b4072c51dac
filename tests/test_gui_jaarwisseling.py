"""The Jaarwisseling page as the crisis team uses it: a plan in one step (and undone in one), tasks, zones,
the log of the night, and tables that keep Qt's contract."""

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QPushButton

from crisisapp.models.jaarwisseling import TaskStatus
from crisisapp.services import jaarwisseling
from crisisapp.ui import interaction
from crisisapp.ui.charts import whole_steps
from crisisapp.ui.jaarwisseling.dialogs import IncidentDialog, TaskDialog, ZoneDialog
from tests.commands_support import unversioned
from tests.test_gui_events import ok
from tests.test_gui_mainwindow import window_on

pytestmark = pytest.mark.gui

AUGUST = datetime(2027, 8, 16, 8, 0, tzinfo=UTC)


@pytest.fixture
def window(qtbot, context):
    win = window_on(qtbot, context)
    win.context.clock = lambda: AUGUST
    yield win
    win.context.close()


@pytest.fixture
def page(window):
    return window.show_area("jaarwisseling")


@pytest.fixture(autouse=True)
def confirmed(monkeypatch):
    """What the user was asked before a deletion; each time they say yes."""
    asked: list[str] = []
    monkeypatch.setattr(interaction, "confirm", lambda parent, title, text, action: asked.append(text) or True)
    return asked


@pytest.fixture
def warnings(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: shown.append(text))
    return shown


def click(qtbot, page, text):
    button = next(b for b in page.findChildren(QPushButton) if b.text() == text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def task_ids(page):
    return [page.task_model.record(row).id for row in range(page.task_model.rowCount())]


def test_a_plan_from_the_template_is_made_and_undone_in_one_step(qtbot, window, page, warnings):
    click(qtbot, page, "Draaiboek uit sjabloon")
    made = task_ids(page)
    assert len(made) == len(jaarwisseling.TEMPLATE)
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText() == "Draaiboek jaarwisseling uit sjabloon maken"
    window.undo_action.trigger()
    assert page.task_model.rowCount() == 0
    window.redo_action.trigger()
    assert task_ids(page) == made  # the same tasks back, ids and all
    click(qtbot, page, "Draaiboek uit sjabloon")
    assert warnings == ["De jaarwisseling 2027 heeft al een draaiboek."]
    assert window.undo_stack.count() == 1


def test_last_years_plan_is_copied_a_year_on_with_its_zones(qtbot, window, page, warnings):
    click(qtbot, page, "Overnemen van vorig jaar")
    assert warnings == ["Er is geen draaiboek van 2026 om over te nemen."]
    context = window.context
    context.execute(jaarwisseling.PlanFromTemplate(2026))
    context.execute(jaarwisseling.AddZone(2026, "Zorgcentrum De Vloot", "100 m rond het zorgcentrum", "de nacht"))
    first = context.call(jaarwisseling.tasks, 2026)[0]
    context.execute(jaarwisseling.SetTaskStatus(first.id, TaskStatus.DONE))

    click(qtbot, page, "Overnemen van vorig jaar")
    copied = page.task_model.record(0)
    assert (copied.description, copied.deadline, copied.status) == (
        first.description,
        first.deadline.replace(year=2027),
        TaskStatus.OPEN,
    )
    assert page.task_model.rowCount() == len(jaarwisseling.TEMPLATE)
    assert page.zone_model.index(0, 0).data() == "Zorgcentrum De Vloot"
    window.undo_action.trigger()  # tasks and zones in one go
    assert page.task_model.rowCount() == 0 and page.zone_model.rowCount() == 0
    assert len(context.call(jaarwisseling.tasks, 2026)) == len(jaarwisseling.TEMPLATE)


@pytest.mark.engines  # a user's task from start to end, also on a server database
def test_a_task_is_added_finished_and_deleted_each_undoable(qtbot, window, page, monkeypatch, confirmed):
    def fill(dialog: TaskDialog) -> bool:
        qtbot.keyClicks(dialog.description, "<b>Containers</b> & prullenbakken weghalen")
        dialog.owner.setCurrentText("buitendienst")
        dialog.deadline.setDate(QDate(2027, 8, 1))
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", fill)
    assert page.add_task()
    task = page.task_model.index(0, 1)
    assert task.data() == "<b>Containers</b> & prullenbakken weghalen"
    assert task.data(Qt.ItemDataRole.ToolTipRole) == "<p>&lt;b&gt;Containers&lt;/b&gt; &amp; prullenbakken weghalen</p>"
    assert page.task_model.index(0, 3).data() == "open · te laat"
    assert page.task_model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None

    page.task_view.selectRow(0)
    assert page.finish_task()
    assert page.task_model.index(0, 3).data() == "gereed"
    assert page.subtitle.text() == "31 december 2027: nog 137 dagen · 0 voorbereidingstaken open"
    window.undo_action.trigger()
    assert page.task_model.index(0, 3).data() == "open · te laat"

    added = page.task_model.record(0)
    page.task_view.selectRow(0)
    assert page.delete_task()
    assert confirmed[0].startswith("De taak ‘<b>Containers</b> & prullenbakken weghalen’ verwijderen?")
    assert page.task_model.rowCount() == 0
    window.undo_action.trigger()
    assert unversioned((page.task_model.record(0),)) == unversioned((added,))  # back past its old version
    page.task_view.clearSelection()
    assert not page.delete_task()  # nothing selected


def test_a_zone_is_added_and_deleted_with_undo(qtbot, window, page, monkeypatch):
    def fill(dialog: ZoneDialog) -> bool:
        qtbot.keyClicks(dialog.name, "Basisscholen Sluispolder")
        qtbot.keyClicks(dialog.period, "heel december")
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", fill)
    assert page.add_zone()
    zone = page.zone_model.record(0)
    assert (zone.year, zone.name, zone.period) == (2027, "Basisscholen Sluispolder", "heel december")
    page.tabs.setCurrentIndex(1)
    page.zone_view.selectRow(0)
    assert page.delete_zone() and page.zone_model.rowCount() == 0
    window.undo_action.trigger()
    assert unversioned((page.zone_model.record(0),)) == unversioned((zone,))  # its values back, a new version


def test_item_models_follow_the_qt_contract(qtmodeltester, window, page):
    context = window.context
    context.execute(jaarwisseling.PlanFromTemplate(2027))
    context.execute(jaarwisseling.AddZone(2027, "Koningshoek", "rond het winkelcentrum", "de nacht"))
    at = datetime(2027, 12, 31, 23, 30, tzinfo=UTC)
    context.execute(jaarwisseling.LogIncident(2027, at, "brand", "Markt", 2, 1500))
    context.execute(jaarwisseling.AddTask(2027, "Containers bestellen", "gemeente", date(2027, 8, 1)))
    assert page.task_model.rowCount() == len(jaarwisseling.TEMPLATE) + 1
    assert page.zone_model.rowCount() == 1 and page.incident_model.rowCount() == 1
    assert page.incident_model.index(0, 4).data() == "€ 1.500"
    for model in (page.task_model, page.zone_model, page.incident_model):
        qtmodeltester.check(model)


def test_buttons_for_a_row_wait_for_one_to_be_chosen(qtbot, window, page):
    window.context.execute(jaarwisseling.PlanFromTemplate(2027))
    row = page.task_view.parentWidget()
    finish, delete = (
        next(b for b in row.findChildren(QPushButton) if b.text() == t) for t in ("Gereed", "Verwijderen")
    )
    assert not finish.isEnabled() and not delete.isEnabled()
    assert next(b for b in row.findChildren(QPushButton) if b.text() == "Taak toevoegen…").isEnabled()
    page.task_view.selectRow(2)
    assert finish.isEnabled() and delete.isEnabled()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)  # the page refills its table: no row is chosen any more
    assert not finish.isEnabled() and not delete.isEnabled()


def test_counts_read_in_dutch_singular_plural_and_whole_numbers(window, page):
    context = window.context
    at = datetime(2027, 12, 31, 23, 30, tzinfo=UTC)
    context.execute(jaarwisseling.LogIncident(2027, at, "brand", "Markt", 1200, 25_000))
    context.execute(jaarwisseling.LogIncident(2026, at.replace(year=2026), "brand", "Markt", 3, 0))
    assert page.incident_model.index(0, 3).data() == "1.200"
    assert "1.200" in page.comparison_label.text() and "€ 25.000" in page.comparison_label.text()
    context.execute(jaarwisseling.AddTask(2027, "Containers bestellen", "gemeente", date(2027, 12, 1)))
    window.context.clock = lambda: datetime(2027, 12, 30, 9, 0, tzinfo=UTC)
    page.refresh()
    assert page.subtitle.text() == "31 december 2027: nog 1 dag · 1 voorbereidingstaak open"
    assert page.chart.chart().localizeNumbers()  # the axis reads 1.200 in the Dutch locale
    axis = page.chart.chart().axes(Qt.Orientation.Vertical)[0]
    assert (axis.max(), axis.tickCount(), axis.labelFormat()) == (1200, 7, "%.0f")  # 0, 200, …, 1.200


@pytest.mark.parametrize(
    ("top", "axis"), [(0, (1, 1)), (3, (3, 3)), (7, (8, 4)), (75, (80, 4)), (452, (500, 5)), (4000, (4000, 4))]
)
def test_chart_axes_count_in_whole_steps(top, axis):
    assert whole_steps(top) == axis


def test_an_incident_outside_december_and_the_night_is_refused_under_its_field(qtbot, window, page, monkeypatch):
    seen: list[str] = []

    def fill(dialog: IncidentDialog) -> bool:
        dialog.at.setDateTime(datetime(2027, 7, 15, 20, 0, tzinfo=UTC))  # 22:00 Dutch summer time
        qtbot.keyClicks(dialog.location, "Markt")
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        seen.append(dialog.error_text("at"))
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", fill)
    assert not page.add_incident()
    assert seen == [
        "De log is van december en de jaarwisseling: kies een tijd van 01-12-2027 00:00 tot en met 01-01-2028 23:59."
    ]
    assert page.incident_model.rowCount() == 0


@pytest.mark.parametrize(
    ("now", "year", "proposed"),
    [
        # 4 December, 15:37 Dutch time: a report made in December is of its own moment (to the minute) ...
        (datetime(2027, 12, 4, 14, 37, 42, tzinfo=UTC), 2027, datetime(2027, 12, 4, 14, 37, tzinfo=UTC)),
        # ... and so is one made during the night, on 1 January (the page then shows the year before).
        (datetime(2028, 1, 1, 0, 20, tzinfo=UTC), 2027, datetime(2028, 1, 1, 0, 20, tzinfo=UTC)),
        # Outside the period (before December, or a past year's log) the night itself: 31-12 23:00 Dutch time.
        (AUGUST, 2027, datetime(2027, 12, 31, 22, 0, tzinfo=UTC)),
        (datetime(2027, 12, 4, 14, 37, tzinfo=UTC), 2026, datetime(2026, 12, 31, 22, 0, tzinfo=UTC)),
    ],
)
def test_a_new_report_proposes_now_during_december_and_the_night_and_else_the_night(
    qtbot, window, page, monkeypatch, now, year, proposed
):
    window.context.clock = lambda: now
    page.year.setValue(year)
    proposals: list[datetime] = []

    def fill(dialog: IncidentDialog) -> bool:
        proposals.append(dialog.at.moment())
        qtbot.keyClicks(dialog.location, "Markt")
        qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)
        return bool(dialog.result())

    monkeypatch.setattr(interaction, "run_dialog", fill)
    assert page.add_incident()
    assert proposals == [proposed]
    assert [page.incident_model.record(row).at for row in range(page.incident_model.rowCount())] == [proposed]
