"""Small building blocks that every page uses the same way."""

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QResizeEvent
from PySide6.QtGui import Qt as QtText
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crisisapp.services.commands import Command
from crisisapp.ui import interaction

#: The index types Qt passes to item-model methods.
AnyIndex = QModelIndex | QPersistentModelIndex
W = TypeVar("W", bound=QWidget)
DISPLAY = Qt.ItemDataRole.DisplayRole
#: The frozen record behind a row, for views that need more than the cells.
RECORD_ROLE = Qt.ItemDataRole.UserRole + 10
#: The dynamic property that marks a label shortened with "…" on purpose, its whole text in the tooltip.
ELIDED_PROPERTY = "elided"
#: The dynamic property that marks a table wider than any screen on purpose (a column per person): it scrolls.
SCROLLS_SIDEWAYS_PROPERTY = "scrollsSideways"


def spoken(label: str) -> str:
    """A label as a screen reader should say it: without its colon and shortcut marker."""
    return label.replace("&", "").strip().rstrip(":").strip()


def named(widget: W, name: str) -> W:
    """``widget`` with the accessible name a screen reader says for it (an input without a visible label: a
    search box, a table, a filter); the widget itself, to build with."""
    widget.setAccessibleName(spoken(name))
    return widget


def labelled(parent: QWidget, text: str, widget: QWidget) -> QLabel:
    """The visible label of ``widget``, tied to it: its shortcut letter moves the focus there, and a screen reader
    says the label as the widget's name."""
    label = QLabel(text, parent)
    label.setBuddy(widget)
    named(widget, text)
    return label


def page_header(page: QWidget, title: str, subtitle: str) -> tuple[QVBoxLayout, QLabel]:
    """The bold title of a page with a grey line under it; the line's label, for pages that update it."""
    title_label = QLabel(title, page)
    title_label.setObjectName("pageTitle")
    subtitle_label = QLabel(subtitle, page)
    subtitle_label.setObjectName("pageSubtitle")
    subtitle_label.setWordWrap(True)  # a long line must never widen the window past a laptop screen
    layout = QVBoxLayout()
    layout.addWidget(title_label)
    layout.addWidget(subtitle_label)
    return layout, subtitle_label


def record_table(parent: QWidget, model: QAbstractItemModel, name: str) -> QTableView:
    """A read-only table of records called ``name`` (for screen readers): whole rows selected, one at a time,
    alternating colours; the arrow keys move through the rows and Tab leaves the table."""
    view = named(QTableView(parent), name)
    view.setTabKeyNavigation(False)
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    return view


def two_lines(view: QTableView) -> None:
    """Give every row of ``view`` the height of two lines of wrapped text; a longer text ends in "…" and shows
    whole on hover. Rows of one height cost the same for 30 rows or 3,000: none is measured."""
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    rows = view.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(2 * view.fontMetrics().lineSpacing() + 10)


def widen_to_headers(view: QTableView) -> None:
    """Make each column of ``view`` at least as wide as its header's text: a title is never cut short."""
    header = view.horizontalHeader()
    for column in range(header.count()):
        view.setColumnWidth(column, max(view.columnWidth(column), header.sectionSizeHint(column)))


def show_all_columns(view: QTableView, limit: int) -> None:
    """Keep ``view`` wide enough for all its columns as they are now, up to ``limit`` pixels: it does not scroll
    sideways, nor cut off the last column."""
    columns = sum(view.columnWidth(column) for column in range(view.horizontalHeader().count()))
    chrome = view.verticalScrollBar().sizeHint().width() + 2 * view.frameWidth()
    if view.verticalHeader().isVisible():
        chrome += view.verticalHeader().sizeHint().width()
    view.setMinimumWidth(min(columns + chrome, limit))


Buttons = Sequence[tuple[str, Callable[[], object]]]


def _add_buttons(row: QHBoxLayout, parent: QWidget, buttons: Buttons) -> list[QPushButton]:
    made = []
    for text, slot in buttons:
        button = QPushButton(text, parent)
        button.clicked.connect(slot)
        row.addWidget(button)
        made.append(button)
    return made


def button_row(parent: QWidget, buttons: Buttons) -> QHBoxLayout:
    """A row of push buttons, left-aligned, each calling its slot."""
    row = QHBoxLayout()
    _add_buttons(row, parent, buttons)
    row.addStretch(1)
    return row


def enable_with_selection(view: QAbstractItemView, widgets: Sequence[QWidget]) -> None:
    """Keep ``widgets`` (buttons that act on the selected row) enabled only while ``view`` has a row
    selected, so that a click never does nothing; also after the model is refilled, which clears it."""
    model, selection = view.model(), view.selectionModel()

    def update(*_args: object) -> None:
        chosen = selection.hasSelection()
        for widget in widgets:
            widget.setEnabled(chosen)

    selection.selectionChanged.connect(update)
    for signal in (model.modelReset, model.rowsRemoved, model.layoutChanged):
        signal.connect(update)
    update()


#: Buttons that change something: each one's text, its slot and the kind of command the slot runs.
EditButtons = Sequence[tuple[str, Callable[[], object], type[Command[Any]]]]


def table_tab(
    tabs: QTabWidget,
    title: str,
    model: QAbstractItemModel,
    buttons: EditButtons,
    widths: Sequence[int],
    on_selected: EditButtons = (),
    *,
    guard: Callable[[QWidget, type[Command[Any]]], None],
    opens_first: bool = False,
) -> QTableView:
    """A tab with a table of records over a row of buttons; the table, for selecting rows. The buttons of
    ``on_selected`` come after the others and act on the selected row: they are enabled only while there
    is one. ``guard`` (:meth:`Page.guard`) keeps each button disabled while the user may not run its command.
    ``opens_first``: a double-click on a row does what the first of ``on_selected`` does (nothing when it is
    disabled)."""
    tab = QWidget(tabs)
    view = record_table(tab, model, title)
    view.setWordWrap(False)
    view.horizontalHeader().setStretchLastSection(True)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    widen_to_headers(view)
    row = QHBoxLayout()
    made = _add_buttons(row, tab, [(text, slot) for text, slot, _kind in buttons])
    selected = _add_buttons(row, tab, [(text, slot) for text, slot, _kind in on_selected])
    enable_with_selection(view, selected)
    if opens_first:
        view.doubleClicked.connect(selected[0].click)
    row.addStretch(1)
    for button, (_text, _slot, kind) in zip((*made, *selected), (*buttons, *on_selected), strict=True):
        guard(button, kind)
    layout = QVBoxLayout(tab)
    layout.addWidget(view, 1)
    layout.addLayout(row)
    tabs.addTab(tab, title)
    return view


def selected_record(view: QTableView) -> Any:
    """The record of the selected row of a table over a :class:`RecordTableModel` (filtered or not), or None."""
    selection = view.selectionModel()
    rows = selection.selectedRows() if selection is not None else []
    return rows[0].data(RECORD_ROLE) if rows else None


def record_to_delete(view: QTableView, describe: Callable[[Any], str]) -> Any:
    """The selected record once the user has confirmed deleting it, else None. ``describe`` names a record
    in the question: "Het knelpunt Hoogstraat"."""
    record = selected_record(view)
    if record is None:
        return None
    question = QCoreApplication.translate("Deleting", "%1 verwijderen?\n\nMet Ongedaan maken (Ctrl+Z) komt het terug.")
    title = QCoreApplication.translate("Deleting", "Verwijderen")
    return record if interaction.confirm(view, title, question.replace("%1", describe(record)), title) else None


def select_record(view: QTableView, key: object) -> bool:
    """Select the row whose record has id ``key`` (handed to the view first when it was not yet); False when the
    table does not show it (not in it, or filtered out)."""
    model = view.model()
    source = model.sourceModel() if isinstance(model, RecordFilter) else model
    row = source.shown_row(key) if isinstance(source, RecordTableModel) else None
    if row is None:
        return False
    index = source.index(row, 0)
    if isinstance(model, RecordFilter):
        index = model.mapFromSource(index)
    if not index.isValid():
        return False
    view.selectRow(index.row())
    return True


def literal(text: str) -> str:
    """``text`` as Qt shows it letter for letter: tooltips render whatever looks like HTML as HTML, so a name
    such as ``<b>Jan</b>`` would turn bold (and a broken tag would swallow the rest)."""
    return (
        QtText.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal) if QtText.mightBeRichText(text) else text
    )


class ElidedLabel(QLabel):
    """One line of text shortened with "…" to the width the label has, the whole text on hover: a long text
    never widens the window past the screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setProperty(ELIDED_PROPERTY, True)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(literal(text))
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, self.width()))


def _sort_key(value: Any) -> tuple[int, Any]:
    """A cell's value as a sort key: numbers by size before texts in alphabetical order, case ignored."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return 0, value
    return 1, "" if value is None else str(value).casefold()


class RecordTableModel(QAbstractTableModel):
    """A table of records with fixed headers; subclasses say what each cell shows.

    Sorting (:meth:`sort`) orders the records by what a column shows, computing each row's key once in Python,
    and new rows keep the order chosen; a :class:`RecordFilter` in front of it lets the model sort, so that a
    large table is never sorted by a comparison that asks Qt for two cells at a time.

    A model for a long table sets :attr:`BATCH`: it holds all records (read in one query), but hands the views
    that many rows at first and as many more each time one scrolls to the end (``canFetchMore``/``fetchMore``),
    so that a view fits, paints and maps only the rows it can show."""

    HEADERS: tuple[str, ...] = ()
    #: Rows handed to the views at a time; None: all at once.
    BATCH: int | None = None

    def __init__(self) -> None:
        super().__init__()
        self._rows: tuple[Any, ...] = ()
        self._shown = 0  # the rows the views have: the first ones of _rows
        #: While the rows change: a view that asks for more as it hears of the change waits for its next turn,
        #: so that the change is whole for everyone who listens before the next one begins.
        self._handing = False
        self._order: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Show ``rows`` instead; as many rows as before stay handed to the views (the user scrolled to them)."""
        self._handing = True
        self.beginResetModel()
        self._rows = self._sorted(tuple(rows))
        batch = len(self._rows) if self.BATCH is None else max(self.BATCH, self._shown)
        self._shown = min(len(self._rows), batch)
        self.endResetModel()
        self._handing = False

    def _handed(self) -> int:
        """How many rows the views have; all of them in a table that hands them over at once, also after a
        subclass inserted one (the incident log adds its new entries without reading the log again)."""
        return len(self._rows) if self.BATCH is None else self._shown

    def total(self) -> int:
        """How many records the table holds, handed to the views or not yet."""
        return len(self._rows)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and not self._handing and self._shown < len(self._rows)

    def fetchMore(self, parent: AnyIndex) -> None:
        if not parent.isValid():
            self.fetch_to(self._shown + (self.BATCH or len(self._rows)))

    def fetch_to(self, count: int) -> None:
        """Hand the views at least the first ``count`` rows (all of them when there are fewer)."""
        count = min(count, len(self._rows))
        if count > self._shown and not self._handing:
            self._handing = True
            self.beginInsertRows(QModelIndex(), self._shown, count - 1)
            self._shown = count
            self.endInsertRows()
            self._handing = False

    def shown_row(self, key: object) -> int | None:
        """The row of the record with id ``key``, handed to the views if it was not yet; None when none has."""
        row = next((row for row, record in enumerate(self._rows) if record.id == key), None)
        if row is not None:
            self.fetch_to(row + 1)
        return row

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._order = (column, order) if 0 <= column < len(self.HEADERS) else None
        self._handing = True
        self.layoutAboutToBeChanged.emit()
        before = self._rows
        self._rows = self._sorted(before)
        position = {id(record): row for row, record in enumerate(self._rows)}
        moves = [(index, position[id(before[index.row()])]) for index in self.persistentIndexList()]
        # a row someone holds on to (the selection) stays handed to the views wherever the order puts it
        self._shown = max([self._shown, *(moved + 1 for _index, moved in moves)])
        for index, moved in moves:
            self.changePersistentIndex(index, self.index(moved, index.column()))
        self.layoutChanged.emit()
        self._handing = False

    def _sorted(self, rows: tuple[Any, ...]) -> tuple[Any, ...]:
        if self._order is None:
            return rows
        column, order = self._order
        descending = order == Qt.SortOrder.DescendingOrder
        return tuple(sorted(rows, key=lambda record: _sort_key(self.cell(record, column, DISPLAY)), reverse=descending))

    def search_text(self, row: int) -> str:
        """Everything the row shows, in lower case, for a filter to search in."""
        record = self._rows[row]
        return " ".join(str(self.cell(record, column, DISPLAY) or "") for column in range(len(self.HEADERS))).casefold()

    def record(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else self._handed()

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY and 0 <= section < len(self.HEADERS):
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index: AnyIndex, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._handed():
            return None
        record = self._rows[index.row()]
        if role == RECORD_ROLE:
            return record
        value = self.cell(record, index.column(), role)
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, str):
            return literal(value) if value else None  # names and remarks are typed by users
        return value

    def cell(self, record: Any, column: int, role: int) -> Any:
        raise NotImplementedError


class TextTableModel(RecordTableModel):
    """A table whose cells are texts of the record, each also its own tooltip (for a column too narrow)."""

    def texts(self, record: Any) -> tuple[str, ...]:
        raise NotImplementedError

    def background(self, record: Any, column: int) -> QBrush | None:
        return None

    def cell(self, record: Any, column: int, role: int) -> Any:
        if role in (DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return self.texts(record)[column]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.background(record, column)
        return None


class RecordFilter(QSortFilterProxyModel):
    """A record table filtered by text anywhere in its row, case ignored (:meth:`set_text`), and sorted by the
    table itself (:meth:`RecordTableModel.sort`). Each row's text is put together once after the table changes,
    so a keystroke in the filter costs one comparison per row instead of a call into Python for every cell."""

    def __init__(self, parent: QObject, source: RecordTableModel) -> None:
        super().__init__(parent)
        self._source = source
        self._needle = ""
        self._texts: list[str] | None = None
        self.setSourceModel(source)
        # before the proxy maps the new rows: it filters them as soon as the table says it changed
        source.modelAboutToBeReset.connect(self._forget)
        source.layoutAboutToBeChanged.connect(self._forget)

    def set_text(self, text: str) -> None:
        """Show only the rows with ``text``; it is looked for in all records, also those not yet handed over."""
        needle = text.strip().casefold()
        if needle:
            self._source.fetch_to(self._source.total())
        self.beginFilterChange()
        self._needle = needle
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._source.sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._needle:
            return True
        if self._texts is None or len(self._texts) != self._source.rowCount():
            self._texts = [self._source.search_text(row) for row in range(self._source.rowCount())]
        return self._needle in self._texts[source_row]

    def _forget(self, *_args: object) -> None:
        self._texts = None
