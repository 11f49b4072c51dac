"""A walk through the whole app on the demo data at 1366×728: every page, every tab, and every dialog the pages'
buttons open. One walker, several checks on everything it shows:

- **names**: every input a screen reader lands on has an accessible name, or a label tied to it (setBuddy);
- **tab order**: pressing Tab over and over reaches every input that takes the Tab key;
- **clipping**: no label, button, tab or column header is cut short, no widget sticks out of its window or its
  parent, and no two widgets side by side overlap.

It also saves a PNG of every page, tab and dialog (into $CRISISAPP_SHOTS, or pytest's temporary folder) for a
person to look at. A dialog class under crisisapp/ui that the walk never opens fails the last test, unless it is
listed below with the reason why.
"""

import importlib
import inspect
import os
import pkgutil
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSlider,
    QStackedWidget,
    QTabBar,
    QTableView,
    QTabWidget,
    QTextEdit,
    QToolBar,
    QTreeView,
    QWidget,
)

import crisisapp.ui
from crisisapp.context import AppContext
from crisisapp.storage.database import open_database
from crisisapp.ui import interaction
from crisisapp.ui.application import use_dutch
from crisisapp.ui.areas import AREAS
from crisisapp.ui.forms import DateField
from crisisapp.ui.mainwindow import FRAME_ROOM, SCREEN_ROOM, MainWindow
from crisisapp.ui.widgets import ELIDED_PROPERTY, SCROLLS_SIDEWAYS_PROPERTY
from tests.clock import fixed_clock

pytestmark = pytest.mark.gui

#: The window the walk looks through: the 1366×768 screen less a 40 px taskbar.
WINDOW_SIZE = (1366, 728)
INPUTS = (
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QCheckBox,
    QRadioButton,
    QAbstractItemView,
    QSlider,
)
#: Dialogs that the walk accepts instead of cancelling, because the next dialog only comes after them.
ACCEPTED = {"PeriodDialog"}  # the piket proposal follows the period chosen
#: Dialog classes the walk cannot open from a button, each with the reason.
NOT_FROM_A_BUTTON: dict[str, str] = {
    "UnsentDialog": "opens only after an offline copy's sync with a server left records unsent "
    "(tests/test_gui_offline.py drives it through its check boxes and Niet meer sturen)",
}


@dataclass
class Findings:
    """What the walk of one area found, per check, and the dialog classes it opened."""

    problems: dict[str, list[str]] = field(default_factory=lambda: {"names": [], "tab order": [], "clipping": []})
    dialogs: set[str] = field(default_factory=set)
    views: list[str] = field(default_factory=list)


# -- what is checked -------------------------------------------------------------------------------------------


def describe(widget: QWidget) -> str:
    """A widget as a person finds it back: its class, object name, placeholder or text."""
    parts = [type(widget).__name__]
    if widget.objectName():
        parts.append(f"#{widget.objectName()}")
    text = ""
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        text = widget.placeholderText()
    if isinstance(widget, QAbstractButton | QLabel):
        text = widget.text()
    if isinstance(widget, QComboBox):
        text = widget.currentText()
    if text:
        parts.append(repr(text[:40]))
    if widget.accessibleName():
        parts.append(f"named {widget.accessibleName()!r}")
    return " ".join(parts)


def shown(root: QWidget) -> list[QWidget]:
    """The widgets of ``root`` that are on screen now, ``root`` first; not the inner parts of a spin box, a
    combo box or a view (its editor, line edit, scroll bars)."""
    found = []

    def visit(widget: QWidget) -> None:
        found.append(widget)
        if isinstance(widget, QAbstractSpinBox | QComboBox | QAbstractItemView | QLineEdit | QPlainTextEdit):
            return
        if isinstance(widget, QTextEdit):
            return
        for child in widget.children():
            if isinstance(child, QWidget) and child.isVisible() and not child.isWindow():
                visit(child)

    visit(root)
    return found


def inputs(root: QWidget) -> list[QWidget]:
    return [widget for widget in shown(root) if isinstance(widget, INPUTS)]


def check_names(root: QWidget) -> list[str]:
    """Every input has an accessible name, a label tied to it, or (a check box) its own text."""
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy() is not None}
    problems = []
    for widget in inputs(root):
        if widget.accessibleName().strip() or id(widget) in buddies:
            continue
        if isinstance(widget, QCheckBox | QRadioButton) and widget.text().strip():
            continue
        problems.append(f"{describe(widget)} has no accessible name and no label tied to it")
    return problems


def takes_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isEnabled()


def check_tab_order(root: QWidget) -> list[str]:
    """Tab, pressed over and over from the first input, comes past every input that takes the Tab key."""
    wanted = [widget for widget in inputs(root) if takes_tab(widget)]
    if not wanted:
        return []
    window = root.window()
    window.activateWindow()
    wanted[0].setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    reached: list[QWidget] = []
    for _ in range(3 * len(shown(root)) + 10):
        focus = QApplication.focusWidget()
        if focus is None:
            break
        owner = next((w for w in wanted if w is focus or w.isAncestorOf(focus)), None)
        if owner is not None and all(owner is not r for r in reached):
            reached.append(owner)
        if len(reached) == len(wanted):
            break
        QTest.keyClick(focus, Qt.Key.Key_Tab)
    return [
        f"{describe(widget)} is not reached with Tab (focus stuck in {describe(QApplication.focusWidget())})"
        if QApplication.focusWidget() is not None
        else f"{describe(widget)} is not reached with Tab"
        for widget in wanted
        if all(widget is not r for r in reached)
    ]


def _in_scroll_content(widget: QWidget, root: QWidget) -> bool:
    """Whether ``widget`` lies on a scroll area's contents, which may reach beyond what is on screen."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and parent is grand.viewport():
            return True
        parent = grand
    return False


#: Parents whose children Qt places itself, partly on top of each other by design.
_QT_COMPOSITES = (QAbstractSpinBox, QComboBox, QLineEdit, QAbstractScrollArea, QTabBar, QTabWidget, QToolBar)


def check_clipping(root: QWidget) -> list[str]:
    problems = []
    widgets = shown(root)
    if root.isWindow() and not isinstance(root, MainWindow):  # the main window is walked at 1366×728
        room = QSize(*SCREEN_ROOM) - QSize(*FRAME_ROOM)
        if root.width() > room.width() or root.height() > room.height():
            problems.append(f"the window is {root.width()}×{root.height()}, a laptop screen has room for {room}")
        if root.width() < root.minimumSizeHint().width() or root.height() < root.minimumSizeHint().height():
            problems.append(f"the window is smaller than its layout's minimum {root.minimumSizeHint()}")
    for widget in widgets:
        size = widget.size()
        if isinstance(widget, QLabel) and widget.text().strip() and widget.pixmap().isNull():
            if widget.property(ELIDED_PROPERTY) and widget.toolTip():
                continue
            hint = widget.sizeHint()
            if widget.wordWrap():
                needed = widget.heightForWidth(size.width())
                if needed > size.height() + 1:
                    problems.append(f"{describe(widget)} is {size.height()} px high, its text needs {needed}")
            elif size.width() < hint.width() or size.height() < widget.minimumSizeHint().height():
                problems.append(
                    f"{describe(widget)} is {size.width()}×{size.height()}, its text needs "
                    f"{hint.width()}×{widget.minimumSizeHint().height()}"
                )
        elif isinstance(widget, QAbstractButton) and widget.text().strip() and not isinstance(widget.parent(), QTabBar):
            hint = widget.minimumSizeHint().expandedTo(widget.sizeHint())
            if size.width() < hint.width() or size.height() < widget.minimumSizeHint().height():
                needs = f"{hint.width()}×{hint.height()}"
                problems.append(f"{describe(widget)} is {size.width()}×{size.height()}, its text needs {needs}")
        elif isinstance(widget, QLineEdit) and not isinstance(widget, DateField) and root.isWindow():
            # a name the form opens with shows whole (up to a sentence), not its tail behind a scrolled cursor
            text = widget.text() or widget.placeholderText()
            metrics = widget.fontMetrics()
            if len(text) <= 60 and metrics.horizontalAdvance(text) > widget.width() - metrics.averageCharWidth():
                problems.append(f"{describe(widget)} is {widget.width()} px wide for its text {text!r}")
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                if widget.tabRect(index).width() < widget.tabSizeHint(index).width() - 1:
                    problems.append(f"tab {widget.tabText(index)!r} is cut short")
        elif isinstance(widget, QScrollArea) and widget.widget() is not None:
            inner, room = widget.widget().minimumSizeHint().width(), widget.viewport().width()
            if inner > room and not widget.horizontalScrollBar().isVisible():
                problems.append(f"{describe(widget)} cuts off its contents: {inner} px wide in {room} px")
        elif isinstance(widget, QAbstractItemView):
            if widget.horizontalScrollBar().isVisible() and not widget.property(SCROLLS_SIDEWAYS_PROPERTY):
                problems.append(f"{describe(widget)} is too narrow for its columns: it scrolls sideways")
            for header in (getattr(widget, "horizontalHeader", lambda: None)(),):
                if isinstance(header, QHeaderView) and header.isVisible():
                    problems.extend(_header_problems(widget, header))
        if widget is not root and not _in_scroll_content(widget, root):
            outer = QRect(widget.mapTo(root, widget.rect().topLeft()), size)
            if not root.rect().contains(outer):
                problems.append(f"{describe(widget)} at {outer.getRect()} sticks out of the window {root.size()}")
            parent = widget.parentWidget()
            if parent is not None and parent is not root and not parent.rect().contains(widget.geometry()):
                problems.append(f"{describe(widget)} sticks out of its parent {describe(parent)}")
    problems.extend(_overlaps(widgets, root))
    return problems


def _header_problems(view: QAbstractItemView, header: QHeaderView) -> list[str]:
    model = view.model()
    problems = []
    last = max((header.logicalIndex(v) for v in range(header.count()) if not header.isSectionHidden(v)), default=-1)
    for column in range(header.count()):
        if header.isSectionHidden(column):
            continue
        text = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        needed = header.sectionSizeHint(column)
        width = header.sectionSize(column)
        if column == last and header.stretchLastSection():
            width = max(width, header.viewport().width() - header.sectionViewportPosition(column))
        if text and width < needed:
            problems.append(f"column {text!r} of {describe(view)} is {width} px wide, its header needs {needed}")
    return problems


def _overlaps(widgets: list[QWidget], root: QWidget) -> list[str]:
    problems = []
    by_parent: dict[int, list[QWidget]] = {}
    for widget in widgets:
        parent = widget.parentWidget()
        if widget is root or parent is None or isinstance(parent, (*_QT_COMPOSITES, QStackedWidget, QMainWindow)):
            continue
        by_parent.setdefault(id(parent), []).append(widget)
    for siblings in by_parent.values():
        for number, one in enumerate(siblings):
            for other in siblings[number + 1 :]:
                shared = one.geometry().intersected(other.geometry())
                if shared.width() > 1 and shared.height() > 1:
                    problems.append(f"{describe(one)} and {describe(other)} overlap")
    return problems


CHECKS: dict[str, Callable[[QWidget], list[str]]] = {
    "names": check_names,
    "tab order": check_tab_order,
    "clipping": check_clipping,
}


# -- the walk --------------------------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


class Walker:
    """Goes through one area's page: each tab, and each dialog its buttons open; runs the checks on each."""

    def __init__(self, window: MainWindow, qtbot, shots: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.window, self.qtbot, self.shots = window, qtbot, shots
        self.findings = Findings()
        self.clicked: list[QAbstractButton] = []
        self.where = ""
        monkeypatch.setattr(interaction, "run_dialog", self._dialog)
        for name in ("information", "warning", "critical", "about"):
            monkeypatch.setattr(interaction, name, lambda *args: None)
        for name in ("question", "confirm", "print_setup"):
            monkeypatch.setattr(interaction, name, lambda *args: False)
        for name in ("existing_folder", "open_filename", "save_filename"):
            monkeypatch.setattr(interaction, name, lambda *args: None)
        monkeypatch.setattr(interaction, "choose_item", lambda parent, title, label, items, current: current)

    def look(self, root: QWidget, name: str) -> None:
        """Run every check on ``root`` and keep a picture of it."""
        QApplication.processEvents()
        self.findings.views.append(name)
        root.grab().save(str(self.shots / f"{len(self.findings.views):02d}-{_slug(name)}.png"))
        for check, run in CHECKS.items():
            self.findings.problems[check].extend(f"{name}: {problem}" for problem in run(root))

    def _dialog(self, dialog: QDialog) -> bool:
        self._show_dialog(dialog)
        return type(dialog).__name__ in ACCEPTED

    def _show_dialog(self, dialog: QDialog) -> None:
        kind = type(dialog).__name__
        self.findings.dialogs.add(kind)
        dialog.show()
        self.qtbot.waitExposed(dialog)
        dialog.activateWindow()
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
        self.look(dialog, f"{self.where} › {kind} ({dialog.windowTitle()})")
        dialog.hide()

    def walk(self, number: int) -> Findings:
        area = self.window.areas[number]
        self.window.nav.setCurrentRow(number)
        page = self.window.page(area.key)
        for tabs_state, name in self._tab_states(page, area.title):
            tabs_state()
            self.where = name
            self.look(self.window, name)
            self._press_buttons(page, tabs_state)
        if self.window.print_action.isEnabled():  # Ctrl+P: the print preview of the page
            self.where = area.title
            self._trigger(self.window.print_action.trigger)
        if number == 0:  # the Bestand menu's own form, once
            self.where = "Bestand"
            self._trigger(self.window.connect_action.trigger)
        return self.findings

    def _tab_states(self, page: QWidget, title: str) -> Iterator[tuple[Callable[[], None], str]]:
        """Ways to show each tab of the page (a tab inside a tab included), with its name."""
        tab_widgets = page.findChildren(QTabWidget)
        if not tab_widgets:
            yield (lambda: None), title
        for tabs in tab_widgets:
            for index in range(tabs.count()):

                def show(tabs: QTabWidget = tabs, index: int = index) -> None:
                    widget: QWidget | None = tabs
                    chain = []
                    while widget is not None and widget is not page:
                        parent = widget.parentWidget()
                        if isinstance(parent, QStackedWidget) and isinstance(parent.parentWidget(), QTabWidget):
                            chain.append((parent.parentWidget(), parent.indexOf(widget)))
                        widget = parent
                    for outer, position in reversed(chain):
                        outer.setCurrentIndex(position)
                    tabs.setCurrentIndex(index)

                yield show, f"{title} › {tabs.tabText(index).replace('&', '')}"

    def _select_first_rows(self, page: QWidget) -> None:
        for view in page.findChildren(QAbstractItemView):
            model = view.model()
            if not view.isVisible() or model is None or model.rowCount() == 0:
                continue
            selection = view.selectionModel()
            if selection is not None and selection.hasSelection():
                continue
            if isinstance(view, QTableView):
                # the piket rota's last week is still to come: Ruilen only swaps shifts that have not begun
                view.selectRow(model.rowCount() - 1 if view.accessibleName() == "Rooster" else 0)
            elif isinstance(view, QListWidget | QTreeView):
                view.setCurrentIndex(model.index(0, 0))

    def _press_buttons(self, page: QWidget, tabs_state: Callable[[], None]) -> None:
        row = self.window.nav.currentRow()
        while True:
            self._select_first_rows(page)
            button = next(
                (
                    b
                    for b in page.findChildren(QPushButton)
                    if b.isVisible() and b.isEnabled() and all(b is not c for c in self.clicked)
                ),
                None,
            )
            if button is None:
                return
            self.clicked.append(button)
            self._trigger(button.click)
            if self.window.nav.currentRow() != row:  # the button went to another page: come back
                self.window.nav.setCurrentRow(row)
            tabs_state()

    def _trigger(self, action: Callable[[], object]) -> None:
        """Do ``action``; a dialog it opens through interaction.run_dialog is looked at and cancelled there, one
        it opens itself (the print preview) here."""
        before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
        action()
        QApplication.processEvents()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and id(widget) not in before:
                self._show_dialog(widget)
                widget.close()
        self.window.activateWindow()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("CRISISAPP_SHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("shots")
    path.mkdir(parents=True, exist_ok=True)
    return path


#: The findings per area, walked once for all the checks.
WALKED: dict[str, Findings] = {}


def walked(number: int, qtbot, db_path: Path, demo_file: Path, shots: Path) -> Findings:
    key = AREAS[number].key
    if key not in WALKED:
        shutil.copyfile(demo_file, db_path)
        use_dutch(QApplication.instance())
        window = MainWindow(AppContext(open_database(db_path), clock=fixed_clock))
        qtbot.addWidget(window)
        window.resize(*WINDOW_SIZE)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        with pytest.MonkeyPatch.context() as monkeypatch:
            try:
                folder = shots / key
                folder.mkdir(exist_ok=True)
                WALKED[key] = Walker(window, qtbot, folder, monkeypatch).walk(number)
            finally:
                window.context.close()
    return WALKED[key]


AREA_NUMBERS = pytest.mark.parametrize("number", range(len(AREAS)), ids=[area.key for area in AREAS])


@AREA_NUMBERS
@pytest.mark.parametrize("check", list(CHECKS))
def test_every_page_tab_and_dialog_passes(check, number, qtbot, db_path, demo_file, shots):
    findings = walked(number, qtbot, db_path, demo_file, shots)
    problems = findings.problems[check]
    assert not problems, f"{len(problems)} {check} problem(s):\n" + "\n".join(problems)


def dialog_classes() -> set[str]:
    """Every QDialog subclass defined under crisisapp/ui that a user meets: the bases of others (the form, the
    shared part of two forms) are opened through them."""
    found = set()
    for module_info in pkgutil.walk_packages(crisisapp.ui.__path__, "crisisapp.ui."):
        module = importlib.import_module(module_info.name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, QDialog) and value.__module__ == module.__name__:
                found.add(value)
    bases = {base for kind in found for base in kind.__mro__[1:]}
    return {kind.__name__ for kind in found - bases}


def test_the_walk_opens_every_dialog_of_the_app(qtbot, db_path, demo_file, shots):
    seen: set[str] = set()
    for number in range(len(AREAS)):
        seen |= walked(number, qtbot, db_path, demo_file, shots).dialogs
    missing = dialog_classes() - seen - NOT_FROM_A_BUTTON.keys()
    assert not missing, f"the walk never opened {sorted(missing)}: select what they need, or list them with a reason"
