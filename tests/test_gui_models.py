"""Qt's item-model contract (QAbstractItemModelTester, through pytest-qt's ``qtmodeltester``) on every item
model of the main window and of the Vandaag, Programma, Logboek and Hulpdiensten pages, with the demo data
loaded; the models stay watched while the user searches, filters and changes data.

The other areas check their own models in their tests; the list at the bottom names every item-model class
under crisisapp/ui and the test file that checks it, so that a new model cannot go unchecked unseen.
"""

import ast
import importlib
import pkgutil
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NamedTuple

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractProxyModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QWidget

import crisisapp.ui
from crisisapp.context import AppContext
from crisisapp.services.hulpdiensten import AddMeeting
from crisisapp.storage.database import open_database
from crisisapp.ui.application import use_dutch
from crisisapp.ui.mainwindow import MainWindow
from crisisapp.ui.widgets import RecordTableModel

pytestmark = pytest.mark.gui

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
UI = Path(crisisapp.ui.__file__).parent


@pytest.fixture
def window(qtbot, db_path, demo_file) -> Iterator[MainWindow]:
    shutil.copyfile(demo_file, db_path)
    use_dutch(QApplication.instance())
    context = AppContext(open_database(db_path), clock=lambda: NOW)
    win = MainWindow(context)
    qtbot.addWidget(win)
    with qtbot.waitActive(win):
        win.show()
    yield win
    context.close()


def item_models(widget: QWidget) -> list[QAbstractItemModel]:
    """Every model a view or combo box on ``widget`` shows, and the source models behind proxies."""
    found: list[QAbstractItemModel] = []

    def add(model: QAbstractItemModel | None) -> None:
        while model is not None and all(model is not known for known in found):
            found.append(model)
            model = model.sourceModel() if isinstance(model, QAbstractProxyModel) else None

    for child in [widget, *widget.findChildren(QWidget)]:
        if isinstance(child, QAbstractItemView | QComboBox):
            add(child.model())
    return found


def class_names(models: list[QAbstractItemModel]) -> set[str]:
    return {type(model).__name__ for model in models}


ROLE_TYPES = {
    Qt.ItemDataRole.DisplayRole: (str,),
    Qt.ItemDataRole.ToolTipRole: (str,),
    Qt.ItemDataRole.BackgroundRole: (QBrush, QColor),
    Qt.ItemDataRole.ForegroundRole: (QBrush, QColor),
    Qt.ItemDataRole.TextAlignmentRole: (int, Qt.AlignmentFlag),
    Qt.ItemDataRole.CheckStateRole: (Qt.CheckState,),
    Qt.ItemDataRole.FontRole: (QFont,),
}


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # PySide6 makes it private in Qt's own list models; the base class still answers
        return QAbstractItemModel.columnCount(model, parent)


def sweep(model: QAbstractItemModel, parent: QModelIndex | None = None, limit: int = 400) -> int:
    """Every cell (the first ``limit`` rows of each level) in every common role, and every header: the Qt
    tester only looks at the first cell. Returns the number of cells seen."""
    parent = parent or QModelIndex()
    seen = 0
    for row in range(min(model.rowCount(parent), limit)):
        for column in range(_columns(model, parent)):
            index = model.index(row, column, parent)
            assert index.isValid() and index.parent() == parent
            for role, types in ROLE_TYPES.items():
                value = model.data(index, role)
                assert value is None or isinstance(value, types), (type(model).__name__, row, column, role, value)
            seen += 1 + sweep(model, index, limit)
    if not parent.isValid():
        columns = _columns(model, parent)
        for orientation, count in ((Qt.Orientation.Horizontal, columns), (Qt.Orientation.Vertical, 0)):
            for section in (-1, *range(count), count):
                value = model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
                assert value is None or isinstance(value, str | int), (type(model).__name__, section, value)
    return seen


class Watch:
    """Checks each model now (``qtmodeltester``) and keeps a tester on it that checks every change after."""

    def __init__(self, qtmodeltester) -> None:
        self._qtmodeltester = qtmodeltester
        self._testers: list[QAbstractItemModelTester] = []

    def __call__(self, models: list[QAbstractItemModel]) -> list[QAbstractItemModel]:
        for model in models:
            sweep(model)
            self._qtmodeltester.check(model)
            mode = QAbstractItemModelTester.FailureReportingMode.Warning  # a Qt warning fails the test
            self._testers.append(QAbstractItemModelTester(model, mode))
        return models


@pytest.fixture
def watch(qtmodeltester) -> Watch:
    return Watch(qtmodeltester)


def test_main_window_navigation(window, watch):
    models = watch(item_models(window.nav))
    assert window.nav.model() in models and models[0].rowCount() == len(window.areas)


def test_every_page_fits_the_window_with_the_demo_data(window):
    """Long names and texts are cut off or wrapped, never widen the window past a laptop screen."""
    size = window.size()
    for number, area in enumerate(window.areas):
        window.nav.setCurrentRow(number)
        assert window.size() == size, area.key


def test_vandaag(window, watch):
    page = window.show_area("vandaag")
    models = watch(item_models(page))
    assert len(models) == len(page.lists) == 7
    assert sum(model.rowCount() for model in models) > len(models)  # demo lines, not only "nothing"
    assert page.steps_box.isHidden()  # the demo is past its first start: its open functions are gaps
    window.context.execute(AddMeeting(date(2026, 11, 20), "Instructie AED en reanimatie", 14))  # refreshes, watched
    assert len(item_models(page)) == 7


def test_programme(qtbot, window, watch):
    page = window.show_area("programme")
    models = watch(item_models(page))
    assert {"QStandardItemModel", "ProgrammeFilter", "ActionsTableModel"} <= class_names(models)
    assert page.actions_model.rowCount() > 0
    page.select_priority(6)
    assert page.actions_model.columnCount() == 5  # the progress column of priority 6
    qtbot.keyClicks(page.search, "gemeente")
    assert 0 < page.tree_filter.rowCount() < page.tree_model.rowCount()
    page.select_priority(2)
    page.search.clear()
    page.select_priority(6, 1)
    page.table.selectRow(0)
    page.note_edit.setPlainText("Door de modeltester")
    assert page.save_progress()
    window.undo_action.trigger()


def test_logboek(qtbot, window, watch):
    page = window.show_area("logboek")
    models = watch(item_models(page))
    assert "AuditTableModel" in class_names(models) and page.model.total() > 100
    qtbot.keyClicks(page.text_filter, "OvD")
    page.text_filter.clear()
    page.table_filter.setCurrentIndex(page.table_filter.count() - 1)
    page.user_filter.setCurrentIndex(page.user_filter.count() - 1)
    window.context.execute(AddMeeting(date(2026, 11, 20), "Instructie AED en reanimatie", 14))
    page.since_edit.setDate(page.until_edit.date().addDays(1))
    assert page.model.rowCount() == 0


def test_hulpdiensten(window, watch):
    page = window.show_area("hulpdiensten")
    models = watch(item_models(page))
    assert {"ObstacleModel", "CountModel", "MeetingModel", "RecruitmentModel"} <= class_names(models)
    assert all(model.rowCount() > 0 for model in (page.obstacle_model, page.count_model, page.meeting_model))
    window.context.execute(AddMeeting(date(2026, 11, 20), "Instructie AED en reanimatie", 14))
    assert page.meeting_model.index(0, 1).data() == "Instructie AED en reanimatie"


# --- A long table handed to its view a batch at a time. ---


class Numbered(NamedTuple):
    id: int
    name: str


class BatchModel(RecordTableModel):
    HEADERS = ("Nr.", "Naam")
    BATCH = 4

    def cell(self, record: Numbered, column: int, role: int) -> object:
        return (str(record.id), record.name)[column] if role == Qt.ItemDataRole.DisplayRole else None


def test_a_long_table_hands_its_rows_over_a_batch_at_a_time_and_keeps_its_contract(qtbot, qtmodeltester):
    """RecordTableModel with a BATCH (the people, the checklist, the Logboek): the view gets the rows as it
    scrolls, yet sorting keeps the selection, selecting a record far down hands it over, and the filter finds
    records not yet handed over."""
    from crisisapp.ui.widgets import RecordFilter, record_table, select_record, selected_record

    model = BatchModel()
    model.set_rows([Numbered(n, f"persoon {n:02d}") for n in range(10)])
    assert (model.rowCount(), model.total(), model.canFetchMore(QModelIndex())) == (4, 10, True)
    qtmodeltester.check(model)  # fetches the rest, as a view scrolled to the end would
    assert model.rowCount() == 10 and not model.canFetchMore(QModelIndex())
    model.set_rows([Numbered(n, f"persoon {n:02d}") for n in range(12)])  # as many rows stay handed over
    assert model.rowCount() == 10

    model.set_rows([])
    proxy = RecordFilter(None, model)
    view = record_table(None, proxy, "Personen")
    qtbot.addWidget(view)
    qtmodeltester.check(proxy, force_py=True)
    people = [Numbered(n, f"persoon {n:02d}") for n in range(10)]
    model.set_rows(people)
    assert model.rowCount() == 4
    view.selectRow(0)
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # the one selected goes to the end, and stays selected
    assert selected_record(view) == people[0] and model.rowCount() == 10
    model.set_rows([])
    model.set_rows(people)
    assert model.rowCount() == 4
    assert select_record(view, 1) and selected_record(view) == people[1]
    assert model.rowCount() == 9  # handed over up to the record selected
    proxy.set_text("persoon 00")  # the last in this order, never handed over
    assert proxy.rowCount() == 1 and proxy.index(0, 1).data() == "persoon 00"


# --- Every item model of the app, and where it is checked. ---

HERE = "tests/test_gui_models.py"
BASE = "a base class, checked through its subclasses"
#: "file:class" of every QAbstractItemModel subclass under crisisapp/ui, and "file:QtClass" of every Qt
#: model the app builds itself, with the test that runs qtmodeltester on it. (The models inside Qt's own
#: QListWidget and QComboBox are checked here for the main window and the four pages above.)
ITEM_MODELS: dict[str, str] = {
    "crisisapp/ui/widgets.py:RecordTableModel": BASE,
    "crisisapp/ui/widgets.py:TextTableModel": BASE,
    "crisisapp/ui/programme/models.py:QStandardItemModel": f"{HERE}, tests/test_gui_programme.py",
    "crisisapp/ui/programme/models.py:ProgrammeFilter": f"{HERE}, tests/test_gui_programme.py",
    "crisisapp/ui/programme/models.py:ActionsTableModel": f"{HERE}, tests/test_gui_programme.py",
    "crisisapp/ui/logboek/page.py:AuditTableModel": f"{HERE}, tests/test_gui_safety.py",
    "crisisapp/ui/hulpdiensten/page.py:ObstacleModel": HERE,
    "crisisapp/ui/hulpdiensten/page.py:CountModel": HERE,
    "crisisapp/ui/hulpdiensten/page.py:MeetingModel": HERE,
    "crisisapp/ui/hulpdiensten/page.py:RecruitmentModel": HERE,
    "crisisapp/ui/organisation/models.py:PeopleModel": "tests/test_gui_organisation.py",
    "crisisapp/ui/widgets.py:RecordFilter": "tests/test_gui_organisation.py",
    "crisisapp/ui/organisation/models.py:StaffingModel": "tests/test_gui_organisation.py",
    "crisisapp/ui/organisation/models.py:HoldersModel": "tests/test_gui_organisation.py",
    "crisisapp/ui/organisation/models.py:ReadinessMatrixModel": "tests/test_gui_organisation.py",
    "crisisapp/ui/organisation/models.py:AlarmModel": "tests/test_gui_organisation.py",
    "crisisapp/ui/piket/models.py:ScheduleModel": "tests/test_gui_piket.py",
    "crisisapp/ui/piket/models.py:WarningModel": "tests/test_gui_piket.py",
    "crisisapp/ui/piket/models.py:DivisionModel": "tests/test_gui_piket.py",
    "crisisapp/ui/piket/models.py:LeaveModel": "tests/test_gui_piket.py",
    "crisisapp/ui/oto/models.py:ActivityModel": "tests/test_gui_oto.py",
    "crisisapp/ui/oto/models.py:ParticipantModel": "tests/test_gui_oto.py",
    "crisisapp/ui/oto/models.py:FiguresModel": "tests/test_gui_oto.py",
    "crisisapp/ui/oto/models.py:FindingModel": "tests/test_gui_oto.py",
    "crisisapp/ui/oto/models.py:NormModel": "tests/test_gui_oto.py",
    "crisisapp/ui/oto/models.py:DrillModel": "tests/test_gui_oto.py",
    "crisisapp/ui/events/models.py:EventModel": "tests/test_gui_events.py",
    "crisisapp/ui/events/models.py:PointModel": "tests/test_gui_events.py",
    "crisisapp/ui/events/models.py:ItemModel": "tests/test_gui_events.py",
    "crisisapp/ui/events/models.py:TemplateLineModel": "tests/test_gui_events.py",
    "crisisapp/ui/jaarwisseling/models.py:TaskModel": "tests/test_gui_jaarwisseling.py",
    "crisisapp/ui/jaarwisseling/models.py:ZoneModel": "tests/test_gui_jaarwisseling.py",
    "crisisapp/ui/jaarwisseling/models.py:IncidentModel": "tests/test_gui_jaarwisseling.py",
    **{
        f"crisisapp/ui/incident/models.py:{name}": "tests/test_gui_incident.py"
        for name in (
            "ActionModel",
            "BoardModel",
            "DecisionModel",
            "LogModel",
            "MeetingModel",
            "RegisterModel",
            "TimesModel",
        )
    },
}


def _ui_modules() -> Iterator[str]:
    for info in pkgutil.walk_packages(crisisapp.ui.__path__, "crisisapp.ui."):
        yield info.name


def defined_models() -> set[str]:
    """The item-model classes crisisapp/ui defines, found by importing every module under it."""
    for name in _ui_modules():
        importlib.import_module(name)
    found: set[str] = set()
    pending = [QAbstractItemModel]
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if cls.__module__.startswith("crisisapp.ui."):
            path = Path(importlib.import_module(cls.__module__).__file__ or "").relative_to(UI.parent.parent)
            found.add(f"{path.as_posix()}:{cls.__name__}")
    return found


QT_MODELS = {"QStandardItemModel", "QSortFilterProxyModel", "QStringListModel", "QFileSystemModel"}


def built_qt_models() -> set[str]:
    """Qt's own model classes that crisisapp/ui instantiates (``QStandardItemModel()`` and the like)."""
    found: set[str] = set()
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in QT_MODELS:
                found.add(f"{path.relative_to(UI.parent.parent).as_posix()}:{node.func.id}")
    return found


def test_every_item_model_of_the_app_is_listed_with_its_check():
    """A new model fails here until it is listed with the test that runs qtmodeltester on it."""
    found = sorted(defined_models() | built_qt_models())
    assert sorted(ITEM_MODELS) == found
    root = UI.parent.parent
    for checkers in set(ITEM_MODELS.values()) - {BASE}:
        for checker in checkers.split(", "):
            assert "qtmodeltester" in (root / checker).read_text("utf-8"), checker


#: English words a tester found in the Dutch tables, and their like.
ENGLISH = {"deadline", "awareness", "owner", "due", "status update", "name", "date", "time", "count"}


def test_table_headers_and_activity_kinds_are_dutch():
    from crisisapp.models.oto import KIND_LABELS, ActivityKind
    from crisisapp.ui.widgets import RecordTableModel

    for info in pkgutil.walk_packages([str(UI)], "crisisapp.ui."):
        importlib.import_module(info.name)
    models: list[type[RecordTableModel]] = []
    pending = list(RecordTableModel.__subclasses__())
    while pending:
        model = pending.pop()
        models.append(model)
        pending.extend(model.__subclasses__())
    headers = {header.casefold() for model in models for header in model.HEADERS}
    assert "uiterlijk op" in headers and not headers & ENGLISH
    assert not {label.casefold() for label in KIND_LABELS.values()} & ENGLISH
    assert KIND_LABELS[ActivityKind.AWARENESS] == "bewustwording" and ActivityKind.AWARENESS.value == "awareness"
