"""Item models of the programme page: the priority/inzet tree with its search filter, and the actions table."""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel

from crisisapp.models.programme import ProgressStatus
from crisisapp.services.programme import STATUS_LABELS, Action, Programme, Progress, fold
from crisisapp.ui.widgets import AnyIndex

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
HIGHLIGHT = QColor("#fff2a8")
STATUS_COLOURS = {
    ProgressStatus.OPEN: QColor("#5c6770"),
    ProgressStatus.BEZIG: QColor("#9a6700"),
    ProgressStatus.GEREED: QColor("#1a7f37"),
    ProgressStatus.VERVALLEN: QColor("#8c959f"),
}


class NodeKind(IntEnum):
    INTRODUCTION = 0
    PRIORITY = 1
    INZET = 2


def build_tree(programme: Programme) -> QStandardItemModel:
    """Introduction, then each priority with its inzet as children."""
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels([model.tr("Onderdeel")])

    def item(text: str, kind: NodeKind, key: str) -> QStandardItem:
        node = QStandardItem(text)
        node.setEditable(False)
        node.setToolTip(text)
        node.setData(int(kind), KIND_ROLE)
        node.setData(key, KEY_ROLE)
        return node

    model.appendRow(item(model.tr("Inleiding"), NodeKind.INTRODUCTION, ""))
    for priority in programme.priorities:
        parent = item(f"{priority.number}. {priority.title}", NodeKind.PRIORITY, str(priority.number))
        for inzet in priority.inzet:
            parent.appendRow(item(inzet.title, NodeKind.INZET, inzet.code))
        model.appendRow(parent)
    return model


class ProgrammeFilter(QSortFilterProxyModel):
    """Narrows the tree to the priorities and inzet that hold matching actions, with their counts."""

    def __init__(self, programme: Programme) -> None:
        super().__init__()
        self._programme = programme
        self._matches: frozenset[str] | None = None

    def set_matches(self, codes: frozenset[str] | None) -> None:
        """Show only nodes containing these action codes; None shows everything."""
        self.beginFilterChange()
        self._matches = codes
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _count(self, kind: int, key: str) -> int:
        assert self._matches is not None
        prefix = f"{key}."
        return sum(1 for code in self._matches if code.startswith(prefix)) if kind != NodeKind.INTRODUCTION else 0

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if self._matches is None:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        return self._count(index.data(KIND_ROLE), index.data(KEY_ROLE)) > 0

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        value = super().data(index, role)
        if role == Qt.ItemDataRole.DisplayRole and self._matches is not None:
            return f"{value} ({self._count(index.data(KIND_ROLE), index.data(KEY_ROLE))})"
        return value


@dataclass(frozen=True, slots=True)
class ActionRow:
    action: Action
    progress: Progress | None


class ActionsTableModel(QAbstractTableModel):
    """The actions of the selected priority or inzet; with a progress column for priority 6."""

    BASE_HEADERS = ("Nr.", "Hoe", "Wanneer", "Wie")

    def __init__(self) -> None:
        super().__init__()
        self._rows: tuple[ActionRow, ...] = ()
        self._tracked = False
        self._terms: tuple[str, ...] = ()

    def set_rows(self, rows: tuple[ActionRow, ...], *, tracked: bool, terms: tuple[str, ...]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._tracked = tracked
        self._terms = terms
        self.endResetModel()

    def update_progress(self, progress: Mapping[str, Progress]) -> None:
        """New progress records for the rows shown; the rows themselves stay."""
        self._rows = tuple(ActionRow(row.action, progress.get(row.action.code)) for row in self._rows)
        if self._rows:
            last = self.index(len(self._rows) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def row_at(self, row: int) -> ActionRow:
        return self._rows[row]

    def row_of(self, code: str) -> int | None:
        for number, row in enumerate(self._rows):
            if row.action.code == code:
                return number
        return None

    @property
    def tracked(self) -> bool:
        return self._tracked

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.BASE_HEADERS) + (1 if self._tracked else 0)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = (*self.BASE_HEADERS, "Voortgang") if self._tracked else self.BASE_HEADERS
        return self.tr(headers[section]) if 0 <= section < len(headers) else None

    def _text(self, row: ActionRow, column: int) -> str:
        if column == 0:
            return row.action.code
        if column == 1:
            return row.action.hoe
        if column == 2:
            return row.action.wanneer
        if column == 3:
            return row.action.wie
        status = row.progress.status if row.progress else ProgressStatus.OPEN
        note = row.progress.note if row.progress else ""
        return STATUS_LABELS[status] + (f"\n{note}" if note else "")

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and 1 <= column <= 3 and self._terms:
            cell = fold(self._text(row, column))
            return QBrush(HIGHLIGHT) if any(term in cell for term in self._terms) else None
        if role == Qt.ItemDataRole.ForegroundRole and column == 4:
            status = row.progress.status if row.progress else ProgressStatus.OPEN
            return QBrush(STATUS_COLOURS[status])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None
